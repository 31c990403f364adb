"""Every participant page passes axe-core: no critical or serious violation.

axe-core is the npm package that ``make test`` installs from package-lock.json (``npm ci``)
into ``node_modules``; Playwright adds it to the page from that file, so nothing is fetched
from the network. Each page is checked in both languages, at a phone's width and a laptop's,
signed in to a class (the course app and the register show their work only then).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.e2e.joining import join_class

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
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
FAILING = ("critical", "serious")
# What each page shows once it has drawn everything (the last activity of a lesson, …).
READY = {
    ("course.ipynb", ""): ".osh-map-lesson",
    ("course.ipynb", "&lesson=3"): ".osh-course-where",
    ("register.ipynb", ""): ".osh-register",
}


def ready_selector(notebook: str, query: str) -> str:
    """Return a selector that is on ``notebook``'s page once its activities are drawn."""
    return READY.get((notebook, query), ".osh-langbar")


def wait_until_drawn(page, selector: str) -> None:
    """Wait for ``selector``, then until the page has stopped adding widgets for a second."""
    page.locator(selector).first.wait_for(state="visible")
    page.wait_for_function(
        """() => new Promise((resolve) => {
          const count = () => document.querySelectorAll('.jupyter-widgets').length;
          let before = count();
          const timer = setInterval(() => {
            const now = count();
            if (now === before && !document.querySelector('.jp-Spinner, #loading')) {
              clearInterval(timer);
              resolve(true);
            }
            before = now;
          }, 1000);
        })"""
    )


def axe_violations(page) -> list[dict]:
    """Run axe-core on ``page``; return its critical and serious violations."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [v for v in results["violations"] if v["impact"] in FAILING]


def describe(violations: list[dict]) -> str:
    """Return the violations as lines people can act on: rule, impact, what, where."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:8]:
            target = json.dumps(node["target"], ensure_ascii=False)
            summary = " ".join(node.get("failureSummary", "").split())[:300]
            lines.append(f"    {target}: {summary}")
        if len(violation["nodes"]) > 8:
            lines.append(f"    … and {len(violation['nodes']) - 8} more")
    return "\n".join(lines)


@pytest.fixture(scope="module")
def signed_in(browser, server):
    """A browser context signed in to the test class (the device credential is its cookie)."""
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `make test` (it runs `npm ci`) first")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(90_000)
    page.goto(server.url + "/voila/render/01-why-osh-matters.ipynb?lang=en")
    join_class(page, "Axe Checker", "Axe LLC", role="Manager")
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
        found = {}
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 800})
            page.wait_for_timeout(300)
            violations = axe_violations(page)
            if violations:
                found[width] = describe(violations)
        report = "\n".join(f"--- {notebook} ?lang={lang} at {w} px\n{t}" for w, t in found.items())
        print(report)
        assert not found, report
    finally:
        page.close()
        if not joined:
            context.close()
