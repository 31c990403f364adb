"""The classroom server, as participants meet it: a real Voila and Debian's Chromium."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

import widgets

pytestmark = pytest.mark.e2e
LESSON = "/voila/render/03-risk-matrix.ipynb"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def open_lesson(page_factory, server, query="", **context_options):
    page = page_factory(**context_options)
    page.goto(server.url + LESSON + query)
    page.locator(".osh-risk-cell").first.wait_for(state="visible")
    return page


def activity(page):
    """The lesson's first activity (the comparison below it has a matrix of its own)."""
    return page.locator(".osh-risk-matrix").first


def test_clicking_a_cell_shows_its_band(page_factory, server):
    page = open_lesson(page_factory, server, "?lang=en")
    activity(page).locator('.osh-risk-cell[title^="Likelihood 5 × Severity 5 = 25"]').click()
    label = activity(page).locator(".osh-band-label")
    label.wait_for()
    assert label.inner_text() == widgets.get_method("5x5").band("high").label.en
    activity(page).locator('.osh-risk-cell[title^="Likelihood 2 × Severity 2 = 4"]').click()
    page.wait_for_function("() => document.querySelector('.osh-band-label').innerText === 'Low'")
    assert widgets.get_method("5x5").band("low").requires.en in page.inner_text("body")


def test_the_page_shows_no_source_code_and_no_traceback(page_factory, server):
    page = open_lesson(page_factory, server, "?lang=en")
    html = page.content()
    text = page.inner_text("body")
    for leak in (
        "import widgets",
        "widgets.RiskMatrix",
        "LanguageBar()",
        "Traceback",
        "Error",
        "jp-InputArea-editor",
    ):
        assert leak not in text, leak
    assert "import widgets" not in html
    assert "Traceback" not in html


def test_no_request_leaves_the_machine(page_factory, server):
    page = open_lesson(page_factory, server, "?lang=en")
    page.locator(".osh-risk-cell").first.click()
    page.locator(".osh-band-label").first.wait_for()
    hosts = {urlsplit(url).hostname for url in page.requests if not url.startswith("data:")}
    assert hosts, "the page made no request at all"
    assert hosts <= LOOPBACK, hosts
    assert not re.search(r"cdn\.jsdelivr|cdnjs|unpkg|googleapis", page.content())


def test_lang_query_gives_a_mongolian_page(page_factory, server):
    page = open_lesson(page_factory, server, "?lang=mn")
    activity(page).locator('.osh-risk-cell[title^="Магадлал 5 × Хүнд байдал 5 = 25"]').click()
    label = activity(page).locator(".osh-band-label")
    label.wait_for()
    assert label.inner_text() == widgets.get_method("5x5").band("high").label.mn
    assert page.locator("h1:visible").first.inner_text().startswith("03 · Эрсдэл")
    assert not page.locator("text=In this lesson you will").is_visible()


def test_the_browser_language_is_used_without_a_query(page_factory, server):
    page = open_lesson(page_factory, server, "", locale="mn-MN")
    assert page.locator("text=Энэ хичээлээр та").is_visible()
    assert not page.locator("text=In this lesson you will").is_visible()


def test_the_matrix_works_by_keyboard_alone(page_factory, server):
    page = open_lesson(page_factory, server, "?lang=en")
    cell = activity(page).locator('.osh-risk-cell[title^="Likelihood 3 × Severity 4 = 12"]')
    cell.focus()
    page.keyboard.press("Enter")
    page.wait_for_function(
        "() => (document.querySelector('.osh-band-label') || {}).innerText === 'Medium'"
    )


def test_the_matrix_fits_a_phone_screen(page_factory, server):
    page = open_lesson(
        page_factory,
        server,
        "?lang=mn",
        viewport={"width": 375, "height": 740},
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
    )
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 375, width
    boxes = [c.bounding_box() for c in activity(page).locator(".osh-risk-cell").all()]
    assert len(boxes) == 25
    assert all(b and b["x"] >= 0 and b["x"] + b["width"] <= 375 for b in boxes)
    assert min(b["height"] for b in boxes) >= 32, "cells are big enough to tap"
    activity(page).locator(".osh-risk-cell").nth(12).tap()
    activity(page).locator(".osh-band-label").wait_for()


@pytest.mark.parametrize(
    "path",
    [
        "/voila/files/03-risk-matrix.ipynb",
        "/voila/files/secret.py",
        "/voila/files/participants.csv",
        "/voila/files/../outside.csv",
        "/voila/files/%2e%2e/outside.csv",
        "/voila/files/images/../../outside.csv",
    ],
)
def test_notebooks_code_data_and_paths_outside_the_root_are_forbidden(server, path):
    assert server.status(path) == 403


def test_images_in_an_images_folder_are_served(server):
    assert server.status("/voila/files/images/pixel.png") == 200


@pytest.mark.parametrize(
    "path",
    [
        "/voila/render/trainer/preview.ipynb",
        "/voila/render/../trainer/preview.ipynb",
        "/voila/render/%2e%2e/trainer/preview.ipynb",
        "/voila/render/..%2Ftrainer%2Fpreview.ipynb",
        "/voila/files/../trainer/preview.ipynb",
        "/voila/tree/../trainer",
        "/voila/render/trainer/programme-progress.ipynb",
        "/voila/render/../trainer/class-report.ipynb",
        "/voila/render/%2e%2e/trainer/programme-progress.ipynb",
    ],
)
def test_no_trainer_page_is_served(server, path):
    assert (server.root.parent / "trainer" / "preview.ipynb").exists()
    assert not list(server.root.rglob("trainer*")), "trainer notebooks live outside the root"
    assert server.status(path) in (403, 404)


def test_the_landing_page_lists_the_lessons_in_course_order(server):
    import urllib.request

    from widgets.course import lessons

    with urllib.request.urlopen(server.url + "/", timeout=30) as response:
        html = response.read().decode("utf-8")
    listed = re.findall(r'href="[^"]*/voila/render/([^"?]+\.ipynb)', html)
    expected = [lesson.path.name for lesson in lessons(server.root)]
    assert expected
    assert [name for name in listed if name in expected] == expected
    assert "://" not in html, "the front page fetches nothing from another host"
