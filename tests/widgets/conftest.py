"""Fixtures of the headless view tests: a fresh store and a page nobody is signed in on."""

from __future__ import annotations

import pytest

from widgets.signals import Signal
from widgets.store import session
from widgets.store.service import Store


@pytest.fixture
def store(tmp_path, monkeypatch):
    """A fresh store for this test's page, with class UB-2026; nobody signed in.

    The page is outside any hub and has no device credential or address of its own
    (tests that need one set ``HTTP_COOKIE`` or ``QUERY_STRING`` themselves).
    """
    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    monkeypatch.setenv("OSH_DATABASE_URL", url)
    for name in ("JUPYTERHUB_USER", "HTTP_COOKIE", "QUERY_STRING"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(session, "_person", None)
    monkeypatch.setattr(session, "_signed_in", Signal())
    monkeypatch.setattr(session, "_tries", {})
    opened = Store(url)
    opened.create_class("UB-2026", "Ulaanbaatar")
    yield opened
    opened.close()
