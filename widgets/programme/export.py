"""Writing a trainer's report to files: its charts as PNG, its tables as one Excel workbook.

Reports go to ``var/reports/`` (``OSH_REPORTS_DIR`` to choose another folder): outside the
folder Voila serves, like everything else built from participants' data. The Excel workbook
prints: each sheet fits the width of an A4 landscape page, with the header row repeated.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from widgets.programme.charts import Chart
from widgets.spreadsheet import text_cells


def reports_dir() -> Path:
    """Return where reports are written: ``OSH_REPORTS_DIR``, else ``var/reports``."""
    from widgets.paths import project_root

    configured = os.environ.get("OSH_REPORTS_DIR")
    return Path(configured) if configured else project_root() / "var" / "reports"


@dataclass
class Export:
    """The files a report wrote, relative to :func:`reports_dir` when inside it."""

    folder: Path
    files: list[Path]

    def names(self) -> list[str]:
        """Return the files' names as shown: relative to the reports folder."""
        base = reports_dir()
        out = []
        for path in self.files:
            try:
                out.append(path.relative_to(base).as_posix())
            except ValueError:
                out.append(str(path))
        return out

    def _repr_html_(self) -> str:
        from html import escape

        items = "".join(f"<li><code>{escape(n)}</code></li>" for n in self.names())
        return f"<ul>{items}</ul>"

    def __repr__(self) -> str:
        return "\n".join(self.names())


def _sheet_name(name: str, used: set[str]) -> str:
    # Excel allows 31 characters and none of []:*?/\ in a sheet name.
    clean = "".join("-" if ch in "[]:*?/\\" else ch for ch in name)[:31]
    base, n = clean, 2
    while clean in used:
        clean = f"{base[:28]} {n}"
        n += 1
    used.add(clean)
    return clean


def write_excel(path: Path, tables: dict[str, pd.DataFrame], title: str, note: str | None) -> Path:
    """Write ``tables`` to one workbook, one printable sheet each; return its path."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    bold = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="DDE5F0")
    for name, frame in tables.items():
        sheet = book.create_sheet(_sheet_name(name, used))
        flat = frame.reset_index() if not isinstance(frame.index, pd.RangeIndex) else frame
        row = 1
        sheet.cell(row, 1, f"{title} · {name}").font = Font(bold=True, size=13)
        if note:
            row += 1
            sheet.cell(row, 1, note).font = Font(bold=True, color="B00020")
        row += 2
        header = row
        for col, label in enumerate(flat.columns, start=1):
            cell = sheet.cell(row, col, str(label))
            cell.font, cell.fill = bold, header_fill
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for values in flat.itertuples(index=False):
            row += 1
            for col, value in enumerate(values, start=1):
                if not isinstance(value, str) and pd.isna(value):
                    value = None
                elif hasattr(value, "item"):
                    value = value.item()  # numpy numbers as plain Python ones
                sheet.cell(row, col, value)
        for col, label in enumerate(flat.columns, start=1):
            longest = max([len(str(label))] + [len(str(v)) for v in flat.iloc[:, col - 1]])
            sheet.column_dimensions[get_column_letter(col)].width = min(60, max(8, longest + 2))
        text_cells(sheet)  # participants' text (a hazard's title) is never a formula
        sheet.freeze_panes = sheet.cell(header + 1, 1)
        sheet.print_title_rows = f"{header}:{header}"
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def write_report(
    name: str,
    tables: dict[str, pd.DataFrame],
    charts: list[Chart],
    folder: Path | None,
    title: str,
    note: str | None,
) -> Export:
    """Write a report's charts and tables into ``folder/name/``; return what was written."""
    target = (folder or reports_dir()) / name
    files = [chart.save(target / f"{chart.name}.png") for chart in charts]
    files.append(write_excel(target / f"{name}.xlsx", tables, title, note))
    return Export(target, files)
