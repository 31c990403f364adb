"""Joining, resuming and autosave, headless: every answer is stored as it is given."""

from __future__ import annotations

from pathlib import Path

import ipywidgets as ipw
import pytest

import widgets
from tests.widgets.register_page import RegisterPage
from widgets.join.view import NEW_ENTERPRISE
from widgets.store import session
from widgets.store.service import Store

pytestmark = pytest.mark.widgets
FIXTURES = Path(__file__).parents[1] / "exercise-files" / "exercises"


def walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child)


def html_of(widget) -> str:
    return " ".join(w.value for w in walk(widget) if isinstance(w, ipw.HTML))


def page(monkeypatch, token: str | None = None, query: str = ""):
    """A new page in a browser whose device credential is ``token``: nobody in memory."""
    if token:
        monkeypatch.setenv("HTTP_COOKIE", f"_xsrf=abc; osh-device={token}")
    else:
        monkeypatch.delenv("HTTP_COOKIE", raising=False)
    monkeypatch.setenv("QUERY_STRING", query)
    monkeypatch.setattr(session, "_person", None)
    return widgets.JoinClass()


def join_as(join, name="Бат", enterprise="Khan Service", role="worker", code="ub-2026"):
    """Fill in the join form as a participant would, one step at a time."""
    reader = RegisterPage(join)
    reader.fill("Class code", code)
    reader.click("Continue")
    options = dict(reader.options("Your enterprise"))
    if enterprise in options:
        reader.choose("Your enterprise", options[enterprise])
    else:
        reader.choose("Your enterprise", NEW_ENTERPRISE)
        reader.fill("Its name", enterprise)
    reader.fill("Your name", name)
    reader.choose("Role", role)
    reader.click("Join")


def test_joining_shows_the_resume_code_once_and_signs_in(store):
    join = widgets.JoinClass()
    join_as(join)
    html = html_of(join)
    code = html.split('value="')[1].split('"')[0]
    assert store.resume(code).name == "Бат"
    assert join.participant["name"] == "Бат"
    assert "Signed in: Бат" in html
    join._render()
    assert code in html_of(join)  # still on this page…
    session.sign_in(None)
    again = widgets.JoinClass()
    assert code not in html_of(again)


def test_a_reload_on_the_same_browser_stays_signed_in_until_sign_out(store, monkeypatch):
    token = "d" * 43
    join_as(page(monkeypatch, token))
    person = session.current()
    reloaded = page(monkeypatch, token)  # a reload, a second tab, a phone waking up
    assert session.current() == person
    assert reloaded.participant["name"] == "Бат"
    assert "Sign out on this device" in [
        w.description for w in walk(reloaded) if hasattr(w, "description")
    ]
    other = page(monkeypatch, "e" * 43)  # another browser is not signed in
    assert session.current() is None
    assert other.participant == {}
    reloaded = page(monkeypatch, token)
    RegisterPage(reloaded).click("Sign out on this device")
    assert session.current() is None
    assert page(monkeypatch, token).participant == {}, "the next reload asks to join"


def test_the_trainer_signs_a_participant_out_everywhere(store, monkeypatch):
    token = "f" * 43
    join_as(page(monkeypatch, token))
    person = session.current()
    new_code = store.sign_out_everywhere(person.id)
    assert page(monkeypatch, token).participant == {}
    assert store.resume(new_code) == person


def test_a_device_credential_expires(store, monkeypatch):
    monkeypatch.setenv("OSH_DEVICE_DAYS", "1")
    token = "g" * 43
    join_as(page(monkeypatch, token))
    from datetime import timedelta

    from widgets.store import service

    later = service.now() + timedelta(days=1, minutes=1)
    monkeypatch.setattr(service, "now", lambda: later)
    assert page(monkeypatch, token).participant == {}


def test_the_class_code_in_the_address_skips_the_first_question(store, monkeypatch):
    join = page(monkeypatch, query="class=ub-2026&lang=en")
    assert "Class code" not in [
        getattr(w, "description", None) for w in RegisterPage(join).widgets()
    ]
    assert "Class UB-2026: Ulaanbaatar" in html_of(join)
    store.add_enterprise("UB-2026", "Khan Service")
    join = page(monkeypatch, query="class=UB-2026")
    labels = [label for label, _ in RegisterPage(join).options("Your enterprise")]
    assert labels == ["Choose from the list", "Khan Service", "My enterprise is not in the list"]
    assert RegisterPage(join).choice("Your enterprise").value is None  # nobody joins by default
    RegisterPage(join).fill("Your name", "Бат")
    RegisterPage(join).click("Join")
    assert "Choose your enterprise" in join._message.value
    assert session.current() is None


def test_participants_choose_their_enterprise_from_the_class_list(store, monkeypatch):
    acme = store.add_enterprise("UB-2026", "Acme LLC")
    join_as(page(monkeypatch), enterprise="Acme LLC")
    assert session.current().enterprise_id == acme["id"]
    # A typed name that is the same ignoring case and spaces joins that record too.
    join_as(page(monkeypatch), name="Сараа", enterprise="  acme   llc ")
    assert session.current().enterprise_id == acme["id"]
    # A new name is proposed to the trainer as a record of its own.
    join_as(page(monkeypatch), name="Дорж", enterprise="Gobi Food")
    records = {r["name"]: r for r in store.enterprises("UB-2026")}
    assert records["Gobi Food"]["status"] == "proposed"
    assert records["Acme LLC"]["participants"] == 2


def test_a_signed_in_page_closes_its_join_form_and_forged_clicks_do_nothing(store, monkeypatch):
    join = page(monkeypatch, "h" * 43)
    reader = RegisterPage(join)
    reader.fill("Class code", "UB-2026")
    reader.click("Continue")
    form = {
        "enterprise": reader.choice("Your enterprise"),
        "name": reader.field("Your name"),
        "role": reader.choice("Role"),
        "join": reader.button("Join"),
    }
    join_as_fields = ("Бат", "Khan", "worker")
    form["enterprise"].value = NEW_ENTERPRISE
    form["new-enterprise"] = reader.field("Its name")
    form["new-enterprise"].value = join_as_fields[1]
    form["name"].value, form["role"].value = join_as_fields[0], join_as_fields[2]
    form["join"].click()
    assert session.current() is not None
    assert all(w.comm is None for w in form.values()), "the form's widgets are closed"
    for _ in range(20):  # a viewer keeps firing the hidden Join button's callback
        form["join"].click()  # its callback, fired on the closed button
        join.join("UB-2026", "Forged", "Khan", "worker")
    assert [p["name"] for p in store.participants("UB-2026")] == ["Бат"]
    assert "signed in already" in join._message.value


def test_joins_and_code_guesses_are_throttled_and_logged(store, monkeypatch, caplog):
    caplog.set_level("INFO", logger="widgets.store.session")
    join = page(monkeypatch)
    codes = []
    for n in range(session.LIMITS["join"][2] + 2):
        monkeypatch.setattr(session, "_person", None)
        codes.append(join.join("UB-2026", f"P{n}", "Khan", "worker"))
    assert sum(c is not None for c in codes) == session.LIMITS["join"][2]
    assert "Too many tries" in join._message.value
    monkeypatch.setattr(session, "_person", None)
    guesser = page(monkeypatch)
    monkeypatch.setattr(session, "_tries", {})
    for _ in range(session.LIMITS["guess"][2] + 3):
        guesser.resume("AAAA-BBBB-CCCC-DDDD")
    assert "Too many tries" in guesser._message.value
    assert "resume failed from local" in caplog.text
    # Across kernels too: the client address's failures are counted in the store.
    monkeypatch.setattr(session, "_tries", {})
    monkeypatch.setattr(
        session, "LIMITS", {**session.LIMITS, "guess": (("resume", "class"), True, 99, 8)}
    )
    assert page(monkeypatch).resume("AAAA-BBBB-CCCC-DDDD") is False
    fresh = page(monkeypatch)
    assert fresh.check_class("UB-2026") is None, "even a right code waits its turn"
    assert "Too many tries" in fresh._message.value
    assert "guess refused: 8 from local" in caplog.text


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        (("NOPE-9", "Бат", "Khan", "worker"), "no class with this code"),
        (("ub 2026!", "Бат", "Khan", "worker"), "Check the class code"),
        (("UB-2026", "", "Khan", "worker"), "Write your name"),
        (("UB-2026", "Бат", "K" * 200, "worker"), "up to 120 letters"),
        (("UB-2026", "Бат", 99999, "worker"), "Choose your enterprise"),
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
    new = admin._message.value.split("New resume code: ")[1].split(".")[0]
    assert store.resume(new) == person
    assert store.resume(old) is None
    assert "Signed out on every device" in admin._message.value
    assert admin._enterprises.class_code == "DKH-2026"
    assert "Khan" in admin._enterprises._table.value
    admin._export.click()
    assert list((tmp_path / "var" / "exports").glob("DKH-2026-*.json"))


def test_the_method_comparison_is_saved_as_it_is_given_and_comes_back(store):
    person, code = store.join("UB-2026", "Бат", "Khan", "worker")
    session.sign_in(person)
    app = widgets.MethodComparison(["5x5", "3x3"])
    app._holder.children[0].select(likelihood=5, severity=5)
    picker = next(w for w in walk(app) if isinstance(w, ipw.Dropdown))
    picker.value = "3x3"
    app._holder.children[0].select(likelihood=1, severity=1)
    saved = store.load(person, "methodcomparison:5x5:3x3")
    assert saved == {
        "ratings": {
            "5x5": {"likelihood": 5, "severity": 5},
            "3x3": {"likelihood": 1, "severity": 1},
        }
    }

    session.sign_in(None)  # a new page: nobody signed in yet
    fresh = widgets.MethodComparison(["5x5", "3x3"])
    assert fresh.ratings == {}
    assert widgets.JoinClass().resume(code)
    assert fresh.ratings == {"5x5": "high", "3x3": "low"}
    assert "disagree" in fresh._summary.value
    assert fresh.state() == saved

    session.sign_in(person)  # a reload of a signed-in page
    again = widgets.MethodComparison(["5x5", "3x3"])
    assert again.ratings == {"5x5": "high", "3x3": "low"}


def test_a_risk_matrix_of_the_course_keeps_its_rating_and_one_inside_a_comparison_does_not(
    store,
):
    from widgets.course_app.model import Activity
    from widgets.course_app.view import build_activity

    person, _ = store.join("UB-2026", "Бат", "Khan", "worker")
    session.sign_in(person)
    activity = Activity("RiskMatrix", ("5x5",))
    matrix = build_activity(activity)
    matrix.select(likelihood=4, severity=3)
    assert store.load(person, "riskmatrix:5x5") == {"value": {"likelihood": 4, "severity": 3}}
    widgets.MethodComparison(["5x5"])._holder.children[0].select(likelihood=1, severity=1)
    assert store.load(person, "riskmatrix:5x5") == {"value": {"likelihood": 4, "severity": 3}}
    assert build_activity(activity).value == {"likelihood": 4, "severity": 3}
