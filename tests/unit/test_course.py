"""The two-day course: eight lessons in order, time budgets, scenarios, measures, quizzes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from widgets.course import lessons
from widgets.exercises import docs
from widgets.exercises.catalog import exercise_files, read_exercise
from widgets.exercises.schema import Quiz, RiskRating
from widgets.measures.model import COSTS, hazard_categories, library

pytestmark = pytest.mark.unit
ROOT = Path(__file__).parents[2]
DAY_MINUTES = (330, 390)  # about six teaching hours a day
CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def markdown(path: Path, lang: str) -> str:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return "\n".join(
        "".join(c["source"])
        for c in cells
        if c["cell_type"] == "markdown" and f"lang-{lang}" in c["metadata"]["tags"]
    )


def exercises():
    return [read_exercise(p) for p in exercise_files()]


def test_eight_lessons_in_course_order_over_two_days():
    found = lessons()
    assert [lesson.order for lesson in found] == list(range(1, 9))
    for lesson in found:
        assert lesson.path.name.startswith(f"{lesson.order:02d}-")
        assert lesson.day == (1 if lesson.order <= 4 else 2)
        assert lesson.title_mn != lesson.title_en


@pytest.mark.parametrize("day", [1, 2])
def test_each_day_has_about_six_teaching_hours(day):
    minutes = sum(lesson.minutes for lesson in lessons() if lesson.day == day)
    assert DAY_MINUTES[0] <= minutes <= DAY_MINUTES[1], minutes


@pytest.mark.parametrize("lesson", lessons(), ids=lambda lesson: lesson.path.stem)
def test_each_lesson_states_its_time_marks_group_work_and_ends_with_sources(lesson):
    en, mn = markdown(lesson.path, "en"), markdown(lesson.path, "mn")
    assert f"**Time:** {lesson.minutes} minutes" in en
    assert f"**Хугацаа:** {lesson.minutes} минут" in mn
    assert "Group work" in en
    assert "Бүлгийн ажил" in mn
    sources = en.split("## Sources", 1)[1]
    assert sources.count("\n- ") >= 2, "at least two sources"


@pytest.mark.parametrize("day", [1, 2])
def test_each_day_marks_its_breaks(day):
    texts = [markdown(lesson.path, "en") for lesson in lessons() if lesson.day == day]
    assert sum("**Break" in text for text in texts) >= 2


def test_the_readme_lists_the_lessons_with_their_time_budgets():
    text = docs.readme_path().read_text(encoding="utf-8")
    assert docs.rewrite_readme(text) == text, "run `make docs`"
    for lesson in lessons():
        assert f"(notebooks/{lesson.path.name})" in text


def test_the_front_page_names_every_lesson_in_both_languages():
    path = docs.front_page_titles_path()
    assert path.read_text(encoding="utf-8") == docs.front_page_titles(), "run `make docs`"
    text = path.read_text(encoding="utf-8")
    for lesson in lessons():
        assert f'"{lesson.path.name}"' in text
        assert lesson.title_en in text
        assert lesson.title_mn.split(" · ", 1)[-1] in text


def test_five_workplace_scenarios_and_forty_hazards_with_references_and_reasons():
    ratings = [e for e in exercises() if isinstance(e, RiskRating)]
    scenarios = [e for e in ratings if e.id.startswith("scenario-")]
    assert len(scenarios) >= 5
    hazards = {(e.id, item.id) for e in ratings for item in e.items}
    assert len(hazards) >= 40
    texts = {item.hazard.en for e in ratings for item in e.items}
    assert len(texts) == len(hazards), "every hazard is distinct"
    for exercise in scenarios:
        for item in exercise.items:
            assert item.category in hazard_categories().ids(), (exercise.id, item.id)


def test_the_measures_library_has_forty_measures_cheapest_first():
    measures = library().measures
    assert len(measures) >= 40
    costs = [COSTS.index(m.cost) for m in measures]
    assert costs == sorted(costs)
    assert {m.level for m in measures} >= {
        "elimination",
        "substitution",
        "engineering",
        "administrative",
        "ppe",
    }


def test_exercises_draw_on_the_measures_library():
    raw = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in exercise_files()]
    referenced = {
        c["measure"]
        for d in raw
        for item in d.get("items", [])
        for c in (item.get("controls", []) if isinstance(item, dict) else [])
        if isinstance(c, dict) and "measure" in c
    }
    referenced |= {
        item["measure"]
        for d in raw
        if d.get("type") == "control_sorting"
        for item in d["items"]
        if "measure" in item
    }
    assert len(referenced) >= 10
    ids = {m.id for m in library().measures}
    assert referenced <= ids


def test_thirty_quiz_questions_each_explaining_every_option():
    questions = [q for e in exercises() if isinstance(e, Quiz) for q in e.items]
    assert len(questions) >= 30
    for question in questions:
        for option in question.options:
            assert option.explanation.en
            assert option.explanation.mn


def _texts(value, where=""):
    if isinstance(value, dict):
        if set(value) >= {"en", "mn"} and isinstance(value.get("en"), str):
            yield where, value
        for key, inner in value.items():
            yield from _texts(inner, f"{where}.{key}")
    elif isinstance(value, list):
        for i, inner in enumerate(value):
            yield from _texts(inner, f"{where}[{i}]")


CONTENT = sorted([*ROOT.glob("data/**/*.yaml"), *ROOT.glob("exercises/**/*.yaml")])


@pytest.mark.parametrize("path", CONTENT, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_mongolian_text_is_missing_or_a_copy_of_the_english(path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for where, text in _texts(data):
        mn = str(text.get("mn") or "")
        assert mn.strip(), f"{path.name}{where}: Mongolian missing"
        assert mn != text["en"], f"{path.name}{where}: Mongolian is the English text"
        assert CYRILLIC.search(mn), f"{path.name}{where}: Mongolian has no Cyrillic"
