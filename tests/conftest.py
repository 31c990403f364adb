"""Fixtures shared by every layer."""

from __future__ import annotations

import pytest

from widgets import i18n


@pytest.fixture(autouse=True)
def english_page(monkeypatch):
    """Each test starts on an English page with no language listeners left over."""
    monkeypatch.setattr(i18n, "_current", "en")
    monkeypatch.setattr(i18n, "_listeners", [])
