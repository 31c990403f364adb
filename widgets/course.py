"""The course as a whole: settings from ``data/course.yaml``, lessons from the notebooks (pure)."""

from __future__ import annotations

from functools import cache

from pydantic import Field

from widgets.content.models import Id, Strict, load_model
from widgets.lessons import Lesson, lessons
from widgets.paths import data_dir

__all__ = ["Course", "Lesson", "course", "lessons"]


class Course(Strict):
    """Settings of the course as a whole."""

    schema_version: int = Field(ge=1, le=1)
    default_method: Id = Field(description="The method exercises use when they name none.")


@cache
def course() -> Course:
    """Return the course settings (read once)."""
    return load_model(Course, data_dir() / "course.yaml")
