"""The classroom app's outline: the lesson notebooks cut into steps (pure; no widgets).

The lesson notebooks stay the single source of their text and activities. Each lesson is
cut into steps at its headings (``#`` and ``##``): a step holds its markdown in both
languages and the activity calls that follow it. Activity calls are read with :mod:`ast`,
never run: only the calls in :data:`ACTIVITIES` with literal arguments are allowed, so a
notebook cannot make the app run arbitrary code.
"""

from __future__ import annotations

import ast
import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from widgets.lessons import Lesson, lessons

# The apps a lesson may place in the course, and the calls that only set up a lone page.
ACTIVITIES = ("Exercise", "RiskMatrix", "MethodComparison", "PitfallsLab")
SETUP = ("LanguageBar", "JoinClass")
# Where the app keeps a participant's place in the course (visited steps, last step).
PLACE_ACTIVITY = "course:place"


class OutlineError(ValueError):
    """A lesson notebook the app cannot compose; the message names the file and cell."""


@dataclass(frozen=True)
class Activity:
    """One activity call of a lesson, e.g. ``widgets.Exercise("lesson-01-quiz")``."""

    name: str
    args: tuple[Any, ...] = ()
    kwargs: tuple[tuple[str, Any], ...] = ()

    @property
    def key(self) -> str:
        """The id its saved work is kept under: the exercise id, else name and arguments."""
        if self.name == "Exercise" and self.args:
            return str(self.args[0])
        return ":".join([self.name.lower(), *map(str, self.args)])

    @property
    def saves_work(self) -> bool:
        """Whether the activity keeps the participant's answers (and so counts as progress)."""
        return self.name == "Exercise"


@dataclass(frozen=True)
class Text:
    """A piece of lesson text, as markdown in each language."""

    mn: str
    en: str

    def source(self, lang: str) -> str:
        """Return the markdown in ``lang`` (Mongolian if asked for, else English)."""
        return self.mn if lang == "mn" else self.en


@dataclass
class Step:
    """A heading of a lesson with its text and the activities under it."""

    title: Text
    texts: list[Text] = field(default_factory=list)
    activities: list[Activity] = field(default_factory=list)


@dataclass
class LessonOutline:
    """A lesson notebook cut into steps."""

    lesson: Lesson
    steps: list[Step]

    @property
    def number(self) -> int:
        """The lesson's place in the course (1, 2, …)."""
        return self.lesson.order

    def title(self, lang: str) -> str:
        """Return the lesson's title in ``lang``."""
        return self.lesson.title_mn if lang == "mn" else self.lesson.title_en

    def activities(self) -> list[Activity]:
        """Every activity of the lesson, in order."""
        return [activity for step in self.steps for activity in step.activities]


def parse_call(source: str) -> tuple[str, tuple, tuple] | None:
    """Read a code cell ``widgets.Name(literal, ...)``; ``None`` for ``import widgets``.

    Raises
    ------
    ValueError
        When the cell is anything else, or its arguments are not literals.
    """
    body = ast.parse(source).body
    if not body:
        return None
    if (
        len(body) == 1
        and isinstance(body[0], ast.Import)
        and [alias.name for alias in body[0].names] == ["widgets"]
    ):
        return None
    node = body[0].value if len(body) == 1 and isinstance(body[0], ast.Expr) else None
    if not (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "widgets"
    ):
        raise ValueError('expected one call such as widgets.Exercise("an-exercise-id")')
    try:
        args = tuple(ast.literal_eval(arg) for arg in node.args)
        kwargs = tuple((kw.arg, ast.literal_eval(kw.value)) for kw in node.keywords)
    except ValueError as exc:
        raise ValueError("the arguments of an activity must be plain values") from exc
    if any(name is None for name, _value in kwargs):
        raise ValueError("the arguments of an activity must be plain values")
    return node.func.attr, args, kwargs


def _heading(markdown: str) -> str | None:
    first = markdown.lstrip().splitlines()[0] if markdown.strip() else ""
    for marker in ("# ", "## "):
        if first.startswith(marker):
            return first[len(marker) :].strip()
    return None


def _pieces(cells: list[dict]) -> list[Text | Activity]:
    """Pair the lesson's markdown cells by language and read its activity calls."""
    out: list[Text | Activity] = []
    pending: dict[str, str] = {}

    def flush() -> None:
        if pending:
            mn = pending.get("mn", pending.get("en", ""))
            out.append(Text(mn, pending.get("en", mn)))
            pending.clear()

    for index, cell in enumerate(cells, start=1):
        source = "".join(cell.get("source", ""))
        if cell.get("cell_type") == "markdown":
            tags = cell.get("metadata", {}).get("tags", [])
            lang = next((t[5:] for t in tags if t in ("lang-mn", "lang-en")), None)
            if lang is None:
                flush()
                pending.update(mn=source, en=source)
                flush()
            else:
                if lang in pending:
                    flush()
                pending[lang] = source
                if len(pending) == 2:
                    flush()
        elif cell.get("cell_type") == "code":
            flush()
            try:
                call = parse_call(source)
            except (SyntaxError, ValueError) as exc:
                raise OutlineError(f"cell {index}: {exc}") from exc
            if call is None or call[0] in SETUP:
                continue
            if call[0] not in ACTIVITIES:
                raise OutlineError(
                    f"cell {index}: widgets.{call[0]} cannot be an activity; "
                    f"expected one of {', '.join(ACTIVITIES)}"
                )
            out.append(Activity(*call))
    flush()
    return out


def outline_lesson(lesson: Lesson) -> LessonOutline:
    """Cut one lesson notebook into steps.

    Raises
    ------
    OutlineError
        When a code cell is not an allowed activity call; the message names the file.
    """
    try:
        cells = json.loads(lesson.path.read_text(encoding="utf-8"))["cells"]
        pieces = _pieces(cells)
    except (OSError, ValueError, KeyError) as exc:
        raise OutlineError(f"{lesson.path.name}: {exc}") from exc
    steps: list[Step] = []
    for piece in pieces:
        if isinstance(piece, Text):
            heading_mn, heading_en = _heading(piece.mn), _heading(piece.en)
            if heading_mn or heading_en or not steps:
                title = Text(heading_mn or heading_en or "", heading_en or heading_mn or "")
                steps.append(Step(title))
            steps[-1].texts.append(piece)
        else:
            if not steps:
                steps.append(Step(Text(lesson.title_mn, lesson.title_en)))
            steps[-1].activities.append(piece)
    return LessonOutline(lesson, steps)


@cache
def outline(folder: Path | None = None) -> tuple[LessonOutline, ...]:
    """Return every lesson of the course, cut into steps, in course order (read once)."""
    return tuple(outline_lesson(lesson) for lesson in lessons(folder))


def course_exercises(folder: Path | None = None) -> list[tuple[int, str]]:
    """Return ``(day, exercise id)`` of every exercise of the course, in course order, once."""
    found: dict[str, int] = {}
    for lesson in outline(folder):
        for activity in lesson.activities():
            if activity.saves_work:
                found.setdefault(activity.key, lesson.lesson.day)
    return [(day, key) for key, day in found.items()]


@dataclass(frozen=True)
class LessonProgress:
    """How far a participant is in one lesson."""

    visited: int
    steps: int
    done: int
    started: int
    activities: int

    @property
    def complete(self) -> bool:
        """Every step seen and every activity that keeps work checked."""
        return self.visited >= self.steps and self.done >= self.activities


def step_key(lesson: LessonOutline, index: int) -> str:
    """Return the id of step ``index`` of ``lesson`` (stable while the headings stay)."""
    return f"{lesson.lesson.path.stem}#{index}"


def progress(
    lesson: LessonOutline, states: dict[str, dict[str, Any]], visited: set[str]
) -> LessonProgress:
    """Summarise a participant's progress in ``lesson`` from their saved states."""
    saving = [a for a in lesson.activities() if a.saves_work]
    done = sum(bool(states.get(a.key, {}).get("checked")) for a in saving)
    started = sum(bool(states.get(a.key)) and not states[a.key].get("checked") for a in saving)
    seen = sum(step_key(lesson, i) in visited for i in range(len(lesson.steps)))
    return LessonProgress(seen, len(lesson.steps), done, started, len(saving))
