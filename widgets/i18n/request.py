"""The request behind a preheated Voila kernel, read without importing Voila.

A preheated kernel starts before anyone asks for its page, so the page's query string and
headers reach it later, over a websocket Voila opens for each kernel. ``voila.utils`` offers
``wait_for_request`` for this, but importing it loads jupyter_server and jupyterlab_server
into every participant's kernel: measured here, about 47 MiB and 1.4 s of CPU per kernel.
This module speaks the same small protocol with nothing but ``websockets``.
"""

from __future__ import annotations

import json
import logging
import os

log = logging.getLogger(__name__)
OPEN_TIMEOUT_S = 5
_waited = False


def query_url() -> str:
    """Return the address Voila answers this kernel's request info on (as voila.utils does)."""
    protocol = os.environ.get("VOILA_WS_PROTOCOL", "ws")
    host = os.environ.get("VOILA_APP_IP", "127.0.0.1")
    port = os.environ.get("VOILA_APP_PORT", "8866")
    base = os.environ.get("VOILA_WS_BASE_URL", os.environ.get("VOILA_SERVER_URL", "/"))
    return f"{protocol}://{host}:{port}{base}voila/query/{os.environ['VOILA_KERNEL_ID']}"


def wait_for_request() -> dict[str, str] | None:
    """In a preheated kernel, wait for the page request and put its info in ``os.environ``.

    Returns the request info (``QUERY_STRING``, ``HTTP_ACCEPT_LANGUAGE``…), or ``None``
    outside a preheated kernel or when Voila cannot be reached (then nothing changes).
    """
    if os.environ.get("VOILA_PREHEAT") != "True" or "VOILA_KERNEL_ID" not in os.environ:
        return None
    from websockets.exceptions import WebSocketException
    from websockets.sync.client import connect

    url = query_url()
    try:
        with connect(url, open_timeout=OPEN_TIMEOUT_S) as socket:
            info = json.loads(socket.recv())
    except (OSError, TimeoutError, ValueError, WebSocketException) as exc:
        log.warning("no request info from %s: %s", url, exc)
        return None
    info = {str(k): str(v) for k, v in info.items()}
    os.environ.update(info)
    return info


def ensure_request() -> None:
    """Make sure the page's request info is in ``os.environ`` (waits once per kernel).

    The page language and the device credential both come from the request: whichever is
    asked first waits for it; later callers find it there. Voila sends it only once, so a
    second :func:`wait_for_request` would wait forever.
    """
    global _waited
    if not _waited:
        _waited = True
        wait_for_request()
