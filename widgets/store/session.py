"""Who works on this page: the participant signed in to this kernel (one page, one person).

Under JupyterHub the hub user is the participant (``JUPYTERHUB_USER``, in the class named
by ``OSH_CLASS``); otherwise the join step signs a participant in. Views listen with
:func:`on_sign_in` to load and save that person's work.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from typing import TYPE_CHECKING

from widgets.signals import Signal
from widgets.store.people import Person, StoreError

if TYPE_CHECKING:
    from widgets.store.service import Store

log = logging.getLogger(__name__)
_person: Person | None = None
_signed_in = Signal()


def store() -> Store:
    """Return this process's store (``OSH_DATABASE_URL``, else the SQLite file in var/)."""
    from widgets.store.service import open_store  # SQLAlchemy: loaded on first use

    return open_store(os.environ.get("OSH_DATABASE_URL"))


def current() -> Person | None:
    """Return the participant signed in on this page, if any (a hub user signs in at once)."""
    global _person
    if _person is None and os.environ.get("JUPYTERHUB_USER") and os.environ.get("OSH_CLASS"):
        try:
            _person = store().hub_participant(
                os.environ["JUPYTERHUB_USER"], os.environ["OSH_CLASS"]
            )
        except StoreError as exc:
            log.error("hub user not signed in: %s", exc)
    return _person


def sign_in(person: Person | None) -> None:
    """Make ``person`` the participant of this page (``None`` signs out); tell every view."""
    global _person
    _person = person
    _signed_in.emit(person)


def on_sign_in(callback: Callable[[Person | None], None]) -> None:
    """Call ``callback(person)`` when someone signs in or out; held weakly."""
    _signed_in.connect(callback)
