"""Import a team's existing hazard list from a CSV or Excel (.xlsx) file.

Column headers may be English or Mongolian (``Hazard`` or ``Аюул``…); the rating columns are
the factors of the assessment's method, named by id or label. Every row is checked whole:
a good row becomes a hazard, a bad row is reported with its row number and column and
nothing of it is kept. The good rows are added together, in one change. Problems are data
(a code and its parameters); the view says them in the reader's language.

The modules: :mod:`~.files` (the file read, bounded) and :mod:`~.rows` (each row checked,
the import). Everything is imported from here.
"""

from widgets.register.importer.files import (
    ENTRY_MAX_BYTES,
    MAX_COLUMNS,
    MAX_ENTRIES,
    MAX_RATIO,
    SCAN_FACTOR,
    read_rows,
)
from widgets.register.importer.rows import (
    BAND_HEADERS,
    FIELDS,
    REQUIRED,
    ImportReport,
    RowProblem,
    import_hazards,
)

__all__ = [
    "BAND_HEADERS",
    "ENTRY_MAX_BYTES",
    "FIELDS",
    "MAX_COLUMNS",
    "MAX_ENTRIES",
    "MAX_RATIO",
    "REQUIRED",
    "SCAN_FACTOR",
    "ImportReport",
    "RowProblem",
    "import_hazards",
    "read_rows",
]
