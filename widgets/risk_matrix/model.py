"""What a risk matrix shows and what a learner has chosen on it (pure; no ipywidgets)."""

from __future__ import annotations

from dataclasses import dataclass, field

from widgets.risk.model import Evaluation, Factor, Method, Number, RatingError


@dataclass(frozen=True)
class Cell:
    """One cell of a two-factor grid: the values that lead to it and their rating."""

    row: Number
    column: Number
    rating: Evaluation


@dataclass(frozen=True)
class Grid:
    """A two-factor method laid out as rows × columns, the most likely row on top."""

    rows: Factor
    columns: Factor
    cells: list[list[Cell]]


def grid(method: Method) -> Grid:
    """Lay out a two-factor method: first factor as rows (highest on top), second as columns.

    Raises
    ------
    ValueError
        When the method does not have exactly two factors.
    """
    if not method.is_matrix:
        raise ValueError(f"{method.id} has {len(method.factors)} factors; a grid needs two")
    rows, columns = method.factors
    cells = [
        [Cell(r, c, method.evaluate(**{rows.id: r, columns.id: c})) for c in columns.allowed()]
        for r in reversed(rows.allowed())
    ]
    return Grid(rows, columns, cells)


def score_ranges(method: Method) -> dict[str, tuple[Number, Number]]:
    """Return, for each band of a scored method, the lowest and highest score it can get."""
    spans: dict[str, tuple[Number, Number]] = {}
    for evaluation in method.all_evaluations():
        low, high = spans.get(evaluation.band.id, (evaluation.score, evaluation.score))
        spans[evaluation.band.id] = (min(low, evaluation.score), max(high, evaluation.score))
    return spans


@dataclass
class Rating:
    """A learner's rating of one hazard with one method; changes only through valid choices.

    Parameters
    ----------
    method
        The method to rate with.
    """

    method: Method
    choices: dict[str, object] = field(default_factory=dict)
    result: Evaluation | None = None

    def choose(self, **values: object) -> Evaluation | None:
        """Set some factor values (or ``band=`` for a direct method); rate once all are set.

        A value not on its scale raises :class:`RatingError` and changes nothing.
        """
        candidate = {**self.choices, **values}
        if self.method.score == "direct":
            self.method.evaluate(**candidate)
        else:
            # Fill the factors not chosen yet, so that evaluate() checks exactly these values.
            placeholders = {f.id: f.allowed()[0] for f in self.method.factors}
            self.method.evaluate(**{**placeholders, **candidate})
        self.choices = candidate
        self.result = self._rate()
        return self.result

    def clear(self) -> None:
        """Forget every choice."""
        self.choices = {}
        self.result = None

    def _rate(self) -> Evaluation | None:
        if self.method.score == "direct":
            return self.method.evaluate(band=self.choices["band"]) if self.choices else None
        if all(f.id in self.choices for f in self.method.factors):
            return self.method.evaluate(**self.choices)
        return None


@dataclass
class Comparison:
    """One hazard rated with several methods, to see where they agree."""

    ratings: dict[str, Evaluation] = field(default_factory=dict)

    def record(self, evaluation: Evaluation) -> None:
        """Keep ``evaluation`` as this hazard's rating under its method."""
        self.ratings[evaluation.method.id] = evaluation

    def forget(self, method_id: str) -> None:
        """Drop the rating under ``method_id``, if any."""
        self.ratings.pop(method_id, None)

    def level(self, method_id: str) -> float | None:
        """Return where the band sits in its method, from 0 (lowest band) to 1 (highest)."""
        rating = self.ratings.get(method_id)
        if rating is None:
            return None
        return rating.rank / (len(rating.method.bands) - 1)

    def agree(self) -> bool | None:
        """Whether every method put the hazard at the same relative level (None if < 2 rated)."""
        levels = {round(self.level(m), 6) for m in self.ratings}
        return None if len(self.ratings) < 2 else len(levels) == 1


__all__ = ["Cell", "Comparison", "Grid", "Rating", "RatingError", "grid", "score_ranges"]
