"""The enterprise's own risk assessment (the register), following the ILO five steps.

1. **Profile**: who the enterprise is and who took part (at least one worker).
2. **Identification**: checklist statements of ``data/checklists.yaml`` answered yes / no /
   not applicable / later (a "no" is a problem found, so it becomes a hazard), plus the
   team's own hazards.
3. **Evaluation** with the profile's method (``data/methods/``); a band other than the
   computed one needs a written reason.
4. **Action plan**: measures from the library or the team's own, each with its level in the
   hierarchy of controls, who does it, budget, dates and status; marking one done asks for
   the residual rating; before-and-after photos attach to it.
5. **Review**: what is overdue or due soon, and a copy to start next year's review from.

The trainer adds visit notes and comments and may mark the assessment reviewed, which
locks it until reopened. Every change goes through a verb of :class:`Assessment` that
checks the lock, validates the whole new state, and records who changed what and when.
Pure: never imports ipywidgets and never translates. A refusal is a :class:`RegisterError`
with a code and parameters, and a history entry is data (an action and its parameters); the
view says both in the reader's language (:mod:`widgets.register.messages`).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Any, Literal, TypeVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from widgets.hierarchy.model import hierarchy
from widgets.measures.model import hazard_categories, library
from widgets.register.errors import LockedError, PhotoError, ReevaluationNeeded, RegisterError
from widgets.register.photos import check_photo, check_quota, clean_photo
from widgets.register.settings import Statement, checklists, settings
from widgets.risk.model import (
    Band,
    Method,
    RatingError,
    UnknownMethodError,
    get_method,
    methods,
)

ANSWERS = ("yes", "no", "not-applicable", "later")
STATUSES = ("planned", "in-progress", "done")
PHOTO_KINDS = ("before", "after")
EXPORT_FORMAT = "osh-workbook-assessment"
EXPORT_VERSION = 1

Answer = Literal["yes", "no", "not-applicable", "later"]
Status = Literal["planned", "in-progress", "done"]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Words = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)]
Person = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
Key = Annotated[str, StringConstraints(pattern=r"^[a-z0-9-]{1,64}$")]
Plain = Annotated[str, StringConstraints(max_length=2000)]
Param = Plain | int | float | bool | None | list[Plain]
"""A value of a history entry or an error: plain text, a number, or a list of texts."""
ParamKey = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,31}$")]


def now() -> datetime:
    """Return the current time in UTC, to the second."""
    return datetime.now(UTC).replace(microsecond=0)


def enterprise_key(name: str) -> str:
    """Return an enterprise's name as compared: spaces collapsed, case folded.

    "Нарлаг  цэцэрлэг" and "нарлаг цэцэрлэг" are one enterprise (the participant's join,
    the register and the trainer's reports all compare names this way).
    """
    return " ".join(str(name).split()).casefold()


def new_id() -> str:
    """Return a fresh identifier for an assessment, hazard, measure or photo."""
    return uuid.uuid4().hex[:16]


def _one_of(value: str, allowed: list[str], what: str) -> str:
    if value not in allowed:
        raise PydanticCustomError(
            "unknown-choice",
            "{value} is not a known {what}; expected one of {allowed}",
            {"value": value, "what": what, "allowed": list(allowed)},
        )
    return value


class Record(BaseModel):
    """Base of the register's records: unknown fields are errors; bytes travel as base64."""

    model_config = ConfigDict(extra="forbid", ser_json_bytes="base64", val_json_bytes="base64")


R = TypeVar("R", bound=Record)


def build(model: type[R], **fields: Any) -> R:
    """Validate ``fields`` into ``model``; a refusal is a :class:`RegisterError`."""
    try:
        return model.model_validate(fields)
    except ValidationError as exc:
        raise RegisterError("invalid", problems=explain(exc)) from None


def explain(exc: ValidationError, limit: int = 20) -> list[dict[str, Any]]:
    """Return pydantic's errors as data: each one's field path, error type and context.

    ``type`` is pydantic's error type (``string_too_long``, ``missing``…) or one of the
    register's own (``unknown-choice``, ``due-before-start``…); ``ctx`` holds its plain
    values (``max_length``, ``allowed``…). The view says each in the reader's language.
    """
    return [
        {
            "field": ".".join(str(p) for p in err["loc"]),
            "type": err["type"],
            "ctx": {k: _plain(v) for k, v in (err.get("ctx") or {}).items() if k != "error"},
        }
        for err in exc.errors(include_url=False)[:limit]
    ]


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple | set):
        return [str(v) for v in value]
    return str(value)


# -- step 1: profile -------------------------------------------------------------------------
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


# -- step 3: evaluation ----------------------------------------------------------------------
class Rating(Record):
    """A hazard's rating with a method: the factors, the computed band, the band used.

    ``band`` differs from ``computed`` only when the team overrode it, and then ``reason``
    says why. The rating is checked again whenever it is read (from JSON or the store).
    """

    method: Key
    factors: dict[str, int | float | str]
    score: int | float | None = None
    computed: Key
    band: Key
    reason: Words | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Rating:
        try:
            again = rate(self.method, self.factors, self.band, self.reason)
        except RegisterError as exc:
            raise PydanticCustomError(exc.code, str(exc), exc.params) from None
        if (again.computed, again.score) != (self.computed, self.score):
            raise PydanticCustomError(
                "rating-inconsistent",
                "the factors give band {computed} (score {score}), not {band} (score {given})",
                {
                    "method": self.method,
                    "computed": again.computed,
                    "score": again.score,
                    "band": self.computed,
                    "given": self.score,
                },
            )
        return self

    @property
    def overridden(self) -> bool:
        """Whether the team chose another band than the computed one."""
        return self.band != self.computed

    @property
    def method_info(self) -> Method:
        """The method the rating was made with."""
        return get_method(self.method)

    @property
    def band_info(self) -> Band:
        """The band used (with its label, colour and what it requires)."""
        return self.method_info.band(self.band)

    @property
    def rank(self) -> int:
        """The band's position in its method, lowest first (for sorting)."""
        return self.method_info.bands.index(self.band_info)


def rate(
    method_id: str,
    factors: dict[str, Any],
    band: str | None = None,
    reason: str | None = None,
) -> Rating:
    """Rate with ``method_id``; ``band`` overrides the computed band, with a ``reason``.

    Raises
    ------
    RegisterError
        When a factor is not on the method's scale, the band is unknown (the rating's codes:
        ``factor-off-scale``, ``band-unknown``…), or an override has no written reason of at
        least ``override_reason_min_length`` characters (``override-needs-reason``).
    """
    try:
        method = get_method(method_id)
        evaluation = method.evaluate(**factors)
        chosen = method.band(band).id if band else evaluation.band.id
    except (RatingError, UnknownMethodError) as exc:
        raise RegisterError(exc.code, **exc.params) from None
    text = " ".join((reason or "").split()) or None
    if chosen != evaluation.band.id:
        shortest = settings().override_reason_min_length
        if text is None or len(text) < shortest or len(text.split()) < 2:
            raise RegisterError(
                "override-needs-reason",
                method=method.id,
                computed=evaluation.band.id,
                band=chosen,
                count=shortest,
            )
    else:
        text = None
    return Rating.model_construct(
        method=method.id,
        factors=dict(evaluation.factors) if method.score == "product" else {"band": chosen},
        score=evaluation.score,
        computed=evaluation.band.id,
        band=chosen,
        reason=text,
    )


# -- step 4: controls and action plan --------------------------------------------------------
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
    comments: list[Comment] = []

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


class Change(Record):
    """One entry of the history, as data: who, when, which action, with which parameters.

    ``action`` is a key (``hazard-added``, ``rated``…) and ``params`` its plain values: a
    hazard's or measure's text as the team wrote it, band, status and statement ids, field
    names, counts. Nothing translated is stored: a view says the entry in the reader's
    language (:func:`widgets.register.messages.describe`). Entries written before the history
    was data (the store's rows before migration 0004, older JSON files) have no ``params``,
    only their text of the time in ``what``: they are *legacy* entries, shown as written.
    """

    at: datetime
    by: Person
    action: Key
    params: dict[ParamKey, Param] | None = Field(default=None, max_length=20)
    what: Words | None = Field(default=None, description="A legacy entry's text, as written.")

    @model_validator(mode="after")
    def _data_or_text(self) -> Change:
        if self.params is None and self.what is None:
            raise PydanticCustomError(
                "change-without-params", "a history entry needs its params (or legacy text)"
            )
        return self

    @property
    def legacy(self) -> bool:
        """Whether the entry is text of the time (written before the history was data)."""
        return self.params is None


@dataclass(frozen=True)
class Notice:
    """Something the team should look at: ``kind`` names the rule, ``params`` its values.

    The view says it in the reader's language (:func:`widgets.register.messages.notice`).
    """

    kind: str
    hazard: str | None = None
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Missing:
    """Something still missing before the assessment is complete (and worth printing).

    ``code`` names the rule, ``count`` how many things it concerns, ``step`` the part of the
    app where it is fixed and ``hazard`` the first hazard concerned (to open it there). The
    view says it in the reader's language (:func:`widgets.register.messages.missing_text`).
    """

    code: str
    count: int = 1
    step: str = "profile"
    hazard: str | None = None


@dataclass(frozen=True)
class DueMeasure:
    """A measure that is overdue or due soon (step 5)."""

    hazard: Hazard
    measure: Measure
    days_left: int

    @property
    def overdue(self) -> bool:
        """Whether the due date has passed."""
        return self.days_left < 0


# -- the assessment --------------------------------------------------------------------------
class Assessment(Record):
    """One enterprise's risk assessment for one year, with its history."""

    format: Literal["osh-workbook-assessment"] = EXPORT_FORMAT
    version: Literal[1] = EXPORT_VERSION
    id: str = Field(default_factory=lambda: uuid.uuid4().hex, pattern=r"^[0-9a-f]{32}$")
    year: int = Field(ge=2000, le=2200)
    profile: Profile
    answers: dict[Key, Answer] = {}
    hazards: list[Hazard] = Field(default=[], max_length=500)
    visit_notes: list[Comment] = []
    reviewed_by: Person | None = None
    reviewed_at: datetime | None = None
    previous: str | None = Field(default=None, description="The assessment this reviews.")
    created_at: datetime = Field(default_factory=now)
    history: list[Change] = []
    revision: int = Field(default=0, ge=0, description="Saves so far (kept by the store).")

    @model_validator(mode="after")
    def _unique_ids(self) -> Assessment:
        ids = [h.id for h in self.hazards]
        ids += [m.id for h in self.hazards for m in h.measures]
        if len(ids) != len(set(ids)):
            raise PydanticCustomError("duplicate-ids", "hazard and measure ids must be unique")
        return self

    # -- reading -------------------------------------------------------------------------
    @property
    def locked(self) -> bool:
        """Whether the trainer marked the assessment reviewed (no edits until reopened)."""
        return self.reviewed_at is not None

    @property
    def method(self) -> Method:
        """The evaluation method of the profile."""
        return get_method(self.profile.method)

    def hazard(self, hazard_id: str) -> Hazard:
        """Return one hazard.

        Raises
        ------
        RegisterError
            When the assessment has no such hazard.
        """
        for hazard in self.hazards:
            if hazard.id == hazard_id:
                return hazard
        raise RegisterError("no-hazard", id=hazard_id)

    def measure(self, hazard_id: str, measure_id: str) -> Measure:
        """Return one measure of one hazard.

        Raises
        ------
        RegisterError
            When there is no such hazard or measure.
        """
        for measure in self.hazard(hazard_id).measures:
            if measure.id == measure_id:
                return measure
        raise RegisterError("no-measure", id=measure_id)

    def checklist(self) -> list[Statement]:
        """Return the checklist statements for the enterprise's sector and areas."""
        return checklists().for_enterprise(self.profile.sector, self.profile.area_kinds())

    def unanswered(self) -> list[Statement]:
        """Return the statements not answered yet or left for later."""
        return [s for s in self.checklist() if self.answers.get(s.id, "later") == "later"]

    def suggest_due(self, hazard_id: str, start: date | None = None) -> date | None:
        """Suggest a due date from the hazard's band (``deadline_days`` of its method).

        Returns ``None`` for a hazard not rated yet.
        """
        rating = self.hazard(hazard_id).rating
        if rating is None:
            return None
        days = rating.band_info.deadline_days
        return (start or date.today()) + timedelta(
            days=settings().default_due_days if days is None else days
        )

    def notices(self) -> list[Notice]:
        """Return what the team should look at: no worker involved, weak measures, gaps.

        Kinds: ``no-worker``, ``unrated``, ``weak-only`` (a high band met only with
        administrative measures or PPE) and ``no-measure``; the view says them.
        """
        found = []
        if self.profile.no_worker:
            found.append(Notice("no-worker"))
        for hazard in self.hazards:
            about = {"hazard": hazard.title}
            if hazard.rating is None:
                found.append(Notice("unrated", hazard.id, about))
            elif hazard.warns():
                rating = hazard.rating
                band = {"band": rating.band, "method": rating.method}
                found.append(Notice("weak-only", hazard.id, {**about, **band}))
            elif not hazard.measures and hazard.rating.rank > 0:
                found.append(Notice("no-measure", hazard.id, about))
        return found

    def missing(self) -> list[Missing]:
        """Return what is still missing before the assessment is complete, with counts.

        The rules of a complete assessment (the ILO five steps; the programme report's
        ``complete`` follows the same ones): at least one hazard (``no-hazard``); no
        checklist statement left open (``open-statements``); at least one worker in the team
        (``no-worker``); every hazard rated (``unrated``); every hazard above the lowest band
        with a measure (``high-no-measure`` for the highest band, ``no-measure`` for the
        others); every measure with a responsible person and a due date (``measure-vague``).
        An empty list means complete.
        """
        found: list[Missing] = []

        def lacking(code: str, hazards: list[Hazard], step: str) -> None:
            if hazards:
                found.append(Missing(code, len(hazards), step, hazards[0].id))

        if not self.hazards:
            found.append(Missing("no-hazard", 1, "identify"))
        if self.unanswered():
            found.append(Missing("open-statements", len(self.unanswered()), "identify"))
        if self.profile.no_worker:
            found.append(Missing("no-worker", 1, "profile"))
        lacking("unrated", [h for h in self.hazards if h.rating is None], "evaluate")
        top = len(self.method.bands) - 1
        bare = [h for h in self.hazards if h.rating and h.rating.rank > 0 and not h.measures]
        lacking("high-no-measure", [h for h in bare if h.rating.rank == top], "controls")
        lacking("no-measure", [h for h in bare if h.rating.rank < top], "controls")
        vague = [
            (h, m) for h in self.hazards for m in h.measures if not m.responsible or m.due is None
        ]
        if vague:
            found.append(Missing("measure-vague", len(vague), "controls", vague[0][0].id))
        return found

    @property
    def complete(self) -> bool:
        """Whether nothing is missing (:meth:`missing`): the rules of a complete assessment."""
        return not self.missing()

    def overview(self) -> list[Hazard]:
        """Return the hazards for an overview: highest band (as rated) first, unrated last."""
        return sorted(self.hazards, key=lambda h: -(h.rating.rank if h.rating else -1))

    def due_measures(self, today: date, days: int | None = None) -> list[DueMeasure]:
        """Return the measures not done that are overdue or due within ``days`` of ``today``.

        ``days`` defaults to ``review_window_days`` of ``data/register.yaml`` (four weeks).
        The list is sorted by due date, most overdue first.
        """
        window = settings().review_window_days if days is None else days
        found = [
            DueMeasure(h, m, (m.due - today).days)
            for h in self.hazards
            for m in h.measures
            if m.status != "done" and m.due is not None and (m.due - today).days <= window
        ]
        return sorted(found, key=lambda d: d.days_left)

    def action_plan(self) -> list[tuple[Hazard, Measure | None]]:
        """Return the action plan's rows: highest band first, then earliest due date.

        A hazard without measures has one row with ``None``; unrated hazards come last.
        """
        rows = [(h, m) for h in self.hazards for m in (h.measures or [None])]

        def key(row: tuple[Hazard, Measure | None]) -> tuple:
            hazard, measure = row
            rank = hazard.rating.rank if hazard.rating else -1
            due = measure.due if measure and measure.due else date.max
            return (-rank, due)

        return sorted(rows, key=key)

    # -- writing -------------------------------------------------------------------------
    def editable(self, by: str) -> str:
        """Check that the assessment may be changed now, by ``by``; return the name used.

        Raises
        ------
        LockedError
            When the trainer marked it reviewed (locked until reopened).
        """
        if self.locked:
            raise LockedError("locked", who=self.reviewed_by)
        return _person(by)

    def _log(self, by: str, action: str, **params: Any) -> None:
        self.history.append(Change(at=now(), by=by, action=action, params=params))

    def _put(self, hazard: Hazard) -> None:
        self.hazards = [hazard if h.id == hazard.id else h for h in self.hazards]

    @classmethod
    def start(cls, by: str, year: int | None = None, **profile: Any) -> Assessment:
        """Start an assessment (step 1) from the profile's fields.

        Parameters
        ----------
        by
            Who starts it.
        year
            The year assessed (this year by default).
        **profile
            The fields of :class:`Profile`: enterprise, sector, size, areas, team, method,
            language.
        """
        assessment = build(
            cls, year=year or date.today().year, profile=build(Profile, **profile).model_dump()
        )
        assessment._log(_person(by), "created", enterprise=assessment.profile.enterprise)
        return assessment

    def update_profile(self, by: str, **changes: Any) -> Profile:
        """Change fields of the profile; the method cannot change once a hazard is rated.

        Raises
        ------
        RegisterError
            When a field is invalid, or the method changes while hazards are rated with it.
        """
        by = self.editable(by)
        profile = build(Profile, **{**self.profile.model_dump(), **changes})
        if profile.method != self.profile.method and any(h.rating for h in self.hazards):
            raise RegisterError("method-fixed", method=self.profile.method)
        self.profile = profile
        self._log(by, "profile", fields=sorted(changes))
        return profile

    def answer(self, statement_id: str, answer: str, by: str) -> Hazard | None:
        """Answer a checklist statement (step 2); a "no" adds its hazard, returned.

        The hazard is titled with the statement's problem in the assessment's language,
        with its suggested location and who may be harmed. Changing a "no" to another
        answer removes its hazard if nothing was added to it.

        Raises
        ------
        RegisterError
            When the statement or answer is unknown, or the hazard has a rating, measures or
            comments (delete those first).
        """
        by = self.editable(by)
        try:
            statement = checklists().get(statement_id)
        except KeyError:
            raise RegisterError("no-statement", id=statement_id) from None
        if answer not in ANSWERS:
            raise RegisterError("not-an-answer", answer=str(answer), allowed=list(ANSWERS))
        existing = next((h for h in self.hazards if h.statement == statement_id), None)
        if answer != "no" and existing is not None:
            if existing.rating or existing.measures or existing.comments:
                raise RegisterError("answer-has-work", hazard=existing.title)
            self.hazards = [h for h in self.hazards if h.id != existing.id]
        self.answers = {**self.answers, statement_id: answer}
        self._log(by, "answer", statement=statement_id, answer=answer)
        if answer == "no" and existing is None:
            # Named by the problem found, never by the statement of good practice; the
            # suggested place and people are a start the team edits.
            lang = self.profile.language
            hazard = build(
                Hazard,
                title=statement.problem.get(lang),
                category=statement.category,
                location=statement.where.get(lang) if statement.where else "",
                who=statement.who.get(lang) if statement.who else "",
                statement=statement_id,
            )
            self.hazards = [*self.hazards, hazard]
            return hazard
        return existing if answer == "no" else None

    def add_hazard(self, title: str, category: str, by: str, **fields: Any) -> Hazard:
        """Add a hazard of the team's own (step 2): ``location``, ``who``, ``existing``."""
        by = self.editable(by)
        hazard = build(Hazard, title=title, category=category, **fields)
        self.hazards = [*self.hazards, hazard]
        self._log(by, "hazard-added", hazard=hazard.title)
        return hazard

    def add_hazards(self, hazards: list[Hazard], by: str, source: str) -> None:
        """Add hazards checked already (an import), all at once."""
        by = self.editable(by)
        self.hazards = [*self.hazards, *hazards]
        self._log(by, "hazards-imported", count=len(hazards), source=source)

    def edit_hazard(self, hazard_id: str, by: str, **changes: Any) -> Hazard:
        """Change a hazard's title, category, location, who or existing controls."""
        by = self.editable(by)
        allowed = {"title", "category", "location", "who", "existing"}
        if set(changes) - allowed:
            raise RegisterError("fields-fixed", fields=sorted(allowed))
        old = self.hazard(hazard_id)
        hazard = build(Hazard, **{**old.model_dump(), **changes})
        self._put(hazard)
        self._log(by, "hazard-changed", hazard=hazard.title, fields=sorted(changes))
        return hazard

    def remove_hazard(self, hazard_id: str, by: str) -> None:
        """Delete a hazard with its rating, measures and photos."""
        by = self.editable(by)
        hazard = self.hazard(hazard_id)
        self.hazards = [h for h in self.hazards if h.id != hazard_id]
        if hazard.statement:
            self.answers = {k: v for k, v in self.answers.items() if k != hazard.statement}
        self._log(by, "hazard-removed", hazard=hazard.title)

    def rate(
        self,
        hazard_id: str,
        factors: dict[str, Any],
        by: str,
        band: str | None = None,
        reason: str | None = None,
    ) -> Rating:
        """Rate a hazard with the profile's method (step 3); see :func:`rate`."""
        by = self.editable(by)
        hazard = self.hazard(hazard_id)
        rating = rate(self.profile.method, factors, band, reason)
        self._put(hazard.model_copy(update={"rating": rating}))
        override = {"computed": rating.computed, "reason": rating.reason}
        self._log(
            by,
            "rated",
            hazard=hazard.title,
            method=rating.method,
            band=rating.band,
            **(override if rating.overridden else {}),
        )
        return rating

    def add_measure(
        self,
        hazard_id: str,
        by: str,
        text: str | None = None,
        library_id: str | None = None,
        **fields: Any,
    ) -> Measure:
        """Add a measure to a hazard (step 4), from the library or written by the team.

        A library measure brings its text (in the profile's language) and level unless
        they are given. Without ``due``, the date is suggested from the hazard's band.

        Parameters
        ----------
        hazard_id
            The hazard.
        by
            Who adds it.
        text
            The measure in the team's words.
        library_id
            A measure of ``data/measures.yaml``.
        **fields
            ``level``, ``responsible``, ``budget``, ``start``, ``due``.
        """
        by = self.editable(by)
        hazard = self.hazard(hazard_id)
        if library_id is not None:
            try:
                known = library().get(library_id)
            except KeyError:
                raise RegisterError("no-library-measure", id=library_id) from None
            text = text or known.text.get(self.profile.language)
            fields.setdefault("level", known.level)
        if set(fields) - {"level", "responsible", "budget", "start", "due"}:
            raise RegisterError("new-measure-planned")
        if fields.get("due") is None and hazard.rating is not None:
            fields["due"] = self.suggest_due(hazard_id, fields.get("start"))
        measure = build(Measure, text=text or "", library=library_id, **fields)
        self._put(hazard.model_copy(update={"measures": [*hazard.measures, measure]}))
        self._log(by, "measure-added", hazard=hazard.title, measure=measure.text)
        return measure

    def _put_measure(self, hazard: Hazard, measure: Measure) -> None:
        measures = [measure if m.id == measure.id else m for m in hazard.measures]
        self._put(hazard.model_copy(update={"measures": measures}))

    def edit_measure(self, hazard_id: str, measure_id: str, by: str, **changes: Any) -> Measure:
        """Change a measure's text, level, responsible person, budget, start or due date."""
        by = self.editable(by)
        allowed = {"text", "level", "responsible", "budget", "start", "due"}
        if set(changes) - allowed:
            raise RegisterError("fields-fixed", fields=sorted(allowed))
        hazard, old = self.hazard(hazard_id), self.measure(hazard_id, measure_id)
        measure = build(Measure, **{**old.model_dump(), **changes})
        self._put_measure(hazard, measure)
        self._log(by, "measure-changed", measure=measure.text, fields=sorted(changes))
        return measure

    def remove_measure(self, hazard_id: str, measure_id: str, by: str) -> None:
        """Delete a measure with its photos."""
        by = self.editable(by)
        hazard, measure = self.hazard(hazard_id), self.measure(hazard_id, measure_id)
        measures = [m for m in hazard.measures if m.id != measure_id]
        self._put(hazard.model_copy(update={"measures": measures}))
        self._log(by, "measure-removed", measure=measure.text)

    def set_status(
        self,
        hazard_id: str,
        measure_id: str,
        status: str,
        by: str,
        residual: dict[str, Any] | None = None,
        band: str | None = None,
        reason: str | None = None,
        done_on: date | None = None,
    ) -> Measure:
        """Set a measure's status; "done" needs the residual rating (re-evaluation).

        Parameters
        ----------
        hazard_id, measure_id
            The measure.
        status
            ``planned``, ``in-progress`` or ``done``.
        by
            Who reports it.
        residual
            For "done": the factors of the risk that remains, with the profile's method.
        band, reason
            For "done": an override of the residual band, with its written reason.
        done_on
            For "done": when it was done (today by default).

        Raises
        ------
        ReevaluationNeeded
            When the status is "done" and no residual rating is given.
        """
        by = self.editable(by)
        if status not in STATUSES:
            raise RegisterError("not-a-status", status=str(status), allowed=list(STATUSES))
        hazard, old = self.hazard(hazard_id), self.measure(hazard_id, measure_id)
        changes: dict[str, Any] = {"status": status, "residual": None, "done_on": None}
        if status == "done":
            if not residual:
                raise ReevaluationNeeded("needs-residual", measure=old.text)
            changes["residual"] = rate(self.profile.method, residual, band, reason)
            changes["done_on"] = done_on or date.today()
        measure = build(Measure, **{**old.model_dump(), **changes})
        self._put_measure(hazard, measure)
        after = measure.residual
        residual_band = {"method": after.method, "residual": after.band} if after else {}
        self._log(by, "status", measure=measure.text, status=status, **residual_band)
        return measure

    def add_photo(
        self,
        hazard_id: str,
        measure_id: str,
        data: bytes,
        filename: str,
        kind: str,
        by: str,
        caption: str = "",
    ) -> Photo:
        """Attach a before or after photo to a measure (checked: JPEG/PNG, size, decodes).

        What is kept is the photo re-encoded (:func:`~widgets.register.photos.clean_photo`):
        upright, at most ``photo_max_side`` pixels, without the file's metadata.

        Raises
        ------
        PhotoError
            When the file is not an acceptable photo, or the assessment holds as many photos
            or bytes of them as it may (``photo-quota``); the message names it.
        """
        by = self.editable(by)
        if kind not in PHOTO_KINDS:
            raise RegisterError("not-a-photo-kind", kind=str(kind))
        hazard, old = self.hazard(hazard_id), self.measure(hazard_id, measure_id)
        kept = clean_photo(data, filename)  # re-encoded: no metadata, nothing appended
        check_quota(self._photo_bytes(), len(kept.data), kept.filename)
        photo = build(
            Photo,
            kind=kind,
            filename=kept.filename,
            mime=kept.mime,
            caption=caption,
            added_at=now(),
            added_by=by,
            data=kept.data,
        )
        self._put_measure(
            hazard, build(Measure, **{**old.model_dump(), "photos": [*old.photos, photo]})
        )
        self._log(by, "photo-added", measure=old.text, kind=kind, name=photo.filename)
        return photo

    def _photo_bytes(self) -> list[bytes]:
        return [p.data for h in self.hazards for m in h.measures for p in m.photos]

    def remove_photo(self, hazard_id: str, measure_id: str, photo_id: str, by: str) -> None:
        """Delete a photo of a measure."""
        by = self.editable(by)
        hazard, old = self.hazard(hazard_id), self.measure(hazard_id, measure_id)
        photos = [p for p in old.photos if p.id != photo_id]
        if len(photos) == len(old.photos):
            raise RegisterError("no-photo", id=photo_id)
        self._put_measure(hazard, old.model_copy(update={"photos": photos}))
        self._log(by, "photo-removed", measure=old.text)

    # -- the trainer's consulting loop -----------------------------------------------------
    def add_visit_note(self, text: str, by: str) -> Comment:
        """Add the trainer's note of a visit to the enterprise."""
        by = self.editable(by)
        note = build(Comment, at=now(), by=by, text=text)
        self.visit_notes = [*self.visit_notes, note]
        self._log(by, "visit-note")
        return note

    def comment(self, hazard_id: str, text: str, by: str) -> Comment:
        """Add the trainer's comment on a hazard."""
        by = self.editable(by)
        hazard = self.hazard(hazard_id)
        note = build(Comment, at=now(), by=by, text=text)
        self._put(hazard.model_copy(update={"comments": [*hazard.comments, note]}))
        self._log(by, "comment", hazard=hazard.title)
        return note

    def mark_reviewed(self, by: str) -> None:
        """Mark the assessment reviewed by the trainer: it is locked until reopened."""
        by = self.editable(by)
        self.reviewed_by, self.reviewed_at = by, now()
        self._log(by, "reviewed")

    def reopen(self, by: str) -> None:
        """Unlock an assessment marked reviewed, so the team can change it again."""
        by = _person(by)
        if not self.locked:
            raise RegisterError("not-locked")
        self.reviewed_by = self.reviewed_at = None
        self._log(by, "reopened")

    # -- step 5: review --------------------------------------------------------------------
    def copy_for_review(self, year: int, by: str) -> Assessment:
        """Start next year's review from this assessment.

        The copy keeps the profile, the answers and the hazards; a hazard's current risk
        (the residual rating where a measure is done) becomes its rating, measures done
        join its existing controls, and only measures not done stay in the plan. Comments,
        visit notes, the lock and the history start afresh.

        Raises
        ------
        RegisterError
            When ``year`` is not after this assessment's year.
        """
        by = _person(by)
        if year <= self.year:
            raise RegisterError("review-year", year=self.year)
        hazards = []
        for hazard in self.hazards:
            done = [m.text for m in hazard.measures if m.status == "done"]
            data = hazard.model_dump()
            data.update(
                rating=hazard.current.model_dump() if hazard.current else None,
                existing="; ".join([t for t in [hazard.existing, *done] if t])[:2000],
                measures=[m.model_dump() for m in hazard.measures if m.status != "done"],
                comments=[],
            )
            hazards.append(data)
        copy = build(
            Assessment,
            year=year,
            profile=self.profile.model_dump(),
            answers=dict(self.answers),
            hazards=hazards,
            previous=self.id,
        )
        copy._log(by, "created", enterprise=self.profile.enterprise, year=year, previous=self.year)
        return copy

    # -- JSON --------------------------------------------------------------------------------
    def to_json(self) -> str:
        """Return the whole assessment as JSON (photos in base64); :meth:`from_json` reads it."""
        return self.model_dump_json(indent=1)

    @classmethod
    def from_json(cls, text: str | bytes) -> Assessment:
        """Read an assessment written by :meth:`to_json`; every photo is checked again.

        A history written before the history was data (entries with only ``what``) is read
        as legacy entries.

        Raises
        ------
        RegisterError
            ``not-an-assessment-file`` when the text is not an OSH Workbook assessment or any
            part of it is invalid (``problems`` as :func:`explain` gives them);
            ``photo-mislabelled`` or a :class:`PhotoError` for a photo that is not what it
            claims to be.
        """
        try:
            assessment = cls.model_validate_json(text)
        except ValidationError as exc:
            raise RegisterError("not-an-assessment-file", problems=explain(exc, 5)) from None
        for hazard in assessment.hazards:
            for measure in hazard.measures:
                for photo in measure.photos:
                    if check_photo(photo.data, photo.filename) != photo.mime:
                        raise PhotoError("photo-mislabelled", name=photo.filename)
        photos = assessment._photo_bytes()
        if photos:
            check_quota(photos, 0, "")
        return assessment

    def take_team_content(self, other: Assessment, by: str, source: str) -> list[str]:
        """Take the team's content from ``other`` (an assessment file the team kept).

        The profile (but the enterprise's name, which is the class's record), the checklist
        answers, the hazards with their ratings, measures and photos replace this
        assessment's. What only the trainer writes (the review and lock, visit notes,
        comments on hazards), the file's history and its ids are not taken: comments the
        trainer wrote here stay on their hazards. A photo this assessment does not hold
        already is re-encoded as an upload is (no metadata, nothing appended to it), and the
        photo quota holds. The import is one history entry.

        Returns
        -------
        list of str
            What only the trainer writes and the file had otherwise than here, so was not
            taken: ``review``, ``visit-notes``, ``comments`` (for the page to say so).

        Raises
        ------
        LockedError
            When this assessment is locked (reviewed by the trainer).
        """
        by = self.editable(by)
        here = {h.id: h.comments for h in self.hazards}
        ignored = [
            field
            for field, differs in (
                (
                    "review",
                    (other.reviewed_by, other.reviewed_at) != (self.reviewed_by, self.reviewed_at),
                ),
                ("visit-notes", other.visit_notes != self.visit_notes),
                ("comments", any(h.comments != here.get(h.id, []) for h in other.hazards)),
            )
            if differs
        ]
        # Photos kept here already stay as they are; any other photo of the file is
        # re-encoded as an upload is (no metadata, nothing appended), within the quota.
        kept = {p.data for h in self.hazards for m in h.measures for p in m.photos}
        hazards = []
        for h in other.hazards:
            measures = []
            for m in h.measures:
                photos = []
                for p in m.photos:
                    if p.data not in kept:
                        clean = clean_photo(p.data, p.filename)
                        p = p.model_copy(
                            update={
                                "data": clean.data,
                                "mime": clean.mime,
                                "filename": clean.filename,
                            }
                        )
                    photos.append(p)
                measures.append(m.model_copy(update={"photos": photos}))
            hazards.append(
                h.model_copy(update={"comments": list(here.get(h.id, [])), "measures": measures})
            )
        check_quota([p.data for h in hazards for m in h.measures for p in m.photos], 0, source)
        profile = other.profile.model_copy(update={"enterprise": self.profile.enterprise})
        self.profile, self.answers, self.hazards = profile, dict(other.answers), hazards
        self._log(by, "imported", source=str(source)[:200], hazards=len(hazards))
        return ignored


def _person(by: object) -> str:
    text = " ".join(str(by).split()) if isinstance(by, str) else ""
    if not text or len(text) > 100:
        raise RegisterError("who-missing")
    return text
