"""The action plan as an Excel workbook, with the cover and summary matrix on a second sheet."""

from __future__ import annotations

import io

from widgets.hierarchy.model import hierarchy
from widgets.i18n import translator
from widgets.register.model import Assessment
from widgets.register.reports.common import (
    XLSX,
    Download,
    _band,
    _category,
    _lang,
    _status,
    file_name,
)
from widgets.register.reports.contents import Cell, Outline, outline
from widgets.spreadsheet import text_cells


def excel_action_plan(assessment: Assessment, lang: str | None = None) -> Download:
    """Return the action plan as an Excel workbook, printable on A4 landscape.

    One row per measure (a hazard without measures has one row), highest band first, then
    earliest due date; band cells are coloured with the method's band colours and also
    named, so the colour never carries the meaning alone.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    lang = _lang(assessment, lang)
    _ = translator(lang)
    headers = [
        (_("No."), 5),
        (_("Hazard"), 30),
        (_("Category"), 14),
        (_("Location"), 16),
        (_("Risk"), 12),
        (_("Score"), 8),
        (_("Measure"), 40),
        (_("Level of control"), 18),
        (_("Responsible"), 16),
        (_("Budget"), 10),
        (_("Start"), 11),
        (_("Due"), 11),
        (_("Status"), 12),
        (_("Residual risk"), 12),
    ]
    book = Workbook()
    sheet = book.active
    sheet.title = _("Action plan")[:31]
    sheet.append([h for h, _w in headers])
    for index, (_h, width) in enumerate(headers, 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDDDDD")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for number, (hazard, measure) in enumerate(assessment.action_plan(), 1):
        rating = hazard.rating
        sheet.append(
            [
                number,
                hazard.title,
                _category(hazard.category, lang),
                hazard.location,
                _band(rating, lang),
                rating.score if rating else None,
                measure.text if measure else _("No measure planned yet"),
                hierarchy().level(measure.level).label.get(lang) if measure else "",
                measure.responsible if measure else "",
                measure.budget if measure else None,
                measure.start if measure else None,
                measure.due if measure else None,
                _status(measure.status, _) if measure else "",
                _band(measure.residual, lang) if measure else "",
            ]
        )
        row = sheet.max_row
        for cell in sheet[row]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for column, shown in ((5, rating), (14, measure.residual if measure else None)):
            if shown is not None:
                band = shown.band_info
                cell = sheet.cell(row=row, column=column)
                cell.fill = PatternFill("solid", fgColor=band.colour[1:].upper())
                cell.font = Font(bold=True, color=band.text_colour[1:].upper())
        for column in (11, 12):
            sheet.cell(row=row, column=column).number_format = "yyyy-mm-dd"
        sheet.cell(row=row, column=10).number_format = "#,##0"
    text_cells(sheet)  # a title like "=HYPERLINK(…)" is the team's text, never a formula
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"
    sheet.oddHeader.center.text = _("{enterprise} — action plan {year}").format(
        enterprise=assessment.profile.enterprise, year=assessment.year
    )
    sheet.oddFooter.center.text = _("Page &P of &N")
    _summary_sheet(book, outline(assessment, lang))
    out = io.BytesIO()
    book.save(out)
    return Download(out.getvalue(), file_name(assessment, _("action plan"), ".xlsx"), XLSX)


def _summary_sheet(book, out: Outline) -> None:
    """Add the cover, the summary matrix and the "still to do" list as a second sheet."""
    from openpyxl.styles import Alignment, Font, PatternFill

    sheet = book.create_sheet(out.summary.heading[:31])
    sheet.column_dimensions["A"].width = 30
    for letter in "BCDEFG":
        sheet.column_dimensions[letter].width = 18
    sheet.append([out.title])
    sheet.cell(row=1, column=1).font = Font(bold=True, size=14)
    sheet.append([out.subtitle])
    for label, value in out.profile:
        sheet.append([label, value])
    for name, role in out.team:
        sheet.append([name, role])

    def block(heading: str, header: list[str], rows: list[list[Cell]]) -> None:
        sheet.append([])
        sheet.append([heading])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
        sheet.append(header)
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="DDDDDD")
        for row in rows:
            sheet.append([c.text for c in row])
            for cell, shown in zip(sheet[sheet.max_row], row, strict=False):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
                if shown.colour:
                    cell.fill = PatternFill("solid", fgColor=shown.colour[1:].upper())
                    cell.font = Font(bold=True, color=shown.text_colour[1:].upper())

    if out.summary.grid:
        block(out.summary.explanation, out.summary.grid_header, out.summary.grid)
    block(out.summary.heading, out.summary.band_header, out.summary.bands)
    if out.todo:
        sheet.append([])
        sheet.append([out.todo_heading])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
        for item in out.todo:
            sheet.append([item])
    text_cells(sheet)
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
