"""What an assessment still lacks, and what the team should look at (steps 4 and 5).

The rules of a complete assessment (:meth:`CompletenessRules.missing`), the notices a team
should look at, the measures overdue or due soon, and the order of the action plan. Each is
data (a code and its values); the view says it in the reader's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from widgets.register.model.hazards import Hazard, Measure
from widgets.register.settings import settings


@dataclass(frozen=True)
class Notice:
    """Something the team should look at: ``kind`` names the rule, ``params`` its values.

    The view says it in the reader's language (:func:`widgets.register.messages.notice`).
    """

    kind: str
    hazard: str | None = None
    params: dict[str, Any] = field(default_factory=dict)


MISSING_CODES = (
    "no-hazard",
    "open-statements",
    "no-worker",
    "unrated",
    "high-no-measure",
    "no-measure",
    "measure-vague",
)
"""The rules of a complete assessment, in the order the list shows them
(:meth:`CompletenessRules.missing`); the programme report counts the same ones."""


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


class CompletenessRules:
    """Reading an assessment for what it lacks (a part of :class:`Assessment`)."""

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
