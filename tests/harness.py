"""Run the classroom server and Debian's Chromium for the browser tests and ``make bench``.

Both start the server exactly as ``make serve`` does (``python -m widgets.serve``), on a
loopback port, and drive the Chromium the system provides: Playwright never downloads one.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from widgets.paths import project_root

CHROMIUM = os.environ.get("OSH_CHROMIUM", "/usr/bin/chromium")
# A headless Chromium that opens no connection of its own (updates, sync, field trials…).
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


def free_port() -> int:
    """Return a TCP port free on the loopback interface."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def kernel_processes(server: subprocess.Popen) -> list:
    """Return the kernel processes (psutil) under ``server``."""
    import psutil

    kernels = []
    for child in psutil.Process(server.pid).children(recursive=True):
        try:
            if "ipykernel" in " ".join(child.cmdline()):
                kernels.append(child)
        except psutil.Error:
            continue
    return kernels


@dataclass
class RunningServer:
    """A classroom server started by :func:`classroom_server`."""

    url: str
    root: Path
    log: Path
    process: subprocess.Popen

    def status(self, path: str) -> int:
        """Return the final answer code of GET ``path``, sent as written (``..`` is kept).

        Redirects are followed, so a redirect to a forbidden page counts as forbidden.
        """
        try:
            with urllib.request.urlopen(self.url + path, timeout=30) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code


@contextmanager
def classroom_server(
    root: Path,
    log: Path,
    port: int | None = None,
    pool_size: int | None = None,
    start_timeout: float = 60,
    voila_options: list[str] | None = None,
    env: dict[str, str] | None = None,
    kernels_per_client: int | None = None,
) -> Iterator[RunningServer]:
    """Serve ``root`` on loopback until the block ends; the server's output goes to ``log``.

    ``voila_options`` are passed on to Voila (``--MappingKernelManager.cull_interval=1``);
    ``env`` is added to the server's environment (and so its kernels'), e.g. the store.
    ``kernels_per_client`` overrides ``voila.json``'s cap (0: none): every browser a test
    or a benchmark drives comes from the same loopback address, as a whole class does
    behind a proxy.
    """
    port = port or free_port()
    command = [
        sys.executable,
        "-m",
        "widgets.serve",
        "--root",
        str(root),
        "--port",
        str(port),
        "--ip",
        "127.0.0.1",
    ]
    if pool_size is not None:
        command += ["--pool-size", str(pool_size)]
    options = list(voila_options or [])
    if kernels_per_client is not None:
        options.append(f"--ClassroomKernelManager.kernels_per_client={kernels_per_client}")
    if options:
        command += ["--", *options]
    with log.open("wb") as out:
        process = subprocess.Popen(
            command,
            cwd=project_root(),
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})},
            start_new_session=True,
        )
    server = RunningServer(f"http://127.0.0.1:{port}", root, log, process)
    try:
        _wait_until_serving(server, start_timeout)
        yield server
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def _wait_until_serving(server: RunningServer, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"the server stopped:\n{server.log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(server.url + "/", timeout=2):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    raise RuntimeError(f"no answer in {seconds} s:\n{server.log.read_text(errors='replace')}")


def launch_chromium(playwright):
    """Launch Debian's Chromium, headless, through ``playwright``.

    Raises
    ------
    FileNotFoundError
        When Chromium is not installed (``make test`` installs it).
    """
    if not Path(CHROMIUM).exists():
        raise FileNotFoundError(
            f"Chromium is not at {CHROMIUM}: run `make test` (it installs Debian's chromium) "
            "or set OSH_CHROMIUM"
        )
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
