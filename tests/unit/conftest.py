"""The demo programme, made once for the unit tests that read it."""

from __future__ import annotations

import pytest

from widgets.programme.demo import DemoSummary, generate
from widgets.store.service import Store


@pytest.fixture(scope="session")
def demo_programme(tmp_path_factory) -> tuple[str, DemoSummary]:
    """The address of a store holding the default demo programme, and what was made."""
    address = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.sqlite3'}"
    return address, generate(address)


@pytest.fixture
def demo_store(demo_programme):
    """The demo programme's store, opened for one test."""
    store = Store(demo_programme[0])
    yield store
    store.close()
