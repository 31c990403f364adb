"""Steps 2 and 4 of the register: hazards found, their control measures, photos, comments."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, field_validator, model_validator
from pydantic_core import PydanticCustomError

from widgets.hierarchy.model import hierarchy
from widgets.measures.model import hazard_categories, library
from widgets.register.model.ratings import Rating
from widgets.register.model.records import Key, Name, Person, Record, Status, Words, _one_of, new_id


class Photo(Record):
    """A before or after photo of a measure (JPEG or PNG, checked when attached)."""

    id: str = Field(default_factory=new_id, pattern=r"^[0-9a-f]{16}$")
    kind: Literal["before", "after"]
    filename: Name
    mime: Literal["image/jpeg", "image/png"]
    caption: Words = ""
    added_at: datetime
    added_by: Person
    data: bytes = Field(repr=False)


class Measure(Record):
    """A control measure of the action plan."""

    id: str = Field(default_factory=new_id, pattern=r"^[0-9a-f]{16}$")
    text: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]
    library: Key | None = None
    level: Key
    responsible: Annotated[str, StringConstraints(strip_whitespace=True, max_length=100)] = ""
    budget: float | None = Field(default=None, ge=0, allow_inf_nan=False)
    start: date | None = None
    due: date | None = None
    status: Status = "planned"
    done_on: date | None = None
    residual: Rating | None = None
    photos: list[Photo] = Field(default=[], max_length=20)

    @field_validator("level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        return _one_of(value, hierarchy().ids(), "level of the hierarchy of controls")

    @field_validator("library")
    @classmethod
    def _known_measure(cls, value: str | None) -> str | None:
        if value is not None:
            _one_of(value, [m.id for m in library().measures], "measure of the library")
        return value

    @model_validator(mode="after")
    def _coherent(self) -> Measure:
        if self.start and self.due and self.due < self.start:
            raise PydanticCustomError("due-before-start", "the due date is before the start date")
        if self.status == "done" and (self.residual is None or self.done_on is None):
            raise PydanticCustomError(
                "done-needs-residual",
                "a measure marked done needs its residual rating and done date",
            )
        if self.status != "done" and (self.residual or self.done_on):
            raise PydanticCustomError(
                "only-done-has-residual",
                "only a measure marked done has a residual rating and done date",
            )
        return self


class Comment(Record):
    """A trainer's comment on a hazard, or a visit note on the whole assessment."""

    id: str = Field(default_factory=new_id, pattern=r"^[0-9a-f]{16}$")
    at: datetime
    by: Person
    text: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]


class Hazard(Record):
    """A hazard found: from a checklist "no" (``statement``) or named by the team."""

    id: str = Field(default_factory=new_id, pattern=r"^[0-9a-f]{16}$")
    title: Name
    category: Key
    location: Words = ""
    who: Words = Field(default="", description="Who might be harmed, and how.")
    existing: Words = Field(default="", description="Controls already in place.")
    statement: Key | None = None
    rating: Rating | None = None
    measures: list[Measure] = Field(default=[], max_length=50)
    comments: list[Comment] = Field(default=[])

    @field_validator("category")
    @classmethod
    def _known_category(cls, value: str) -> str:
        return _one_of(value, hazard_categories().ids(), "hazard category")

    @property
    def residual(self) -> Rating | None:
        """The residual rating given when the latest measure was marked done, if any."""
        done = [m for m in self.measures if m.status == "done"]
        return max(done, key=lambda m: m.done_on).residual if done else None

    @property
    def current(self) -> Rating | None:
        """The risk as it stands: the residual rating if a measure is done, else the rating."""
        return self.residual or self.rating

    def warns(self) -> bool:
        """Whether a high risk is met only with administrative measures or PPE."""
        return self.rating is not None and hierarchy().warns(
            self.rating.band, [m.level for m in self.measures]
        )
