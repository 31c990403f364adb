"""The course as a whole: settings from ``data/course.yaml``, lessons from the notebooks (pure)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pydantic import Field

from widgets.content.models import Id, Strict, load_model
from widgets.paths import data_dir, project_root


class Course(Strict):
    """Settings of the course as a whole."""

    schema_version: int = Field(ge=1, le=1)
    default_method: Id = Field(description="The method exercises use when they name none.")


@cache
def course() -> Course:
    """Return the course settings (read once)."""
    return load_model(Course, data_dir() / "course.yaml")


@dataclass(frozen=True)
class Lesson:
    """A lesson notebook's place in the course (its ``osh`` metadata) and its title."""

    path: Path
    order: int
    day: int
    minutes: int
    title_mn: str
    title_en: str


def lessons(folder: Path | None = None) -> list[Lesson]:
    """Return the lessons of ``notebooks/`` in course order."""
    found = []
    for path in sorted((folder or project_root() / "notebooks").glob("[0-9][0-9]-*.ipynb")):
        metadata = json.loads(path.read_text(encoding="utf-8"))["metadata"]
        place = metadata.get("osh", {})
        title = metadata.get("title", path.stem)
        title_mn, _sep, title_en = title.partition(" / ")
        found.append(
            Lesson(
                path,
                int(place.get("order", 0)),
                int(place.get("day", 0)),
                int(place.get("minutes", 0)),
                title_mn,
                title_en or title_mn,
            )
        )
    return sorted(found, key=lambda lesson: lesson.order)
