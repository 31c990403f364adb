"""The course app's outline: lesson notebooks cut into steps, activity calls read, never run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from widgets.course_app.model import (
    PLACE_ACTIVITY,
    Activity,
    OutlineError,
    outline,
    outline_lesson,
    parse_call,
    progress,
    step_key,
)
from widgets.exercises.catalog import find_exercise_file
from widgets.lessons import Lesson

pytestmark = pytest.mark.unit
NOTEBOOKS = Path(__file__).parents[2] / "notebooks"


def notebook(tmp_path: Path, cells: list[dict]) -> Lesson:
    path = tmp_path / "01-test.ipynb"
    path.write_text(json.dumps({"cells": cells, "metadata": {}}), encoding="utf-8")
    return Lesson(path, 1, 1, 30, "Туршилт", "Test")


def md(text: str, lang: str | None = None) -> dict:
    tags = [f"lang-{lang}"] if lang else []
    return {"cell_type": "markdown", "metadata": {"tags": tags}, "source": text}


def code(text: str) -> dict:
    return {"cell_type": "code", "metadata": {}, "source": text, "outputs": []}


def test_every_lesson_is_composed_with_every_activity_call_of_its_notebook():
    lessons = outline(NOTEBOOKS)
    assert [lesson.number for lesson in lessons] == list(range(1, 9))
    for lesson in lessons:
        cells = json.loads(lesson.lesson.path.read_text(encoding="utf-8"))["cells"]
        calls = [parse_call("".join(c["source"])) for c in cells if c["cell_type"] == "code"]
        expected = [c for c in calls if c and c[0] not in ("LanguageBar", "JoinClass")]
        assert [(a.name, a.args, a.kwargs) for a in lesson.activities()] == expected
        markdown = [c for c in cells if c["cell_type"] == "markdown"]
        texts = [t for step in lesson.steps for t in step.texts]
        assert len(texts) * 2 == len(markdown), lesson.lesson.path.name  # mn/en pairs
        assert all(t.mn != t.en for t in texts)


def test_every_exercise_an_outline_names_exists():
    for lesson in outline(NOTEBOOKS):
        for activity in lesson.activities():
            if activity.saves_work:
                assert find_exercise_file(activity.key).exists()


def test_steps_begin_at_headings_and_carry_both_languages(tmp_path):
    lesson = outline_lesson(
        notebook(
            tmp_path,
            [
                code("import widgets"),
                code("widgets.LanguageBar()"),
                md("# Гарчиг\n\nОршил", "mn"),
                md("# Title\n\nIntro", "en"),
                md("Нэмэлт", "mn"),
                md("More", "en"),
                md("## Дасгал", "mn"),
                md("## Activity", "en"),
                code('widgets.Exercise("lesson-01-quiz")'),
                code('widgets.RiskMatrix("5x5", compact=True)'),
            ],
        )
    )
    assert [(s.title.mn, s.title.en) for s in lesson.steps] == [
        ("Гарчиг", "Title"),
        ("Дасгал", "Activity"),
    ]
    assert [t.source("mn") for t in lesson.steps[0].texts] == ["# Гарчиг\n\nОршил", "Нэмэлт"]
    assert [t.source("en") for t in lesson.steps[0].texts] == ["# Title\n\nIntro", "More"]
    assert lesson.steps[1].activities == [
        Activity("Exercise", ("lesson-01-quiz",)),
        Activity("RiskMatrix", ("5x5",), (("compact", True),)),
    ]
    assert [a.key for a in lesson.steps[1].activities] == ["lesson-01-quiz", "riskmatrix:5x5"]


@pytest.mark.parametrize(
    "source",
    [
        "import os",
        "widgets.Exercise(open('x').read())",
        "x = widgets.Exercise('a')",
        "widgets.Exercise('a'); widgets.Exercise('b')",
        "print('hi')",
        "widgets.Exercise(**{'exercise_id': 'a'})",
    ],
)
def test_a_cell_that_is_not_a_plain_activity_call_is_refused_never_run(source):
    with pytest.raises(ValueError, match=r"expected one call|plain values"):
        parse_call(source)


def test_a_notebook_with_an_unknown_call_is_refused_naming_the_cell(tmp_path):
    lesson = notebook(tmp_path, [md("# T"), code("widgets.ClassAdmin()")])
    with pytest.raises(OutlineError, match=r"cell 2: widgets.ClassAdmin cannot be an activity"):
        outline_lesson(lesson)


def test_a_broken_notebook_is_refused_naming_the_file(tmp_path):
    path = tmp_path / "01-broken.ipynb"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(OutlineError, match=r"01-broken\.ipynb"):
        outline_lesson(Lesson(path, 1, 1, 30, "a", "b"))


def test_progress_counts_seen_steps_and_checked_exercises():
    lesson = next(lesson for lesson in outline(NOTEBOOKS) if lesson.number == 2)
    saving = [a.key for a in lesson.activities() if a.saves_work]
    assert len(saving) == 3
    states = {saving[0]: {"checked": True}, saving[1]: {"checked": False, "attempts": 0}}
    visited = {step_key(lesson, 0), step_key(lesson, 2), "other#1"}
    done = progress(lesson, states, visited)
    assert (done.visited, done.steps) == (2, len(lesson.steps))
    assert (done.done, done.started, done.activities) == (1, 1, 3)
    assert not done.complete
    every = {step_key(lesson, i) for i in range(len(lesson.steps))}
    assert progress(lesson, {k: {"checked": True} for k in saving}, every).complete
    assert PLACE_ACTIVITY not in saving
