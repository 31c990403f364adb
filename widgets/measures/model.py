"""The measures library (``data/measures.yaml``) and hazard categories (``data/hazards.yaml``).

Exercises refer to a measure by id instead of writing it again; the library says its level
in the hierarchy of controls, its rough cost, the expertise it needs and the kinds of hazard
it addresses. Low-cost ideas, in the spirit of ILO's WISE checklists, come first.
"""

from __future__ import annotations

from functools import cache
from typing import Literal

from pydantic import Field, model_validator

from widgets.content.models import FieldError, Id, Provenance, Strict, Text, load_model
from widgets.hierarchy.model import hierarchy
from widgets.paths import data_dir

COSTS = ("none", "low", "medium", "high")
EXPERTISE = ("none", "trained", "specialist")


class Category(Strict):
    """A kind of hazard (electrical, chemical…)."""

    id: Id
    label: Text
    description: Text


class HazardCategories(Strict):
    """The kinds of hazard the course teaches."""

    schema_version: int = Field(ge=1, le=1)
    provenance: Provenance
    categories: list[Category] = Field(min_length=1)

    def ids(self) -> list[str]:
        """Return the category ids."""
        return [c.id for c in self.categories]


class LibraryMeasure(Strict):
    """A control measure of the library."""

    id: Id
    text: Text = Field(description="The measure, as a team would write it in an action plan.")
    level: Id = Field(description="Its level in data/hierarchy.yaml.")
    cost: Literal["none", "low", "medium", "high"] = Field(description="Rough cost.")
    expertise: Literal["none", "trained", "specialist"] = Field(
        description="Who can do it: anyone, someone trained, or a specialist."
    )
    hazards: list[Id] = Field(min_length=1, description="Hazard categories it addresses.")
    sectors: list[Id] = Field(
        default=[],
        description="Sectors of data/register.yaml it is written for; empty: any sector.",
    )
    note: Text | None = Field(default=None, description="How to do it well; a tip.")


class MeasuresLibrary(Strict):
    """The library of control measures, low-cost first."""

    schema_version: int = Field(ge=1, le=1)
    provenance: Provenance
    measures: list[LibraryMeasure] = Field(min_length=1)

    @model_validator(mode="after")
    def _coherent(self) -> MeasuresLibrary:
        levels, kinds = hierarchy().ids(), hazard_categories().ids()
        seen: set[str] = set()
        for i, measure in enumerate(self.measures):
            if measure.id in seen:
                raise FieldError(("measures", i, "id"), f"id {measure.id!r} is used twice")
            seen.add(measure.id)
            if measure.level not in levels:
                raise FieldError(
                    ("measures", i, "level"),
                    f"{measure.level!r} is not a level "
                    f"of the hierarchy; expected one of {', '.join(levels)}",
                )
            for j, kind in enumerate(measure.hazards):
                if kind not in kinds:
                    raise FieldError(
                        ("measures", i, "hazards", j),
                        f"{kind!r} is not a hazard category; expected one of {', '.join(kinds)}",
                    )
        costs = [COSTS.index(m.cost) for m in self.measures]
        for i in range(1, len(costs)):
            if costs[i] < costs[i - 1]:
                raise FieldError(
                    ("measures", i, "cost"),
                    "list cheaper measures first (none, "
                    "low, medium, high): low-cost ideas lead the library",
                )
        return self

    def suggested(self, category: str, sector: str | None = None) -> list[LibraryMeasure]:
        """Return the measures to suggest for a hazard of ``category`` in ``sector``.

        Those addressing the category and written for the sector (or for any sector), the
        sector's own first, then in the library's order (low-cost first). A measure written
        for other sectors only (a kindergarten's socket covers for a food workshop) is not
        suggested; every measure stays available in :attr:`measures`.
        """
        fits = [
            m
            for m in self.measures
            if category in m.hazards and (not m.sectors or sector in m.sectors)
        ]
        return sorted(fits, key=lambda m: not m.sectors)

    def get(self, measure_id: str) -> LibraryMeasure:
        """Return a measure.

        Raises
        ------
        KeyError
            When the library has no such measure.
        """
        for measure in self.measures:
            if measure.id == measure_id:
                return measure
        raise KeyError(measure_id)


@cache
def hazard_categories() -> HazardCategories:
    """Return the hazard categories (read once)."""
    return load_model(HazardCategories, data_dir() / "hazards.yaml")


@cache
def library() -> MeasuresLibrary:
    """Return the measures library (read once)."""
    return load_model(MeasuresLibrary, data_dir() / "measures.yaml")
