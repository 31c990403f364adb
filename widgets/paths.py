"""Where the workbook's files are: the checkout, or the folder named by OSH_WORKBOOK_ROOT."""

from __future__ import annotations

import os
from pathlib import Path


def project_root() -> Path:
    """Return the workbook's root folder (the one holding ``data/`` and ``exercises/``)."""
    configured = os.environ.get("OSH_WORKBOOK_ROOT")
    return Path(configured) if configured else Path(__file__).resolve().parents[1]


def data_dir() -> Path:
    """Return the folder of reference data (methods, scales, libraries)."""
    return project_root() / "data"
