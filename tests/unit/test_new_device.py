"""A browser's first page needs no store: its device cookie was given on that very request."""

from __future__ import annotations

import pytest

from widgets.i18n import request
from widgets.server import device
from widgets.store import session

TOKEN = "A" * 22


@pytest.fixture
def asked(monkeypatch):
    """The page's request info already here, nobody signed in; the store calls recorded."""
    calls: list[str] = []

    class Store:
        def device_person(self, token):
            calls.append(token)

    monkeypatch.setattr(request, "_waited", True)
    monkeypatch.setattr(session, "_person", None)
    monkeypatch.setattr(session, "store", Store)
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    monkeypatch.setenv("HTTP_COOKIE", f"{device.DEVICE_COOKIE}={TOKEN}")
    return calls


def test_a_cookie_given_on_this_request_signs_nobody_in_and_opens_no_store(asked, monkeypatch):
    monkeypatch.setenv("HTTP_X_OSH_NEW_DEVICE", "1")
    assert session.current() is None
    assert asked == []


@pytest.mark.parametrize("flag", ["0", ""])
def test_a_returning_cookie_is_looked_up_in_the_store(asked, monkeypatch, flag):
    monkeypatch.setenv("HTTP_X_OSH_NEW_DEVICE", flag)
    session.current()
    assert asked == [TOKEN]
