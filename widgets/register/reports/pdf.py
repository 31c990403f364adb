"""The printable assessment report as PDF (A4, DejaVu Sans for Cyrillic), from the outline."""

from __future__ import annotations

import io

from widgets.i18n import translator
from widgets.register.model import Assessment
from widgets.register.reports.common import PDF, Download, _fonts, _lang, file_name, printable
from widgets.register.reports.contents import Cell, outline


def pdf_report(assessment: Assessment, lang: str | None = None) -> Download:
    """Return the printable assessment report as PDF (A4, DejaVu Sans for Cyrillic)."""
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    lang = _lang(assessment, lang)
    _ = translator(lang)
    out = outline(assessment, lang)

    class Report(FPDF):
        def footer(self) -> None:
            self.set_y(-12)
            self.set_font("dejavu", size=8)
            self.cell(0, 5, printable(f"{out.footer} · {self.page_no()}/{{nb}}"), align="C")

    pdf = Report(orientation="P", unit="mm", format="A4")
    pdf.set_title(printable(f"{out.title} — {out.subtitle}"))
    pdf.set_creator(out.footer)
    pdf.add_font("dejavu", "", _fonts() / "DejaVuSans.ttf")
    pdf.add_font("dejavu", "B", _fonts() / "DejaVuSans-Bold.ttf")
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_page()
    bold = FontFace(emphasis="BOLD", fill_color=(221, 221, 221))

    def heading(text: str, size: int) -> None:
        pdf.set_font("dejavu", "B", size)
        pdf.multi_cell(0, size * 0.5, printable(text), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)
        pdf.set_font("dejavu", size=9)

    def paragraph(text: str) -> None:
        pdf.multi_cell(0, 5, printable(text), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)

    def table(rows, header=None, widths=None, fills=None) -> None:
        with pdf.table(
            col_widths=widths,
            first_row_as_headings=bool(header),
            headings_style=bold,
            text_align="LEFT",
            line_height=5,
        ) as grid:
            for index, cells in enumerate(([header] if header else []) + rows):
                row = grid.row()
                for column, text in enumerate(cells):
                    style = (fills or {}).get((index, column))
                    row.cell(printable(text), style=style)
        pdf.ln(3)

    heading(out.title, 18)
    paragraph(out.subtitle)
    heading(_("Profile"), 13)
    table([list(r) for r in out.profile], widths=(45, 125))
    if out.team:
        heading(_("Who took part"), 11)
        table(out.team, out.team_header, widths=(85, 85))

    def coloured(rows: list[list[Cell]], header: list[str], widths) -> None:
        fills = {
            (index, column): FontFace(
                emphasis="BOLD", color=cell.text_colour, fill_color=cell.colour
            )
            for index, row in enumerate(rows, 1)
            for column, cell in enumerate(row)
            if cell.colour
        }
        table([[c.text for c in row] for row in rows], header, widths, fills)

    heading(out.summary.heading, 13)
    paragraph(out.summary.explanation)
    if out.summary.grid:
        first = 170 - 24 * (len(out.summary.grid_header) - 1)
        pdf.set_font("dejavu", size=8)
        coloured(
            out.summary.grid,
            out.summary.grid_header,
            (first, *[24] * (len(out.summary.grid_header) - 1)),
        )
        pdf.set_font("dejavu", size=9)
    coloured(out.summary.bands, out.summary.band_header, (70, 50, 50))
    heading(out.hazards_heading, 13)
    for group in out.groups:
        if pdf.will_page_break(40):
            pdf.add_page()
        heading(group.heading, 12)
        paragraph(group.requires)
        for hazard in group.hazards:
            if pdf.will_page_break(45):  # a hazard's title never ends a page
                pdf.add_page()
            heading(hazard.title, 11)
            fills = {}
            if hazard.colour:
                fills[(0, 1)] = FontFace(
                    emphasis="BOLD", color=hazard.text_colour, fill_color=hazard.colour
                )
            table([list(f) for f in hazard.facts], widths=(45, 125), fills=fills)
            if hazard.measures:
                if pdf.will_page_break(25):
                    pdf.add_page()
                pdf.set_font("dejavu", "B", 9)
                paragraph(_("Planned measures"))
                pdf.set_font("dejavu", size=9)
                table(hazard.measures, out.measure_header, widths=(54, 32, 24, 18, 22, 20))
            for data, caption in hazard.photos:
                if pdf.will_page_break(60):
                    pdf.add_page()
                pdf.image(io.BytesIO(data), h=50, keep_aspect_ratio=True)
                paragraph(caption)
            for comment in hazard.comments:
                paragraph(_("Trainer: {comment}").format(comment=comment))
    if out.todo:
        heading(out.todo_heading, 13)
        for item in out.todo:
            paragraph("• " + item)
    if out.notes:
        heading(out.notes_heading, 13)
        for note in out.notes:
            paragraph(note)
    if pdf.will_page_break(60):
        pdf.add_page()
    heading(out.signoff_heading, 13)
    paragraph(out.signoff_text)
    with pdf.table(
        col_widths=(50, 60, 60), headings_style=bold, text_align="LEFT", line_height=12
    ) as grid:
        for line in [["", *out.signoff_header], *([who, "", ""] for who in out.signoff)]:
            row = grid.row()
            for text in line:
                row.cell(printable(text))
    return Download(bytes(pdf.output()), file_name(assessment, _("report"), ".pdf"), PDF)
