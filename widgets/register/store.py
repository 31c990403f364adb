"""Keeping assessments in the workbook's store (SQLite or PostgreSQL, through SQLAlchemy).

Photos are kept as blobs in the database rather than as files under ``var/``: one backup
(SQLite's online backup, or ``pg_dump``) then holds everything, a save writes the assessment
and its photos in one transaction (never an assessment pointing at a missing file), the
same code works when a training centre's kernels run on several machines against one
PostgreSQL server, and nothing lands in a folder a web server might serve. The 8 MiB limit
per photo keeps the database reasonable.

Saves are guarded by a revision number: two team members editing the same assessment in two
pages cannot silently overwrite each other; the second save is refused and reloads.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import sessionmaker

from widgets.i18n import _
from widgets.register.model import Assessment, Change, now
from widgets.register.tables import AssessmentRow, ChangeRow, PhotoRow
from widgets.store.service import Store, StoreError, class_code

_NO_PHOTO_DATA = {
    "history": True,
    "hazards": {"__all__": {"measures": {"__all__": {"photos": {"__all__": {"data"}}}}}},
}


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

    def save(self, assessment: Assessment, class_code_: str | None = None) -> int:
        """Save an assessment with its photos and new history; return its new revision.

        The assessment's ``revision`` must be the one stored (0 for a new one); it is
        raised by one on success.

        Raises
        ------
        StoreError
            ``conflict`` when someone else saved the assessment since it was loaded.
        """
        code = class_code(class_code_) if class_code_ else None
        data = assessment.model_dump(mode="json", exclude=_NO_PHOTO_DATA)
        photos = {p.id: p for h in assessment.hazards for m in h.measures for p in m.photos}
        with self._session.begin() as session:
            row = session.get(AssessmentRow, assessment.id, with_for_update=True)
            stored = 0 if row is None else row.revision
            if stored != assessment.revision:
                raise StoreError(
                    "conflict",
                    _(
                        "Someone else saved this assessment in the meantime; "
                        "reload it and make your change again"
                    ),
                )
            revision = stored + 1
            data["revision"] = revision
            if row is None:
                row = AssessmentRow(id=assessment.id, created_at=assessment.created_at)
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
                        what=change.what,
                    )
                )
        assessment.revision = revision
        return revision

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
                raise StoreError(
                    "unknown-assessment",
                    _("There is no assessment {id}").format(id=assessment_id),
                )
            data: dict[str, Any] = dict(row.data)
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
                Change(at=_utc(c.at), by=c.by, action=c.action, what=c.what) for c in changes
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
