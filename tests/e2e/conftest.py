"""A real classroom server and Debian's Chromium, shared by the end-to-end tests."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.harness import RunningServer, classroom_server, launch_chromium
from widgets.store.service import Store

ROOT = Path(__file__).parents[2]
PAGE_TIMEOUT_MS = 90_000
PNG_1PX = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


@pytest.fixture(scope="session")
def served_root(tmp_path_factory) -> Path:
    """A copy of the participants' folder, with files planted that must never be served."""
    base = tmp_path_factory.mktemp("classroom")
    root = base / "notebooks"
    shutil.copytree(ROOT / "notebooks", root)
    (root / "secret.py").write_text("PASSWORD = 'x'\n", encoding="utf-8")
    (root / "participants.csv").write_text("name,resume_code\nBold,abc\n", encoding="utf-8")
    (base / "outside.csv").write_text("name\nDorj\n", encoding="utf-8")
    shutil.copytree(ROOT / "trainer", base / "trainer")  # beside the root, as in the workbook
    (root / "images").mkdir(exist_ok=True)
    (root / "images" / "pixel.png").write_bytes(PNG_1PX)
    return root


@pytest.fixture(scope="session")
def store_url(tmp_path_factory) -> str:
    """The store the test server's kernels save to, with the class the tests join."""
    url = f"sqlite:///{tmp_path_factory.mktemp('store') / 'workbook.sqlite3'}"
    store = Store(url)
    store.create_class("E2E-CLASS", "End-to-end class")
    store.close()
    return url


@pytest.fixture(scope="session")
def server(served_root, store_url, tmp_path_factory) -> Iterator[RunningServer]:
    """The classroom server, started as `make serve` starts it, on a free loopback port."""
    log = tmp_path_factory.mktemp("logs") / "voila.log"
    with classroom_server(
        served_root, log, pool_size=1, env={"OSH_DATABASE_URL": store_url}
    ) as running:
        yield running


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, driven by Playwright (never a downloaded browser).

    One per test module, not per session: Playwright's sync API keeps an event loop running
    in the main thread while it is open, and tests of other layers run their own loops.
    """
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        try:
            chromium = launch_chromium(playwright)
        except FileNotFoundError as exc:
            pytest.fail(str(exc))
        yield chromium
        chromium.close()


@pytest.fixture
def page_factory(browser):
    """Open pages in fresh browser contexts; each records every request it makes."""
    contexts = []

    def open_page(**context_options):
        context = browser.new_context(**context_options)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(PAGE_TIMEOUT_MS)
        page.requests = []
        page.on("request", lambda request: page.requests.append(request.url))
        return page

    yield open_page
    for context in contexts:
        context.close()
