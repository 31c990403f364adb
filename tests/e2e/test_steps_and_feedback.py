"""Steps and feedback on a phone, in Chromium: read from the top, see what a button reveals.

Next shows the new step from its title; a hint opens in view next to its button; a wrong
quiz answer is told in quiz words; the method comparison of lesson 3 survives a reload.
"""

from __future__ import annotations

import pytest

from tests.e2e.joining import join_class
from widgets.exercises.catalog import find_exercise

pytestmark = pytest.mark.e2e
PHONE = {"width": 375, "height": 740}
IN_VIEW = """(el) => {
  const r = el.getBoundingClientRect();
  const bar = document.querySelector('.osh-course-bar').getBoundingClientRect();
  return r.top >= bar.bottom - 1 && r.top < innerHeight && r.height > 0;
}"""


def open_lesson(page, server, number: int, lang: str) -> None:
    page.goto(f"{server.url}/voila/render/course.ipynb?lang={lang}&lesson={number}")
    page.locator(".osh-course-where").wait_for()


def next_step(page) -> None:
    """Press Next (the primary button under the step) and wait for the next step."""
    where = page.locator(".osh-course-where").inner_text()
    page.locator(".osh-nav.mod-primary").click()
    page.wait_for_function(
        "(before) => document.querySelector('.osh-course-where')?.innerText !== before",
        arg=where,
    )


def wait_in_view(page, selector: str) -> None:
    check = f"const el = document.querySelector({selector!r}); return el && ({IN_VIEW})(el);"
    page.wait_for_function(f"() => {{ {check} }}")


def test_next_shows_the_new_step_from_its_title_under_one_compact_bar(page_factory, server):
    page = page_factory(viewport=PHONE)
    open_lesson(page, server, 2, "mn")
    page.locator(".osh-nav.mod-primary").scroll_into_view_if_needed()  # at the step's foot
    for _ in range(2):
        next_step(page)
        wait_in_view(page, ".osh-step-text")
        assert page.locator(".osh-step-text").evaluate(IN_VIEW)
        assert "6 алхмын" in page.locator(".osh-course-bar").inner_text()
    # the course title and the language choice stay on the map, not on every step
    assert not page.locator(".jp-MarkdownCell").first.is_visible()
    assert not page.locator(".osh-langbar .widget-toggle-buttons").is_visible()
    bar = page.locator(".osh-course-bar").bounding_box()
    assert bar["height"] < 90


def test_a_hint_opens_in_view_next_to_its_button(page_factory, server):
    page = page_factory(viewport=PHONE)
    open_lesson(page, server, 2, "en")
    while not page.locator(".osh-exercise-hazard-spotting").count():
        next_step(page)
    exercise = page.locator(".osh-exercise-hazard-spotting")
    exercise.locator("input[type=checkbox]").first.check()
    exercise.get_by_role("button", name="Check").click()
    wait_in_view(page, ".osh-feedback")
    exercise.get_by_role("button", name="Show a hint").click()
    exercise.locator(".osh-hint-text").wait_for()
    wait_in_view(page, ".osh-hint-text")
    hint = exercise.locator(".osh-hint-text").bounding_box()
    button = exercise.get_by_role("button", name="Show a hint").bounding_box()
    assert 0 <= hint["y"] - (button["y"] + button["height"]) < 150


def test_a_wrong_quiz_answer_is_told_in_quiz_words(page_factory, server):
    page = page_factory(viewport=PHONE)
    open_lesson(page, server, 1, "en")
    while not page.locator(".osh-exercise-quiz").count():
        next_step(page)
    quiz = find_exercise("lesson-01-quiz")
    wrong = next(o for o in quiz.items[0].options if not o.correct)
    exercise = page.locator(".osh-exercise-quiz")
    exercise.get_by_text(wrong.text.en).click()
    exercise.get_by_role("button", name="Check").click()
    feedback = exercise.locator(".osh-feedback")
    feedback.wait_for()
    first = feedback.locator(".osh-fb").first
    assert "✗ Wrong" in first.inner_text()
    assert "Not the right answer." in first.inner_text()
    assert "hazard" not in first.locator(".osh-fb-short").inner_text()
    assert not first.get_by_text(wrong.explanation.en).is_visible()  # behind "Why?"
    first.get_by_text("Why?").click()
    assert first.get_by_text(wrong.explanation.en).is_visible()


def test_the_method_comparison_comes_back_after_a_reload(page_factory, server):
    page = page_factory(viewport=PHONE)
    page.goto(f"{server.url}/voila/render/course.ipynb?lang=en")
    page.locator(".osh-map-lesson").first.wait_for()
    join_class(page, "Туяа", "Tuya LLC")
    page.locator(".osh-map-lesson", has_text="Risk and the risk matrix").click()
    page.locator(".osh-course-where").wait_for()
    while not page.locator(".osh-method-comparison").count():
        next_step(page)
    app = page.locator(".osh-method-comparison")
    app.locator('.osh-risk-cell[title^="Likelihood 5 × Severity 5"]').click()
    app.locator('.osh-saved[data-saves="1"]').wait_for()
    app.get_by_label("Method").select_option(label="3×3 risk matrix (simple)")
    app.locator('.osh-risk-cell[title^="Likelihood 5 × Severity 5"]').wait_for(state="detached")
    app.locator('.osh-risk-cell[title^="Likelihood 1 × Severity 1"]').click()
    app.locator('.osh-saved[data-saves="2"]').wait_for()

    page.reload()  # the same browser: still signed in
    page.get_by_role("button", name="Continue where you stopped").click()
    summary = page.locator(".osh-method-comparison table.osh-table")
    summary.wait_for()
    rows = summary.locator("tbody tr").all_inner_texts()
    assert len(rows) == 2
    assert any("5×5" in row and "High" in row for row in rows)
    assert any("3×3" in row and "Low" in row for row in rows)
    assert "disagree" in page.locator(".osh-method-comparison").inner_text()
