"""The register's overview of hazards, its "before you print" list and suggested measures."""

from __future__ import annotations

import ipywidgets as ipw
import pytest

from tests.widgets.test_register_view import (
    CLASS,
    ENTERPRISE,
    page_text,
    started,
    walk,
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


def buttons(app) -> dict[str, ipw.Button]:
    return {k: w for k, w in app._w.items() if isinstance(w, ipw.Button)}


def add_own(app, title: str, category: str = "physical") -> str:
    app.open_step("identify")
    app._w["hazard"].value = ""
    app._w["title"].value, app._w["category"].value = title, category
    app._w["add-hazard"].click()
    return app.assessment.hazards[-1].id


def test_the_overview_lists_every_hazard_highest_band_first_and_opens_each(store, bat):
    app, stove = with_hazard(store, band=(2, 2))
    floor = add_own(app, "Wet floor", "mechanical")
    app.open_step("evaluate")
    app._w["hazard"].value = floor
    app._w["matrix"].select(likelihood=5, severity=5)
    light = add_own(app, "Dim light")
    assert "3 hazards found so far" in page_text(app)
    app._w["see-all"].click()
    assert app.step == "review"
    rows = [w for w in walk(app) if "osh-register-overview-row" in w._dom_classes]
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
    app._w[f"open:{light}"].click()
    assert (app.step, app._w["hazard"].value) == ("evaluate", light)
    app.open_step("review")
    app._w[f"open:{stove}"].click()
    assert (app.step, app._w["hazard"].value) == ("controls", stove)


def test_the_missing_list_says_what_to_do_and_leads_there(store, bat):
    app = started(store)
    app.open_step("review")
    text = page_text(app)
    assert "No hazard yet" in text
    assert "No worker in the team" in text
    assert "Nothing is missing" not in text
    app._w["fix:no-worker"].click()
    assert app.step == "profile"
    app.open_step("review")
    app._w["fix:no-hazard"].click()
    assert app.step == "identify"


def test_the_missing_list_names_the_hazard_to_fix_and_says_when_all_is_done(store, bat):
    app, stove = with_hazard(store)
    app._change(lambda a, by: a.update_profile(by, team=[{"name": "Сараа", "role": "worker"}]))
    for statement in app.assessment.checklist():
        app._change(lambda a, by, s=statement.id: a.answer(s, "yes", by))
    app.open_step("review")
    assert "High risks without a measure: 1" in page_text(app)
    app._w["fix:high-no-measure"].click()
    assert (app.step, app._w["hazard"].value) == ("controls", stove)
    app._w["source"].value = "own"
    app._w["text"].value, app._w["level"].value = "Guard rail", "engineering"
    app._w["responsible"].value = "Дорж"
    app._w["add-measure"].click()
    app.open_step("review")
    assert "Nothing is missing: you can print the reports." in page_text(app)
    app._w["print"].click()
    assert app.step == "reports"


def test_measures_for_the_hazard_s_category_and_sector_come_first_the_rest_on_request(store, bat):
    app = RiskAssessment()
    app._w["sector"].value = "food"
    app._w["size"].value = "small"
    app._w["method"].value = "5x5"
    app._w["start"].click()
    add_own(app, "Flour dust", "chemical")
    app.open_step("controls")
    offered = [v for _label, v in app._w["library"].options]
    assert "local-exhaust" in offered
    assert "socket-covers" not in offered
    assert "lpg-outdoor-store" not in offered
    app._w["library"].value = "local-exhaust"
    app._w["all-measures"].value = True
    every = [v for _label, v in app._w["library"].options]
    assert len(every) == 47
    assert every[: len(offered)] == offered
    assert app._w["library"].value == "local-exhaust"
    app._w["all-measures"].value = False
    assert [v for _label, v in app._w["library"].options] == offered
