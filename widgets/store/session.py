"""Who works on this page: the participant signed in to this kernel (one page, one person).

Under JupyterHub the hub user is the participant (``JUPYTERHUB_USER``, in the class named
by ``OSH_CLASS``). Otherwise the browser's device credential signs them in: the classroom
server gives every browser a random ``osh-device`` cookie (HttpOnly; see
``widgets.server``), Voila passes the page request's ``Cookie`` header to the kernel, and
the store keeps which participant each credential's hash belongs to. So a reload, a second
tab or a phone waking up finds the participant signed in, without the resume code, until
they sign out on this device, the trainer signs them out everywhere, or
:func:`~widgets.store.service.device_days` pass.

Joins and resume attempts are throttled per kernel and per client address (the address
the server put in ``X-Osh-Client``, which a browser cannot set) and logged.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from datetime import timedelta
from http.cookies import CookieError, SimpleCookie
from typing import TYPE_CHECKING

from widgets.signals import Signal
from widgets.store.people import Person, StoreError

if TYPE_CHECKING:
    from widgets.store.service import Store

log = logging.getLogger(__name__)
DEVICE_COOKIE = "osh-device"
WINDOW = timedelta(minutes=10)
LIMITS = {
    # kind: (kinds counted, failed only, per kernel, per client address in WINDOW). A class
    # of 35 behind one address (a centre's proxy) still joins; 500 forged clicks do not
    # make 500 participants, and class or resume codes cannot be found by guessing.
    "join": (("join",), False, 3, 40),
    "guess": (("resume", "class"), True, 8, 20),
}
_person: Person | None = None
_signed_in = Signal()
_tries: dict[str, int] = {}


def store() -> Store:
    """Return this process's store (``OSH_DATABASE_URL``, else the SQLite file in var/)."""
    from widgets.store.service import open_store  # SQLAlchemy: loaded on first use

    return open_store(os.environ.get("OSH_DATABASE_URL"))


def request_value(name: str) -> str:
    """Return a value of the page's request (``QUERY_STRING``, ``HTTP_COOKIE``…), or ""."""
    from widgets.i18n.request import ensure_request

    ensure_request()
    return os.environ.get(name, "")


def hub_user() -> str | None:
    """Return the JupyterHub user this page belongs to, if it is served by a hub."""
    return os.environ.get("JUPYTERHUB_USER") or None


def device_token() -> str | None:
    """Return this page's device credential (the browser's ``osh-device`` cookie), if any."""
    cookie = SimpleCookie()
    try:
        cookie.load(request_value("HTTP_COOKIE"))
    except CookieError:
        return None
    morsel = cookie.get(DEVICE_COOKIE)
    return morsel.value if morsel is not None and morsel.value else None


def client_address() -> str:
    """Return the address of the browser this page serves ("local" outside the server)."""
    return request_value("HTTP_X_OSH_CLIENT")[:64] or "local"


def new_device() -> bool:
    """Whether the server gave this browser its device cookie on this page's own request."""
    return request_value("HTTP_X_OSH_NEW_DEVICE") == "1"


def kernel_id() -> str:
    """Return this kernel's id, for the log."""
    return os.environ.get("VOILA_KERNEL_ID") or f"pid-{os.getpid()}"


def current() -> Person | None:
    """Return the participant signed in on this page, if any.

    A hub user signs in at once; otherwise a browser signed in before (its device
    credential) does.
    """
    global _person
    if _person is not None:
        return _person
    if hub_user() and os.environ.get("OSH_CLASS"):
        try:
            _person = store().hub_participant(
                os.environ["JUPYTERHUB_USER"], os.environ["OSH_CLASS"]
            )
        except StoreError as exc:
            log.error("hub user not signed in: %s", exc)
        return _person
    token = device_token()
    # A cookie the server gave on this very page belongs to nobody yet: the store (and
    # SQLAlchemy, about 19 MiB of a kernel) is opened when someone joins or resumes.
    if token and not new_device():
        try:
            _person = store().device_person(token)
        except Exception:
            log.exception("device sign-in failed on kernel %s", kernel_id())
    return _person


def sign_in(person: Person | None) -> None:
    """Make ``person`` the participant of this page (``None`` signs out); tell every view.

    A participant who joins or resumes stays signed in on this browser (its device
    credential is remembered), so that a reload or a second tab finds them.
    """
    global _person
    _person = person
    token = device_token()
    if person is not None and token and not hub_user():
        try:
            store().remember_device(person, token)
        except Exception:
            log.exception("device not remembered for participant %s", person.id)
    _signed_in.emit(person)


def sign_out() -> None:
    """Sign out on this device: a reload asks to join (or resume) again."""
    token = device_token()
    if token:
        store().forget_device(token)
    person = _person
    sign_in(None)
    if person is not None:
        log.info("participant %s signed out on kernel %s", person.id, kernel_id())


def on_sign_in(callback: Callable[[Person | None], None]) -> None:
    """Call ``callback(person)`` when someone signs in or out; held weakly."""
    _signed_in.connect(callback)


def allow(kind: str) -> bool:
    """Whether one more attempt of ``kind`` ("join", or "guess": a code typed) may be made.

    Counted per kernel (in memory) and per client address (in the store, so across
    kernels and reloads).
    """
    kinds, failed_only, per_kernel, per_client = LIMITS[kind]
    if _tries.get(kind, 0) >= per_kernel:
        log.warning("%s refused: %d on kernel %s", kind, per_kernel, kernel_id())
        return False
    from widgets.store.tables import now

    recent = store().attempts(client_address(), kinds, now() - WINDOW, failed_only)
    if recent >= per_client:
        log.warning("%s refused: %d from %s in %s", kind, recent, client_address(), WINDOW)
        return False
    return True


def record(kind: str, ok: bool) -> None:
    """Count and keep an attempt ("join", "resume" or "class"), and log it."""
    bucket = "join" if kind == "join" else "guess"
    if kind == "join" or not ok:
        _tries[bucket] = _tries.get(bucket, 0) + 1
    client = client_address()
    log.info("%s %s from %s on kernel %s", kind, "ok" if ok else "failed", client, kernel_id())
    try:
        store().record_attempt(kind, client, kernel_id(), ok)
    except Exception:
        log.exception("attempt not recorded")
