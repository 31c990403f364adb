"""A real kernel's memory through the heaviest things a team does, measured, not hoped.

A team adds large phone photos until the assessment's quota refuses one, saves the whole
assessment as a JSON file (photos inside) and opens that file again. The kernel serving the
page stays up and its peak resident memory (Linux ``VmHWM``: the whole process's high-water
mark, Python, PIL and the websocket buffers) stays under 300 MiB.
"""

from __future__ import annotations

import pytest

from tests.e2e.test_large_photo import a_hazard_with_a_measure, noise_jpeg, upload
from tests.harness import kernel_processes
from widgets.register.session import MAX_JSON_BYTES
from widgets.register.settings import settings

pytestmark = pytest.mark.e2e
LIMIT_MIB = 300


def peak_mib(process) -> float:
    """Return a process's peak resident memory (``VmHWM``) in MiB."""
    with open(f"/proc/{process.pid}/status", encoding="ascii") as status:
        line = next(x for x in status if x.startswith("VmHWM"))
    return int(line.split()[1]) / 1024


def test_photos_to_the_quota_and_the_json_file_there_and_back_stay_under_300_mib(
    page_factory, server, tmp_path
):
    rules = settings()
    # A 2,400 px noise photo of about 7 MB: kept at 2,000 px, it stays about 2 MB (noise
    # hardly compresses), so the byte quota is reached after about a dozen.
    photo = noise_jpeg(int(rules.photo_max_bytes * 0.8))
    assert len(photo) <= rules.photo_max_bytes

    page = page_factory(accept_downloads=True)
    page.set_default_timeout(60_000)
    app = a_hazard_with_a_measure(
        page,
        server.url,
        "Сараа",
        "Зурагтай ХХК E2E",
        "LPG cylinders in the kitchen",
        "Cylinders moved to a locked cage outside",
    )
    before = {k.pid for k in kernel_processes(server.process)}

    added = 0
    refused = app.get_by_role("alert").filter(has_text="An assessment holds at most")
    for number in range(1, rules.photos_per_assessment + 1):
        path = tmp_path / f"site-{number:02}.jpg"
        path.write_bytes(photo)
        upload(page, app, path)
        page.wait_for_function(
            """n => document.body.innerText.includes(`site-${n}.jpg`) ||
                   document.body.innerText.includes("An assessment holds at most")""",
            arg=f"{number:02}",
        )
        if refused.count():
            break
        added += 1
    assert refused.count(), "the quota never refused a photo"
    assert 5 <= added < rules.photos_per_assessment

    # The whole assessment as JSON, saved through the page, then opened again.
    app.get_by_role("button", name="Reports", exact=True).click()
    app.get_by_role("button", name="JSON file", exact=True).click()
    link = app.locator("a.osh-register-download", has_text=".json")
    with page.expect_download() as info:
        link.click()
    saved = info.value.path()
    size = saved.stat().st_size
    assert rules.photo_bytes_per_assessment * 0.8 < size < MAX_JSON_BYTES
    with page.expect_file_chooser() as chooser:
        app.get_by_role("button", name="Open a JSON file").click()
    chooser.value.set_files(str(saved))
    app.get_by_text("your team's work from the file is now in your assessment").wait_for()

    kernels = kernel_processes(server.process)
    assert before <= {k.pid for k in kernels}, "a kernel died"
    peaks = {k.pid: peak_mib(k) for k in kernels}
    print(f"{added} photos kept; JSON {size / 2**20:.1f} MiB; kernel peaks (MiB): {peaks}")
    assert max(peaks.values()) < LIMIT_MIB, peaks
