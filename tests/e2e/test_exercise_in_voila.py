"""A participant completes a risk-rating exercise in the lesson page, in Chromium."""

from __future__ import annotations

import pytest

from widgets.exercises.catalog import find_exercise
from widgets.exercises.model import RiskRatingModel

pytestmark = pytest.mark.e2e
LESSON = "/voila/render/03-risk-matrix.ipynb?lang=en"
EXERCISE = "kindergarten-risk-rating"


def cell_title(model: RiskRatingModel, rating) -> str:
    rows, columns = model.method.factors
    return (
        f"{rows.label.en} {rating.factors[rows.id]:g} × {columns.label.en} "
        f"{rating.factors[columns.id]:g} = {rating.score:g}"
    )


def test_a_participant_completes_the_kindergarten_risk_rating(page_factory, server):
    exercise = find_exercise(EXERCISE)
    model = RiskRatingModel(exercise)
    page = page_factory(viewport={"width": 390, "height": 900})
    page.goto(server.url + LESSON)
    app = page.locator(".osh-exercise-risk-rating")
    app.locator(".osh-risk-cell").first.wait_for(state="visible")
    assert exercise.solution.en not in page.inner_text("body")

    for n, item in enumerate(exercise.items, 1):
        app.get_by_text(f"Hazard {n} of {len(exercise.items)}").wait_for()
        now, later = app.locator(".osh-risk-matrix").nth(0), app.locator(".osh-risk-matrix").nth(1)
        now.locator(
            f'.osh-risk-cell[title^="{cell_title(model, model.reference(item.id, "inherent"))}"]'
        ).click()
        for control in item.controls:
            if control.id in item.recommended:
                app.locator(".osh-option", has_text=control.text.en).locator("input").check()
        later.locator(
            f'.osh-risk-cell[title^="{cell_title(model, model.reference(item.id, "residual"))}"]'
        ).click()
        app.locator(".osh-journey .osh-mini").wait_for()
        if n < len(exercise.items):
            app.get_by_role("button", name="Next hazard").click()

    app.get_by_role("button", name="Check").click()
    feedback = app.locator(".osh-feedback")
    feedback.wait_for()
    assert "Score: 100%" in feedback.inner_text()
    assert exercise.feedback.good.en in feedback.inner_text()
    app.get_by_role("button", name="Show the solution").click()
    app.locator(".osh-solution").wait_for()
    assert exercise.solution.en[:40] in app.inner_text()
    assert "Traceback" not in page.content()
