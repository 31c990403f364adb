"""Spreadsheet cells that stay text: exports never carry a live formula someone typed.

A hazard titled ``=HYPERLINK("http://x","y")`` or a name like ``@SUM(1+1)*cmd|' /C calc'!A0``
is text the team wrote; a spreadsheet must show it, never run it. Every Excel writer passes
its sheets through :func:`text_cells` before saving, and every CSV writer its rows through
:func:`csv_row` (OWASP's rule for CSV injection). Pure: openpyxl's cells are only handled,
never imported, so the store and the models may use it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet read a cell as a formula (OWASP's list)."""


def csv_text(value: Any) -> Any:
    """Return ``value`` for a CSV cell: text that could start a formula gets a leading ``'``.

    Numbers, dates and ``None`` are returned as they are (a negative number is a number,
    not a formula); only text is changed.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_row(values: Iterable[Any]) -> list[Any]:
    """Return a CSV row with each text value made safe by :func:`csv_text`."""
    return [csv_text(value) for value in values]


def text_cells(sheet: Any) -> Any:
    """Make every text cell of an openpyxl worksheet a text cell; return the sheet.

    openpyxl stores a string starting with ``=`` as a formula: such a cell becomes text
    again (``data_type = "s"``). A text cell that would be read as a formula if someone
    edited it in Excel also gets Excel's quote prefix (the cell shows the text, and Excel
    keeps it text when it is edited).
    """
    for row in sheet.iter_rows():
        for cell in row:
            value = cell.value
            if isinstance(value, str):
                cell.data_type = "s"
                if value.startswith(FORMULA_STARTS):
                    cell.quotePrefix = True
    return sheet
