"""Reports reach the browser through the server's download route, and only their own browser.

The page links ``/osh/download/<token>`` instead of carrying the file in a ``data:`` link:
the file is streamed by the server (never through the kernel's websocket). Another
browser given the same link gets a 403; an unknown token a 404.
"""

from __future__ import annotations

import pytest

from tests.e2e.joining import join_class

pytestmark = pytest.mark.e2e
PAGE = "/voila/render/register.ipynb?lang=en"


def test_a_report_is_served_to_its_own_browser_only(page_factory, server):
    page = page_factory()
    page.goto(server.url + PAGE)
    app = page.locator(".osh-register")
    join_class(app, "Туяа", "Татаж авах ХХК E2E", role="Manager")
    app.get_by_label("Sector").select_option(label="Food workshop")
    app.get_by_role("button", name="Start the assessment").click()
    app.locator('.osh-saved[data-saves="1"]').wait_for()
    app.get_by_role("button", name="Reports", exact=True).click()
    app.get_by_label("Language of the reports").select_option(label="Монгол")
    app.get_by_role("button", name="Excel action plan").click()
    link = app.locator("a.osh-register-download")
    link.wait_for()
    href = link.get_attribute("href")
    assert href.startswith("/osh/download/"), href[:40]
    assert len(href) == len("/osh/download/") + 32

    mine = page.request.get(server.url + href)
    assert mine.status == 200
    assert mine.body()[:2] == b"PK"  # an .xlsx
    header = mine.headers["content-disposition"]
    assert header.startswith("attachment;")
    assert "filename*=UTF-8''" in header
    assert "%D0" in header  # the file name in Mongolian (Cyrillic), kept
    assert mine.headers["cache-control"] == "no-store"

    stranger = page_factory()
    stranger.goto(server.url + "/voila/render/register.ipynb?lang=en")  # its own cookie
    assert stranger.request.get(server.url + href).status == 403
    assert page.request.get(server.url + "/osh/download/" + "x" * 32).status == 404
