"""Keeping assessments in the workbook's store (SQLite or PostgreSQL, through SQLAlchemy).

Photos are kept as blobs in the database rather than as files under ``var/``: one backup
(SQLite's online backup, or ``pg_dump``) then holds everything, a save writes the assessment
and its photos in one transaction (never an assessment pointing at a missing file), the
same code works when a training centre's kernels run on several machines against one
PostgreSQL server, and nothing lands in a folder a web server might serve. The 8 MiB limit
per photo keeps the database reasonable.

Saves are guarded by a revision number: two team members editing the same assessment in two
pages cannot silently overwrite each other; the second save is refused and reloads.

Who may change what is decided here too, from records: an assessment belongs to an
enterprise record (one per enterprise and year, a unique index), a participant's page opens
only its own enterprise's, and only the trainer's page (``as_trainer``) may change what the
trainer writes: the review and lock, visit notes, comments on hazards, and their history
entries. A participant's page, however it was driven, cannot.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import sessionmaker

from widgets.register.model import Assessment, Change, now
from widgets.register.tables import AssessmentRow, ChangeRow, PhotoRow, current_assessments
from widgets.store.service import Store, StoreError, class_code
from widgets.store.tables import Enterprise

_NO_PHOTO_DATA = {
    "history": True,
    "hazards": {"__all__": {"measures": {"__all__": {"photos": {"__all__": {"data"}}}}}},
}


TRAINER_ACTIONS = frozenset({"reviewed", "reopened", "visit-note", "comment"})
"""History entries only the trainer's page writes."""


def _trainer_part(data: dict[str, Any], hazards: set[str] | None = None) -> tuple:
    """Return what only the trainer writes of an assessment's JSON (comments of ``hazards``)."""
    comments = {
        h["id"]: h.get("comments", [])
        for h in data.get("hazards", [])
        if hazards is None or h["id"] in hazards
    }
    return (
        data.get("reviewed_by"),
        data.get("reviewed_at"),
        data.get("visit_notes") or [],
        comments,
    )


def _utc(value: datetime) -> datetime:
    # SQLite keeps times without a zone, PostgreSQL with one: both come back in UTC.
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class RegisterStore:
    """The enterprises' assessments in a :class:`~widgets.store.service.Store`'s database.

    Parameters
    ----------
    store
        An open store (already migrated to the newest tables).
    """

    def __init__(self, store: Store):
        self.engine = store.engine
        self._session = sessionmaker(self.engine, expire_on_commit=False)

    def save(
        self,
        assessment: Assessment,
        class_code_: str | None = None,
        *,
        enterprise_id: int | None = None,
        participant: bool = False,
    ) -> int:
        """Save an assessment with its photos and new history; return its new revision.

        The assessment's ``revision`` must be the one stored (0 for a new one); it is
        raised by one on success. A new assessment belongs to ``enterprise_id``; one saved
        before keeps its enterprise.

        A participant's page saves with ``participant=True`` and its member's
        ``enterprise_id`` (the register's view always does, from the signed-in person):
        then only that enterprise's assessment may be saved, and nothing only the trainer
        writes may change. The trainer's page, the demo generator and the trainer's
        commands are trusted.

        Raises
        ------
        StoreError
            ``conflict`` when someone else saved the assessment since it was loaded;
            ``exists`` when the enterprise has an assessment of that year already (two
            Start clicks at once); ``not-yours`` when ``enterprise_id`` is not the
            assessment's; ``trainer-only`` when a participant's save changes the review,
            visit notes, comments or trainer history.
        """
        code = class_code(class_code_) if class_code_ else None
        data = assessment.model_dump(mode="json", exclude=_NO_PHOTO_DATA)
        photos = {p.id: p for h in assessment.hazards for m in h.measures for p in m.photos}
        try:
            return self._save(assessment, code, data, photos, enterprise_id, participant)
        except IntegrityError:
            raise StoreError(
                "exists", f"enterprise {enterprise_id} has an assessment of {assessment.year}"
            ) from None

    def _save(
        self,
        assessment: Assessment,
        code: str | None,
        data: dict[str, Any],
        photos: dict,
        enterprise_id: int | None,
        participant: bool,
    ) -> int:
        with self._session.begin() as session:
            row = session.get(AssessmentRow, assessment.id, with_for_update=True)
            stored = 0 if row is None else row.revision
            if stored != assessment.revision:
                raise StoreError("conflict", "saved by someone else since it was loaded")
            if participant:
                self._participant_may_save(session, row, data, assessment, enterprise_id)
            if row is None and enterprise_id is not None:
                taken = session.scalar(
                    select(AssessmentRow.id).where(
                        AssessmentRow.enterprise_id == enterprise_id,
                        AssessmentRow.year == assessment.year,
                    )
                )
                if taken:  # the unique index is the guard when two arrive at once
                    raise StoreError("exists", f"{taken} is that enterprise's for the year")
            revision = stored + 1
            data["revision"] = revision
            if row is None:
                row = AssessmentRow(
                    id=assessment.id,
                    created_at=assessment.created_at,
                    enterprise_id=enterprise_id,
                )
                session.add(row)
            row.enterprise = assessment.profile.enterprise
            row.year = assessment.year
            row.class_code = code or row.class_code
            row.locked = assessment.locked
            row.revision = revision
            row.data = data
            row.updated_at = now()
            session.flush()
            kept = set(
                session.scalars(
                    select(PhotoRow.id).where(PhotoRow.assessment_id == assessment.id)
                ).all()
            )
            gone = kept - set(photos)
            if gone:
                session.execute(
                    delete(PhotoRow).where(
                        PhotoRow.assessment_id == assessment.id, PhotoRow.id.in_(gone)
                    )
                )
            for photo_id in set(photos) - kept:
                photo = photos[photo_id]
                session.add(
                    PhotoRow(
                        assessment_id=assessment.id,
                        id=photo_id,
                        mime=photo.mime,
                        size=len(photo.data),
                        data=photo.data,
                    )
                )
            logged = session.scalar(
                select(func.count(ChangeRow.id)).where(ChangeRow.assessment_id == assessment.id)
            )
            for position, change in enumerate(assessment.history[logged:], start=logged):
                session.add(
                    ChangeRow(
                        assessment_id=assessment.id,
                        position=position,
                        at=change.at,
                        by=change.by,
                        action=change.action,
                        # An entry is data (params); ``what`` keeps only a legacy entry's text.
                        params=change.params,
                        what=change.what or "",
                    )
                )
        assessment.revision = revision
        return revision

    def _participant_may_save(
        self,
        session,
        row: AssessmentRow | None,
        data: dict[str, Any],
        assessment: Assessment,
        enterprise_id: int | None,
    ) -> None:
        if enterprise_id is None:
            raise StoreError("not-yours", "a participant saves only as a member of an enterprise")
        if row is not None and row.enterprise_id != enterprise_id:
            raise StoreError("not-yours", f"assessment {row.id} is another enterprise's")
        before = dict(row.data) if row is not None else {"hazards": []}
        both = {h["id"] for h in before.get("hazards", [])} & {h.id for h in assessment.hazards}
        new_hazards = {h.id for h in assessment.hazards} - both
        if _trainer_part(before, both) != _trainer_part(data, both) or any(
            h.comments for h in assessment.hazards if h.id in new_hazards
        ):
            raise StoreError("trainer-only", "only the trainer's page changes these")
        logged = 0
        if row is not None:
            logged = session.scalar(
                select(func.count(ChangeRow.id)).where(ChangeRow.assessment_id == row.id)
            )
        if any(c.action in TRAINER_ACTIONS for c in assessment.history[logged:]):
            raise StoreError("trainer-only", "only the trainer's page writes these entries")

    def current(self, enterprise_id: int) -> Assessment | None:
        """Return an enterprise's current assessment (:func:`current_assessments`), or None."""
        with self._session.begin() as session:
            found = session.scalar(current_assessments(enterprise_id))
        return self.load(found) if found else None

    def load(self, assessment_id: str) -> Assessment:
        """Return a saved assessment, with its photos and whole history.

        Raises
        ------
        StoreError
            ``unknown-assessment`` when there is none with that id.
        """
        with self._session.begin() as session:
            row = session.get(AssessmentRow, assessment_id)
            if row is None:
                raise StoreError("unknown-assessment", f"there is no assessment {assessment_id}")
            data: dict[str, Any] = dict(row.data)
            if row.enterprise_id is not None:
                # The enterprise record's name is the one shown (the trainer may correct it).
                record = session.get(Enterprise, row.enterprise_id)
                data["profile"] = {**data["profile"], "enterprise": record.name}
            blobs = dict(
                session.execute(
                    select(PhotoRow.id, PhotoRow.data).where(PhotoRow.assessment_id == row.id)
                ).all()
            )
            changes = session.scalars(
                select(ChangeRow)
                .where(ChangeRow.assessment_id == row.id)
                .order_by(ChangeRow.position)
            ).all()
            history = [
                # Rows written before migration 0004 have no params: legacy text, as written.
                Change(at=_utc(c.at), by=c.by, action=c.action, params=c.params, what=c.what)
                if c.params is None
                else Change(at=_utc(c.at), by=c.by, action=c.action, params=c.params)
                for c in changes
            ]
        for hazard in data["hazards"]:
            for measure in hazard["measures"]:
                for photo in measure["photos"]:
                    photo["data"] = blobs[photo["id"]]
        assessment = Assessment.model_validate({**data, "history": []})
        assessment.history = history
        return assessment

    def assessments(self, class_code_: str | None = None) -> list[dict[str, Any]]:
        """List the saved assessments (of one class, if given), newest change first."""
        query = select(AssessmentRow).order_by(AssessmentRow.updated_at.desc())
        if class_code_:
            query = query.where(AssessmentRow.class_code == class_code(class_code_))
        with self._session.begin() as session:
            return [
                {
                    "id": row.id,
                    "enterprise": row.enterprise,
                    "year": row.year,
                    "class_code": row.class_code,
                    "enterprise_id": row.enterprise_id,
                    "locked": row.locked,
                    "revision": row.revision,
                    "updated_at": _utc(row.updated_at),
                }
                for row in session.scalars(query)
            ]

    def delete(self, assessment_id: str) -> None:
        """Delete an assessment with its photos and history."""
        with self._session.begin() as session:
            for table in (PhotoRow, ChangeRow):
                session.execute(delete(table).where(table.assessment_id == assessment_id))
            session.execute(delete(AssessmentRow).where(AssessmentRow.id == assessment_id))
