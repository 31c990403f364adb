"""The programme report's rules and the demo generator's words (two files of ``data/``).

Both are data a trainer can adapt without touching code, and both are checked by
``make validate``.
"""

from __future__ import annotations

from functools import cache
from typing import Literal

from pydantic import Field, model_validator

from widgets.content.models import FieldError, Id, NonEmpty, Provenance, Strict, Text, load_model
from widgets.paths import data_dir

Cost = Literal["none", "low", "medium", "high"]


class LowCost(Strict):
    """When a measure counts as low-cost."""

    costs: list[Cost] = Field(min_length=1, description="Library cost classes that are low.")
    budget_max: float = Field(ge=0, description="Largest budget of a low-cost own measure.")
    currency: NonEmpty


class ProgrammeSettings(Strict):
    """The rules of the programme-progress report (``data/programme.yaml``)."""

    schema_version: int = Field(ge=1, le=1)
    provenance: Provenance
    low_cost: LowCost


class OwnHazard(Strict):
    """A hazard a team writes in its own words."""

    category: Id
    text: Text


class DemoSector(Strict):
    """How often a sector comes up in the demo, and its kinds of work area."""

    weight: int = Field(ge=0)
    areas: list[Id] = Field(min_length=1)


class DemoWords(Strict):
    """Names, hazards and notes of the synthetic demo programme (``data/demo.yaml``)."""

    schema_version: int = Field(ge=1, le=1)
    provenance: Provenance
    mark: NonEmpty
    trainer: NonEmpty
    name_words: list[NonEmpty] = Field(min_length=1)
    sector_words: dict[Id, NonEmpty]
    sectors: dict[Id, DemoSector] = Field(min_length=1)
    sizes: dict[Id, int] = Field(min_length=1)
    given_names: list[NonEmpty] = Field(min_length=2)
    outcomes: dict[Literal["not-started", "started", "complete", "reviewed"], int]
    own_hazards: dict[Id, list[OwnHazard]]
    own_measures: dict[Id, Text]
    visit_notes: list[Text] = Field(min_length=1)
    comments: list[Text] = Field(min_length=1)

    @model_validator(mode="after")
    def _coherent(self) -> DemoWords:
        from widgets.hierarchy.model import hierarchy
        from widgets.measures.model import hazard_categories
        from widgets.register.settings import settings

        register = settings()
        known = {
            "sectors": register.ids(register.sectors),
            "sizes": register.ids(register.size_bands),
        }
        for field in ("sectors", "sizes"):
            for key in getattr(self, field):
                if key not in known[field]:
                    raise FieldError((field, key), f"{key!r} is not in data/register.yaml")
        kinds = register.ids(register.area_kinds)
        for sector, info in self.sectors.items():
            for i, kind in enumerate(info.areas):
                if kind not in kinds:
                    raise FieldError(("sectors", sector, "areas", i), f"unknown area {kind!r}")
        categories = hazard_categories().ids()
        for sector, hazards in self.own_hazards.items():
            for i, hazard in enumerate(hazards):
                if hazard.category not in categories:
                    raise FieldError(
                        ("own_hazards", sector, i, "category"),
                        f"{hazard.category!r} is not a category of data/hazards.yaml",
                    )
        for level in hierarchy().ids():
            if level not in self.own_measures:
                raise FieldError(("own_measures",), f"no measure for level {level!r}")
        return self


@cache
def programme_settings() -> ProgrammeSettings:
    """Return the report's rules (read once)."""
    return load_model(ProgrammeSettings, data_dir() / "programme.yaml")


@cache
def demo_words() -> DemoWords:
    """Return the demo generator's words (read once)."""
    return load_model(DemoWords, data_dir() / "demo.yaml")
