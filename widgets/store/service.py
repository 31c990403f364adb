"""The store's verbs: classes, joining and resuming, saving answers, export, import, backup.

Nothing here trusts its input: names, codes, roles, activity ids and saved states are
checked, and a refusal raises :class:`StoreError` with a ``kind`` the views translate.
Resume codes are random (about 78 bits), shown once, and kept only as a hash.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import secrets
import sqlite3
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from widgets.store.db import default_url, make_engine, migrate
from widgets.store.people import ROLES, Person, StoreError
from widgets.store.tables import Answer, Class, Participant, now

CLASS_CODE = re.compile(r"^[A-Z0-9][A-Z0-9-]{2,23}$")
ACTIVITY = re.compile(r"^[a-z0-9][a-z0-9:._-]{0,127}$")
MAX_NAME, MAX_ENTERPRISE, MAX_CLASS_NAME = 100, 120, 200
MAX_STATE_BYTES = 64 * 1024
RESUME_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"  # no 0/O, 1/I/L, U: easy to read aloud
RESUME_LENGTH = 16  # 16 symbols of 30: about 78.5 bits
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

    # -- people ------------------------------------------------------------------------
    def join(self, code: str, name: str, enterprise: str, role: str) -> tuple[Person, str]:
        """Add a participant to a class; return them and their resume code (shown once)."""
        name = _text(name, "name", MAX_NAME)
        enterprise = _text(enterprise, "enterprise", MAX_ENTERPRISE)
        if role not in ROLES:
            raise StoreError("role", f"role {role!r} is not one of {', '.join(ROLES)}")
        resume = new_resume_code()
        with self._session.begin() as session:
            the_class = self._class(session, code)
            person = Participant(
                class_id=the_class.id,
                name=name,
                enterprise=enterprise,
                role=role,
                resume_hash=resume_hash(resume),
            )
            session.add(person)
            session.flush()
            return self._person(person, the_class), resume

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
                select(Participant, func.count(Answer.id), func.max(Answer.updated_at))
                .outerjoin(Answer, Answer.participant_id == Participant.id)
                .where(Participant.class_id == the_class.id)
                .group_by(Participant.id)
                .order_by(Participant.id)
            ).all()
            return [
                {
                    "id": p.id,
                    "name": p.name,
                    "enterprise": p.enterprise,
                    "role": p.role,
                    "activities": n,
                    "last_saved": last,
                }
                for p, n, last in rows
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

    @staticmethod
    def _person(person: Participant, the_class: Class) -> Person:
        return Person(person.id, the_class.code, person.name, person.enterprise, person.role)

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
            out = []
            for p in people:
                answers = session.scalars(
                    select(Answer).where(Answer.participant_id == p.id).order_by(Answer.activity)
                ).all()
                out.append(
                    {
                        "name": p.name,
                        "enterprise": p.enterprise,
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
            for p in data["participants"]:
                if p["role"] not in ROLES:
                    raise StoreError("role", f"role {p['role']!r} is not one of {ROLES}")
                person = Participant(
                    class_id=the_class.id,
                    name=_text(p["name"], "name", MAX_NAME),
                    enterprise=_text(p["enterprise"], "enterprise", MAX_ENTERPRISE),
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
        """Write a class's participants and answers as two CSV files for spreadsheets."""
        data = self.export_class(code)
        folder.mkdir(parents=True, exist_ok=True)
        people = folder / f"{data['class']['code']}-participants.csv"
        answers = folder / f"{data['class']['code']}-answers.csv"
        with people.open("w", newline="", encoding="utf-8-sig") as fh:
            writer = csv.writer(fh)
            writer.writerow(["participant", "name", "enterprise", "role", "joined", "activities"])
            for n, p in enumerate(data["participants"], 1):
                writer.writerow(
                    [n, p["name"], p["enterprise"], p["role"], p["created_at"], len(p["answers"])]
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
