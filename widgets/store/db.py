"""Database engines: where the store lives, SQLite settings for a class at once, migrations."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import SQLAlchemyError

from widgets.paths import project_root

BUSY_TIMEOUT_MS = 30_000
"""How long a SQLite writer waits for another before giving up (a class saves in bursts)."""


def default_url() -> str:
    """Return the store's address: ``OSH_DATABASE_URL``, else a SQLite file in ``var/``.

    The default file lies outside the folder Voila serves, so no page can fetch it.
    """
    configured = os.environ.get("OSH_DATABASE_URL")
    if configured:
        return configured
    folder = project_root() / "var"
    folder.mkdir(exist_ok=True)
    return f"sqlite:///{folder / 'workbook.sqlite3'}"


def make_engine(url: str) -> Engine:
    """Create an engine for ``url``; SQLite gets WAL, a busy timeout and write-ahead locking."""
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True)
    if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _configure(connection, _record) -> None:
        # Let SQLAlchemy's "begin" below open transactions, as BEGIN IMMEDIATE: a writer
        # then takes the lock at the start and waits its turn, instead of failing with
        # "database is locked" when two transactions both try to upgrade to writing.
        connection.isolation_level = None
        cursor = connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


HEAD = "0005"
"""The newest migration; a test keeps it equal to Alembic's head."""


def at_head(engine: Engine) -> bool:
    """Whether the database is already at :data:`HEAD` (checked without loading Alembic)."""
    try:
        with engine.connect() as connection:
            version = connection.exec_driver_sql("SELECT version_num FROM alembic_version")
            return version.scalar() == HEAD
    except SQLAlchemyError:
        return False


def migrate(engine: Engine) -> None:
    """Bring the database's tables up to the newest version (Alembic migrations).

    A participant's kernel opens the store at start; when nothing is to be done, Alembic
    is not even imported.
    """
    if at_head(engine):
        return
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).with_name("migrations")))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
