"""Reports of an assessment: the Excel action plan, the Word and PDF report, the JSON file.

Each function returns a :class:`Download` (bytes, a suggested file name and a MIME type)
that a view offers through a download button. Reports are written in the enterprise's
language (its profile's, unless another is asked for): always a language given, never the
page's, through ``translator(lang)`` and :mod:`widgets.register.messages`. The Word and PDF
reports share one outline (:func:`outline`), so they say the same things. openpyxl,
python-docx, fpdf2 and matplotlib (for its DejaVu font, which covers Mongolian Cyrillic) are
imported only when a report is made.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from widgets.hierarchy.model import hierarchy
from widgets.i18n import translator
from widgets.measures.model import hazard_categories
from widgets.register.messages import notice_text
from widgets.register.model import Assessment, Hazard, Measure, Rating
from widgets.register.settings import settings
from widgets.spreadsheet import text_cells

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"
JSON = "application/json"


@dataclass(frozen=True)
class Download:
    """A file to offer for download."""

    data: bytes
    filename: str
    mime: str


def workbook_version() -> str:
    """Return the installed version of the ``osh-workbook`` distribution."""
    try:
        return version("osh-workbook")
    except PackageNotFoundError:  # running from a checkout that was never installed
        return "dev"


def file_stem(assessment: Assessment) -> str:
    """Return a file name stem: the enterprise (letters of any script kept) and the year."""
    name = re.sub(r"[^\w]+", "-", assessment.profile.enterprise.lower()).strip("-_")
    return f"{name[:60] or 'assessment'}-{assessment.year}"


def _lang(assessment: Assessment, lang: str | None) -> str:
    return lang or assessment.profile.language


def _band(rating: Rating | None, lang: str) -> str:
    return rating.band_info.label.get(lang) if rating else ""


def _status(status: str, _: Callable[[str], str]) -> str:
    return {"planned": _("Planned"), "in-progress": _("In progress"), "done": _("Done")}[status]


def _category(category_id: str, lang: str) -> str:
    for category in hazard_categories().categories:
        if category.id == category_id:
            return category.label.get(lang)
    return category_id


def _day(value: date | None) -> str:
    return value.isoformat() if value else ""


def _money(value: float | None) -> str:
    return "" if value is None else f"{value:,.0f}".replace(",", " ")


def _rating_text(rating: Rating | None, lang: str, _: Callable[[str], str]) -> str:
    if rating is None:
        return _("not rated yet")
    method = rating.method_info
    parts = [
        f"{method.factor(f).label.get(lang)} {v:g}"
        for f, v in rating.factors.items()
        if method.score == "product"
    ]
    text = rating.band_info.label.get(lang)
    if rating.score is not None:
        text += " (" + " × ".join(parts) + f" = {rating.score:g})"
    if rating.overridden:
        text += "; " + _("computed: {band}; reason: {reason}").format(
            band=method.band(rating.computed).label.get(lang), reason=rating.reason
        )
    return text


# -- Excel -----------------------------------------------------------------------------------
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
    out = io.BytesIO()
    book.save(out)
    return Download(out.getvalue(), f"{file_stem(assessment)}-action-plan.xlsx", XLSX)


# -- the outline shared by Word and PDF ---------------------------------------------------
@dataclass
class HazardSection:
    """One hazard as a report shows it."""

    title: str
    facts: list[tuple[str, str]]
    colour: str | None
    text_colour: str | None
    measures: list[list[str]]
    photos: list[tuple[bytes, str]]
    comments: list[str]


@dataclass
class Outline:
    """What the Word and PDF reports say, already in the report's language."""

    title: str
    subtitle: str
    profile: list[tuple[str, str]]
    team_header: list[str]
    team: list[list[str]]
    notices: list[str]
    hazards_heading: str
    measure_header: list[str]
    hazards: list[HazardSection] = field(default_factory=list)
    notes_heading: str = ""
    notes: list[str] = field(default_factory=list)
    signoff_heading: str = ""
    signoff_text: str = ""
    signoff_header: list[str] = field(default_factory=list)
    signoff: list[str] = field(default_factory=list)
    footer: str = ""


def outline(assessment: Assessment, lang: str | None = None) -> Outline:
    """Return what the printable report says, in ``lang`` (the profile's by default)."""
    lang = _lang(assessment, lang)
    _ = translator(lang)
    profile, config = assessment.profile, settings()
    labels = {c.id: c.label.get(lang) for c in [*config.sectors, *config.size_bands]}
    kinds = {c.id: c.label.get(lang) for c in config.area_kinds}
    method = assessment.method
    areas = ", ".join(f"{a.name} ({kinds[a.kind]})" if a.kind else a.name for a in profile.areas)
    result = Outline(
        title=_("Risk assessment"),
        subtitle=f"{profile.enterprise} — {assessment.year}",
        profile=[
            (_("Enterprise"), profile.enterprise),
            (_("Sector"), labels[profile.sector]),
            (_("Size"), labels[profile.size]),
            (_("Work areas"), areas or "—"),
            (_("Evaluation method"), method.name.get(lang)),
            (_("Year"), str(assessment.year)),
        ],
        team_header=[_("Name"), _("Role")],
        team=[[m.name, config.role(m.role).label.get(lang)] for m in profile.team],
        notices=[notice_text(n, lang) for n in assessment.notices()],
        hazards_heading=_("Hazards, risks and measures"),
        measure_header=[
            _("Measure"),
            _("Level of control"),
            _("Responsible"),
            _("Budget"),
            _("Due"),
            _("Status"),
        ],
    )
    seen: list[Hazard] = []
    for hazard, _measure in assessment.action_plan():
        if hazard not in seen:
            seen.append(hazard)
    for number, hazard in enumerate(seen, 1):
        result.hazards.append(_section(number, hazard, lang, _))
    result.notes_heading = _("Trainer's visit notes")
    result.notes = [f"{n.at:%Y-%m-%d} {n.by}: {n.text}" for n in assessment.visit_notes]
    result.signoff_heading = _("Worker consultation")
    result.signoff_text = _(
        "The employer and the workers' representative confirm that workers were consulted "
        "on this assessment and its action plan."
    )
    result.signoff_header = [_("Name"), _("Signature")]
    result.signoff = [_("Employer"), _("Worker representative"), _("Date")]
    result.footer = _("OSH Workbook {version} · method: {method}").format(
        version=workbook_version(), method=method.name.get(lang)
    )
    return result


def _section(number: int, hazard: Hazard, lang: str, _: Callable[[str], str]) -> HazardSection:
    facts = [
        (_("Risk"), _rating_text(hazard.rating, lang, _)),
        (_("Category"), _category(hazard.category, lang)),
        (_("Location"), hazard.location or "—"),
        (_("Who might be harmed and how"), hazard.who or "—"),
        (_("Existing controls"), hazard.existing or "—"),
    ]
    if hazard.residual:
        facts.append((_("Residual risk"), _rating_text(hazard.residual, lang, _)))
    band = hazard.rating.band_info if hazard.rating else None
    measures: list[Measure] = hazard.measures
    return HazardSection(
        title=f"{number}. {hazard.title}",
        facts=facts,
        colour=band.colour if band else None,
        text_colour=band.text_colour if band else None,
        measures=[
            [
                m.text,
                hierarchy().level(m.level).label.get(lang),
                m.responsible,
                _money(m.budget),
                _day(m.due),
                _status(m.status, _),
            ]
            for m in measures
        ],
        photos=[
            (
                p.data,
                " — ".join(
                    t
                    for t in (
                        _("Before") if p.kind == "before" else _("After"),
                        m.text,
                        p.caption,
                    )
                    if t
                ),
            )
            for m in measures
            for p in m.photos
        ],
        comments=[f"{c.at:%Y-%m-%d} {c.by}: {c.text}" for c in hazard.comments],
    )


# -- Word ------------------------------------------------------------------------------------
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
    doc.add_heading(out.title, 0)
    doc.add_paragraph(out.subtitle)

    def table(rows: list[list[str]], header: list[str] | None = None, widths=None):
        grid = doc.add_table(rows=0, cols=len(header or rows[0]), style="Table Grid")
        for index, row in enumerate(([header] if header else []) + rows):
            cells = grid.add_row().cells
            for cell, text in zip(cells, row, strict=True):
                cell.text = text
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
    for notice in out.notices:
        doc.add_paragraph(notice, style="Intense Quote")
    doc.add_heading(out.hazards_heading, 1)
    for hazard in out.hazards:
        doc.add_heading(hazard.title, 2)
        facts = table([list(f) for f in hazard.facts], widths=(5, 12))
        if hazard.colour:
            shade(facts.rows[0].cells[1], hazard.colour, hazard.text_colour)
        if hazard.measures:
            doc.add_paragraph(_("Planned measures"), style="Heading 3")
            table(hazard.measures, out.measure_header)
        for data, caption in hazard.photos:
            doc.add_picture(io.BytesIO(data), width=Cm(8))
            doc.add_paragraph(caption, style="Caption")
        for comment in hazard.comments:
            doc.add_paragraph(_("Trainer: {comment}").format(comment=comment))
    if out.notes:
        doc.add_heading(out.notes_heading, 1)
        for note in out.notes:
            doc.add_paragraph(note)
    doc.add_heading(out.signoff_heading, 1)
    doc.add_paragraph(out.signoff_text)
    box = table([[who, "", ""] for who in out.signoff], ["", *out.signoff_header], (5, 6, 6))
    for row in box.rows[1:]:
        row.height = Cm(1.4)
    section.footer.paragraphs[0].text = out.footer
    buffer = io.BytesIO()
    doc.save(buffer)
    return Download(buffer.getvalue(), f"{file_stem(assessment)}-report.docx", DOCX)


# -- PDF -------------------------------------------------------------------------------------
def _fonts() -> Path:
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


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
            self.cell(0, 5, f"{out.footer} · {self.page_no()}/{{nb}}", align="C")

    pdf = Report(orientation="P", unit="mm", format="A4")
    pdf.set_title(f"{out.title} — {out.subtitle}")
    pdf.set_creator(out.footer)
    pdf.add_font("dejavu", "", _fonts() / "DejaVuSans.ttf")
    pdf.add_font("dejavu", "B", _fonts() / "DejaVuSans-Bold.ttf")
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_page()
    bold = FontFace(emphasis="BOLD", fill_color=(221, 221, 221))

    def heading(text: str, size: int) -> None:
        pdf.set_font("dejavu", "B", size)
        pdf.multi_cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)
        pdf.set_font("dejavu", size=9)

    def paragraph(text: str) -> None:
        pdf.multi_cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")
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
                    row.cell(text, style=style)
        pdf.ln(3)

    heading(out.title, 18)
    paragraph(out.subtitle)
    heading(_("Profile"), 13)
    table([list(r) for r in out.profile], widths=(45, 125))
    if out.team:
        heading(_("Who took part"), 11)
        table(out.team, out.team_header, widths=(85, 85))
    for notice in out.notices:
        paragraph("! " + notice)
    heading(out.hazards_heading, 13)
    for hazard in out.hazards:
        heading(hazard.title, 11)
        fills = {}
        if hazard.colour:
            fills[(0, 1)] = FontFace(
                emphasis="BOLD", color=hazard.text_colour, fill_color=hazard.colour
            )
        table([list(f) for f in hazard.facts], widths=(45, 125), fills=fills)
        if hazard.measures:
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
        for cells in [["", *out.signoff_header], *([who, "", ""] for who in out.signoff)]:
            row = grid.row()
            for text in cells:
                row.cell(text)
    return Download(bytes(pdf.output()), f"{file_stem(assessment)}-report.pdf", PDF)


# -- JSON ------------------------------------------------------------------------------------
def json_export(assessment: Assessment) -> Download:
    """Return the whole assessment as a JSON file (read back with ``Assessment.from_json``)."""
    return Download(assessment.to_json().encode("utf-8"), f"{file_stem(assessment)}.osh.json", JSON)
