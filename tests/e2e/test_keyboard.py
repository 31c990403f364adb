"""Every kind of exercise can be done with the keyboard alone, in Chromium.

No mouse: the test moves with Tab as a person does (never by clicking or focusing from a
script), and answers with Space, Enter and the arrow keys. One exercise of each kind in
``widgets.exercises.view.VIEWS`` is answered in full and checked; a kind without a case here
fails the test.
"""

from __future__ import annotations

import pytest

from tests.e2e.axe import axe_violations, describe
from widgets.exercises.catalog import find_exercise
from widgets.exercises.view import VIEWS

pytestmark = pytest.mark.e2e
TAB_LIMIT = 400
# One exercise of each kind, and the lesson that shows it.
CASES = {
    "quiz": ("01-why-osh-matters.ipynb", "lesson-01-quiz"),
    "hazard_spotting": ("02-hazards-and-hazard-spotting.ipynb", "kindergarten-hazard-spotting"),
    "risk_rating": ("03-risk-matrix.ipynb", "kindergarten-risk-rating"),
    "control_sorting": ("04-hierarchy-of-controls.ipynb", "kindergarten-control-sorting"),
}


def test_every_kind_of_exercise_has_a_keyboard_case():
    """A new kind of exercise gets its keyboard test too."""
    assert set(CASES) == set(VIEWS)
    for kind, (_notebook, exercise_id) in CASES.items():
        assert find_exercise(exercise_id).type == kind


def focused(page, target) -> bool:
    """Whether ``target`` (a locator of one element) has the keyboard focus."""
    return target.evaluate("(element) => element === document.activeElement")


def tab_to(page, target) -> None:
    """Press Tab until ``target`` has the focus, as a keyboard user does; fail if never."""
    target.wait_for(state="visible")
    for _ in range(TAB_LIMIT):
        if focused(page, target):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reaches {target} ({TAB_LIMIT} presses)")


def press_on(page, target, key: str) -> None:
    """Tab to ``target`` and press ``key`` there."""
    tab_to(page, target)
    page.keyboard.press(key)


def open_exercise(page, server, notebook: str, exercise_id: str):
    """Open ``notebook`` in English; return the locator of ``exercise_id``'s activity."""
    kind = find_exercise(exercise_id).type.replace("_", "-")
    page.goto(f"{server.url}/voila/render/{notebook}?lang=en")
    exercise = page.locator(f".osh-exercise-{kind}").filter(
        has_text=find_exercise(exercise_id).title.en
    )
    exercise.locator("button", has_text="Check").wait_for(state="visible")
    return exercise


def check_by_keyboard(page, exercise) -> str:
    """Press Check with the keyboard; return the feedback shown."""
    press_on(page, exercise.get_by_role("button", name="Check", exact=True), "Enter")
    feedback = exercise.locator(".osh-feedback")
    feedback.wait_for()
    return feedback.inner_text()


def answer_quiz(page, exercise) -> None:
    # The first option of every question: Space on a radio button or on a checkbox.
    questions = exercise.locator(".osh-question").count()
    assert questions
    for n in range(questions):
        question = exercise.locator(".widget-html", has=page.locator(".osh-question")).nth(n)
        first = question.locator("xpath=following-sibling::*[1]").locator("input").first
        press_on(page, first, "Space")
        page.wait_for_function("(e) => e.checked", arg=first.element_handle())


def answer_hazard_spotting(page, exercise) -> None:
    boxes = exercise.locator(".osh-option input[type=checkbox]")
    for n in range(0, boxes.count(), 2):
        press_on(page, boxes.nth(n), "Space")
        assert boxes.nth(n).is_checked()


def answer_control_sorting(page, exercise) -> None:
    pickers = exercise.locator(".osh-picker select")
    assert pickers.count()
    for n in range(pickers.count()):
        picker = pickers.nth(n)
        before = picker.input_value()
        press_on(page, picker, "ArrowDown")
        page.wait_for_function("([e, v]) => e.value !== v", arg=[picker.element_handle(), before])
        press_on(page, exercise.locator(".osh-option input[type=checkbox]").nth(n), "Space")


def answer_risk_rating(page, exercise) -> None:
    total = len(find_exercise(CASES["risk_rating"][1]).items)
    for n in range(1, total + 1):
        exercise.get_by_text(f"Hazard {n} of {total}").wait_for()
        now, later = (
            exercise.locator(".osh-risk-matrix").nth(0),
            exercise.locator(".osh-risk-matrix").nth(1),
        )
        press_on(page, now.locator(".osh-risk-cell").nth(12), "Enter")
        now.locator(".osh-risk-cell.osh-selected").wait_for()
        press_on(page, exercise.locator(".osh-option input[type=checkbox]").first, "Space")
        press_on(page, later.locator(".osh-risk-cell").nth(6), "Enter")
        later.locator(".osh-risk-cell.osh-selected").wait_for()
        exercise.locator(".osh-journey .osh-mini").wait_for()
        if n < total:
            press_on(page, exercise.get_by_role("button", name="Next hazard"), "Enter")
            exercise.get_by_text(f"Hazard {n + 1} of {total}").wait_for()
            # The next hazard is drawn anew: the focus stays on its "Next hazard" (on the
            # last one, disabled there, "Previous hazard"), not back at the top of the page,
            # through which a keyboard user would have to Tab again.
            kept = "Next hazard" if n + 1 < total else "Previous hazard"
            page.wait_for_function(
                "([e, kept]) => e.contains(document.activeElement) && "
                "document.activeElement.textContent.includes(kept)",
                arg=[exercise.element_handle(), kept],
                timeout=10_000,
            )


ANSWER = {
    "quiz": answer_quiz,
    "hazard_spotting": answer_hazard_spotting,
    "risk_rating": answer_risk_rating,
    "control_sorting": answer_control_sorting,
}


@pytest.mark.parametrize("kind", sorted(CASES))
def test_an_exercise_is_done_with_the_keyboard_alone(page_factory, server, kind):
    """Answer every item, check, and get a score, with Tab, Space, Enter and arrows only."""
    notebook, exercise_id = CASES[kind]
    page = page_factory(viewport={"width": 375, "height": 800})
    exercise = open_exercise(page, server, notebook, exercise_id)
    ANSWER[kind](page, exercise)
    feedback = check_by_keyboard(page, exercise)
    assert "Score:" in feedback, feedback
    # A hint and the solution come by keyboard too; what they show passes axe-core.
    press_on(page, exercise.get_by_role("button", name="Show a hint"), "Enter")
    exercise.locator(".osh-hint-text").first.wait_for()
    press_on(page, exercise.get_by_role("button", name="Show the solution"), "Enter")
    exercise.locator(".osh-solution").wait_for()
    violations = axe_violations(page)
    assert not violations, describe(violations)
