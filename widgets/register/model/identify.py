"""Steps 1 and 2 of an assessment: its profile changed, the checklist answered, hazards named.

A part of :class:`~widgets.register.model.Assessment`: every verb checks the lock, validates
the new state and records the change in the history.
"""

from __future__ import annotations

from typing import Any

from widgets.register.errors import RegisterError
from widgets.register.model.hazards import Hazard
from widgets.register.model.profile import Profile
from widgets.register.model.records import ANSWERS, build
from widgets.register.settings import Statement, checklists


class IdentifySteps:
    """The checklist and the hazards found (a part of :class:`Assessment`)."""

    def checklist(self) -> list[Statement]:
        """Return the checklist statements for the enterprise's sector and areas."""
        return checklists().for_enterprise(self.profile.sector, self.profile.area_kinds())

    def unanswered(self) -> list[Statement]:
        """Return the statements not answered yet or left for later."""
        return [s for s in self.checklist() if self.answers.get(s.id, "later") == "later"]

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
