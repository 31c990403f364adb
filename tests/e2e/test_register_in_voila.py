"""The risk assessment in a real browser: record, rate, plan, mark done, download the plan."""

from __future__ import annotations

import pytest

from tests.e2e.joining import join_class
from widgets.register.store import RegisterStore
from widgets.store.service import Store

pytestmark = pytest.mark.e2e
PAGE = "/voila/render/register.ipynb?lang=en"
ENTERPRISE = "Нарлаг цэцэрлэг E2E"


def saves(app, count: int) -> None:
    """Wait until the page has made ``count`` saves (the "✓ Saved" line counts them)."""
    app.locator(f'.osh-saved[data-saves="{count}"]').wait_for()


def test_a_team_records_rates_plans_and_downloads_the_action_plan(
    page_factory, server, store_url, tmp_path
):
    from openpyxl import load_workbook

    page = page_factory(accept_downloads=True)
    page.goto(server.url + PAGE)
    app = page.locator(".osh-register")
    join_class(app, "Сараа", ENTERPRISE, role="Manager", code="e2e-class")

    app.get_by_label("Sector").select_option(label="Kindergarten or school")
    app.get_by_role("button", name="Start the assessment").click()
    saves(app, 1)

    # step 2: a hazard of the team's own
    app.get_by_role("button", name="2 · Hazards").click()
    app.get_by_label("Name of the hazard").fill("Hot stove")
    app.get_by_label("Name of the hazard").press("Tab")
    app.get_by_label("Who might be harmed, and how").fill("The cook: burns to the hands")
    app.get_by_label("Who might be harmed, and how").press("Tab")
    app.get_by_role("button", name="Add hazard").click()
    saves(app, 2)

    # step 3: rated on the matrix
    app.get_by_role("button", name="3 · Evaluation").click()
    app.locator('.osh-risk-cell[title^="Likelihood 4 × Severity 4 = 16"]').click()
    saves(app, 3)
    app.get_by_text("Saved rating").wait_for()

    # step 4: a measure of our own, then marked done with the residual risk
    app.get_by_role("button", name="4 · Action plan").click()
    app.get_by_role("button", name="Our own measure").click()
    app.get_by_label("Our measure").fill("Guard rail around the stove")
    app.get_by_label("Our measure").press("Tab")
    app.get_by_label("Level in the hierarchy of controls").select_option(
        label="Engineering controls"
    )
    app.get_by_role("button", name="Add measure").click()
    saves(app, 4)
    app.get_by_role("button", name="Done", exact=True).click()
    app.get_by_text("rate the risk that remains now").wait_for()
    app.locator('.osh-risk-cell[title^="Likelihood 2 × Severity 2 = 4"]').click()
    app.get_by_role("button", name="Record as done").click()
    saves(app, 5)

    # the Excel action plan, downloaded through the page
    app.get_by_role("button", name="Reports").click()
    app.get_by_role("button", name="Excel action plan").click()
    link = app.locator("a.osh-register-download")
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename.endswith("-action-plan.xlsx")
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    sheet = load_workbook(path).active
    header = [cell.value for cell in sheet[1]]
    row = dict(zip(header, [cell.value for cell in sheet[2]], strict=True))
    assert row["Hazard"] == "Hot stove"
    assert row["Measure"] == "Guard rail around the stove"
    assert row["Level of control"] == "Engineering controls"
    assert row["Status"] == "Done"
    assert (row["Risk"], row["Residual risk"]) == ("High", "Low")
    assert not [url for url in page.requests if not url.startswith((server.url, "data:"))]

    store = Store(store_url)
    try:
        register = RegisterStore(store)
        [listed] = [r for r in register.assessments("E2E-CLASS") if r["enterprise"] == ENTERPRISE]
        [hazard] = register.load(listed["id"]).hazards
        assert hazard.measures[0].status == "done"
    finally:
        store.close()
