"""The classroom app's pool hands out preheated kernels at once and refills itself after."""

from __future__ import annotations

import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.harness import classroom_server, kernel_processes

pytestmark = pytest.mark.e2e
POOL = 3


def wait_for_kernels(server, count: int, seconds: float) -> int:
    deadline = time.monotonic() + seconds
    while len(kernel_processes(server.process)) < count and time.monotonic() < deadline:
        time.sleep(0.5)
    return len(kernel_processes(server.process))


def test_a_burst_takes_the_preheated_kernels_and_the_pool_fills_again(served_root, tmp_path):
    with classroom_server(served_root, tmp_path / "voila.log", pool_size=POOL) as server:
        assert wait_for_kernels(server, POOL, 90) == POOL
        waiting = {k.pid for k in kernel_processes(server.process)}
        url = server.url + "/voila/render/course.ipynb?lang=mn"

        def load(_index: int) -> str:
            with urllib.request.urlopen(url, timeout=120) as response:
                return response.read().decode("utf-8")

        with ThreadPoolExecutor(POOL) as pool:
            pages = list(pool.map(load, range(POOL)))
        assert all("jupyter-config-data" in page for page in pages)
        log = server.log.read_text(errors="replace")
        assert log.count("Using pre-heated kernel") == POOL
        # The pages' kernels are the ones that were waiting; the refills come after them.
        assert wait_for_kernels(server, 2 * POOL, 120) == 2 * POOL
        assert waiting <= {k.pid for k in kernel_processes(server.process)}
