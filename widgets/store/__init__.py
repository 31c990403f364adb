"""Where participants' work is kept: every answer saved as it is given (pure; no ipywidgets).

SQLite is the embedded default (one file, no server); the same code runs on PostgreSQL.
"""

from widgets.store.service import Store, StoreError, open_store

__all__ = ["Store", "StoreError", "open_store"]
