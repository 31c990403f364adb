"""The printable assessment report as a Word (.docx) file, from the shared outline."""

from __future__ import annotations

import io

from widgets.i18n import translator
from widgets.register.model import Assessment
from widgets.register.reports.common import DOCX, Download, _lang, file_name, printable
from widgets.register.reports.contents import Cell, outline


def word_report(assessment: Assessment, lang: str | None = None) -> Download:
    """Return the printable assessment report as a Word (.docx) file."""
    from docx import Document
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt, RGBColor

    lang = _lang(assessment, lang)
    _ = translator(lang)
    out = outline(assessment, lang)
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2)
    doc.styles["Normal"].font.name = "Arial"
    doc.styles["Normal"].font.size = Pt(10)
    doc.add_heading(printable(out.title), 0)
    doc.add_paragraph(printable(out.subtitle))

    def table(rows: list[list[str]], header: list[str] | None = None, widths=None):
        grid = doc.add_table(rows=0, cols=len(header or rows[0]), style="Table Grid")
        for index, row in enumerate(([header] if header else []) + rows):
            cells = grid.add_row().cells
            for cell, text in zip(cells, row, strict=True):
                cell.text = printable(text)
                if header and index == 0:
                    for run in cell.paragraphs[0].runs:
                        run.bold = True
        if widths:
            for row in grid.rows:
                for cell, width in zip(row.cells, widths, strict=True):
                    cell.width = Cm(width)
        return grid

    def shade(cell, colour: str, text: str) -> None:
        properties = cell._tc.get_or_add_tcPr()
        fill = OxmlElement("w:shd")
        fill.set(qn("w:val"), "clear")
        fill.set(qn("w:fill"), colour[1:])
        properties.append(fill)
        for run in cell.paragraphs[0].runs:
            run.font.color.rgb = RGBColor.from_string(text[1:].upper())
            run.bold = True

    doc.add_heading(_("Profile"), 1)
    table([list(r) for r in out.profile], widths=(5, 12))
    doc.add_heading(_("Who took part"), 2)
    if out.team:
        table(out.team, out.team_header, widths=(8, 9))

    def coloured(rows: list[list[Cell]], header: list[str]):
        grid = table([[c.text for c in row] for row in rows], header)
        for row, line in zip(grid.rows[1:], rows, strict=True):
            for cell, shown in zip(row.cells, line, strict=True):
                if shown.colour:
                    shade(cell, shown.colour, shown.text_colour)

    doc.add_heading(out.summary.heading, 1)
    doc.add_paragraph(printable(out.summary.explanation))
    if out.summary.grid:
        coloured(out.summary.grid, out.summary.grid_header)
        doc.add_paragraph()
    coloured(out.summary.bands, out.summary.band_header)
    doc.add_heading(out.hazards_heading, 1)
    for group in out.groups:
        doc.add_heading(printable(group.heading), 2)
        doc.add_paragraph(printable(group.requires))
        for hazard in group.hazards:
            doc.add_heading(printable(hazard.title), 3)
            facts = table([list(f) for f in hazard.facts], widths=(5, 12))
            if hazard.colour:
                shade(facts.rows[0].cells[1], hazard.colour, hazard.text_colour)
            if hazard.measures:
                doc.add_paragraph().add_run(_("Planned measures")).bold = True
                table(hazard.measures, out.measure_header)
            for data, caption in hazard.photos:
                doc.add_picture(io.BytesIO(data), width=Cm(8))
                doc.add_paragraph(printable(caption), style="Caption")
            for comment in hazard.comments:
                doc.add_paragraph(printable(_("Trainer: {comment}").format(comment=comment)))
    if out.todo:
        doc.add_heading(out.todo_heading, 1)
        for item in out.todo:
            doc.add_paragraph(printable(item), style="List Bullet")
    if out.notes:
        doc.add_heading(out.notes_heading, 1)
        for note in out.notes:
            doc.add_paragraph(printable(note))
    doc.add_heading(out.signoff_heading, 1)
    doc.add_paragraph(out.signoff_text)
    box = table([[who, "", ""] for who in out.signoff], ["", *out.signoff_header], (5, 6, 6))
    for row in box.rows[1:]:
        row.height = Cm(1.4)
    section.footer.paragraphs[0].text = out.footer
    buffer = io.BytesIO()
    doc.save(buffer)
    return Download(buffer.getvalue(), file_name(assessment, _("report"), ".docx"), DOCX)
