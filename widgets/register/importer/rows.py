"""Checking an imported hazard list row by row: good rows become hazards, bad rows problems.

The columns are found by their headers (English or Mongolian, or a factor's id or label);
the file's rows come from :func:`widgets.register.importer.files.read_rows`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from pydantic import ValidationError

from widgets.measures.model import hazard_categories
from widgets.register.errors import RegisterError
from widgets.register.importer.files import read_rows
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
