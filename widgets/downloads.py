"""Files a page offers for download, handed to the classroom server instead of the websocket.

A report or a JSON file of a whole assessment (photos inside: up to 32 MB) used to travel to
the browser as a ``data:`` link inside the page: base64 and JSON copies of it took a kernel
past 300 MB and kept the file in the phone's page. Under the classroom server
(``python -m widgets.serve``), the kernel writes the file into the server's downloads folder
(``OSH_DOWNLOADS``) under a random name, and the page links to the server's download route
(:class:`widgets.server.downloads.DownloadHandler`), which serves it only to the browser
whose kernel made it, for :data:`KEEP_SECONDS`. Elsewhere (JupyterLab, tests)
:func:`offer` returns ``None`` and the page keeps its ``data:`` link.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

FOLDER_ENV = "OSH_DOWNLOADS"
"""The folder the server reads downloads from (set by :mod:`widgets.serve` for its kernels)."""
URL_ENV = "OSH_DOWNLOADS_URL"
"""The server's download route, ending in ``/`` (default :data:`ROUTE`)."""
ROUTE = "/osh/download/"
KEEP_SECONDS = 30 * 60
"""How long a file can be downloaded after it was made (then it is deleted)."""
TOKEN = re.compile(r"[A-Za-z0-9_-]{32}")


@dataclass(frozen=True)
class Offered:
    """A file waiting for its browser: where it is, what it is called, whose kernel made it."""

    path: Path
    filename: str
    mime: str
    kernel_id: str | None


def folder() -> Path | None:
    """Return the downloads folder, or ``None`` when no server takes downloads."""
    value = os.environ.get(FOLDER_ENV)
    return Path(value) if value else None


def offer(data: bytes, filename: str, mime: str) -> str | None:
    """Write ``data`` for the server to serve once asked; return its URL, or ``None``.

    ``None`` means no server takes downloads here (the page then links the bytes itself).
    """
    where = folder()
    if where is None or not where.is_dir():
        return None
    prune(where)
    token = secrets.token_urlsafe(24)  # 32 characters, 192 random bits
    meta = {"filename": filename, "mime": mime, "kernel_id": _kernel_id()}
    part = where / f".{token}.part"
    part.write_bytes(data)
    os.replace(part, where / f"{token}.bin")
    (where / f"{token}.json").write_text(json.dumps(meta), encoding="utf-8")
    return os.environ.get(URL_ENV, ROUTE) + token


def find(where: Path, token: str, now: float | None = None) -> Offered | None:
    """Return the file offered under ``token`` if it is still there and fresh, else ``None``."""
    if not TOKEN.fullmatch(token):
        return None
    path, meta_path = where / f"{token}.bin", where / f"{token}.json"
    try:
        made = path.stat().st_mtime
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if (now or time.time()) - made > KEEP_SECONDS:
        return None
    return Offered(path, str(meta["filename"]), str(meta["mime"]), meta.get("kernel_id"))


def prune(where: Path, now: float | None = None) -> int:
    """Delete the files older than :data:`KEEP_SECONDS`; return how many were deleted."""
    limit = (now or time.time()) - KEEP_SECONDS
    gone = 0
    for path in where.iterdir():
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
                gone += 1
        except OSError:
            continue
    return gone


def _kernel_id() -> str | None:
    """Return this kernel's id (from its connection file's name), or ``None`` outside one."""
    try:
        from ipykernel.connect import get_connection_file

        name = Path(get_connection_file()).name
    except Exception:
        return None
    found = re.fullmatch(r"kernel-(.+)\.json", name)
    return found.group(1) if found else None
