"""The lessons of the course: their place and titles, from the notebooks' metadata (pure).

Kept apart from :mod:`widgets.course` and free of heavy imports: the classroom app reads
the lessons when a participant's kernel starts.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from widgets.paths import project_root


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
