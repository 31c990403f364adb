"""Throwaway PostgreSQL servers from Debian's packages for the store tests.

Each server gets its own cluster in a private directory under ``/tmp`` and listens on
127.0.0.1 at a free port, so several can run at once. PostgreSQL refuses to run as root,
so under root the cluster belongs to ``nobody`` and every server command runs through
``runuser``.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

PG_ROOT = Path("/usr/lib/postgresql")
"""Where Debian installs each PostgreSQL major version, as ``<version>/bin``."""

DB_USER = "osh"
"""The cluster's superuser, who connects without a password (``--auth=trust``)."""

SERVER_USER = "nobody"
"""The unprivileged account that owns and runs the cluster when the tests run as root."""

LOG_TAIL_LINES = 30
"""How many of the server log's last lines an error message shows."""


def find_pg_bin() -> Path | None:
    """Find the newest installed PostgreSQL's binaries.

    Returns
    -------
    Path or None
        The ``/usr/lib/postgresql/<version>/bin`` of the highest version that has both
        ``initdb`` and ``pg_ctl``, or None when no version has them.
    """
    found = [
        bin_dir
        for bin_dir in PG_ROOT.glob("*/bin")
        if (bin_dir / "initdb").is_file() and (bin_dir / "pg_ctl").is_file()
    ]
    if not found:
        return None
    return max(found, key=lambda bin_dir: _version_key(bin_dir.parent.name))


def _version_key(name: str) -> tuple[int, ...]:
    """Order version directory names numerically (``9.6`` before ``15``)."""
    return tuple(int(part) for part in name.split(".") if part.isdigit())


def _free_port() -> int:
    """Ask the kernel for a TCP port that is free on 127.0.0.1 now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _log_tail(log: Path) -> str:
    """Return the last lines of the server log, or a note that there is none."""
    try:
        lines = log.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return f"(no server log at {log})"
    return "\n".join(lines[-LOG_TAIL_LINES:])


@contextlib.contextmanager
def postgresql_server(workdir: Path) -> Iterator[str]:
    """Run a throwaway PostgreSQL server for the duration of a ``with`` block.

    The cluster (``data``), its unix socket and its log (``pg.log``) live in a private
    directory made under ``/tmp``: short enough for a unix socket path, and reachable by
    ``nobody`` when the tests run as root, which pytest's ``tmp_path`` under
    ``/tmp/pytest-of-root`` (mode 0700) is not. That directory is removed on exit, after
    its ``pg.log`` is copied to ``workdir/pg.log``.

    Parameters
    ----------
    workdir : Path
        Where the server's log is kept after the server stops; made if missing.

    Yields
    ------
    str
        A SQLAlchemy URL, ``postgresql+psycopg://osh@127.0.0.1:<port>/postgres``.

    Raises
    ------
    RuntimeError
        When PostgreSQL is not installed, or ``initdb`` or the server fails; the message
        ends with the tail of the server log.
    """
    pg_bin = find_pg_bin()
    if pg_bin is None:
        raise RuntimeError(
            f"No PostgreSQL server in {PG_ROOT}/*/bin; run scripts/ensure-postgresql "
            "or install it with: sudo apt-get install postgresql"
        )
    as_root = os.geteuid() == 0
    run_as = ["runuser", "-u", SERVER_USER, "--"] if as_root else []
    rundir = Path(tempfile.mkdtemp(prefix="osh-pg-", dir="/tmp"))
    data, log = rundir / "data", rundir / "pg.log"
    pg_ctl = [*run_as, str(pg_bin / "pg_ctl"), "-D", str(data)]

    def run(command: list[str], what: str) -> None:
        result = subprocess.run(command, cwd=rundir, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise RuntimeError(
                f"{what} failed (exit {result.returncode}):\n"
                f"{result.stdout}{result.stderr}\n"
                f"Server log (kept as {workdir / 'pg.log'}):\n{_log_tail(log)}"
            )

    try:
        if as_root:
            shutil.chown(rundir, user=SERVER_USER)
        initdb = [
            *run_as,
            str(pg_bin / "initdb"),
            "-D",
            str(data),
            "-U",
            DB_USER,
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        ]
        run(initdb, "initdb")
        port = _free_port()
        options = f"-h 127.0.0.1 -p {port} -k {rundir} -c fsync=off"
        run([*pg_ctl, "-l", str(log), "-w", "-o", options, "start"], "Starting PostgreSQL")
        yield f"postgresql+psycopg://{DB_USER}@127.0.0.1:{port}/postgres"
    finally:
        _stop(pg_ctl, data, rundir)
        workdir.mkdir(parents=True, exist_ok=True)
        if log.exists():
            shutil.copyfile(log, workdir / "pg.log")
        shutil.rmtree(rundir, ignore_errors=True)


def _stop(pg_ctl: list[str], data: Path, rundir: Path) -> None:
    """Stop the server if it runs: fast shutdown, else immediate, so none outlives a test."""
    for mode in ("fast", "immediate"):
        if not (data / "postmaster.pid").exists():
            return
        subprocess.run(
            [*pg_ctl, "-m", mode, "-w", "stop"], cwd=rundir, capture_output=True, check=False
        )
