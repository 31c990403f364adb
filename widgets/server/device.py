"""The browser's device cookie: a random credential, and the non-secret id derived from it.

Every browser gets an ``osh-device`` cookie (``secrets.token_urlsafe(32)``) on its first
response. It is the participant's device credential for the store (the kernel reads it
from the page request's ``Cookie`` header) and the key that decides which kernels the
browser owns. The secret itself is never logged: the server names a browser by
:func:`device_id`, a short hash of it.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Iterable

DEVICE_COOKIE = "osh-device"
"""The cookie's name (``widgets.store.session`` reads the same name)."""
CLIENT_HEADER = "X-Osh-Client"
NEW_DEVICE_HEADER = "X-Osh-New-Device"
"""Set to "1" by the server when it gave the browser its device cookie on this very request:
no participant can be signed in with it yet, so the kernel need not open the store to ask."""
"""The request header the server fills with the client's address (never the client)."""
NO_DEVICE = "no-device"
"""The identity of a request without a device cookie that cannot be given one (a socket)."""

# As the store accepts it: url-safe base64 of at least 128 random bits.
_TOKEN = re.compile(r"[A-Za-z0-9_-]{22,128}")


def new_token() -> str:
    """Return a fresh device credential (256 random bits, url-safe)."""
    return secrets.token_urlsafe(32)


def is_token(value: object) -> bool:
    """Whether ``value`` has the form of a device credential."""
    return isinstance(value, str) and _TOKEN.fullmatch(value) is not None


def device_id(token: str) -> str:
    """Return the stable, non-secret id of the browser holding ``token``.

    The first 16 hex digits of a SHA-256 over the token (with its own prefix, so that it
    is not the hash the store keeps): enough to tell a classroom's browsers apart, and
    safe to print in a log.
    """
    return hashlib.sha256(f"osh-device-id:{token}".encode()).hexdigest()[:16]


def cookie_pairs(headers: Iterable[str]) -> list[tuple[str, str]]:
    """Split ``Cookie`` header values into ``(name, value)`` pairs, leniently, in order.

    Leniently as browsers are: a malformed pair is skipped, not the rest of the header.
    """
    pairs = []
    for header in headers:
        for part in header.split(";"):
            name, sep, value = part.strip().partition("=")
            if sep and name.strip():
                pairs.append((name.strip(), value.strip()))
    return pairs


def token_from(headers: Iterable[str]) -> str | None:
    """Return the device credential in ``Cookie`` header values, if a valid one is there."""
    for name, value in cookie_pairs(headers):
        if name == DEVICE_COOKIE and is_token(value):
            return value
    return None


def with_device_cookie(headers: Iterable[str], token: str) -> str:
    """Return one ``Cookie`` header value: ``token`` as the device cookie, then the others.

    Every other ``osh-device`` pair is dropped, so the kernel cannot read a stale or forged
    one; the device cookie comes first, because ``http.cookies.SimpleCookie`` (what the
    kernel parses with) stops at the first pair it cannot read.
    """
    others = [
        part.strip()
        for header in headers
        for part in header.split(";")
        if part.strip() and part.strip().partition("=")[0].strip() != DEVICE_COOKIE
    ]
    return "; ".join([f"{DEVICE_COOKIE}={token}", *others])
