"""Step 1 of the register: the enterprise's profile, its work areas and the assessment team."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from widgets.register.model.records import Key, Name, Person, Record, _one_of
from widgets.register.settings import settings
from widgets.risk.model import methods


class Member(Record):
    """A member of the assessment team."""

    name: Person
    role: Key

    @field_validator("role")
    @classmethod
    def _known_role(cls, value: str) -> str:
        return _one_of(value, settings().ids(settings().roles), "role")

    @property
    def is_worker(self) -> bool:
        """Whether the member takes part as a worker (or worker representative)."""
        return settings().role(self.role).worker


class WorkArea(Record):
    """A work area or location of the enterprise, with its kind (for the checklist)."""

    name: Name
    kind: Key | None = None

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, value: str | None) -> str | None:
        if value is None:
            return None
        return _one_of(value, settings().ids(settings().area_kinds), "kind of work area")


class Profile(Record):
    """Who the enterprise is, who assesses it, and with which method."""

    enterprise: Name
    sector: Key
    size: Key
    areas: list[WorkArea] = Field(default=[], max_length=50)
    team: list[Member] = Field(default=[], max_length=50)
    method: Key
    language: Literal["mn", "en"] = "mn"

    @field_validator("sector")
    @classmethod
    def _known_sector(cls, value: str) -> str:
        return _one_of(value, settings().ids(settings().sectors), "sector")

    @field_validator("size")
    @classmethod
    def _known_size(cls, value: str) -> str:
        return _one_of(value, settings().ids(settings().size_bands), "size band")

    @field_validator("method")
    @classmethod
    def _known_method(cls, value: str) -> str:
        return _one_of(value, methods(), "method")

    @property
    def no_worker(self) -> bool:
        """Whether no member of the team is a worker (the ILO guide asks for workers)."""
        return not any(m.is_worker for m in self.team)

    def area_kinds(self) -> set[str]:
        """Return the kinds of the enterprise's work areas."""
        return {a.kind for a in self.areas if a.kind}
