"""What the pitfalls lab computes (pure; no ipywidgets): four ways a risk matrix misleads.

1. Range compression: very different risks share a band.
2. Ranking reversal: methods order the same hazards differently.
3. Band edges: where a boundary is drawn decides what counts as high.
4. Worst case or typical severity: the same hazard lands in different bands.

Numbers behind the levels (events a year, harm weights) are illustrative, from
``data/pitfalls.yaml``, and every view says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from pydantic import Field, model_validator

from widgets.content.models import FieldError, Id, Provenance, Strict, Text, load_model
from widgets.paths import data_dir
from widgets.risk.model import Evaluation, RatingError, evaluate, get_method

MATRIX = "5x5"


class Rated(Strict):
    """A hazard with its 5x5 factor values."""

    label: Text
    factors: dict[Id, int]


class Compared(Strict):
    """A hazard rated with several methods."""

    id: Id
    label: Text
    ratings: dict[Id, dict[Id, float]]


class Severity(Strict):
    """One hazard seen as it typically goes, and at its worst."""

    label: Text
    typical: dict[Id, int]
    worst: dict[Id, int]


class Compression(Strict):
    """Two hazards for the range-compression demonstration."""

    first: Rated
    second: Rated


class PitfallsData(Strict):
    """The inputs of the pitfalls lab."""

    schema_version: int = Field(ge=1, le=1)
    provenance: Provenance
    frequency_per_year: list[float] = Field(min_length=5, max_length=5)
    harm_weight: list[float] = Field(min_length=5, max_length=5)
    compression: Compression
    comparison: list[Compared] = Field(min_length=2)
    severity: Severity

    @model_validator(mode="after")
    def _ratings_exist(self) -> PitfallsData:
        for i, hazard in enumerate(self.comparison):
            for method_id, factors in hazard.ratings.items():
                try:
                    evaluate(method_id, **factors)
                except (RatingError, LookupError) as exc:
                    raise FieldError(("comparison", i, "ratings", method_id), str(exc)) from None
        return self


@cache
def pitfalls() -> PitfallsData:
    """Return the lab's inputs (read once)."""
    return load_model(PitfallsData, data_dir() / "pitfalls.yaml")


def expected_harm(likelihood: int, severity: int) -> float:
    """Illustrative expected harm a year of a 5x5 rating: events a year × harm weight."""
    data = pitfalls()
    return data.frequency_per_year[likelihood - 1] * data.harm_weight[severity - 1]


@dataclass(frozen=True)
class CompressionResult:
    """Two ratings, their bands, and how far apart their illustrative harms are."""

    first: Evaluation
    second: Evaluation
    harm_ratio: float

    @property
    def same_band(self) -> bool:
        """Whether the matrix puts both hazards in one band."""
        return self.first.band.id == self.second.band.id


def compress(first: dict[str, int], second: dict[str, int]) -> CompressionResult:
    """Rate two hazards on the 5x5 matrix and compare their illustrative expected harms."""
    a, b = evaluate(MATRIX, **first), evaluate(MATRIX, **second)
    harms = sorted([expected_harm(**first), expected_harm(**second)])
    return CompressionResult(a, b, harms[1] / harms[0])


def level(rating: Evaluation) -> float:
    """Where a band sits in its method, from 0 (lowest) to 1 (highest)."""
    return rating.rank / (len(rating.method.bands) - 1)


def rankings(method_ids: list[str]) -> dict[str, list[tuple[str, Evaluation]]]:
    """Rate every comparison hazard with each method; highest risk first within a method."""
    out = {}
    for method_id in method_ids:
        rated = [
            (h.id, evaluate(method_id, **h.ratings[method_id]))
            for h in pitfalls().comparison
            if method_id in h.ratings
        ]
        out[method_id] = sorted(rated, key=lambda pair: (-pair[1].rank, -(pair[1].score or 0)))
    return out


def reversals(method_ids: list[str]) -> list[tuple[str, str, str, str]]:
    """Pairs two methods put in opposite order: (above in m1, below in m1, m1, m2)."""
    ranks = {m: {h: (e.rank, e.score) for h, e in r} for m, r in rankings(method_ids).items()}
    found = []
    for i, m1 in enumerate(method_ids):
        for m2 in method_ids[i + 1 :]:
            common = sorted(set(ranks[m1]) & set(ranks[m2]))
            for j, h1 in enumerate(common):
                for h2 in common[j + 1 :]:
                    first, second = ranks[m1], ranks[m2]
                    if first[h1] == first[h2] or second[h1] == second[h2]:
                        continue
                    if (first[h1] > first[h2]) != (second[h1] > second[h2]):
                        above, below = (h1, h2) if first[h1] > first[h2] else (h2, h1)
                        found.append((above, below, m1, m2))
    return found


def high_cells(high_from: int) -> int:
    """How many of the 25 cells of the 5x5 matrix are 'high' when high starts at ``high_from``."""
    return sum(1 for lk in range(1, 6) for sv in range(1, 6) if lk * sv >= high_from)


def band_moved(factors: dict[str, int], high_from: int) -> tuple[bool, bool]:
    """Whether a 5x5 rating is high under the usual edge, and under ``high_from``."""
    rating = evaluate(MATRIX, **factors)
    usual = rating.band.id == get_method(MATRIX).bands[-1].id
    return usual, rating.score >= high_from


def severity_views() -> dict[str, Evaluation]:
    """Rate the severity example as it typically goes, at its worst, and mixed.

    Mixed takes the worst severity with the typical likelihood: the common mistake that
    overrates a hazard.
    """
    data = pitfalls().severity
    mixed = {"likelihood": data.typical["likelihood"], "severity": data.worst["severity"]}
    return {
        "typical": evaluate(MATRIX, **data.typical),
        "worst": evaluate(MATRIX, **data.worst),
        "mixed": evaluate(MATRIX, **mixed),
    }
