"""Joining, resuming and autosave, headless: every answer is stored as it is given."""

from __future__ import annotations

from pathlib import Path

import ipywidgets as ipw
import pytest

import widgets
from widgets.signals import Signal
from widgets.store import session
from widgets.store.service import Store

pytestmark = pytest.mark.widgets
FIXTURES = Path(__file__).parents[1] / "exercise-files" / "exercises"


@pytest.fixture
def store(tmp_path, monkeypatch):
    """A fresh store for this test's page, with one class; nobody signed in."""
    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    monkeypatch.setenv("OSH_DATABASE_URL", url)
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    monkeypatch.setattr(session, "_person", None)
    monkeypatch.setattr(session, "_signed_in", Signal())
    opened = Store(url)
    opened.create_class("UB-2026", "Ulaanbaatar")
    yield opened
    opened.close()


def walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child)


def test_joining_shows_the_resume_code_once_and_signs_in(store):
    join = widgets.JoinClass()
    join._class.value, join._name.value = "ub-2026", "Бат"
    join._enterprise.value, join._role.value = "Khan Service", "worker"
    join._join.click()
    html = " ".join(w.value for w in walk(join) if isinstance(w, ipw.HTML))
    code = html.split('value="')[1].split('"')[0]
    assert store.resume(code).name == "Бат"
    assert join.participant["name"] == "Бат"
    assert "Signed in: Бат" in html
    join._render()
    html = " ".join(w.value for w in walk(join) if isinstance(w, ipw.HTML))
    assert code in html  # still on this page…
    again = widgets.JoinClass()
    assert code not in " ".join(w.value for w in walk(again) if isinstance(w, ipw.HTML))


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        (("NOPE-9", "Бат", "Khan", "worker"), "no class with this code"),
        (("ub 2026!", "Бат", "Khan", "worker"), "Check the class code"),
        (("UB-2026", "", "Khan", "worker"), "Write your name"),
        (("UB-2026", "Бат", "K" * 200, "worker"), "up to 120 letters"),
    ],
)
def test_bad_join_input_gets_a_clear_message_and_nobody_is_added(store, fields, words):
    join = widgets.JoinClass()
    assert join.join(*fields) is None
    assert words in join._message.value
    assert store.participants("UB-2026") == []
    assert session.current() is None


def test_a_wrong_resume_code_signs_nobody_in(store):
    store.join("UB-2026", "Бат", "Khan", "worker")
    join = widgets.JoinClass()
    assert join.resume("AAAA-BBBB-CCCC-DDDD") is False
    assert join.resume(None) is False
    assert "does not match anyone" in join._message.value
    assert session.current() is None


def test_every_answer_is_saved_as_it_is_given_and_comes_back_on_resume(store):
    person, code = store.join("UB-2026", "Бат", "Khan", "worker")
    session.sign_in(person)
    quiz = widgets.Exercise("sample-quiz", folder=FIXTURES)
    [radio] = [w for w in walk(quiz) if isinstance(w, ipw.RadioButtons)]
    radio.value = "chance"
    assert store.load(person, "sample-quiz")["answers"] == {"what-is-hazard": ["chance"]}
    assert "Saved" in quiz._saving.value
    quiz._check.click()
    quiz._hint.click()
    saved = store.load(person, "sample-quiz")
    assert (saved["attempts"], saved["hints_shown"]) == (1, 1)

    session.sign_in(None)  # a new page: nobody signed in yet
    fresh = widgets.Exercise("sample-quiz", folder=FIXTURES)
    assert fresh.state["answers"] == {}
    join = widgets.JoinClass()
    assert join.resume(code)
    assert fresh.state == saved
    assert "SAMPLE-HINT-ONE" in fresh._help.value
    [radio] = [w for w in walk(fresh) if isinstance(w, ipw.RadioButtons)]
    assert radio.value == "chance"


def test_work_done_before_joining_is_kept_when_joining(store):
    spotting = widgets.Exercise("sample-spotting", folder=FIXTURES)
    [first, *_] = [w for w in walk(spotting) if isinstance(w, ipw.Checkbox)]
    first.value = True
    join = widgets.JoinClass()
    join.join("UB-2026", "Сараа", "Нарны цэцэрлэг", "manager")
    person = session.current()
    assert store.load(person, "sample-spotting")["answers"] == {"marked": ["wet-floor"]}


def test_another_participant_does_not_see_this_one_s_work(store):
    bat, _ = store.join("UB-2026", "Бат", "Khan", "worker")
    session.sign_in(bat)
    quiz = widgets.Exercise("sample-quiz", folder=FIXTURES)
    quiz._attempt(quiz.model.answer, "what-is-hazard", ["chance"])
    saraa, _ = store.join("UB-2026", "Сараа", "Нарны цэцэрлэг", "manager")
    session.sign_in(saraa)
    other = widgets.Exercise("sample-quiz", folder=FIXTURES)
    assert other.state["answers"] == {}
    assert quiz.state["answers"] == {}, "the page no longer shows Bat's answers"
    assert store.load(saraa, "sample-quiz") is None
    assert store.load(bat, "sample-quiz")["answers"] == {"what-is-hazard": ["chance"]}


def test_a_hub_user_is_signed_in_at_once(store, monkeypatch):
    monkeypatch.setenv("JUPYTERHUB_USER", "bat.erdene")
    monkeypatch.setenv("OSH_CLASS", "UB-2026")
    person = session.current()
    assert person.name == "bat.erdene"
    assert session.current() == person
    join = widgets.JoinClass()
    assert join.participant["name"] == "bat.erdene"
    assert [p["name"] for p in store.participants("UB-2026")] == ["bat.erdene"]


def test_a_store_that_cannot_save_says_so_and_the_page_keeps_working(store, monkeypatch):
    person, _ = store.join("UB-2026", "Бат", "Khan", "worker")
    session.sign_in(person)
    quiz = widgets.Exercise("sample-quiz", folder=FIXTURES)

    def broken(*_args, **_kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Store, "save", broken)
    [radio] = [w for w in walk(quiz) if isinstance(w, ipw.RadioButtons)]
    radio.value = "harm-source"
    assert "could not be saved" in quiz._saving.value
    assert quiz.state["answers"] == {"what-is-hazard": ["harm-source"]}


def test_the_trainer_creates_a_class_sees_participants_and_resets_a_code(
    store, tmp_path, monkeypatch
):
    from widgets.join import admin as admin_module

    monkeypatch.setattr(admin_module, "project_root", lambda: tmp_path)
    admin = widgets.ClassAdmin()
    admin._code.value, admin._name.value = "dkh-2026", "Darkhan"
    admin._create.click()
    assert admin._classes.value == "DKH-2026"
    assert "DKH-2026" in admin._message.value
    admin._create.click()
    assert "exists already" in admin._message.value
    person, old = store.join("DKH-2026", "Бат", "Khan", "worker")
    admin._refresh.click()
    assert "Бат" in admin._people.value
    admin._participant.value = person.id
    admin._reset.click()
    new = admin._message.value.split(": ")[1].split(".")[0]
    assert store.resume(new) == person
    assert store.resume(old) is None
    admin._export.click()
    assert list((tmp_path / "var" / "exports").glob("DKH-2026-*.json"))
