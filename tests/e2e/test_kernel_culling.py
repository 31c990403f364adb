"""A closed tab's kernel does not live until the server stops (voila issue #1458)."""

from __future__ import annotations

import time

import pytest

from tests.harness import classroom_server, kernel_processes

pytestmark = pytest.mark.e2e
CULL_AFTER_S = 4


def test_the_kernel_of_a_closed_tab_is_shut_down(served_root, tmp_path, page_factory):
    options = [
        f"--MappingKernelManager.cull_idle_timeout={CULL_AFTER_S}",
        "--MappingKernelManager.cull_interval=1",
    ]
    with classroom_server(
        served_root, tmp_path / "voila.log", pool_size=0, voila_options=options
    ) as server:
        assert kernel_processes(server.process) == []
        page = page_factory()
        page.goto(server.url + "/voila/render/03-risk-matrix.ipynb?lang=en")
        page.locator(".osh-risk-cell").first.wait_for(state="visible")
        assert len(kernel_processes(server.process)) == 1
        # While the tab is open the kernel stays, however idle it is.
        time.sleep(CULL_AFTER_S + 3)
        assert len(kernel_processes(server.process)) == 1
        page.context.close()
        deadline = time.monotonic() + CULL_AFTER_S + 30
        while kernel_processes(server.process) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert kernel_processes(server.process) == []
        assert "seconds of inactivity" in server.log.read_text(errors="replace")


def test_culling_spares_the_preheated_kernels_waiting_for_participants(
    served_root, tmp_path, page_factory
):
    options = [
        f"--MappingKernelManager.cull_idle_timeout={CULL_AFTER_S}",
        "--MappingKernelManager.cull_interval=1",
    ]
    pool = 2  # make serve CLASS_SIZE=2: the classroom app's pool, and no other
    with classroom_server(
        served_root, tmp_path / "voila.log", pool_size=pool, voila_options=options
    ) as server:
        deadline = time.monotonic() + 90
        while len(kernel_processes(server.process)) < pool and time.monotonic() < deadline:
            time.sleep(0.5)
        time.sleep(2)  # a pool for any other page would have started by now
        waiting = {k.pid for k in kernel_processes(server.process)}
        assert len(waiting) == pool
        time.sleep(CULL_AFTER_S + 4)
        assert {k.pid for k in kernel_processes(server.process)} == waiting
        page = page_factory()
        page.goto(server.url + "/voila/render/course.ipynb?lang=mn&lesson=3")
        page.locator(".osh-course-where").wait_for()
        assert "3" in page.locator(".osh-course-where").inner_text()
