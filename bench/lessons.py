"""A participant through lessons 2-4 of the classroom app in Chromium, as a phone would do it.

Joins the class, then opens lessons 2, 3 and 4 from the course map and walks every step to
"Back to the course map". On every step each activity is used: matrix cells are clicked
(the risk matrix, the method comparison, the risk-rating exercise), the first choices are
ticked, and every exercise is checked (which saves it) and its solution shown. The kernel
behind the page then holds everything those lessons load.
"""

from __future__ import annotations

import contextlib
import time

from tests.e2e.joining import join_class

LESSONS = (2, 3, 4)
SHORT_MS = 3_000


def join(page, class_code: str, name: str = "Bench") -> None:
    """Join ``class_code`` on the course map and wait until the map is drawn again."""
    join_class(page, name, f"{name} LLC", code=class_code)
    page.get_by_text("Join your class above").wait_for(state="detached")


def _where(page) -> str:
    return page.locator(".osh-course-where").inner_text()


def _wait_changed(page, before: str) -> None:
    page.wait_for_function(
        "(before) => (document.querySelector('.osh-course-where')?.innerText ?? '') !== before",
        arg=before,
    )


def _click_if_there(locator) -> bool:
    if not locator.count():
        return False
    try:
        locator.first.click(timeout=SHORT_MS)
    except Exception:  # disabled or hidden: this activity does not offer it now
        return False
    return True


def use_activities(page) -> int:
    """Use every activity on the current step; return how many were found."""
    apps = page.locator(".osh-course-main .osh-app")
    for index in range(apps.count()):
        app = apps.nth(index)
        cells = app.locator(".osh-risk-cell")
        for n in range(min(cells.count(), 3)):
            _click_if_there(cells.nth(n * 5 % max(cells.count(), 1)))
        _click_if_there(app.locator(".osh-option input"))
        if _click_if_there(app.get_by_role("button", name="Check", exact=True)):
            with contextlib.suppress(Exception):  # some say nothing until every item is done
                app.locator(".osh-feedback").first.wait_for(timeout=SHORT_MS * 3)
            _click_if_there(app.get_by_role("button", name="Show the solution"))
    time.sleep(0.3)  # let the last answer reach the page
    return apps.count()


def lessons_2_to_4(page) -> dict:
    """Walk lessons 2-4 (page joined, on the course map); return steps and activities used."""
    steps = activities = 0
    for number in LESSONS:
        page.locator(".osh-map-lesson").nth(number - 1).click()
        page.locator(".osh-course-where").wait_for()
        while True:
            steps += 1
            activities += use_activities(page)
            last = page.get_by_role("button", name="Back to the course map →")
            if last.count():
                last.click()
                page.locator(".osh-course-where").wait_for(state="detached")
                page.locator(".osh-map-lesson").first.wait_for()
                break
            before = _where(page)
            page.get_by_role("button", name="Next →").click()
            _wait_changed(page, before)
    return {"steps": steps, "activities": activities}
