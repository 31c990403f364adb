"""The classroom app, headless: course map, steps built and released, progress, place."""

from __future__ import annotations

import ipywidgets as ipw
import pytest

import widgets
from widgets.course_app.model import PLACE_ACTIVITY, outline
from widgets.exercises.view import ExerciseView
from widgets.i18n import set_language
from widgets.risk_matrix.view import RiskMatrix
from widgets.signals import Signal
from widgets.store import session
from widgets.store.service import Store

pytestmark = pytest.mark.widgets


@pytest.fixture
def store(tmp_path, monkeypatch):
    """A fresh store with one class; nobody signed in; an English page."""
    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    monkeypatch.setenv("OSH_DATABASE_URL", url)
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    monkeypatch.delenv("QUERY_STRING", raising=False)
    monkeypatch.setattr(session, "_person", None)
    monkeypatch.setattr(session, "_signed_in", Signal())
    set_language("en")
    opened = Store(url)
    opened.create_class("UB-2026", "Ulaanbaatar")
    yield opened
    opened.close()


def walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child)


def html(widget) -> str:
    return " ".join(w.value for w in walk(widget) if isinstance(w, ipw.HTML))


def buttons(widget) -> list[ipw.Button]:
    return [w for w in walk(widget) if isinstance(w, ipw.Button)]


def test_the_map_lists_every_lesson_by_day_with_its_progress(store):
    app = widgets.CourseApp()
    lessons = [b for b in buttons(app._main) if "osh-map-lesson" in b._dom_classes]
    expected = [f"{lesson.number} · {lesson.title('en')}" for lesson in outline()]
    assert [b.description for b in lessons] == expected
    assert "Day 1" in html(app)
    assert "Day 2" in html(app)
    assert "Join your class above" in html(app)
    assert html(app).count('data-state="new"') == len(expected)


def test_a_step_builds_its_activities_and_leaving_it_closes_them(store):
    app = widgets.CourseApp()
    app.open_lesson(3)
    assert app.step == 0
    assert not app._activities
    steps = outline()[2].steps
    matrix_step = next(
        i for i, s in enumerate(steps) if s.activities[:1] and s.activities[0].name == "RiskMatrix"
    )
    app.open_step(matrix_step)
    [matrix] = app._activities
    assert isinstance(matrix, RiskMatrix)
    assert matrix.comm is not None
    app._next.click()
    assert matrix.comm is None  # released: its widgets are closed
    assert all(not isinstance(a, RiskMatrix) for a in app._activities)
    app.show_map()
    assert app._activities == []
    assert app.lesson is None


def test_next_and_previous_walk_the_steps_and_the_last_next_returns_to_the_map(store):
    app = widgets.CourseApp()
    app.open_lesson(1)
    count = len(outline()[0].steps)
    assert app._previous.disabled
    for step in range(1, count):
        app._next.click()
        assert app.step == step
        assert f"step {step + 1} of {count}" in app._header.value
    assert "Back to the course map" in app._next.description
    app._previous.click()
    assert app.step == count - 2
    app.open_step(count - 1)
    app._next.click()
    assert app.lesson is None
    assert "Course map" in html(app)


def test_text_follows_the_language_switch(store):
    app = widgets.CourseApp()
    app.open_lesson(3)
    first = outline()[2].steps[0].texts[0]
    assert first.en.splitlines()[0].lstrip("# ") in app._text.value
    set_language("mn")
    assert first.mn.splitlines()[0].lstrip("# ") in app._text.value
    assert "алхам" in app._header.value


def test_a_participant_comes_back_to_their_place_and_sees_their_progress(store):
    person, _code = store.join("UB-2026", "Бат", "Khan", "worker")
    app = widgets.CourseApp()
    session.sign_in(person)
    app.open_lesson(3)
    exercise_step = next(
        i for i, s in enumerate(outline()[2].steps) if any(a.saves_work for a in s.activities)
    )
    app.open_step(exercise_step)
    [view] = app._activities
    assert isinstance(view, ExerciseView)
    view.model.rate(view.model.exercise.items[0].id, "inherent", {"likelihood": 4, "severity": 3})
    view._save()
    place = store.load(person, PLACE_ACTIVITY)
    assert place["last"].endswith(f"#{exercise_step}")
    assert len(place["visited"]) == 2

    session.sign_in(None)
    again = widgets.CourseApp()
    session.sign_in(person)
    assert "Continue where you stopped" in [b.description for b in buttons(again._main)]
    assert 'data-state="started"' in html(again)
    assert "seen 2 of" in html(again)
    again._on_continue_click(None)
    assert (again.lesson.number, again.step) == (3, exercise_step)
    [view] = again._activities
    assert view.model.answers[view.model.exercise.items[0].id]["inherent"] == {
        "likelihood": 4,
        "severity": 3,
    }


def test_work_before_joining_is_flagged_as_not_saved(store):
    app = widgets.CourseApp()
    app.open_lesson(1)
    assert "not saved" in app._unsaved.value
    person, _code = store.join("UB-2026", "Бат", "Khan", "worker")
    session.sign_in(person)
    app._next.click()
    assert app._unsaved.value == ""
    assert store.load(person, PLACE_ACTIVITY)["visited"]


def test_a_deep_link_opens_the_lesson_asked_for(store, monkeypatch):
    monkeypatch.setenv("QUERY_STRING", "lang=en&lesson=4")
    app = widgets.CourseApp()
    assert app.lesson.number == 4
    monkeypatch.setenv("QUERY_STRING", "lesson=99")
    assert widgets.CourseApp().lesson is None  # no such lesson: the map


def test_an_activity_that_cannot_be_built_shows_a_message_and_the_rest_works(store, monkeypatch):
    app = widgets.CourseApp()
    app.open_lesson(1)
    step = next(i for i, s in enumerate(outline()[0].steps) if s.activities)

    def broken(*_args, **_kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(widgets.exercises.view, "Exercise", broken)
    monkeypatch.setitem(widgets._APPS, "Exercise", "widgets.exercises.view")
    app.open_step(step)
    assert "cannot be shown" in html(app._activity_box)
    app._next.click()
    assert app.step == step + 1


def test_a_step_asks_once_to_be_shown_from_its_top_and_hides_the_title_and_language(store):
    app = widgets.CourseApp()
    assert "osh-course-stepping" not in app._dom_classes
    app.open_lesson(2)
    first = app._text.value
    assert first.startswith('<div class="osh-step-text" data-osh-scroll="')
    assert "osh-course-stepping" in app._dom_classes
    assert "step 1 of" in app._header.value
    assert "<progress" in app._header.value
    set_language("mn")  # a redraw of the same step scrolls nowhere
    assert "data-osh-scroll" not in app._text.value
    app.open_step(1)
    assert "data-osh-scroll" in app._text.value
    assert app._text.value.split('"')[3] != first.split('"')[3]  # a new token
    app.show_map()
    assert "osh-course-stepping" not in app._dom_classes
