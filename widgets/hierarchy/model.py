"""The hierarchy of controls, read from ``data/hierarchy.yaml``, and the rules it carries."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from pydantic import Field

from widgets.content.models import Id, Provenance, Strict, Text, load_model
from widgets.paths import data_dir


class Level(Strict):
    """One level of the hierarchy of controls."""

    id: Id
    label: Text
    description: Text
    example: Text
    weak: bool = Field(description="Relies on people's behaviour every day (rules, PPE).")


class Hierarchy(Strict):
    """The levels, most effective first, and when to warn about weak measures."""

    schema_version: int = Field(ge=1, le=1)
    provenance: Provenance
    warn_when_only_weak: list[Id]
    levels: list[Level] = Field(min_length=2)

    def ids(self) -> list[str]:
        """Return the level ids, most effective first."""
        return [level.id for level in self.levels]

    def level(self, level_id: str) -> Level:
        """Return one level.

        Raises
        ------
        KeyError
            When there is no such level.
        """
        for level in self.levels:
            if level.id == level_id:
                return level
        raise KeyError(level_id)

    def only_weak(self, level_ids: Iterable[str]) -> bool:
        """Whether some measures are given and every one of them is weak (admin, PPE)."""
        chosen = list(level_ids)
        return bool(chosen) and all(self.level(i).weak for i in chosen)

    def warns(self, band_id: str | None, level_ids: Iterable[str]) -> bool:
        """Whether a risk in ``band_id`` met with measures at ``level_ids`` deserves a warning.

        A good assessor warns when a high risk is met only with administrative measures or
        personal protective equipment.
        """
        return band_id in self.warn_when_only_weak and self.only_weak(level_ids)


@cache
def hierarchy() -> Hierarchy:
    """Return the workbook's hierarchy of controls (read once)."""
    return load_model(Hierarchy, data_dir() / "hierarchy.yaml")
