"""Join, answer, lose the kernel, reload, resume: the answer is there, and only for its owner."""

from __future__ import annotations

import json
import os
import signal
import time

import psutil
import pytest

from tests.e2e.conftest import PAGE_TIMEOUT_MS
from tests.e2e.joining import join_class
from widgets.store.service import Store

pytestmark = pytest.mark.e2e
LESSON = "/voila/render/03-risk-matrix.ipynb?lang=en"
CELL = '.osh-risk-cell[title^="Likelihood 4 × Severity 3 = 12"]'


def kernel_process(page) -> psutil.Process:
    kernel_id = json.loads(page.locator("#jupyter-config-data").text_content())["kernelId"]
    for process in psutil.process_iter(["cmdline"]):
        if any(kernel_id in part for part in process.info["cmdline"] or []):
            return process
    raise LookupError(kernel_id)


PHONE = {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True}


def selected_cell(page):
    exercise = page.locator(".osh-exercise-risk-rating")
    return exercise.locator(".osh-risk-matrix").first.locator(".osh-risk-cell.osh-selected")


def test_a_phone_stays_signed_in_across_reloads_and_tabs_until_it_signs_out(page_factory, server):
    page = page_factory(**PHONE)
    page.goto(server.url + LESSON)
    code = join_class(page, "Туяа", "Gobi Food LLC")
    exercise = page.locator(".osh-exercise-risk-rating")
    exercise.locator(".osh-risk-matrix").first.locator(CELL).click()
    exercise.locator(".osh-saved").wait_for()
    cookie = next(c for c in page.context.cookies() if c["name"] == "osh-device")
    assert cookie["httpOnly"]
    assert code not in cookie["value"]

    page.reload()  # the phone reloads the tab: no code typed
    page.locator(".osh-join").get_by_text("Signed in: Туяа").wait_for()
    assert selected_cell(page).get_attribute("title").startswith("Likelihood 4 × Severity 3")
    assert page.locator(".osh-join .osh-resume-code").count() == 0  # shown only once

    second = page.context.new_page()  # a second tab of the same browser
    second.set_default_timeout(PAGE_TIMEOUT_MS)
    second.goto(server.url + LESSON)
    second.locator(".osh-join").get_by_text("Signed in: Туяа").wait_for()

    page.locator(".osh-join").get_by_role("button", name="Sign out on this device").click()
    page.locator(".osh-join").get_by_label("Class code").wait_for()
    page.reload()
    page.locator(".osh-join").get_by_label("Class code").wait_for()  # asks to join again
    assert page.locator(".osh-join").get_by_text("Signed in").count() == 0
    assert selected_cell(page).count() == 0

    other = page_factory(**PHONE)  # another phone: the resume code brings the work back
    other.goto(server.url + LESSON)
    form = other.locator(".osh-join")
    form.get_by_role("button", name="I have a resume code").click()
    form.get_by_label("Resume code").fill(code)
    form.get_by_role("button", name="Continue my work").click()
    form.get_by_text("Signed in: Туяа").wait_for()
    selected_cell(other).wait_for()
    other.reload()
    other.locator(".osh-join").get_by_text("Signed in: Туяа").wait_for()


def test_an_answer_survives_a_killed_kernel_and_comes_back_with_the_resume_code(
    page_factory, server, store_url
):
    page = page_factory()
    page.goto(server.url + LESSON)
    code = join_class(page, "Бат", "Khan Service LLC")
    join = page.locator(".osh-join")
    assert len(code) == 19
    assert "Signed in: Бат" in join.inner_text()

    exercise = page.locator(".osh-exercise-risk-rating")
    exercise.locator(".osh-risk-matrix").first.locator(CELL).click()
    exercise.locator(".osh-saved").wait_for()
    kernel = kernel_process(page)
    os.kill(kernel.pid, signal.SIGKILL)  # nothing else happens after the save
    kernel.wait(timeout=10)

    store = Store(store_url)
    [person] = [p for p in store.participants("E2E-CLASS") if p["name"] == "Бат"]
    assert person["activities"] == 1
    store.close()

    page.reload()  # a new kernel; this browser is still signed in
    page.locator(".osh-join").get_by_text("Signed in: Бат").wait_for()
    selected_cell(page).wait_for()
    assert selected_cell(page).get_attribute("title").startswith("Likelihood 4 × Severity 3 = 12")

    other = page_factory()  # another computer: the code, typed in lower case, brings it back
    other.goto(server.url + LESSON)
    join = other.locator(".osh-join")
    join.get_by_role("button", name="I have a resume code").click()
    join.get_by_label("Resume code").fill(code.lower())
    join.get_by_role("button", name="Continue my work").click()
    join.get_by_text("Signed in: Бат").wait_for()
    selected_cell(other).wait_for()
    assert selected_cell(other).get_attribute("title").startswith("Likelihood 4 × Severity 3 = 12")


def test_a_wrong_resume_code_shows_nothing_of_anyone(page_factory, server):
    page = page_factory()
    page.goto(server.url + LESSON)
    join = page.locator(".osh-join")
    join.get_by_role("button", name="I have a resume code").click()
    join.get_by_label("Resume code").fill("AAAA-BBBB-CCCC-DDDD")
    join.get_by_role("button", name="Continue my work").click()
    join.get_by_text("does not match anyone").wait_for()
    time.sleep(0.5)
    exercise = page.locator(".osh-exercise-risk-rating")
    assert exercise.locator(".osh-risk-cell.osh-selected").count() == 0
