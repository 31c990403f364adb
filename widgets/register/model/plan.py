"""Steps 3 and 4 of an assessment: hazards rated, measures planned and done, their photos.

A part of :class:`~widgets.register.model.Assessment`: every verb checks the lock, validates
the new state and records the change in the history.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from widgets.measures.model import library
from widgets.register.errors import ReevaluationNeeded, RegisterError
from widgets.register.model.hazards import Hazard, Measure, Photo
from widgets.register.model.ratings import Rating, rate
from widgets.register.model.records import PHOTO_KINDS, STATUSES, build, now
from widgets.register.photos import check_quota, clean_photo
from widgets.register.settings import settings


class ActionPlanSteps:
    """Rating hazards and planning their measures (a part of :class:`Assessment`)."""

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
        # Re-encoded: no metadata, nothing appended.
        kept = clean_photo(data, filename)
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
