"""Every participant page passes axe-core: no critical or serious violation.

axe-core is the npm package that ``make test`` installs from package-lock.json (``npm ci``)
into ``node_modules``; Playwright adds it to the page from that file, so nothing is fetched
from the network. Each page is checked in both languages, at a phone's width and a laptop's,
signed in to a class (the course app and the register show their work only then).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.axe import AXE, axe_violations, describe, wait_until_drawn
from tests.e2e.joining import join_class

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).parents[2]
NOTEBOOKS = sorted(
    path.name for path in (ROOT / "notebooks").glob("*.ipynb") if "checkpoint" not in path.name
)
# Every participant notebook signed in, and the classroom app's other faces: the join form a
# participant meets first, and a lesson opened in the app.
PAGES = [
    pytest.param("course.ipynb", "", False, id="course.ipynb-join"),
    pytest.param("course.ipynb", "&lesson=3", True, id="course.ipynb-lesson-3"),
    *(pytest.param(name, "", True, id=name) for name in NOTEBOOKS),
]
WIDTHS = (375, 1280)
LANGUAGES = ("mn", "en")
# What each page shows once it has drawn everything (the last activity of a lesson, …).
READY = {
    ("course.ipynb", ""): ".osh-map-lesson",
    ("course.ipynb", "&lesson=3"): ".osh-course-where",
    ("register.ipynb", ""): ".osh-register",
}


def ready_selector(notebook: str, query: str) -> str:
    """Return a selector that is on ``notebook``'s page once its activities are drawn."""
    return READY.get((notebook, query), ".osh-langbar")


def check_widths(page, where: str) -> dict[str, str]:
    """Run axe-core on ``page`` at each width; return what it found, by place and width."""
    found = {}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        page.wait_for_timeout(300)
        violations = axe_violations(page)
        if violations:
            found[f"{where} at {width} px"] = describe(violations)
    page.set_viewport_size({"width": WIDTHS[0], "height": 800})
    return found


@pytest.fixture(scope="module")
def signed_in(browser, server):
    """A browser context signed in to the test class (the device credential is its cookie)."""
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `make test` (it runs `npm ci`) first")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(90_000)
    page.goto(server.url + "/voila/render/register.ipynb?lang=en")
    app = page.locator(".osh-register")
    join_class(app, "Axe Checker", "Axe LLC", role="Manager")
    # The register's steps show once the team has started its assessment, with a hazard.
    app.get_by_label("Sector").select_option(label="Kindergarten or school")
    app.get_by_role("button", name="Start the assessment").click()
    app.locator('.osh-saved[data-saves="1"]').wait_for()
    app.get_by_role("button", name="2 · Hazards").click()
    for label, text in (
        ("Name of the hazard", "Hot stove"),
        ("Who might be harmed, and how", "The cook: burns to the hands"),
    ):
        app.get_by_label(label).fill(text)
        app.get_by_label(label).press("Tab")
    app.get_by_role("button", name="Add hazard").click()
    app.locator('.osh-saved[data-saves="2"]').wait_for()
    page.close()
    yield context
    context.close()


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(("notebook", "query", "joined"), PAGES)
def test_a_participant_page_has_no_serious_accessibility_violation(
    browser, signed_in, server, notebook, query, joined, lang
):
    """axe-core finds no critical or serious violation, at 375 px and at 1280 px.

    The page also says which language it is in (``<html lang>``), which axe cannot know.
    """
    context = signed_in if joined else browser.new_context()
    page = context.new_page()
    page.set_default_timeout(90_000)
    try:
        page.set_viewport_size({"width": WIDTHS[0], "height": 800})
        page.goto(f"{server.url}/voila/render/{notebook}?lang={lang}{query}")
        wait_until_drawn(page, ready_selector(notebook, query))
        assert page.evaluate("() => document.documentElement.lang") == lang
        found = check_widths(page, f"{notebook} ?lang={lang}{query}")
        # The register is one page of several steps: each step is checked as it is shown.
        steps = page.locator(".osh-register-steps .widget-toggle-button")
        assert notebook != "register.ipynb" or steps.count() > 1
        for n in range(1, steps.count()):
            name = steps.nth(n).inner_text()
            steps.nth(n).click()
            page.locator(".osh-register-steps .mod-active").filter(has_text=name).wait_for()
            wait_until_drawn(page, ".osh-register")
            found.update(check_widths(page, f"{notebook} ?lang={lang}, step “{name}”"))
        report = "\n".join(f"--- {where}\n{text}" for where, text in found.items())
        print(report)
        assert not found, report
    finally:
        page.close()
        if not joined:
            context.close()


def test_the_front_page_has_no_serious_accessibility_violation(page_factory, server):
    """The folder's front page (Mongolian, with English beside it) passes axe-core too."""
    page = page_factory()
    page.goto(server.url + "/")
    page.locator(".osh-course-link").wait_for()
    assert page.evaluate("() => document.documentElement.lang") == "mn"
    assert page.locator('[lang="en"]', has_text="Start the course").count() == 1
    found = check_widths(page, "the front page")
    assert not found, "\n".join(f"--- {where}\n{text}" for where, text in found.items())
