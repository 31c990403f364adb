"""The exercise file format: one YAML file per exercise, validated and upgraded.

Every file states its ``schema_version``. A file written for an older version is upgraded
step by step (``UPGRADES``) before it is validated, so trainers' old files keep working; a
file written for a newer workbook is refused with a message saying so.

Each exercise ``type`` has its own model; all share the fields of :class:`ExerciseBase`.
Every text is bilingual (``{en: ..., mn: ...}``); ``trainer_notes`` and ``solution`` are
never shown to participants before they ask (and the notes never).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, ClassVar, Literal

from pydantic import AfterValidator, Field, StringConstraints, model_validator

from widgets.content.errors import ContentError, Problem
from widgets.content.models import FieldError, Id, NonEmpty, Strict, Text, validate_data

CURRENT_VERSION = 1
"""The schema version this workbook writes and reads."""

UPGRADES: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}
"""``UPGRADES[n]`` turns a version-``n`` file's data into version ``n + 1``.

When the format changes: bump :data:`CURRENT_VERSION`, add the step here, and keep a file of
the old version in ``tests/unit/exercise-files/`` so its upgrade stays tested.
"""

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp")
MAX_IMAGE_BYTES = 2 * 1024 * 1024


def _inside(path: str) -> str:
    if ".." in path.split("/"):
        raise ValueError(
            f"{path!r} leaves the exercises folder; expected a path such as images/kitchen.jpg"
        )
    return path


RelativePath = Annotated[
    str, StringConstraints(pattern=r"^[A-Za-z0-9_][A-Za-z0-9_./-]*$"), AfterValidator(_inside)
]


class Image(Strict):
    """A picture shown with the exercise or an item."""

    path: RelativePath = Field(
        description="File path relative to the exercise file, e.g. images/kitchen.jpg "
        "(PNG, JPEG or WebP, at most 2 MiB). A picture with words in it comes once per "
        "language: images/plan.png, and images/plan.mn.png beside it for Mongolian pages."
    )
    alt: Text = Field(description="What the picture shows, for people who cannot see it.")


class Source(Strict):
    """A reference the exercise draws on."""

    citation: NonEmpty = Field(description="Author, title, year.")
    url: NonEmpty | None = Field(default=None, description="Where to find it, if online.")


class Feedback(Strict):
    """Messages after a check, by how well the participant did."""

    good: Text | None = Field(default=None, description="Shown when everything is right.")
    partial: Text | None = Field(default=None, description="Shown when part is right.")
    review: Text | None = Field(default=None, description="Shown when little is right.")


class ExerciseBase(Strict):
    """Fields every exercise has, whatever its type."""

    type_name: ClassVar[str] = ""
    schema_version: int = Field(description=f"The file format version: {CURRENT_VERSION}.")
    id: Id = Field(description="Unique name; also the file name (kitchen-burns.yaml).")
    title: Text = Field(description="Short title.")
    objectives: list[Text] = Field(min_length=1, description="What participants will learn.")
    duration_min: int = Field(ge=1, le=240, description="Minutes the activity takes in class.")
    brief: Text = Field(description="The situation and what to do. Blank lines split paragraphs.")
    image: Image | None = Field(default=None, description="A picture of the situation.")
    hints: list[Text] = Field(default=[], description="Revealed one at a time, after a try.")
    solution: Text = Field(description="The model answer, shown on request after a try.")
    feedback: Feedback | None = Field(default=None, description="Messages after a check.")
    trainer_notes: Text | None = Field(
        default=None, description="For the trainer only; never shown to participants."
    )
    sources: list[Source] = Field(default=[], description="References.")

    @model_validator(mode="after")
    def _items_unique(self) -> ExerciseBase:
        seen: set[str] = set()
        for i, item in enumerate(getattr(self, "items", [])):
            if item.id in seen:
                raise FieldError(("items", i, "id"), f"id {item.id!r} is used twice in items")
            seen.add(item.id)
        return self

    def images(self) -> list[tuple[tuple[str | int, ...], Image]]:
        """Return every picture of the exercise with where it is in the file."""
        found = [(("image",), self.image)] if self.image else []
        for i, item in enumerate(getattr(self, "items", [])):
            if getattr(item, "image", None):
                found.append((("items", i, "image"), item.image))
        return found


# -- risk_rating ---------------------------------------------------------------------------


def _from_library(item: Strict) -> Strict:
    """Fill ``text`` and ``level`` of an item that names a library ``measure``."""
    if item.measure is None:
        missing = [name for name in ("text", "level") if getattr(item, name) is None]
        if missing:
            raise FieldError(
                (missing[0],),
                "is missing: give it, or name a library measure "
                "with `measure:` (see data/measures.yaml)",
            )
        return item
    from widgets.measures.model import library

    try:
        found = library().get(item.measure)
    except KeyError:
        raise FieldError(("measure",), f"{item.measure!r} is not in data/measures.yaml") from None
    return item.model_copy(
        update={"text": item.text or found.text, "level": item.level or found.level}
    )


class Control(Strict):
    """A control measure the participant may choose for a hazard."""

    id: Id
    measure: Id | None = Field(
        default=None, description="A measure of data/measures.yaml; gives text and level."
    )
    text: Text | None = Field(
        default=None, description="The measure, e.g. 'Fit safety covers on sockets'."
    )
    level: Id | None = Field(
        default=None, description="Its level in data/hierarchy.yaml, e.g. engineering."
    )

    @model_validator(mode="after")
    def _library(self) -> Control:
        return _from_library(self)


class HazardItem(Strict):
    """A hazard to rate before and after controls, with the trainer's reference."""

    id: Id
    hazard: Text = Field(description="The hazard and who might be harmed, and how.")
    category: Id | None = Field(
        default=None, description="Its kind, from data/hazards.yaml (electrical, chemical…)."
    )
    image: Image | None = None
    inherent: dict[Id, float | str] = Field(
        description="Reference rating now, as factor values ({likelihood: 4, severity: 3}) "
        "or, for the estimated method, {band: high}."
    )
    controls: list[Control] = Field(min_length=1, description="Measures to choose from.")
    recommended: list[Id] = Field(min_length=1, description="Ids of the controls to choose.")
    residual: dict[Id, float | str] = Field(
        description="Reference rating once the recommended controls are in place."
    )
    reason: Text = Field(description="Why the reference ratings are what they are.")

    @model_validator(mode="after")
    def _recommended_exist(self) -> HazardItem:
        ids = [c.id for c in self.controls]
        for i, control_id in enumerate(self.recommended):
            if control_id not in ids:
                raise FieldError(
                    ("recommended", i),
                    f"{control_id!r} is not one of the controls ({', '.join(ids)})",
                )
        return self


class RiskRating(ExerciseBase):
    """Rate hazards on the risk matrix, choose controls, rate the residual risk."""

    type_name: ClassVar[str] = "risk_rating"
    type: Literal["risk_rating"] = Field(description="The kind of exercise.")
    method: Id | None = Field(
        default=None, description="A method id from data/methods; the course's when left out."
    )
    items: list[HazardItem] = Field(min_length=1, description="The hazards to rate.")


# -- hazard_spotting -----------------------------------------------------------------------


class Observation(Strict):
    """Something seen in the scenario: a hazard or not."""

    id: Id
    text: Text = Field(description="What is seen.")
    hazard: bool = Field(description="Whether it is a hazard.")
    reason: Text = Field(description="Why it is (or is not) a hazard.")


class HazardSpotting(ExerciseBase):
    """Mark which observations of a scenario are hazards."""

    type_name: ClassVar[str] = "hazard_spotting"
    type: Literal["hazard_spotting"] = Field(description="The kind of exercise.")
    items: list[Observation] = Field(min_length=2, description="Candidate observations.")

    @model_validator(mode="after")
    def _some_hazard(self) -> HazardSpotting:
        if not any(item.hazard for item in self.items):
            raise FieldError(("items",), "at least one observation must be a hazard")
        return self


# -- control_sorting -----------------------------------------------------------------------


class Measure(Strict):
    """A control measure to place in the hierarchy of controls."""

    id: Id
    measure: Id | None = Field(
        default=None, description="A measure of data/measures.yaml; gives text and level."
    )
    text: Text | None = Field(default=None, description="The measure.")
    level: Id | None = Field(default=None, description="Its level in data/hierarchy.yaml.")
    reason: Text = Field(description="Why it belongs at that level.")

    @model_validator(mode="after")
    def _library(self) -> Measure:
        return _from_library(self)


class ControlSorting(ExerciseBase):
    """Place measures in the hierarchy of controls and choose which to apply."""

    type_name: ClassVar[str] = "control_sorting"
    type: Literal["control_sorting"] = Field(description="The kind of exercise.")
    hazard: Text = Field(description="The hazard the measures are for.")
    risk_band: Id = Field(description="Its risk band (e.g. high) in the exercise's method.")
    method: Id | None = Field(default=None, description="Method of risk_band; course default.")
    items: list[Measure] = Field(min_length=2, description="The measures to sort.")


# -- quiz ----------------------------------------------------------------------------------


class Option(Strict):
    """One answer to a question."""

    id: Id
    text: Text
    correct: bool = False
    explanation: Text = Field(description="Why this answer is right or wrong.")


class Question(Strict):
    """A single- or multiple-choice question."""

    id: Id
    text: Text
    kind: Literal["single", "multiple"] = Field(description="One right answer, or several.")
    options: list[Option] = Field(min_length=2)

    @model_validator(mode="after")
    def _answers(self) -> Question:
        right = sum(o.correct for o in self.options)
        if self.kind == "single" and right != 1:
            raise FieldError(
                ("options",),
                f"a 'single' question needs exactly one correct option; {right} are marked correct",
            )
        if self.kind == "multiple" and right < 1:
            raise FieldError(("options",), "mark at least one option correct")
        ids = [o.id for o in self.options]
        for i, option_id in enumerate(ids):
            if option_id in ids[:i]:
                raise FieldError(("options", i, "id"), f"id {option_id!r} is used twice")
        return self


class Quiz(ExerciseBase):
    """Single- and multiple-choice questions with an explanation for each answer."""

    type_name: ClassVar[str] = "quiz"
    type: Literal["quiz"] = Field(description="The kind of exercise.")
    items: list[Question] = Field(min_length=1, description="The questions.")


TYPES: dict[str, type[ExerciseBase]] = {
    model.type_name: model for model in (RiskRating, HazardSpotting, ControlSorting, Quiz)
}
Exercise = RiskRating | HazardSpotting | ControlSorting | Quiz


def upgrade(data: dict[str, Any]) -> dict[str, Any]:
    """Bring a file's data up to :data:`CURRENT_VERSION`, one version at a time.

    Raises
    ------
    FieldError
        When the version is missing, not a number, or newer than this workbook reads.
    """
    version = data.get("schema_version")
    if version is None:
        raise FieldError(("schema_version",), f"is missing; expected {CURRENT_VERSION}")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise FieldError(
            ("schema_version",), f"{version!r} is not a version number; expected {CURRENT_VERSION}"
        )
    if version > CURRENT_VERSION:
        raise FieldError(
            ("schema_version",),
            f"version {version} is newer than this workbook "
            f"reads ({CURRENT_VERSION}): update the workbook",
        )
    while version < CURRENT_VERSION:
        data = UPGRADES[version](dict(data))
        version += 1
        data["schema_version"] = version
    return data


def parse_exercise(data: Any, name: str, locate: Callable) -> Exercise:
    """Validate one file's data (already read) as an exercise of its ``type``.

    Raises
    ------
    ContentError
        With every problem, each naming ``name``, line and field.
    """
    if not isinstance(data, dict):
        raise ContentError([Problem(name, 1, "", "must be a mapping of fields (key: value)")])
    try:
        data = upgrade(data)
    except FieldError as exc:
        raise ContentError([Problem(name, locate(exc.loc), "schema_version", str(exc))]) from None
    kind = data.get("type")
    model = TYPES.get(kind) if isinstance(kind, str) else None
    if model is None:
        known = ", ".join(TYPES)
        message = "is missing" if kind is None else f"{kind!r} is not an exercise type"
        raise ContentError(
            [Problem(name, locate(("type",)), "type", f"{message}; expected one of {known}")]
        )
    return validate_data(model, data, name, locate)
