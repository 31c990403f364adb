"""A real classroom server and Debian's Chromium, shared by the end-to-end tests."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
CHROMIUM = os.environ.get("OSH_CHROMIUM", "/usr/bin/chromium")
# Flags for a headless Chromium that makes no connection of its own (updates, sync, …).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
PAGE_TIMEOUT_MS = 90_000


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_serving(url: str, process: subprocess.Popen, log: Path, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped:\n{log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    raise RuntimeError(f"no answer from {url} in {seconds} s:\n{log.read_text(errors='replace')}")


class Server:
    """A running classroom server: its address, its served folder and its log."""

    def __init__(self, url: str, root: Path, log: Path):
        self.url, self.root, self.log = url, root, log

    def status(self, path: str) -> int:
        """Answer code of GET ``path``, sent exactly as written (no normalising of ``..``)."""
        request = urllib.request.Request(self.url + path)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code


@pytest.fixture(scope="session")
def served_root(tmp_path_factory) -> Path:
    """A copy of the participants' folder, with files planted that must never be served."""
    base = tmp_path_factory.mktemp("classroom")
    root = base / "notebooks"
    shutil.copytree(ROOT / "notebooks", root)
    (root / "secret.py").write_text("PASSWORD = 'x'\n", encoding="utf-8")
    (root / "participants.csv").write_text("name,resume_code\nBold,abc\n", encoding="utf-8")
    (base / "outside.csv").write_text("name\nDorj\n", encoding="utf-8")
    (root / "images").mkdir(exist_ok=True)
    (root / "images" / "pixel.png").write_bytes(
        bytes.fromhex(
            "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
            "0000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
        )
    )
    return root


@pytest.fixture(scope="session")
def server(served_root, tmp_path_factory) -> Iterator[Server]:
    """The classroom server, started as `make serve` starts it, on a free loopback port."""
    port = free_port()
    log = tmp_path_factory.mktemp("logs") / "voila.log"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "widgets.serve",
                "--root",
                str(served_root),
                "--port",
                str(port),
                "--ip",
                "127.0.0.1",
                "--pool-size",
                "1",
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=ROOT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(url + "/", process, log, seconds=60)
        yield Server(url, served_root, log)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, driven by Playwright (never a downloaded browser)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is not at {CHROMIUM}: run `make test`, which installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
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
