"""The classroom app in Chromium: two participants at once, each resumes only their own.

After a reload each finds their own work, and the trainer's debrief page shows both.
"""

from __future__ import annotations

import pytest

from tests.e2e.joining import join_class
from tests.harness import classroom_server
from widgets.exercises.catalog import find_exercise

pytestmark = pytest.mark.e2e
APP = "/voila/render/course.ipynb?lang=en"
EXERCISE = "kindergarten-risk-rating"
# Each participant rates the first hazard "now" in a different cell (likelihood, severity).
CHOICES = {"Оюунаа": (4, 3), "Bold": (2, 2)}
CELLS = {name: f"Likelihood {lk} × Severity {sv} = {lk * sv}" for name, (lk, sv) in CHOICES.items()}


def join(page, name: str) -> str:
    """Join the test class on the course map; return the resume code shown."""
    code = join_class(page, name, f"{name} LLC")
    page.get_by_text("Join your class above").wait_for(state="detached")
    return code


def next_step(page) -> None:
    """Press Next and wait for the next step (a participant's second tap waits too)."""
    where = page.locator(".osh-course-where").inner_text()
    page.get_by_role("button", name="Next →").click()
    page.wait_for_function(
        "(before) => document.querySelector('.osh-course-where')?.innerText !== before",
        arg=where,
    )


def open_exercise(page):
    """Open lesson 3 from the course map and go to its kindergarten exercise."""
    page.locator(".osh-map-lesson", has_text="Risk and the risk matrix").click()
    page.locator(".osh-course-where").wait_for()
    while not page.locator(".osh-exercise-risk-rating").count():
        next_step(page)
    return page.locator(".osh-exercise-risk-rating")


def now_matrix(exercise):
    return exercise.locator(".osh-risk-matrix").first


def test_two_participants_work_at_once_and_each_resumes_only_their_own(
    page_factory, server, served_root, store_url, tmp_path
):
    pages = {name: page_factory(viewport={"width": 390, "height": 900}) for name in CELLS}
    for page in pages.values():
        page.goto(server.url + APP)
        page.locator(".osh-map-lesson").first.wait_for()
    assert all(page.locator(".osh-map-lesson").count() == 8 for page in pages.values())
    codes = {name: join(page, name) for name, page in pages.items()}
    exercises = {name: open_exercise(page) for name, page in pages.items()}
    # Both answer before either waits: the two kernels work at the same time.
    for name, exercise in exercises.items():
        now_matrix(exercise).locator(f'.osh-risk-cell[title^="{CELLS[name]}"]').click()
    for exercise in exercises.values():
        exercise.locator(".osh-saved").wait_for()
    # Only the open step's activity is alive on the page.
    assert pages["Bold"].locator(".osh-exercise").count() == 1

    # Each phone reloads: its browser is still signed in; another phone resumes with the code.
    pages["Bold"] = page_factory(viewport={"width": 390, "height": 900})
    pages["Bold"].goto(server.url + APP)
    form = pages["Bold"].locator(".osh-join")
    form.get_by_role("button", name="I have a resume code").click()
    form.get_by_label("Resume code").fill(codes["Bold"])
    form.get_by_role("button", name="Continue my work").click()
    for name, page in pages.items():
        page.reload()
        page.locator(".osh-join").get_by_text(f"Signed in: {name}").wait_for()
        progress = page.locator(".osh-map-progress").nth(2)
        assert "seen" in progress.inner_text()
        page.get_by_role("button", name="Continue where you stopped").click()
        exercise = page.locator(".osh-exercise-risk-rating")
        chosen = now_matrix(exercise).locator(".osh-risk-cell.osh-selected")
        chosen.wait_for()
        assert chosen.count() == 1
        assert chosen.get_attribute("title").startswith(CELLS[name])
        other = next(n for n in CELLS if n != name)
        assert other not in page.inner_text("body")

    # The trainer's debrief page, served from trainer/ on the trainer's own port.
    with classroom_server(
        served_root.parent / "trainer",
        tmp_path / "trainer.log",
        env={"OSH_DATABASE_URL": store_url},
    ) as trainer:
        page = page_factory(viewport={"width": 1280, "height": 900})
        page.goto(trainer.url + "/voila/render/debrief.ipynb?lang=en")
        app = page.locator(".osh-debrief-app")
        app.get_by_label("Class").select_option(label="E2E-CLASS · End-to-end class")
        title = find_exercise(EXERCISE).title.en
        app.get_by_label("Exercise").select_option(label=f"Risk rating: {title}")
        for likelihood, severity in CHOICES.values():
            label = f"Likelihood {likelihood}, Severity {severity}:"
            app.locator(f'[aria-label^="{label}"][aria-label*="; chosen by 1"]').first.wait_for()
        listed = app.inner_text()
        assert all(name in listed for name in CELLS)
