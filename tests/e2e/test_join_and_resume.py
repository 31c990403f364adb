"""Join, answer, lose the kernel, reload, resume: the answer is there, and only for its owner."""

from __future__ import annotations

import json
import os
import signal
import time

import psutil
import pytest

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


def test_an_answer_survives_a_killed_kernel_and_comes_back_with_the_resume_code(
    page_factory, server, store_url
):
    page = page_factory()
    page.goto(server.url + LESSON)
    join = page.locator(".osh-join")
    join.get_by_label("Class code").fill("e2e-class")
    join.get_by_label("Your name").fill("Бат")
    join.get_by_label("Enterprise").fill("Khan Service LLC")
    join.get_by_label("Role").select_option(label="Worker")
    join.get_by_role("button", name="Join", exact=True).click()
    code = join.locator(".osh-resume-code").input_value()
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

    page.reload()
    join = page.locator(".osh-join")
    join.get_by_role("button", name="I have a resume code").click()
    join.get_by_label("Resume code").fill(code.lower())
    join.get_by_role("button", name="Continue my work").click()
    join.get_by_text("Signed in: Бат").wait_for()
    exercise = page.locator(".osh-exercise-risk-rating")
    selected = exercise.locator(".osh-risk-matrix").first.locator(".osh-risk-cell.osh-selected")
    selected.wait_for()
    assert selected.get_attribute("title").startswith("Likelihood 4 × Severity 3 = 12")


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
