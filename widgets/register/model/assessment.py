"""One enterprise's risk assessment for one year (:class:`Assessment`), with its history.

The fields, the lookups, the lock and the history are here; the verbs of each step are in
:mod:`~widgets.register.model.identify` (steps 1 and 2), :mod:`~widgets.register.model.plan`
(steps 3 and 4), :mod:`~widgets.register.model.completeness` (what is missing) and
:mod:`~widgets.register.model.review` (the trainer's loop, next year's review), each a part
the class is made of.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any, Literal

from pydantic import Field, ValidationError, model_validator
from pydantic_core import PydanticCustomError

from widgets.register.errors import LockedError, PhotoError, RegisterError
from widgets.register.model.completeness import CompletenessRules
from widgets.register.model.hazards import Comment, Hazard, Measure
from widgets.register.model.identify import IdentifySteps
from widgets.register.model.plan import ActionPlanSteps
from widgets.register.model.profile import Profile
from widgets.register.model.records import (
    EXPORT_FORMAT,
    EXPORT_VERSION,
    Answer,
    Key,
    Param,
    ParamKey,
    Person,
    Record,
    Words,
    _person,
    build,
    explain,
    now,
)
from widgets.register.model.review import TrainerReview
from widgets.register.photos import check_photo, check_quota
from widgets.risk.model import Method, get_method


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


# -- the assessment --------------------------------------------------------------------------
class Assessment(IdentifySteps, ActionPlanSteps, CompletenessRules, TrainerReview, Record):
    """One enterprise's risk assessment for one year, with its history."""

    format: Literal["osh-workbook-assessment"] = EXPORT_FORMAT
    version: Literal[1] = EXPORT_VERSION
    id: str = Field(default_factory=lambda: uuid.uuid4().hex, pattern=r"^[0-9a-f]{32}$")
    year: int = Field(ge=2000, le=2200)
    profile: Profile
    answers: dict[Key, Answer] = Field(default={})
    hazards: list[Hazard] = Field(default=[], max_length=500)
    visit_notes: list[Comment] = Field(default=[])
    reviewed_by: Person | None = None
    reviewed_at: datetime | None = None
    previous: str | None = Field(default=None, description="The assessment this reviews.")
    created_at: datetime = Field(default_factory=now)
    history: list[Change] = Field(default=[])
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

    # -- JSON --------------------------------------------------------------------------------
    def to_json(self) -> str:
        """Return the whole assessment as JSON (photos in base64); :meth:`from_json` reads it."""
        return self.model_dump_json(indent=1)

    def to_json_bytes(self) -> bytes:
        """Return :meth:`to_json` encoded as UTF-8, made once (a file of photos is large)."""
        return self.__pydantic_serializer__.to_json(self, indent=1)

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
