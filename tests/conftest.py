"""Fixtures shared by every layer."""

from __future__ import annotations

import os

import pytest

from widgets import i18n
from widgets.signals import Signal


@pytest.fixture(autouse=True, scope="session")
def scratch_store(tmp_path_factory):
    """Point every store the tests open (and nbval's kernels) at a scratch file."""
    previous = os.environ.get("OSH_DATABASE_URL")
    os.environ["OSH_DATABASE_URL"] = f"sqlite:///{tmp_path_factory.mktemp('var') / 'w.sqlite3'}"
    yield
    if previous is None:
        del os.environ["OSH_DATABASE_URL"]
    else:
        os.environ["OSH_DATABASE_URL"] = previous


@pytest.fixture(autouse=True)
def english_page(monkeypatch):
    """Each test starts on an English page with no language listeners left over."""
    monkeypatch.setattr(i18n, "_current", "en")
    monkeypatch.setattr(i18n, "_changed", Signal())
