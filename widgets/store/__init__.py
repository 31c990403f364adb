"""Where participants' work is kept: every answer saved as it is given (pure; no ipywidgets).

SQLite is the embedded default (one file, no server); the same code runs on PostgreSQL.
SQLAlchemy is loaded with :class:`Store`, on first use, not when the package is imported.
"""

from typing import TYPE_CHECKING

from widgets.store.people import Person, StoreError

if TYPE_CHECKING:
    from widgets.store.service import Store, open_store

__all__ = ["Person", "Store", "StoreError", "open_store"]


def __getattr__(name: str) -> object:
    if name in ("Store", "open_store"):
        from widgets.store import service

        return getattr(service, name)
    raise AttributeError(f"module 'widgets.store' has no attribute {name!r}")
