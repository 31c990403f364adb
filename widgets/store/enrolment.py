"""The enrolled enterprises of a class, read from a CSV list (pure: no widgets, no page).

A training centre or trainer often has the list of the enterprises enrolled in a class as
a spreadsheet. Saved as CSV, its first row names the columns: ``name`` (required), and
``sector`` and ``size`` (optional), each given by its id (``food``) or its label in either
language (``Хүнсний үйлдвэрлэлийн цех``). The file is bounded before it is read; each bad
row is reported with its row number, column and a code the view translates, and the good
rows are kept.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

MAX_BYTES = 256 * 1024
MAX_ROWS = 500
COLUMNS = {
    "name": ("name", "enterprise", "нэр", "байгууллага", "аж ахуйн нэгж"),
    "sector": ("sector", "салбар"),
    "size": ("size", "хэмжээ"),
}


@dataclass(frozen=True)
class Row:
    """One enterprise of the list, its sector and size as ids (``None`` when not given)."""

    line: int
    name: str
    sector: str | None
    size: str | None


@dataclass(frozen=True)
class Problem:
    """A row (or the file, row 0) not taken: ``code`` names the rule, ``value`` the cell."""

    line: int
    column: str
    code: str
    value: str = ""


class EnrolmentError(ValueError):
    """The whole file is refused: ``code`` says why (too large, not text, no name column)."""

    def __init__(self, code: str, **params: object):
        super().__init__(code)
        self.code, self.params = code, params


def read_enterprises(
    data: bytes, sectors: dict[str, str], sizes: dict[str, str]
) -> tuple[list[Row], list[Problem]]:
    """Read a CSV list of enterprises.

    Parameters
    ----------
    data
        The file's bytes (UTF-8, with or without a byte-order mark; comma or semicolon).
    sectors, sizes
        Every accepted spelling (id or label, case-folded) → its id.

    Raises
    ------
    EnrolmentError
        ``too-large``, ``not-text`` or ``no-name-column``.
    """
    if len(data) > MAX_BYTES:
        raise EnrolmentError("too-large", limit_kb=MAX_BYTES // 1024)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise EnrolmentError("not-text") from None
    # The header's own separator: spreadsheets in Mongolian settings save with ";", and
    # labels may hold commas, which fools csv.Sniffer.
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [" ".join(cell.split()).casefold() for cell in next(reader, [])]
    where = {
        field: next((i for i, cell in enumerate(header) if cell in names), None)
        for field, names in COLUMNS.items()
    }
    if where["name"] is None:
        raise EnrolmentError("no-name-column")
    rows: list[Row] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    for line, cells in enumerate(reader, start=2):
        if line - 1 > MAX_ROWS:
            problems.append(Problem(line, "", "too-many-rows", str(MAX_ROWS)))
            break
        if not any(cell.strip() for cell in cells):
            continue

        def cell(field: str, cells: list[str] = cells) -> str:
            index = where[field]
            return (
                " ".join(cells[index].split()) if index is not None and index < len(cells) else ""
            )

        name = cell("name")
        if not name or len(name) > 120:
            problems.append(
                Problem(line, "name", "name-missing" if not name else "name-long", name[:40])
            )
            continue
        if name.casefold() in seen:
            problems.append(Problem(line, "name", "name-twice", name))
            continue
        chosen = {}
        for field, known in (("sector", sectors), ("size", sizes)):
            value = cell(field)
            chosen[field] = known.get(value.casefold()) if value else None
            if value and chosen[field] is None:
                problems.append(Problem(line, field, f"unknown-{field}", value[:40]))
        if any(p.line == line for p in problems):
            continue
        seen.add(name.casefold())
        rows.append(Row(line, name, chosen["sector"], chosen["size"]))
    return rows, problems


def spellings(choices: list, languages: tuple[str, ...] = ("en", "mn")) -> dict[str, str]:
    """Return every accepted spelling of ``choices`` (register settings' ``Choice``) → id."""
    known: dict[str, str] = {}
    for choice in choices:
        known[choice.id.casefold()] = choice.id
        for lang in languages:
            known[" ".join(choice.label.get(lang).split()).casefold()] = choice.id
    return known
