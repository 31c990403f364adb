"""The trainer's loop and the next review: visit notes, comments, the lock, a year's copy.

Also the team's own file taken back in (:meth:`TrainerReview.take_team_content`). A part of
:class:`~widgets.register.model.Assessment`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from widgets.register.errors import RegisterError
from widgets.register.model.hazards import Comment
from widgets.register.model.records import _person, build, now
from widgets.register.photos import check_quota, clean_photo

if TYPE_CHECKING:
    from widgets.register.model.assessment import Assessment


class TrainerReview:
    """The trainer's verbs and next year's review (a part of :class:`Assessment`)."""

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
            type(self),
            year=year,
            profile=self.profile.model_dump(),
            answers=dict(self.answers),
            hazards=hazards,
            previous=self.id,
        )
        copy._log(by, "created", enterprise=self.profile.enterprise, year=year, previous=self.year)
        return copy

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
