"""The store's tables (SQLAlchemy 2 declarative models)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def now() -> datetime:
    """Return the current time, in UTC."""
    return datetime.now(UTC)


class Base(DeclarativeBase):
    """Base of the store's tables."""


class Class(Base):
    """A class: one run of the course, joined with its code."""

    __tablename__ = "classes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(24), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    method: Mapped[str] = mapped_column(String(64))
    # Made up by the demo generator (``make demo-data``): every report built on it says so.
    synthetic: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)


class Participant(Base):
    """A person in a class; their resume code is kept only as a hash."""

    __tablename__ = "participants"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    class_id: Mapped[int] = mapped_column(ForeignKey("classes.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    enterprise: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(16))
    resume_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    hub_user: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    # The enterprise record the participant works for: it decides which assessments they
    # may open. ``enterprise`` keeps the name as they typed it at join (history only).
    enterprise_id: Mapped[int | None] = mapped_column(ForeignKey("enterprises.id"), index=True)
    __table_args__ = (UniqueConstraint("class_id", "hub_user"),)


class Enterprise(Base):
    """An enterprise of a class: created by the trainer, or proposed by a participant."""

    __tablename__ = "enterprises"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    class_id: Mapped[int] = mapped_column(ForeignKey("classes.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    # The name as compared (spaces collapsed, case folded): one record per key and class.
    key: Mapped[str] = mapped_column(String(120))
    sector: Mapped[str | None] = mapped_column(String(64))
    size: Mapped[str | None] = mapped_column(String(32))
    # "confirmed" (the trainer created or confirmed it) or "proposed" (typed at join).
    status: Mapped[str] = mapped_column(String(16), default="proposed")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    __table_args__ = (UniqueConstraint("class_id", "key", name="uq_enterprises_class_key"),)


class Device(Base):
    """A browser a participant is signed in on; its credential is kept only as a hash."""

    __tablename__ = "devices"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class SignInAttempt(Base):
    """A join or resume attempt: throttled per client address and kept for the trainer."""

    __tablename__ = "sign_in_attempts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    client: Mapped[str] = mapped_column(String(64))
    kernel: Mapped[str] = mapped_column(String(64))
    ok: Mapped[bool] = mapped_column(Boolean)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now, index=True)
    __table_args__ = (Index("ix_sign_in_attempts_client_at", "client", "at"),)


class Answer(Base):
    """The latest state of one activity for one participant."""

    __tablename__ = "answers"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    activity: Mapped[str] = mapped_column(String(128))
    state: Mapped[dict] = mapped_column(JSON)
    saves: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    __table_args__ = (UniqueConstraint("participant_id", "activity"),)
