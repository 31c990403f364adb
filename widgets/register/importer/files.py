"""Reading an uploaded hazard list, bounded: the rows of a CSV or Excel (.xlsx) file as text.

The file is bounded before it is read (its size; an .xlsx's parts from the ZIP's directory),
and rows are read one at a time up to the row limit, so no upload holds more than a few
hundred rows in memory.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from pathlib import PurePath

from widgets.register.errors import RegisterError
from widgets.register.settings import settings


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


MAX_COLUMNS = 100
"""Columns read of each row (a hazard list has about a dozen)."""
ENTRY_MAX_BYTES = 10 * 2**20
"""Largest part of an .xlsx file (a sheet, the shared strings), unpacked."""
MAX_RATIO = 100
"""Largest compression ratio of a part above 1 MiB unpacked (a sheet of text packs ~10×)."""
MAX_ENTRIES = 1000
"""Most parts of an .xlsx file (a workbook has a few dozen)."""
SCAN_FACTOR = 20
"""Rows read, empty ones included, per row allowed: a sheet with rows far below its
hazards (a single cell at row 15,000,000) is refused after ``SCAN_FACTOR × limit`` rows
instead of being read to its end."""


def read_rows(data: bytes, filename: str) -> list[list[str]]:
    """Return the rows of a CSV or .xlsx file as text cells (the first row is the header).

    The file is bounded before it is read: its size; for .xlsx, its parts' unpacked sizes
    and compression ratios (from the ZIP's directory, before openpyxl opens it); then rows
    are read one at a time and reading stops at the row limit (``import_max_rows`` of
    ``data/register.yaml`` plus the header; empty rows count up to ``SCAN_FACTOR`` times
    that), so no file holds more than a few hundred rows in memory.

    Raises
    ------
    RegisterError
        When the file is too large (``file-too-large``, ``file-too-large-unpacked``), has
        too many rows (``too-many-rows``), is of another kind, is not UTF-8 or Windows-1251
        text (``not-utf8-or-cp1251``, with the ``row`` and ``byte`` of the first byte that
        cannot be read), or cannot be read.
    """
    name = PurePath(filename).name
    limit = settings().import_max_bytes
    if len(data) > limit:
        raise RegisterError("file-too-large", name=name, limit=f"{limit / 2**20:g}")
    suffix = PurePath(filename).suffix.lower()
    if data.startswith(b"PK\x03\x04") or suffix == ".xlsx":
        return _bounded(_xlsx_rows(data, name), name)
    if suffix not in (".csv", ".txt", ""):
        raise RegisterError("not-a-table-file", name=name)
    text = _decode(data, name)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        return _bounded(([_cell(v) for v in row[:MAX_COLUMNS]] for row in reader), name)
    except csv.Error:  # a field over csv's size limit, an unclosed quote at the end…
        raise RegisterError("unreadable-csv", name=name, row=reader.line_num) from None


def _bounded(rows: Iterator[list[str]], name: str) -> list[list[str]]:
    """Collect ``rows`` until the row limit is passed, then refuse without reading on."""
    limit = settings().import_max_rows
    kept: list[list[str]] = []
    filled = 0
    try:
        for row in rows:
            kept.append(row)
            filled += any(row)
            # The header and ``limit`` rows are allowed: one more is too many.
            if filled > limit + 1 or len(kept) > SCAN_FACTOR * (limit + 1):
                raise RegisterError("too-many-rows", name=name, limit=limit)
    finally:
        close = getattr(rows, "close", None)
        if close is not None:
            close()  # the workbook is closed now, not when the error is forgotten
    return kept


def _decode(data: bytes, name: str) -> str:
    """Decode a CSV file strictly: UTF-8 (with or without BOM), else Windows-1251.

    Raises
    ------
    RegisterError
        ``not-utf8-or-cp1251`` with the row and byte (counted from 1) of the first byte
        that cannot be read, in whichever encoding read further (the file's likely one).
    """
    furthest = -1
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as exc:
            furthest = max(furthest, exc.start)
    raise RegisterError(
        "not-utf8-or-cp1251",
        name=name,
        row=data.count(b"\n", 0, furthest) + 1,
        byte=furthest + 1,
        value=f"0x{data[furthest]:02X}",
    )


def _check_zip(data: bytes, name: str) -> None:
    """Refuse an .xlsx whose parts unpack too large, from the ZIP's directory alone.

    Python's ``zipfile`` never unpacks more of a part than its directory entry says (and
    then fails its checksum), so sizes checked here bound what openpyxl can unpack.
    """
    limit = settings().import_max_unpacked_bytes
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise RegisterError("unreadable-xlsx", name=name) from None
    total = sum(entry.file_size for entry in entries)
    if (
        len(entries) > MAX_ENTRIES
        or total > limit
        or any(
            entry.file_size > ENTRY_MAX_BYTES
            or (entry.file_size > 2**20 and entry.file_size > MAX_RATIO * entry.compress_size)
            for entry in entries
        )
    ):
        raise RegisterError("file-too-large-unpacked", name=name, limit=f"{limit / 2**20:g}")


def _xlsx_rows(data: bytes, name: str) -> Iterator[list[str]]:
    _check_zip(data, name)
    from openpyxl import load_workbook

    # openpyxl parses with defusedxml when it is installed (a declared dependency): no
    # entity expansion ("billion laughs") in any part.
    limit = settings().import_max_rows
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged file
        raise RegisterError("unreadable-xlsx", name=name) from None
    try:
        sheet = book.worksheets[0]
        # Bounds given, not taken from the sheet's <dimension>, which the file may inflate.
        rows = sheet.iter_rows(
            max_row=SCAN_FACTOR * (limit + 1) + 1, max_col=MAX_COLUMNS, values_only=True
        )
        yield from ([_cell(v) for v in row] for row in rows)
    except RegisterError:
        raise
    except Exception:
        raise RegisterError("unreadable-xlsx", name=name) from None
    finally:
        book.close()
