"""Import a team's existing hazard list from a CSV or Excel (.xlsx) file.

Column headers may be English or Mongolian (``Hazard`` or ``Аюул``…); the rating columns are
the factors of the assessment's method, named by id or label. Every row is checked whole:
a good row becomes a hazard, a bad row is reported with its row number and column and
nothing of it is kept. The good rows are added together, in one change. Problems are data
(a code and its parameters); the view says them in the reader's language.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from pydantic import ValidationError

from widgets.measures.model import hazard_categories
from widgets.register.errors import RegisterError
from widgets.register.model import Assessment, Hazard, explain, rate
from widgets.register.settings import settings

FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("title", "hazard", "hazard title", "аюул", "аюулын нэр", "нэр"),
    "category": ("category", "hazard category", "type", "ангилал", "аюулын ангилал", "төрөл"),
    "location": ("location", "area", "place", "work area", "байршил", "ажлын байр", "газар"),
    "who": (
        "who might be harmed and how",
        "who might be harmed",
        "who",
        "harm",
        "хэн, яаж хохирох вэ",
        "хэн хохирох вэ",
        "хэн хохирох",
        "хохирол",
    ),
    "existing": (
        "existing controls",
        "controls in place",
        "current controls",
        "одоо байгаа хяналт",
        "одоо байгаа арга хэмжээ",
        "одоогийн хяналт",
    ),
}
"""Each hazard field and the headers (English and Mongolian) that name it."""
BAND_HEADERS = ("band", "risk", "risk level", "эрсдэл", "эрсдэлийн түвшин")
"""Headers of the band column of a method rated by choosing a band."""
REQUIRED = ("title", "category")


@dataclass(frozen=True)
class RowProblem:
    """Why one row was not imported: where (row, column), and a code with its parameters.

    Codes: ``hazard-missing``, ``not-a-category``, ``not-a-band``, ``not-on-scale``,
    ``invalid`` (pydantic's problems, as :func:`~widgets.register.model.explain` gives them),
    or a rating's code (``override-needs-reason``…). The view says it
    (:func:`widgets.register.messages.row_problem`); ``str()`` is an English line for logs.
    """

    row: int
    column: str
    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"row {self.row}, column {self.column}: {self.code} {self.params}"


@dataclass
class ImportReport:
    """What an import did: the hazards added and every problem, by row and column."""

    imported: list[Hazard] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether every row was imported."""
        return not self.problems


def _key(header: object) -> str:
    return re.sub(r"\s+", " ", str(header or "")).strip(" :*").lower()


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


def _columns(header: list[str], assessment: Assessment) -> dict[str, int]:
    """Map each hazard field and rating factor to its column index."""
    method = assessment.method
    names = {k: set(v) for k, v in FIELDS.items()}
    if method.score == "direct":
        names["band"] = set(BAND_HEADERS)
    for factor in method.factors:
        names[f"factor:{factor.id}"] = {
            factor.id,
            _key(factor.label.en),
            _key(factor.label.mn),
        }
    found: dict[str, int] = {}
    for index, text in enumerate(header):
        for name, aliases in names.items():
            if _key(text) in aliases and name not in found:
                found[name] = index
    return found


def _category(value: str) -> str | None:
    for category in hazard_categories().categories:
        if _key(value) in {category.id, _key(category.label.en), _key(category.label.mn)}:
            return category.id
    return None


def _number(value: str) -> Any:
    number = float(value.replace(",", "."))
    return int(number) if number.is_integer() else number


def _row(
    cells: list[str], row: int, columns: dict[str, int], header: list[str], a: Assessment
) -> Hazard | list[RowProblem]:
    def get(name: str) -> str:
        index = columns.get(name)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    def column(name: str) -> str:
        return header[columns[name]] if name in columns else name

    problems = []
    fields: dict[str, Any] = {name: get(name) for name in FIELDS}
    if not fields["title"]:
        problems.append(RowProblem(row, column("title"), "hazard-missing"))
    category = _category(fields["category"])
    if category is None:
        problems.append(
            RowProblem(
                row,
                column("category"),
                "not-a-category",
                {"value": fields["category"], "allowed": hazard_categories().ids()},
            )
        )
    fields["category"] = category or "physical"
    factors: dict[str, Any] = {}
    rating_columns = [n for n in columns if n.startswith("factor:") or n == "band"]
    given = {n: get(n) for n in rating_columns if get(n)}
    if given:
        method = a.method
        if method.score == "direct":
            band = next(
                (
                    b.id
                    for b in method.bands
                    if _key(given.get("band", "")) in {b.id, _key(b.label.en), _key(b.label.mn)}
                ),
                None,
            )
            if band is None:
                problems.append(
                    RowProblem(
                        row,
                        column("band"),
                        "not-a-band",
                        {"value": given.get("band", ""), "method": method.id},
                    )
                )
            factors = {"band": band}
        for factor in method.factors:
            name = f"factor:{factor.id}"
            try:
                value = _number(given[name])
                if value not in factor.allowed():
                    raise ValueError
                factors[factor.id] = value
            except (KeyError, ValueError):
                problems.append(
                    RowProblem(
                        row,
                        column(name),
                        "not-on-scale",
                        {
                            "value": given.get(name, ""),
                            "allowed": [f"{v:g}" for v in factor.allowed()],
                        },
                    )
                )
    if problems:
        return problems
    try:
        rating = rate(a.method.id, factors).model_dump() if factors else None
        return Hazard.model_validate({**fields, "rating": rating})
    except RegisterError as exc:
        columns_ = ", ".join(column(n) for n in rating_columns)
        return [RowProblem(row, columns_, exc.code, exc.params)]
    except ValidationError as exc:
        return [
            RowProblem(
                row, column(problem["field"].split(".")[0]), "invalid", {"problems": [problem]}
            )
            for problem in explain(exc)
        ]


def import_hazards(assessment: Assessment, data: bytes, filename: str, by: str) -> ImportReport:
    """Import a hazard list into ``assessment``: good rows in, bad rows reported.

    Parameters
    ----------
    assessment
        The assessment to add the hazards to.
    data, filename
        The uploaded file (.csv or .xlsx) and its name.
    by
        Who imports it.

    Returns
    -------
    ImportReport
        The hazards added, and each bad row's number (as the spreadsheet shows it) and
        column with what is wrong.

    Raises
    ------
    RegisterError
        When the whole file cannot be used: unreadable, too large (``file-too-large``), too
        many rows (``too-many-rows``), empty (``file-empty``), no header with the hazard and
        category columns (``columns-missing``: the header's ``row`` and, for each ``missing``
        column, the headers that name it), or a locked assessment.
    """
    assessment.editable(by)
    rows = read_rows(data, filename)
    name = PurePath(filename).name
    numbered = [(n, r) for n, r in enumerate(rows, 1) if any(c.strip() for c in r)]
    if not numbered:
        raise RegisterError("file-empty", name=name)
    (header_row, header), body = numbered[0], numbered[1:]
    if len(body) > settings().import_max_rows:
        raise RegisterError("too-many-rows", name=name, limit=settings().import_max_rows)
    columns = _columns(header, assessment)
    missing = [n for n in REQUIRED if n not in columns]
    if missing:
        raise RegisterError(
            "columns-missing",
            row=header_row,
            missing=[{"column": n, "names": list(FIELDS[n])} for n in missing],
        )
    report = ImportReport()
    for number, cells in body:
        result = _row(cells, number, columns, header, assessment)
        if isinstance(result, Hazard):
            report.imported.append(result)
        else:
            report.problems.extend(result)
    if report.imported:
        assessment.add_hazards(report.imported, by, PurePath(filename).name)
    return report
