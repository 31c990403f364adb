"""What a class answered in one exercise, set against the reference (pure; no ipywidgets).

Each participant's saved state is read back through the exercise's own model (so a
state the exercise would refuse is reported, not counted) and judged with the same rules
participants see: :func:`widgets.exercises.model.compare` for ratings, ``check()`` for the
other types. Answers count as they are now, checked or not: the trainer sees the class
working live; who has checked is listed separately.

How much the class disagrees about a hazard (its **spread**) is the share of the people
who rated it whose band is not the band most of them chose: 0 when everyone agrees on the
band, 0.4 when two in five are off the majority. It counts bands, not cells, because the
band is what decides action, and it says nothing about how far apart the bands are, so
hazards with the same spread are ordered by their **band range** (highest band chosen minus
lowest). A hazard's disagreement is the larger of its two stages (now, with controls).
With fewer than two ratings the spread is 0: one person cannot disagree.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from widgets.content.models import Text
from widgets.exercises.catalog import find_exercise
from widgets.exercises.model import (
    STAGES,
    ExerciseError,
    ExerciseModel,
    RiskRatingModel,
    compare,
    model_for,
)
from widgets.exercises.schema import ControlSorting, Exercise, HazardSpotting, Quiz, RiskRating
from widgets.hierarchy.model import hierarchy
from widgets.risk.model import Evaluation, Method, Number

if TYPE_CHECKING:
    from widgets.store.service import Store

log = logging.getLogger(__name__)

VERDICTS = ("same-cell", "same-band", "higher", "lower", "missing")
"""How a rating compares with the reference, in the order the debrief lists them."""


@dataclass(frozen=True)
class Someone:
    """A participant as the debrief names them."""

    id: int
    name: str
    enterprise: str
    role: str
    updated_at: datetime | None = None


@dataclass
class StageDebrief:
    """The class's ratings of one hazard at one stage: now (``inherent``) or ``residual``.

    Attributes
    ----------
    stage
        ``inherent`` or ``residual``.
    reference
        The trainer's reference rating.
    cells
        How many chose each combination of factor values, keyed by the values in the
        method's factor order (``(likelihood, severity)`` for the 5×5 matrix).
    bands
        How many ended in each band of the method, every band listed, lowest first.
    verdicts
        How many ratings are ``same-cell``, ``same-band``, ``higher``, ``lower`` than the
        reference, and how many who started have not rated it (``missing``).
    """

    stage: str
    reference: Evaluation
    cells: dict[tuple[Number, ...], int]
    bands: dict[str, int]
    verdicts: dict[str, int]

    @property
    def method(self) -> Method:
        """The method the hazard is rated with."""
        return self.reference.method

    @property
    def rated(self) -> int:
        """How many rated the hazard at this stage."""
        return sum(self.bands.values())

    @property
    def reference_cell(self) -> tuple[Number, ...]:
        """The reference's factor values, keyed like :attr:`cells`."""
        return tuple(self.reference.factors[f.id] for f in self.method.factors)

    def count(self, *values: Number) -> int:
        """Return how many chose the cell of these factor values (in factor order)."""
        return self.cells.get(tuple(values), 0)

    @property
    def most(self) -> int:
        """The largest count in any one cell (0 when nobody rated)."""
        return max(self.cells.values(), default=0)

    @property
    def modal_band(self) -> str | None:
        """The band most chose (the lower one on a tie), or ``None`` when nobody rated."""
        if not self.rated:
            return None
        top = max(self.bands.values())
        return next(band for band, n in self.bands.items() if n == top)

    @property
    def spread(self) -> float:
        """The share of raters outside the most common band (0 with fewer than 2 ratings)."""
        if self.rated < 2:
            return 0.0
        return 1 - max(self.bands.values()) / self.rated

    @property
    def band_range(self) -> int:
        """Highest band chosen minus lowest, in band steps (0 when nobody rated)."""
        ranks = [i for i, n in enumerate(self.bands.values()) if n]
        return max(ranks) - min(ranks) if ranks else 0


@dataclass
class HazardDebrief:
    """One hazard of a risk-rating exercise: the class's ratings now and with controls."""

    item_id: str
    position: int
    hazard: Text
    stages: dict[str, StageDebrief]

    @property
    def spread(self) -> float:
        """The larger spread of the two stages."""
        return max(stage.spread for stage in self.stages.values())

    @property
    def band_range(self) -> int:
        """The larger band range of the two stages."""
        return max(stage.band_range for stage in self.stages.values())


@dataclass(frozen=True)
class Choice:
    """One answer an item offers and how many gave it.

    ``text`` is the content's own words (a quiz option); ``None`` for choices the view
    names itself (a hierarchy level is named by ``id``; ``hazard``/``not-hazard``).
    """

    id: str
    count: int
    correct: bool
    text: Text | None = None


@dataclass
class ItemDebrief:
    """One question, observation or measure: how many answered it, how many rightly."""

    item_id: str
    position: int
    text: Text
    right: int
    answered: int
    verdicts: dict[str, int]
    choices: list[Choice]

    @property
    def share_right(self) -> float | None:
        """The share of those who answered it who got it right (``None`` if nobody did)."""
        return self.right / self.answered if self.answered else None

    @property
    def correct(self) -> list[str]:
        """The ids of the right choices."""
        return [c.id for c in self.choices if c.correct]


@dataclass
class Debrief:
    """A class's work on one exercise, against the reference.

    Attributes
    ----------
    people
        Everyone in the class, in the order they joined.
    not_started
        Those with nothing saved for the exercise.
    not_checked, checked
        Those who started, split by whether their current answers are checked.
    unreadable
        Those whose saved state the exercise refuses (it changed since they saved).
    hazards
        For a risk-rating exercise, one entry per hazard, in the exercise's order.
    items
        For the other types, one entry per question, observation or measure.
    """

    class_code: str
    exercise: Exercise
    method: Method | None
    people: list[Someone]
    not_started: list[Someone]
    not_checked: list[Someone]
    checked: list[Someone]
    unreadable: list[Someone]
    hazards: list[HazardDebrief]
    items: list[ItemDebrief]

    @property
    def started(self) -> int:
        """How many have saved something for the exercise."""
        return len(self.people) - len(self.not_started)

    def disputed(self) -> list[HazardDebrief]:
        """Return the hazards, the one the class disagrees about most first.

        Ordered by spread, then band range, then the exercise's order.
        """
        return sorted(self.hazards, key=lambda h: (-h.spread, -h.band_range, h.position))


def summarise(exercise: Exercise, rows: list[dict[str, Any]], class_code: str = "") -> Debrief:
    """Build the debrief of ``exercise`` from a class's rows.

    Parameters
    ----------
    exercise
        The exercise, as read from its file.
    rows
        One per participant, as :meth:`widgets.store.service.Store.answers` gives them:
        ``id``, ``name``, ``enterprise``, ``role``, ``state`` (``None`` if not started)
        and ``updated_at``.
    class_code
        The class's code, to show.
    """
    people, not_started, not_checked, checked, unreadable = [], [], [], [], []
    models: list[ExerciseModel] = []
    for row in rows:
        who = Someone(row["id"], row["name"], row["enterprise"], row["role"], row.get("updated_at"))
        people.append(who)
        state = row.get("state")
        if state is None:
            not_started.append(who)
            continue
        model = model_for(exercise)
        try:
            model.restore(state)
        except ExerciseError as exc:
            log.warning(
                "debrief %s: state of participant %s not read: %s", exercise.id, who.id, exc
            )
            unreadable.append(who)
            continue
        (checked if model.result is not None else not_checked).append(who)
        models.append(model)
    method, hazards, items = None, [], []
    if isinstance(exercise, RiskRating):
        reference = RiskRatingModel(exercise)
        method = reference.method
        hazards = [
            HazardDebrief(
                item.id,
                n,
                item.hazard,
                {stage: _stage(reference, models, item.id, stage) for stage in STAGES},
            )
            for n, item in enumerate(exercise.items, 1)
        ]
    else:
        # Judge every participant's answers as they are now, on a copy, with the
        # exercise's own check (the saved state is not changed).
        results = [model.check().items for model in models]
        for n, item in enumerate(exercise.items):
            verdicts = Counter(found[n].verdict for found in results)
            items.append(_item(exercise, n, item, verdicts, models))
    return Debrief(
        class_code,
        exercise,
        method,
        people,
        not_started,
        not_checked,
        checked,
        unreadable,
        hazards,
        items,
    )


def _stage(
    reference: RiskRatingModel, models: list[ExerciseModel], item_id: str, stage: str
) -> StageDebrief:
    target = reference.reference(item_id, stage)
    factors = [f.id for f in reference.method.factors]
    cells: Counter[tuple[Number, ...]] = Counter()
    bands = {band.id: 0 for band in reference.method.bands}
    verdicts = dict.fromkeys(VERDICTS, 0)
    for model in models:
        rating = model.evaluation(item_id, stage)
        verdicts[compare(rating, target)] += 1
        if rating is not None:
            cells[tuple(rating.factors[f] for f in factors)] += 1
            bands[rating.band.id] += 1
    return StageDebrief(stage, target, dict(cells), bands, verdicts)


def _item(
    exercise: Exercise, n: int, item: Any, verdicts: Counter[str], models: list[ExerciseModel]
) -> ItemDebrief:
    if isinstance(exercise, Quiz):
        chosen = Counter(o for model in models for o in model.answers.get(item.id, []))
        choices = [Choice(o.id, chosen[o.id], o.correct, o.text) for o in item.options]
        right, answered = verdicts["right"], verdicts["right"] + verdicts["wrong"]
    elif isinstance(exercise, HazardSpotting):
        marked = verdicts["found"] + verdicts["wrong"]
        choices = [
            Choice("hazard", marked, item.hazard),
            Choice("not-hazard", sum(verdicts.values()) - marked, not item.hazard),
        ]
        right, answered = verdicts["found"] + verdicts["right"], sum(verdicts.values())
    elif isinstance(exercise, ControlSorting):
        placed = Counter(model.answers["levels"].get(item.id) for model in models)
        choices = [Choice(i, placed[i], i == item.level) for i in hierarchy().ids()]
        right, answered = verdicts["right"], verdicts["right"] + verdicts["wrong"]
    else:  # pragma: no cover - every exercise type is handled above
        raise TypeError(f"no debrief for exercise type {exercise.type!r}")
    return ItemDebrief(item.id, n + 1, item.text, right, answered, dict(verdicts), choices)


def load_debrief(store: Store, code: str, exercise_id: str, folder: Path | None = None) -> Debrief:
    """Read a class's work on one exercise from ``store`` and build its debrief.

    Raises
    ------
    widgets.store.service.StoreError
        When there is no such class (``unknown-class``).
    widgets.exercises.catalog.ExerciseUnavailableError
        When the exercise's file is missing or broken.
    """
    exercise = find_exercise(exercise_id, folder)
    rows = store.answers(code, exercise.id)
    return summarise(exercise, rows, code.strip().upper())


__all__ = [
    "VERDICTS",
    "Choice",
    "Debrief",
    "HazardDebrief",
    "ItemDebrief",
    "Someone",
    "StageDebrief",
    "load_debrief",
    "summarise",
]
