"""The register's overview of hazards, its "before you print" list and suggested measures."""

from __future__ import annotations

import ipywidgets as ipw
import pytest

from tests.widgets.register_page import RegisterPage
from tests.widgets.test_register_view import (
    CLASS,
    ENTERPRISE,
    page_text,
    started,
    with_hazard,
)
from widgets.register.view import RiskAssessment
from widgets.store import session

pytestmark = pytest.mark.widgets


@pytest.fixture
def bat(store):
    """Bat, a manager of the kindergarten, signed in on the page."""
    person, _code = store.join(CLASS, "Бат", ENTERPRISE, "manager")
    session.sign_in(person)
    return person


def add_own(app, title: str, category: str = "physical") -> str:
    app.open_step("identify")
    RegisterPage(app).choice("Hazard").value = ""
    (
        RegisterPage(app).field("Name of the hazard").value,
        RegisterPage(app).choice("Category").value,
    ) = title, category
    RegisterPage(app).button("Add hazard").click()
    return app.assessment.hazards[-1].id


def test_the_overview_lists_every_hazard_highest_band_first_and_opens_each(store, bat):
    app, stove = with_hazard(store, band=(2, 2))
    floor = add_own(app, "Wet floor", "mechanical")
    app.open_step("evaluate")
    RegisterPage(app).choice("Hazard").value = floor
    RegisterPage(app).matrix().select(likelihood=5, severity=5)
    light = add_own(app, "Dim light")
    assert "3 hazards found so far" in page_text(app)
    RegisterPage(app).button("See all hazards").click()
    assert app.step == "review"
    rows = RegisterPage(app).with_class("osh-register-overview-row")
    texts = [" ".join(c.value for c in r.children if isinstance(c, ipw.HTML)) for r in rows]
    assert [t.split("</b>")[0].split(". ", 1)[1] for t in texts] == [
        "Wet floor",
        "Hot stove",
        "Dim light",
    ]
    assert "osh-band-label" in texts[0]
    assert ">High<" in texts[0]
    assert "not rated yet" in texts[2]
    assert all(r.children[-1].description == "Open" for r in rows)
    RegisterPage(app).by_id(f"open-{light}").click()
    assert (app.step, RegisterPage(app).choice("Hazard").value) == ("evaluate", light)
    app.open_step("review")
    RegisterPage(app).by_id(f"open-{stove}").click()
    assert (app.step, RegisterPage(app).choice("Hazard").value) == ("controls", stove)


def test_the_missing_list_says_what_to_do_and_leads_there(store, bat):
    app = started(store)
    app.open_step("review")
    text = page_text(app)
    assert "No hazard yet" in text
    assert "No worker in the team" in text
    assert "Nothing is missing" not in text
    RegisterPage(app).by_id("fix-no-worker").click()
    assert app.step == "profile"
    app.open_step("review")
    RegisterPage(app).by_id("fix-no-hazard").click()
    assert app.step == "identify"


def test_the_missing_list_names_the_hazard_to_fix_and_says_when_all_is_done(store, bat):
    app, stove = with_hazard(store)
    RegisterPage(app).change(
        lambda a, by: a.update_profile(by, team=[{"name": "Сараа", "role": "worker"}])
    )
    for statement in app.assessment.checklist():
        RegisterPage(app).change(lambda a, by, s=statement.id: a.answer(s, "yes", by))
    app.open_step("review")
    assert "High risks without a measure: 1" in page_text(app)
    RegisterPage(app).by_id("fix-high-no-measure").click()
    assert (app.step, RegisterPage(app).choice("Hazard").value) == ("controls", stove)
    RegisterPage(app).by_id("source").value = "own"
    (
        RegisterPage(app).field("Our measure").value,
        RegisterPage(app).choice("Level in the hierarchy of controls").value,
    ) = "Guard rail", "engineering"
    RegisterPage(app).field("Responsible person").value = "Дорж"
    RegisterPage(app).button("Add measure").click()
    app.open_step("review")
    assert "Nothing is missing: you can print the reports." in page_text(app)
    RegisterPage(app).button("Go to the reports").click()
    assert app.step == "reports"


def test_measures_for_the_hazard_s_category_and_sector_come_first_the_rest_on_request(store, bat):
    app = RiskAssessment()
    RegisterPage(app).choice("Sector").value = "food"
    RegisterPage(app).choice("Size").value = "small"
    RegisterPage(app).choice("Evaluation method").value = "5x5"
    RegisterPage(app).button("Start the assessment").click()
    add_own(app, "Flour dust", "chemical")
    app.open_step("controls")
    offered = [v for _label, v in RegisterPage(app).choice("Measure from the library").options]
    assert "local-exhaust" in offered
    assert "socket-covers" not in offered
    assert "lpg-outdoor-store" not in offered
    RegisterPage(app).choice("Measure from the library").value = "local-exhaust"
    RegisterPage(app).field("Show all measures").value = True
    every = [v for _label, v in RegisterPage(app).choice("Measure from the library").options]
    assert len(every) == 47
    assert every[: len(offered)] == offered
    assert RegisterPage(app).choice("Measure from the library").value == "local-exhaust"
    RegisterPage(app).field("Show all measures").value = False
    assert [
        v for _label, v in RegisterPage(app).choice("Measure from the library").options
    ] == offered
