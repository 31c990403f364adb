"""The register's tables, on the store's declarative base (created by migration 0002).

An assessment is one row whose ``data`` holds the whole assessment as JSON, except its
photos and its history, which have rows of their own: photos are large and binary, and the
history only ever grows (each save appends the entries it has not stored yet).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    Select,
    String,
    Text,
    UniqueConstraint,
    and_,
    func,
    select,
)
from sqlalchemy.orm import Mapped, mapped_column

from widgets.store.tables import Base, now


class AssessmentRow(Base):
    """One enterprise's assessment for one year."""

    __tablename__ = "register_assessments"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    enterprise: Mapped[str] = mapped_column(String(200))
    year: Mapped[int] = mapped_column(Integer)
    class_code: Mapped[str | None] = mapped_column(String(24), index=True)
    # The enterprise record it belongs to; one assessment per enterprise and year.
    enterprise_id: Mapped[int | None] = mapped_column(ForeignKey("enterprises.id"))
    locked: Mapped[bool] = mapped_column(Boolean, default=False)
    revision: Mapped[int] = mapped_column(Integer)
    data: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    __table_args__ = (
        Index("uq_assessments_enterprise_year", "enterprise_id", "year", unique=True),
    )


def current_assessments(
    enterprise_id: int | None = None, class_codes: list[str] | None = None
) -> Select:
    """Return a query of the ids of the assessments enterprises work on, sorted.

    The one rule that picks which assessment to open, used by the register's page and by the
    programme's reports: an enterprise's newest year (there is one assessment per enterprise
    and year). ``enterprise_id`` keeps one enterprise, ``class_codes`` the given classes.
    """
    row = AssessmentRow
    newest = (
        select(row.enterprise_id, func.max(row.year).label("year"))
        .where(row.enterprise_id.is_not(None))
        .group_by(row.enterprise_id)
    )
    if enterprise_id is not None:
        newest = newest.where(row.enterprise_id == enterprise_id)
    if class_codes is not None:
        newest = newest.where(row.class_code.in_(class_codes))
    newest = newest.subquery()
    on = and_(row.enterprise_id == newest.c.enterprise_id, row.year == newest.c.year)
    return select(row.id).join(newest, on).order_by(row.id)


class PhotoRow(Base):
    """A photo of a measure (JPEG or PNG bytes, checked before they get here)."""

    __tablename__ = "register_photos"
    assessment_id: Mapped[str] = mapped_column(
        ForeignKey("register_assessments.id", ondelete="CASCADE"), primary_key=True
    )
    id: Mapped[str] = mapped_column(String(16), primary_key=True)
    mime: Mapped[str] = mapped_column(String(16))
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class ChangeRow(Base):
    """One entry of an assessment's history: who changed what, and when."""

    __tablename__ = "register_history"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[str] = mapped_column(
        ForeignKey("register_assessments.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    by: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(64))
    what: Mapped[str] = mapped_column(Text)
    # The entry's parameters as data, shown in the reader's language; ``what`` holds the
    # translated text of entries written before (migration 0004) and is kept for them.
    params: Mapped[dict | None] = mapped_column(JSON)
    __table_args__ = (UniqueConstraint("assessment_id", "position"),)
