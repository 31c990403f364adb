"""The store suite runs on SQLite and on a real PostgreSQL server started for the run."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text

from tests.pg_server import find_pg_bin, postgresql_server
from widgets.store.service import Store


@pytest.fixture(scope="session")
def postgresql_admin_url(tmp_path_factory) -> Iterator[str]:
    """A PostgreSQL server from Debian's packages, for the whole run."""
    if find_pg_bin() is None:
        # An error, never a skip: a suite that did not test PostgreSQL has not passed.
        pytest.fail(
            "PostgreSQL is not installed (make test installs it when run as root; "
            "otherwise: sudo apt-get install postgresql)"
        )
    with postgresql_server(tmp_path_factory.mktemp("pg")) as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path) -> Iterator[str]:
    """A fresh, empty database of each kind."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.sqlite3'}"
        return
    admin_url = request.getfixturevalue("postgresql_admin_url")
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield admin_url.rsplit("/", 1)[0] + f"/{name}"
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def store(database_url) -> Iterator[Store]:
    """A store on a fresh database, with one class."""
    opened = Store(database_url)
    opened.create_class("UB-2026", "Ulaanbaatar, November 2026")
    yield opened
    opened.close()
