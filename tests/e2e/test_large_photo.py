"""Large photos in a real browser: a clear message, never a dropped connection or a dead kernel.

A file over the kernel websocket's message limit used to cut the connection: the
participant saw nothing. Now the server takes messages large enough for any file a page
reads (``voila.json``), so a 12 MB photo reaches the kernel and is refused there with
the register's message; a file over the page's own limit (60 MB) is refused in the
browser by the ``osh`` template's upload guard, and never sent.
"""

from __future__ import annotations

import io
import json

import pytest

from tests.e2e.joining import join_class
from tests.harness import kernel_processes
from widgets.paths import project_root

pytestmark = pytest.mark.e2e
PAGE = "/voila/render/register.ipynb?lang=en"


def saves(app, count: int) -> None:
    """Wait until the page has made ``count`` saves (the "✓ Saved" line counts them)."""
    app.locator(f'.osh-saved[data-saves="{count}"]').wait_for()


def noise_jpeg(at_least: int) -> bytes:
    """Return a JPEG of random noise (it hardly compresses) of at least ``at_least`` bytes."""
    import numpy as np
    from PIL import Image

    side = 1600
    while True:
        pixels = np.random.default_rng(7).integers(0, 256, (side, side, 3), dtype=np.uint8)
        out = io.BytesIO()
        Image.fromarray(pixels).save(out, "JPEG", quality=100)
        if out.tell() >= at_least:
            return out.getvalue()
        side = int(side * 1.1)


def small_jpeg() -> bytes:
    """Return a small, plain photo that the register keeps."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (320, 240), (200, 120, 40)).save(out, "JPEG", quality=80)
    return out.getvalue()


def a_hazard_with_a_measure(
    page, url: str, person: str, enterprise: str, hazard: str, measure: str
):
    """Join, start an assessment, add ``hazard`` and our own ``measure``; return the app."""
    page.goto(url + PAGE)
    app = page.locator(".osh-register")
    join_class(app, person, enterprise, role="Manager")
    app.get_by_label("Sector").select_option(label="Kindergarten or school")
    app.get_by_role("button", name="Start the assessment").click()
    saves(app, 1)
    app.get_by_role("button", name="2 · Hazards").click()
    app.get_by_label("Name of the hazard").fill(hazard)
    app.get_by_label("Name of the hazard").press("Tab")
    app.get_by_role("button", name="Add hazard").click()
    saves(app, 2)
    app.get_by_role("button", name="4 · Action plan").click()
    app.get_by_role("button", name="Our own measure").click()
    app.get_by_label("Our measure").fill(measure)
    app.get_by_label("Our measure").press("Tab")
    app.get_by_role("button", name="Add measure").click()
    saves(app, 3)
    return app


def upload(page, app, path) -> None:
    """Choose ``path`` with the register's "Add a photo" button, as a participant does."""
    with page.expect_file_chooser() as chooser:
        app.get_by_role("button", name="Add a photo").click()
    chooser.value.set_files(str(path))


def test_the_page_limit_sits_between_the_largest_file_read_and_the_websocket_limit():
    from widgets.register.settings import settings

    config = json.loads((project_root() / "voila.json").read_text(encoding="utf-8"))
    page_limit = config["VoilaConfiguration"]["resources"]["osh"]["upload_max_bytes"]
    socket_limit = config["Voila"]["tornado_settings"]["websocket_max_message_size"]
    assert settings().photo_max_bytes < 12 * 10**6 < page_limit
    assert page_limit >= 40 * 2**20  # an assessment's JSON file (photos inside) is read
    # the file's bytes travel with a JSON header: leave the message room for it
    assert page_limit + 2**20 <= socket_limit


def test_a_12_mb_photo_is_refused_with_a_message_and_the_kernel_stays_up(
    page_factory, server, tmp_path
):
    big = tmp_path / "site-before.jpg"
    big.write_bytes(noise_jpeg(12 * 10**6))
    huge = tmp_path / "huge.jpg"
    huge.write_bytes(big.read_bytes() + b"\0" * (60 * 10**6 - big.stat().st_size))
    small = tmp_path / "stove-after.jpg"
    small.write_bytes(small_jpeg())

    page = page_factory()
    closed = []
    page.on("websocket", lambda ws: ws.on("close", lambda _ws: closed.append(ws.url)))
    app = a_hazard_with_a_measure(
        page, server.url, "Дорж", "Том зураг ХХК E2E", "Wet floor", "Non-slip mats"
    )
    kernels = {k.pid for k in kernel_processes(server.process)}

    # 12 MB: sent, and refused by the kernel with the register's own message
    upload(page, app, big)
    refused = app.get_by_role("alert").filter(has_text="site-before.jpg is too large")
    refused.wait_for()
    assert "the limit is 8 MB" in refused.inner_text()

    # 60 MB: refused in the page, never sent
    upload(page, app, huge)
    guard = page.locator(".osh-upload-refused")
    guard.wait_for()
    assert guard.get_attribute("role") == "alert"
    text = guard.inner_text()
    assert "“huge.jpg” is too large to send" in text
    assert "at most 40 MB" in text

    # the same page, the same kernel: a small photo is kept
    upload(page, app, small)
    app.get_by_text("Photo added.").wait_for()
    app.locator(".osh-register-photo").first.wait_for()
    assert not page.locator(".osh-upload-refused").count()
    assert not closed, f"a websocket closed: {closed}"
    assert kernels <= {k.pid for k in kernel_processes(server.process)}


def test_the_guard_speaks_the_page_language(page_factory, server, tmp_path):
    huge = tmp_path / "том.jpg"
    huge.write_bytes(b"\xff\xd8\xff" + b"\0" * (42 * 2**20))
    page = page_factory()
    page.goto(server.url + "/voila/render/register.ipynb?lang=mn")
    app = page.locator(".osh-register")
    app.wait_for()
    # any file input of the page is guarded: try one made by the page itself
    page.evaluate(
        """() => { const input = document.createElement('input');
        input.type = 'file'; input.id = 'probe'; document.body.appendChild(input); }"""
    )
    received = page.evaluate_handle(
        """() => { window.oshSent = 0;
        document.getElementById('probe').addEventListener('change', () => window.oshSent++);
        return true; }"""
    )
    assert received
    page.locator("#probe").set_input_files(str(huge))
    guard = page.locator(".osh-upload-refused")
    guard.wait_for()
    assert "файл илгээхэд хэт том байна (42 MB)" in guard.inner_text()
    assert page.evaluate("() => window.oshSent") == 0
    assert page.evaluate("() => document.getElementById('probe').value") == ""
