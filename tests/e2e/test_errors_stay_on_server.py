"""Errors stay on the server, and pages carry strict headers that Voila still works under."""

from __future__ import annotations

import json
import re

import pytest

from tests.harness import classroom_server

pytestmark = pytest.mark.e2e
LESSON = "/voila/render/03-risk-matrix.ipynb?lang=en"
# A page with a bug in a callback: a fixture of this test only (workbook notebooks hold no
# logic). The path in the error must never reach the browser.
BROKEN = {
    "cells": [
        {
            "cell_type": "code",
            "metadata": {},
            "outputs": [],
            "execution_count": None,
            "source": "import widgets\nwidgets.LanguageBar()",
        },
        {
            "cell_type": "code",
            "metadata": {},
            "outputs": [],
            "execution_count": None,
            "source": (
                "import ipywidgets as ipw\n"
                "def broken(_b):\n"
                "    raise ValueError('bug at /srv/osh/secret/place.py')\n"
                "b = ipw.Button(description='Break')\n"
                "b.on_click(broken)\n"
                "b"
            ),
        },
    ],
    "metadata": {
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
    },
    "nbformat": 4,
    "nbformat_minor": 5,
}


def test_pages_carry_strict_headers_and_still_work(page_factory, server):
    page = page_factory()
    violations = []
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    response = page.goto(server.url + LESSON)
    headers = response.headers
    csp = headers["content-security-policy"]
    assert re.search(r"script-src 'self'", csp)
    assert "default-src 'self'" in csp
    assert "object-src 'none'" in csp
    assert "frame-ancestors 'self'" in csp
    assert headers["referrer-policy"] == "same-origin"
    for cookie in headers.get("set-cookie", "").split("\n"):
        if cookie:
            assert "SameSite=" in cookie, cookie
    page.locator('.osh-risk-cell[title^="Likelihood 5 × Severity 5 = 25"]').first.click()
    page.locator(".osh-band-label").first.wait_for()
    assert not violations, violations
    for cookie in page.context.cookies():
        assert cookie["sameSite"] in ("Lax", "Strict"), cookie


def test_an_error_in_a_callback_shows_one_short_line_and_no_traceback(page_factory, tmp_path):
    root = tmp_path / "notebooks"
    root.mkdir()
    (root / "broken.ipynb").write_text(json.dumps(BROKEN), encoding="utf-8")
    log = tmp_path / "voila.log"
    with classroom_server(root, log, pool_size=0) as server:
        page = page_factory()
        frames = []
        page.on(
            "websocket",
            lambda ws: ws.on("framereceived", lambda payload: frames.append(str(payload))),
        )
        page.goto(server.url + "/voila/render/broken.ipynb?lang=en")
        page.get_by_role("button", name="Break").click()
        line = page.locator(".osh-callback-error [role=alert]")
        line.wait_for()
        assert line.inner_text() == (
            "Something went wrong: please try again, or tell your trainer."
        )
        text = page.inner_text("body")
        assert "Traceback" not in text
        assert "/srv/osh" not in text
        assert not [f for f in frames if "/srv/osh" in f or "Traceback" in f]
        # the page still works, and the line goes with the next action
        page.get_by_role("button", name="Break").click()
        line.wait_for()
    logged = log.read_text(errors="replace")
    assert "ValueError: bug at /srv/osh/secret/place.py" in logged
