"""The store's verbs: classes, joining and resuming, saving answers, export, import, backup.

Nothing here trusts its input: names, codes, roles, activity ids and saved states are
checked, and a refusal raises :class:`StoreError` with a ``kind`` the views translate.
Resume codes are random (about 78 bits), shown once, and kept only as a hash.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import secrets
import sqlite3
from datetime import UTC, date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from widgets.spreadsheet import csv_row
from widgets.store.db import default_url, make_engine, migrate
from widgets.store.people import ROLES, Person, StoreError, enterprise_key
from widgets.store.tables import (
    Answer,
    Class,
    Device,
    Enterprise,
    Participant,
    SignInAttempt,
    now,
)

CLASS_CODE = re.compile(r"^[A-Z0-9][A-Z0-9-]{2,23}$")
ACTIVITY = re.compile(r"^[a-z0-9][a-z0-9:._-]{0,127}$")
MAX_NAME, MAX_ENTERPRISE, MAX_CLASS_NAME = 100, 120, 200
MAX_STATE_BYTES = 64 * 1024
RESUME_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"  # no 0/O, 1/I/L, U: easy to read aloud
RESUME_LENGTH = 16  # 16 symbols of 30: about 78.5 bits
DEVICE_DAYS = 30
"""How long a device stays signed in (the length of a course); ``OSH_DEVICE_DAYS`` overrides."""
ENTERPRISE_STATUSES = ("confirmed", "proposed")
MAX_SECTOR = 64
EXPORT_FORMAT = "osh-workbook-class"
EXPORT_VERSION = 1


def new_resume_code() -> str:
    """Return a fresh resume code, grouped for reading: ``ABCD-EFGH-JKMN-PQRS``."""
    raw = "".join(secrets.choice(RESUME_ALPHABET) for _ in range(RESUME_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, RESUME_LENGTH, 4))


def normalise_code(code: str) -> str:
    """Upper-case a typed code and drop spaces and dashes."""
    return re.sub(r"[^A-Z0-9]", "", str(code).upper())


def resume_hash(code: str) -> str:
    """Return the hash under which a resume code is kept."""
    return hashlib.sha256(f"osh-resume:{normalise_code(code)}".encode()).hexdigest()


def device_hash(token: str) -> str:
    """Return the hash under which a device credential is kept."""
    return hashlib.sha256(f"osh-device:{token}".encode()).hexdigest()


def _device_token(token: object) -> str:
    # The browser's cookie: url-safe base64 of at least 128 random bits.
    if not isinstance(token, str) or not re.fullmatch(r"[A-Za-z0-9_-]{22,128}", token):
        raise StoreError("device", "not a device credential")
    return token


def device_days() -> int:
    """Return how many days a device stays signed in (``OSH_DEVICE_DAYS``, default 30)."""
    try:
        days = int(os.environ.get("OSH_DEVICE_DAYS", DEVICE_DAYS))
    except ValueError:
        days = DEVICE_DAYS
    return min(max(days, 1), 366)


def _text(value: object, kind: str, limit: int) -> str:
    if not isinstance(value, str) or not value.strip():
        raise StoreError(kind, f"{kind} is empty")
    text = " ".join(value.split())
    if len(text) > limit:
        raise StoreError(kind, f"{kind} is longer than {limit} characters")
    return text


def class_code(code: object) -> str:
    """Check and normalise a class code (letters, digits and -, 3 to 24 long)."""
    text = str(code).strip().upper() if isinstance(code, str) else ""
    if not CLASS_CODE.match(text):
        raise StoreError("class-code", f"{code!r} is not a class code (A-Z, 0-9, -)")
    return text


def _state(value: object) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise StoreError("state", "a saved state must be a mapping")
    try:
        encoded = json.dumps(value, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise StoreError("state", f"a saved state must be plain data: {exc}") from None
    if len(encoded.encode()) > MAX_STATE_BYTES:
        raise StoreError("state-too-large", f"a saved state is larger than {MAX_STATE_BYTES}")
    return json.loads(encoded)


def _activity(value: object) -> str:
    if not isinstance(value, str) or not ACTIVITY.match(value):
        raise StoreError("activity", f"{value!r} is not an activity id")
    return value


class Store:
    """The workbook's store of classes, participants and their answers.

    Parameters
    ----------
    url
        A SQLAlchemy address; the default is :func:`widgets.store.db.default_url`.
    """

    def __init__(self, url: str | None = None):
        self.url = url or default_url()
        self.engine = make_engine(self.url)
        migrate(self.engine)
        self._session = sessionmaker(self.engine, expire_on_commit=False)

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()

    # -- classes -----------------------------------------------------------------------
    def create_class(
        self,
        code: str,
        name: str,
        method: str = "5x5",
        starts_on: date | None = None,
        ends_on: date | None = None,
        synthetic: bool = False,
    ) -> str:
        """Create a class; return its code as participants type it.

        ``synthetic`` marks a class whose people and answers are made up (the demo data).
        """
        code = class_code(code)
        name = _text(name, "class-name", MAX_CLASS_NAME)
        with self._session.begin() as session:
            if session.scalar(select(Class.id).where(Class.code == code)):
                raise StoreError("duplicate-class", f"class {code} exists already")
            session.add(
                Class(
                    code=code,
                    name=name,
                    method=method,
                    starts_on=starts_on,
                    ends_on=ends_on,
                    synthetic=bool(synthetic),
                )
            )
        return code

    def classes(self) -> list[dict[str, Any]]:
        """List the classes with how many have joined each."""
        with self._session.begin() as session:
            rows = session.execute(
                select(Class, func.count(Participant.id))
                .outerjoin(Participant, Participant.class_id == Class.id)
                .group_by(Class.id)
                .order_by(Class.created_at)
            ).all()
            return [
                {
                    "code": c.code,
                    "name": c.name,
                    "method": c.method,
                    "starts_on": c.starts_on,
                    "ends_on": c.ends_on,
                    "synthetic": c.synthetic,
                    "participants": n,
                }
                for c, n in rows
            ]

    def _class(self, session: Session, code: str) -> Class:
        found = session.scalar(select(Class).where(Class.code == class_code(code)))
        if found is None:
            raise StoreError("unknown-class", f"there is no class {code!r}")
        return found

    # -- enterprises -------------------------------------------------------------------
    def add_enterprise(
        self,
        code: str,
        name: str,
        sector: str | None = None,
        size: str | None = None,
        status: str = "confirmed",
    ) -> dict[str, Any]:
        """Add an enterprise record to a class (the trainer's, ``confirmed`` by default).

        Raises
        ------
        StoreError
            ``duplicate-enterprise`` when the class has one of that name (ignoring case and
            spaces); ``enterprise`` for an empty or long name; ``unknown-class``.
        """
        name = _text(name, "enterprise", MAX_ENTERPRISE)
        if status not in ENTERPRISE_STATUSES:
            raise StoreError("enterprise-status", f"status {status!r} is not known")
        key = enterprise_key(name)
        with self._session.begin() as session:
            the_class = self._class(session, code)
            self._key_free(session, the_class.id, key, name)
            record = Enterprise(
                class_id=the_class.id,
                name=name,
                key=key,
                sector=_optional(sector, "sector", MAX_SECTOR),
                size=_optional(size, "size", MAX_SECTOR),
                status=status,
            )
            session.add(record)
            session.flush()  # the unique index is the guard when two arrive at once
            return self._enterprise(record)

    @staticmethod
    def _key_free(session: Session, class_id: int, key: str, name: str, but: int = 0) -> None:
        taken = session.scalar(
            select(Enterprise.id).where(
                Enterprise.class_id == class_id, Enterprise.key == key, Enterprise.id != but
            )
        )
        if taken is not None:
            raise StoreError("duplicate-enterprise", f"the class has {name!r} already")

    def enterprises(self, code: str) -> list[dict[str, Any]]:
        """List a class's enterprise records with how many people and assessments each has."""
        from widgets.register.tables import AssessmentRow

        with self._session.begin() as session:
            the_class = self._class(session, code)
            people = dict(
                session.execute(
                    select(Participant.enterprise_id, func.count(Participant.id))
                    .where(Participant.class_id == the_class.id)
                    .group_by(Participant.enterprise_id)
                ).all()
            )
            assessed = dict(
                session.execute(
                    select(AssessmentRow.enterprise_id, func.count(AssessmentRow.id))
                    .join(Enterprise, Enterprise.id == AssessmentRow.enterprise_id)
                    .where(Enterprise.class_id == the_class.id)
                    .group_by(AssessmentRow.enterprise_id)
                ).all()
            )
            records = session.scalars(
                select(Enterprise)
                .where(Enterprise.class_id == the_class.id)
                .order_by(Enterprise.key)
            ).all()
            return [
                {
                    **self._enterprise(r),
                    "participants": people.get(r.id, 0),
                    "assessments": assessed.get(r.id, 0),
                }
                for r in records
            ]

    def enterprise(self, enterprise_id: int) -> dict[str, Any]:
        """Return one enterprise record (``unknown-enterprise`` when there is none)."""
        with self._session.begin() as session:
            return self._enterprise(self._enterprise_row(session, enterprise_id))

    def update_enterprise(self, enterprise_id: int, **changes: Any) -> dict[str, Any]:
        """Rename, confirm or describe an enterprise record; its assessments stay with it.

        ``changes`` may hold ``name``, ``sector``, ``size`` and ``status``.
        """
        allowed = {"name", "sector", "size", "status"}
        if set(changes) - allowed:
            raise StoreError("enterprise-field", f"only {sorted(allowed)} can change")
        with self._session.begin() as session:
            record = self._enterprise_row(session, enterprise_id)
            if "name" in changes:
                name = _text(changes["name"], "enterprise", MAX_ENTERPRISE)
                self._key_free(session, record.class_id, enterprise_key(name), name, record.id)
                record.name, record.key = name, enterprise_key(name)
            for field in ("sector", "size"):
                if field in changes:
                    setattr(record, field, _optional(changes[field], field, MAX_SECTOR))
            if "status" in changes:
                if changes["status"] not in ENTERPRISE_STATUSES:
                    raise StoreError("enterprise-status", f"{changes['status']!r} is not known")
                record.status = changes["status"]
            session.flush()
            return self._enterprise(record)

    def merge_enterprises(self, keep_id: int, gone_id: int) -> dict[str, Any]:
        """Merge enterprise ``gone_id`` into ``keep_id`` (two spellings of one enterprise).

        Its participants and assessments follow. Where both have an assessment of the same
        year, the one saved last stays the enterprise's; the other is kept, unlinked, for
        the trainer (listed on the trainer's register page): nothing is deleted.

        Returns ``{"kept": record, "moved_people": n, "moved_assessments": n,
        "set_aside": [assessment ids]}``.
        """
        from widgets.register.tables import AssessmentRow

        if keep_id == gone_id:
            raise StoreError("merge-same", "an enterprise cannot be merged into itself")
        with self._session.begin() as session:
            keep = self._enterprise_row(session, keep_id, lock=True)
            gone = self._enterprise_row(session, gone_id, lock=True)
            if keep.class_id != gone.class_id:
                raise StoreError("merge-classes", "the two enterprises are in different classes")
            moved_people = session.execute(
                update(Participant)
                .where(Participant.enterprise_id == gone.id)
                .values(enterprise_id=keep.id)
            ).rowcount
            rows = session.scalars(
                select(AssessmentRow).where(AssessmentRow.enterprise_id.in_([keep.id, gone.id]))
            ).all()
            from_gone = {r.id for r in rows if r.enterprise_id == gone.id}
            by_year: dict[int, list] = {}
            for row in rows:
                by_year.setdefault(row.year, []).append(row)
            # Unlink first, so that the unique index never sees two rows of one year.
            for row in rows:
                row.enterprise_id = None
            session.flush()
            aside: list[str] = []
            for year_rows in by_year.values():
                # The one saved last; saved in the same second, the kept enterprise's.
                year_rows.sort(
                    key=lambda r: (_utc(r.updated_at), r.id not in from_gone), reverse=True
                )
                first, *rest = year_rows
                first.enterprise_id = keep.id
                aside += [r.id for r in rest]
            moved = len(from_gone - set(aside))
            session.delete(gone)
            session.flush()
            return {
                "kept": self._enterprise(keep),
                "moved_people": moved_people,
                "moved_assessments": moved,
                "set_aside": sorted(aside),
            }

    def move_participant(self, participant_id: int, enterprise_id: int) -> Person:
        """Put a participant in another enterprise record of their class (the trainer's)."""
        with self._session.begin() as session:
            person = session.get(Participant, participant_id)
            if person is None:
                raise StoreError("unknown-participant", f"no participant {participant_id}")
            record = self._enterprise_row(session, enterprise_id)
            if record.class_id != person.class_id:
                raise StoreError("merge-classes", "the enterprise is in another class")
            person.enterprise_id = record.id
            session.flush()
            return self._person(person, session.get(Class, person.class_id))

    def _enterprise_row(self, session: Session, enterprise_id: object, lock: bool = False):
        if not isinstance(enterprise_id, int) or isinstance(enterprise_id, bool):
            raise StoreError("unknown-enterprise", f"{enterprise_id!r} is not an enterprise")
        record = session.get(Enterprise, enterprise_id, with_for_update=lock)
        if record is None:
            raise StoreError("unknown-enterprise", f"there is no enterprise {enterprise_id}")
        return record

    @staticmethod
    def _enterprise(record: Enterprise) -> dict[str, Any]:
        return {
            "id": record.id,
            "name": record.name,
            "sector": record.sector,
            "size": record.size,
            "status": record.status,
        }

    def _record_for(self, session: Session, the_class: Class, enterprise: object) -> Enterprise:
        # The record a participant joins: an id of the class's, or a name (proposed).
        if isinstance(enterprise, int) and not isinstance(enterprise, bool):
            record = session.get(Enterprise, enterprise)
            if record is None or record.class_id != the_class.id:
                raise StoreError("enterprise", f"no enterprise {enterprise} in this class")
            return record
        name = _text(enterprise, "enterprise", MAX_ENTERPRISE)
        key = enterprise_key(name)
        found = session.scalar(
            select(Enterprise).where(Enterprise.class_id == the_class.id, Enterprise.key == key)
        )
        if found is not None:
            return found
        record = Enterprise(class_id=the_class.id, name=name, key=key, status="proposed")
        try:
            with session.begin_nested():
                session.add(record)
        except IntegrityError:  # proposed by someone else at the same moment
            return session.scalar(
                select(Enterprise).where(Enterprise.class_id == the_class.id, Enterprise.key == key)
            )
        return record

    # -- people ------------------------------------------------------------------------
    def join(self, code: str, name: str, enterprise: int | str, role: str) -> tuple[Person, str]:
        """Add a participant to a class; return them and their resume code (shown once).

        ``enterprise`` is the id of one of the class's enterprise records, or a name: the
        record of that name (ignoring case and spaces), else a new one, ``proposed`` for
        the trainer to confirm or merge.
        """
        name = _text(name, "name", MAX_NAME)
        if role not in ROLES:
            raise StoreError("role", f"role {role!r} is not one of {', '.join(ROLES)}")
        if not isinstance(enterprise, int | str) or isinstance(enterprise, bool):
            raise StoreError("enterprise", "an enterprise is an id or a name")
        resume = new_resume_code()
        with self._session.begin() as session:
            the_class = self._class(session, code)
            record = self._record_for(session, the_class, enterprise)
            person = Participant(
                class_id=the_class.id,
                name=name,
                enterprise=record.name,
                enterprise_id=record.id,
                role=role,
                resume_hash=resume_hash(resume),
            )
            session.add(person)
            session.flush()
            return self._person(person, the_class, record), resume

    def resume(self, code: str) -> Person | None:
        """Return the participant whose resume code this is, or ``None``."""
        if not isinstance(code, str) or len(normalise_code(code)) != RESUME_LENGTH:
            return None
        with self._session.begin() as session:
            row = session.execute(
                select(Participant, Class)
                .join(Class)
                .where(Participant.resume_hash == resume_hash(code))
            ).first()
            return self._person(*row) if row else None

    def person(self, participant_id: int) -> Person | None:
        """Return a participant as the workbook sees them (their record's name), or None."""
        with self._session.begin() as session:
            row = session.execute(
                select(Participant, Class).join(Class).where(Participant.id == participant_id)
            ).first()
            return self._person(*row) if row else None

    def hub_participant(
        self,
        hub_user: str,
        code: str,
        name: str | None = None,
        enterprise: str = "—",
        role: str = "other",
    ) -> Person:
        """Return the participant of a JupyterHub user in a class, adding them on first use."""
        hub_user = _text(hub_user, "hub-user", 200)
        with self._session.begin() as session:
            the_class = self._class(session, code)
            person = session.scalar(
                select(Participant).where(
                    Participant.class_id == the_class.id, Participant.hub_user == hub_user
                )
            )
            if person is None:
                person = Participant(
                    class_id=the_class.id,
                    name=_text(name or hub_user, "name", MAX_NAME),
                    enterprise=_text(enterprise, "enterprise", MAX_ENTERPRISE),
                    role=role if role in ROLES else "other",
                    hub_user=hub_user,
                )
                session.add(person)
                session.flush()
            return self._person(person, the_class)

    def participants(self, code: str) -> list[dict[str, Any]]:
        """List a class's participants with how many activities each has saved, and when."""
        with self._session.begin() as session:
            the_class = self._class(session, code)
            rows = session.execute(
                select(
                    Participant,
                    Enterprise.name,
                    func.count(Answer.id),
                    func.max(Answer.updated_at),
                )
                .outerjoin(Enterprise, Enterprise.id == Participant.enterprise_id)
                .outerjoin(Answer, Answer.participant_id == Participant.id)
                .where(Participant.class_id == the_class.id)
                .group_by(Participant.id, Enterprise.name)
                .order_by(Participant.id)
            ).all()
            return [
                {
                    "id": p.id,
                    "name": p.name,
                    "enterprise": record_name or p.enterprise,
                    "enterprise_id": p.enterprise_id,
                    "role": p.role,
                    "activities": n,
                    "last_saved": last,
                }
                for p, record_name, n, last in rows
            ]

    def reset_resume_code(self, participant_id: int) -> str:
        """Give a participant a new resume code (the old one stops working); return it."""
        resume = new_resume_code()
        with self._session.begin() as session:
            person = session.get(Participant, participant_id)
            if person is None:
                raise StoreError("unknown-participant", f"no participant {participant_id}")
            person.resume_hash = resume_hash(resume)
        return resume

    def sign_out_everywhere(self, participant_id: int) -> str:
        """Sign a participant out on every device and give a new resume code; return it.

        For a lost phone or a code seen by someone else: the old code and every device
        stop working at once.
        """
        with self._session.begin() as session:
            session.execute(
                update(Device)
                .where(Device.participant_id == participant_id, Device.revoked_at.is_(None))
                .values(revoked_at=now())
            )
        return self.reset_resume_code(participant_id)

    def _person(
        self, person: Participant, the_class: Class, record: Enterprise | None = None
    ) -> Person:
        if record is None and person.enterprise_id is not None:
            session = Session.object_session(person)
            record = session.get(Enterprise, person.enterprise_id) if session else None
        return Person(
            person.id,
            the_class.code,
            person.name,
            record.name if record is not None else person.enterprise,
            person.role,
            person.enterprise_id,
        )

    # -- devices -----------------------------------------------------------------------
    def remember_device(self, person: Person, token: str) -> None:
        """Keep this browser signed in as ``person`` for :func:`device_days` days.

        ``token`` is the browser's device credential (its cookie); only its hash is kept.
        A browser that was someone else's before now signs in as ``person``.
        """
        digest = device_hash(_device_token(token))
        at = now()
        expires = at + timedelta(days=device_days())
        with self._session.begin() as session:
            device = session.scalar(select(Device).where(Device.token_hash == digest))
            if device is None:
                session.add(
                    Device(
                        participant_id=person.id,
                        token_hash=digest,
                        created_at=at,
                        last_seen_at=at,
                        expires_at=expires,
                    )
                )
            else:
                device.participant_id = person.id
                device.created_at = device.last_seen_at = at
                device.expires_at, device.revoked_at = expires, None

    def device_person(self, token: str) -> Person | None:
        """Return who is signed in on the browser with this credential, or ``None``."""
        try:
            digest = device_hash(_device_token(token))
        except StoreError:
            return None
        at = now()
        with self._session.begin() as session:
            row = session.execute(
                select(Device, Participant, Class)
                .join(Participant, Participant.id == Device.participant_id)
                .join(Class, Class.id == Participant.class_id)
                .where(Device.token_hash == digest, Device.revoked_at.is_(None))
            ).first()
            if row is None or _utc(row[0].expires_at) <= at:
                return None
            row[0].last_seen_at = at
            return self._person(row[1], row[2])

    def forget_device(self, token: str) -> None:
        """Sign this browser out ("sign out on this device"); nothing if it was not in."""
        try:
            digest = device_hash(_device_token(token))
        except StoreError:
            return
        with self._session.begin() as session:
            session.execute(
                update(Device)
                .where(Device.token_hash == digest, Device.revoked_at.is_(None))
                .values(revoked_at=now())
            )

    def devices(self, participant_id: int) -> int:
        """Return on how many browsers a participant is signed in now."""
        with self._session.begin() as session:
            return session.scalar(
                select(func.count(Device.id)).where(
                    Device.participant_id == participant_id,
                    Device.revoked_at.is_(None),
                    Device.expires_at > now(),
                )
            )

    # -- sign-in attempts --------------------------------------------------------------
    def record_attempt(self, kind: str, client: str, kernel: str, ok: bool) -> None:
        """Keep a join or resume attempt (for throttling, and the trainer's log)."""
        with self._session.begin() as session:
            session.add(
                SignInAttempt(
                    kind=str(kind)[:16],
                    client=str(client)[:64],
                    kernel=str(kernel)[:64],
                    ok=bool(ok),
                    at=now(),
                )
            )

    def attempts(
        self, client: str, kinds: tuple[str, ...], since: datetime, failed_only: bool = False
    ) -> int:
        """Count the attempts of these ``kinds`` from ``client`` since ``since``."""
        query = select(func.count(SignInAttempt.id)).where(
            SignInAttempt.client == str(client)[:64],
            SignInAttempt.kind.in_(kinds),
            SignInAttempt.at >= since,
        )
        if failed_only:
            query = query.where(SignInAttempt.ok.is_(False))
        with self._session.begin() as session:
            return session.scalar(query)

    def class_info(self, code: str) -> dict[str, Any]:
        """Return a class's code and name (what the join form shows once the code is right)."""
        with self._session.begin() as session:
            the_class = self._class(session, code)
            return {"code": the_class.code, "name": the_class.name}

    # -- answers -----------------------------------------------------------------------
    def save(
        self, person: Person, activity: str, state: dict[str, Any], at: datetime | None = None
    ) -> None:
        """Keep the latest state of ``activity`` for ``person`` (one statement, one commit).

        ``at`` is when it was given (now by default; the demo generator dates its answers).
        """
        activity, state = _activity(activity), _state(state)
        at = at or now()
        dialect = self.engine.dialect.name
        if dialect == "sqlite":
            from sqlalchemy.dialects.sqlite import insert
        else:
            from sqlalchemy.dialects.postgresql import insert
        statement = insert(Answer).values(
            participant_id=person.id, activity=activity, state=state, saves=1, updated_at=at
        )
        statement = statement.on_conflict_do_update(
            index_elements=["participant_id", "activity"],
            set_={
                "state": statement.excluded.state,
                "saves": Answer.saves + 1,
                "updated_at": statement.excluded.updated_at,
            },
        )
        with self.engine.begin() as connection:
            connection.execute(statement)

    def load(self, person: Person, activity: str) -> dict[str, Any] | None:
        """Return the saved state of ``activity`` for ``person``, or ``None``."""
        activity = _activity(activity)
        with self._session.begin() as session:
            return session.scalar(
                select(Answer.state).where(
                    Answer.participant_id == person.id, Answer.activity == activity
                )
            )

    def answers(self, code: str, activity: str) -> list[dict[str, Any]]:
        """List every participant of a class with their saved state of ``activity``.

        One query (so the list is one consistent moment), one row per participant in the
        order they joined: ``id``, ``name``, ``enterprise``, ``role``, ``state`` (``None``
        when they have saved nothing for it yet) and ``updated_at`` (UTC, or ``None``).

        Raises
        ------
        StoreError
            ``unknown-class`` when there is no such class; ``activity`` for a bad id.
        """
        code, activity = class_code(code), _activity(activity)
        with self._session.begin() as session:
            rows = session.execute(
                select(Class.id, Participant, Answer.state, Answer.updated_at)
                .outerjoin(Participant, Participant.class_id == Class.id)
                .outerjoin(
                    Answer,
                    (Answer.participant_id == Participant.id) & (Answer.activity == activity),
                )
                .where(Class.code == code)
                .order_by(Participant.id)
            ).all()
            if not rows:
                raise StoreError("unknown-class", f"there is no class {code!r}")
            return [
                {
                    "id": p.id,
                    "name": p.name,
                    "enterprise": p.enterprise,
                    "role": p.role,
                    "state": state,
                    # SQLite keeps times without a zone, PostgreSQL with one: give UTC.
                    "updated_at": None
                    if updated is None
                    else updated.replace(tzinfo=UTC)
                    if updated.tzinfo is None
                    else updated.astimezone(UTC),
                }
                for _class_id, p, state, updated in rows
                if p is not None
            ]

    def states(self, person: Person) -> dict[str, dict[str, Any]]:
        """Return every saved state of ``person``, by activity (one query: the course map)."""
        with self._session.begin() as session:
            rows = session.execute(
                select(Answer.activity, Answer.state).where(Answer.participant_id == person.id)
            ).all()
        return {activity: state for activity, state in rows}

    # -- export, import, backup --------------------------------------------------------
    def export_class(self, code: str) -> dict[str, Any]:
        """Return everything of a class as plain data (lossless: import gives it back)."""
        with self._session.begin() as session:
            the_class = self._class(session, code)
            people = session.scalars(
                select(Participant)
                .where(Participant.class_id == the_class.id)
                .order_by(Participant.id)
            ).all()
            records = session.scalars(
                select(Enterprise)
                .where(Enterprise.class_id == the_class.id)
                .order_by(Enterprise.id)
            ).all()
            names = {r.id: r.name for r in records}
            out = []
            for p in people:
                answers = session.scalars(
                    select(Answer).where(Answer.participant_id == p.id).order_by(Answer.activity)
                ).all()
                out.append(
                    {
                        "name": p.name,
                        "enterprise": names.get(p.enterprise_id, p.enterprise),
                        "typed_enterprise": p.enterprise,
                        "role": p.role,
                        "resume_hash": p.resume_hash,
                        "hub_user": p.hub_user,
                        "created_at": _iso(p.created_at),
                        "answers": [
                            {
                                "activity": a.activity,
                                "state": a.state,
                                "saves": a.saves,
                                "updated_at": _iso(a.updated_at),
                            }
                            for a in answers
                        ],
                    }
                )
            return {
                "format": EXPORT_FORMAT,
                "version": EXPORT_VERSION,
                "class": {
                    "code": the_class.code,
                    "name": the_class.name,
                    "method": the_class.method,
                    "starts_on": _iso(the_class.starts_on),
                    "ends_on": _iso(the_class.ends_on),
                    "synthetic": the_class.synthetic,
                    "created_at": _iso(the_class.created_at),
                },
                "enterprises": [
                    {
                        "name": r.name,
                        "sector": r.sector,
                        "size": r.size,
                        "status": r.status,
                        "created_at": _iso(r.created_at),
                    }
                    for r in records
                ],
                "participants": out,
            }

    def import_class(self, data: dict[str, Any]) -> str:
        """Load a class exported by :meth:`export_class`; refuse a code already in use."""
        if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
            raise StoreError("import", "not an OSH Workbook class export")
        if data.get("version") != EXPORT_VERSION:
            raise StoreError(
                "import", f"export version {data.get('version')!r} is not {EXPORT_VERSION}"
            )
        c = data["class"]
        with self._session.begin() as session:
            code = class_code(c["code"])
            if session.scalar(select(Class.id).where(Class.code == code)):
                raise StoreError("duplicate-class", f"class {code} exists already")
            the_class = Class(
                code=code,
                name=_text(c["name"], "class-name", MAX_CLASS_NAME),
                method=c["method"],
                starts_on=_day(c.get("starts_on")),
                ends_on=_day(c.get("ends_on")),
                synthetic=bool(c.get("synthetic", False)),
                created_at=_time(c["created_at"]),
            )
            session.add(the_class)
            session.flush()
            # Exports made before enterprise records have none: the participants' names
            # become proposed records, as the store's migration made them.
            for e in data.get("enterprises", []):
                name = _text(e["name"], "enterprise", MAX_ENTERPRISE)
                session.add(
                    Enterprise(
                        class_id=the_class.id,
                        name=name,
                        key=enterprise_key(name),
                        sector=_optional(e.get("sector"), "sector", MAX_SECTOR),
                        size=_optional(e.get("size"), "size", MAX_SECTOR),
                        status=e["status"]
                        if e.get("status") in ENTERPRISE_STATUSES
                        else "proposed",
                        created_at=_time(e["created_at"]) if e.get("created_at") else now(),
                    )
                )
            session.flush()
            for p in data["participants"]:
                if p["role"] not in ROLES:
                    raise StoreError("role", f"role {p['role']!r} is not one of {ROLES}")
                record = self._record_for(session, the_class, p["enterprise"])
                person = Participant(
                    class_id=the_class.id,
                    name=_text(p["name"], "name", MAX_NAME),
                    enterprise=_text(
                        p.get("typed_enterprise") or p["enterprise"], "enterprise", MAX_ENTERPRISE
                    ),
                    enterprise_id=record.id,
                    role=p["role"],
                    resume_hash=p.get("resume_hash"),
                    hub_user=p.get("hub_user"),
                    created_at=_time(p["created_at"]),
                )
                session.add(person)
                session.flush()
                for a in p["answers"]:
                    session.add(
                        Answer(
                            participant_id=person.id,
                            activity=_activity(a["activity"]),
                            state=_state(a["state"]),
                            saves=int(a["saves"]),
                            updated_at=_time(a["updated_at"]),
                        )
                    )
        return code

    def export_csv(self, code: str, folder: Path) -> list[Path]:
        """Write a class's participants and answers as two CSV files for spreadsheets.

        Text that a spreadsheet would read as a formula (``=…``, ``+…``, ``-…``, ``@…``) is
        written with a leading ``'`` (:func:`widgets.spreadsheet.csv_row`).
        """
        data = self.export_class(code)
        folder.mkdir(parents=True, exist_ok=True)
        people = folder / f"{data['class']['code']}-participants.csv"
        answers = folder / f"{data['class']['code']}-answers.csv"
        with people.open("w", newline="", encoding="utf-8-sig") as fh:
            writer = csv.writer(fh)
            writer.writerow(["participant", "name", "enterprise", "role", "joined", "activities"])
            for n, p in enumerate(data["participants"], 1):
                writer.writerow(
                    csv_row(
                        [
                            n,
                            p["name"],
                            p["enterprise"],
                            p["role"],
                            p["created_at"],
                            len(p["answers"]),
                        ]
                    )
                )
        with answers.open("w", newline="", encoding="utf-8-sig") as fh:
            writer = csv.writer(fh)
            writer.writerow(
                [
                    "participant",
                    "name",
                    "activity",
                    "score",
                    "attempts",
                    "saves",
                    "updated_at",
                    "state",
                ]
            )
            for n, p in enumerate(data["participants"], 1):
                for a in p["answers"]:
                    state = a["state"]
                    writer.writerow(
                        csv_row(
                            [
                                n,
                                p["name"],
                                a["activity"],
                                state.get("score"),
                                state.get("attempts"),
                                a["saves"],
                                a["updated_at"],
                                json.dumps(state, ensure_ascii=False),
                            ]
                        )
                    )
        return [people, answers]

    def backup(self, target: Path) -> Path:
        """Copy a live SQLite store safely (SQLite's online backup) to ``target``."""
        if self.engine.dialect.name != "sqlite":
            raise StoreError("backup", "use pg_dump to back up a PostgreSQL store")
        target.parent.mkdir(parents=True, exist_ok=True)
        source = sqlite3.connect(self.engine.url.database)
        try:
            copy = sqlite3.connect(target)
            with copy:
                source.backup(copy)
            copy.close()
        finally:
            source.close()
        return target


def _optional(value: object, kind: str, limit: int) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return _text(value, kind, limit)


def _utc(value: datetime) -> datetime:
    # SQLite keeps times without a zone, PostgreSQL with one.
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _iso(value: date | datetime | None) -> str | None:
    # Times leave the store in UTC with their offset: SQLite keeps them without a zone,
    # PostgreSQL with one, and an export must read the same from either.
    if isinstance(value, datetime):
        value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return value.isoformat() if value is not None else None


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _time(value: str) -> datetime:
    return datetime.fromisoformat(value)


@cache
def open_store(url: str | None = None) -> Store:
    """Return the process's store for ``url`` (opened, and migrated, once)."""
    return Store(url)


__all__ = ["ROLES", "Person", "Store", "StoreError", "open_store"]
