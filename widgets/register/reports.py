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
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from widgets.hierarchy.model import hierarchy
from widgets.i18n import translator
from widgets.measures.model import hazard_categories
from widgets.register.messages import todo_text
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


def file_name(assessment: Assessment, what: str, suffix: str) -> str:
    """Return a report's file name: the stem, then ``what`` (already translated), then ``suffix``.

    The words are those of the report's language, kept safe for a file system: letters of any
    script, digits and hyphens only.
    """
    words = re.sub(r"[^\w]+", "-", what.lower()).strip("-_")
    return f"{file_stem(assessment)}-{words}{suffix}" if words else file_stem(assessment) + suffix


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


def _day(value: date | None, lang: str) -> str:
    """Return a date as the reader writes it (Babel's medium format, never mm/dd/yyyy)."""
    from babel.dates import format_date

    return format_date(value, "medium", locale=lang) if value else ""


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
class Cell:
    """One cell of a summary table: its text, and its band's colours if it has a band."""

    text: str
    colour: str | None = None
    text_colour: str | None = None


@dataclass
class Summary:
    """How many hazards fall in each cell of the method's matrix and in each band.

    Each count is "before measures / with measures done" (the residual rating of a hazard
    whose measure is done, else its rating). ``grid`` is empty for a method that is not a
    two-factor matrix; ``bands`` (highest first, then the unrated) is always there.
    """

    heading: str
    explanation: str
    grid_header: list[str]
    grid: list[list[Cell]]
    band_header: list[str]
    bands: list[list[Cell]]


@dataclass
class PriorityGroup:
    """The hazards of one band in the action plan (highest band first)."""

    heading: str
    requires: str
    colour: str | None
    text_colour: str | None
    hazards: list[HazardSection] = field(default_factory=list)


@dataclass
class Outline:
    """What the Word and PDF reports say, already in the report's language."""

    title: str
    subtitle: str
    profile: list[tuple[str, str]]
    team_header: list[str]
    team: list[list[str]]
    summary: Summary
    hazards_heading: str
    measure_header: list[str]
    groups: list[PriorityGroup] = field(default_factory=list)
    todo_heading: str = ""
    todo: list[str] = field(default_factory=list)
    notes_heading: str = ""
    notes: list[str] = field(default_factory=list)
    signoff_heading: str = ""
    signoff_text: str = ""
    signoff_header: list[str] = field(default_factory=list)
    signoff: list[str] = field(default_factory=list)
    footer: str = ""


def outline(assessment: Assessment, lang: str | None = None, today: date | None = None) -> Outline:
    """Return what the printable report says, in ``lang`` (the profile's by default).

    ``today`` is the date printed on the cover (today's by default).
    """
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
            (_("Date of the assessment"), _day(assessment.created_at.date(), lang)),
            (_("Date printed"), _day(today or date.today(), lang)),
        ],
        team_header=[_("Name"), _("Role")],
        team=[[m.name, config.role(m.role).label.get(lang)] for m in profile.team],
        summary=_summary(assessment, lang, _),
        hazards_heading=_("Action plan by priority"),
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
        band = hazard.rating.band_info if hazard.rating else None
        label = band.label.get(lang) if band else _("not rated yet")
        if not result.groups or result.groups[-1].heading != _("Priority: {band}").format(
            band=label
        ):
            result.groups.append(
                PriorityGroup(
                    heading=_("Priority: {band}").format(band=label),
                    requires=(
                        band.requires.get(lang)
                        + " "
                        + _("Deadline: {deadline}.").format(
                            deadline=band.deadline.get(lang).rstrip(" .")
                        )
                        if band
                        else _("Rate these hazards to know how urgent they are.")
                    ),
                    colour=band.colour if band else None,
                    text_colour=band.text_colour if band else None,
                )
            )
        result.groups[-1].hazards.append(_section(number, hazard, lang, _))
    result.todo_heading = _("Still to do")
    result.todo = [todo_text(n, lang) for n in assessment.notices()]
    result.notes_heading = _("Trainer's visit notes")
    result.notes = [f"{_day(n.at.date(), lang)} {n.by}: {n.text}" for n in assessment.visit_notes]
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


def _summary(assessment: Assessment, lang: str, _: Callable[[str], str]) -> Summary:
    method = assessment.method
    before = [h.rating for h in assessment.hazards]
    after = [h.current for h in assessment.hazards]

    def count(ratings: list[Rating | None], test: Callable[[Rating], bool]) -> int:
        return sum(1 for r in ratings if r is not None and test(r))

    grid_header: list[str] = []
    grid: list[list[Cell]] = []
    if method.is_matrix and method.score == "product":
        rows, columns = method.factors
        grid_header = [f"{rows.label.get(lang)} ↓ / {columns.label.get(lang)} →"]
        grid_header += [f"{c.value:g} {c.label.get(lang)}" for c in columns.values]
        for r in reversed(rows.values):
            line = [Cell(f"{r.value:g} {r.label.get(lang)}")]
            for c in columns.values:
                band = method.evaluate(**{rows.id: r.value, columns.id: c.value}).band

                def here(rating: Rating, r=r, c=c) -> bool:
                    return rating.method == method.id and (
                        rating.factors.get(rows.id),
                        rating.factors.get(columns.id),
                    ) == (r.value, c.value)

                text = f"{band.label.get(lang)}\n{count(before, here)} / {count(after, here)}"
                line.append(Cell(text, band.colour, band.text_colour))
            grid.append(line)
    bands = []
    for band in reversed(method.bands):

        def inside(rating: Rating, band=band) -> bool:
            return rating.method == method.id and rating.band == band.id

        bands.append(
            [
                Cell(band.label.get(lang), band.colour, band.text_colour),
                Cell(str(count(before, inside))),
                Cell(str(count(after, inside))),
            ]
        )
    unrated = sum(1 for r in before if r is None)
    bands.append([Cell(_("not rated yet")), Cell(str(unrated)), Cell(str(unrated))])
    return Summary(
        heading=_("Summary of the risks"),
        explanation=_(
            "Number of hazards in each cell: before measures / with the measures done so far."
        ),
        grid_header=grid_header,
        grid=grid,
        band_header=[_("Risk"), _("Before measures"), _("With measures done")],
        bands=bands,
    )


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
                _day(m.due, lang),
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
        comments=[f"{_day(c.at.date(), lang)} {c.by}: {c.text}" for c in hazard.comments],
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


# -- PDF -------------------------------------------------------------------------------------
def _fonts() -> Path:
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


@cache
def glyphs() -> frozenset[str]:
    """Return the characters both embedded fonts (DejaVu Sans and its bold) can draw."""
    from fontTools.ttLib import TTFont

    covered = None
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        with TTFont(_fonts() / name, lazy=True) as font:
            chars = {chr(code) for code in font.getBestCmap()}
        covered = chars if covered is None else covered & chars
    return frozenset(covered or ()) | {"\n"}


# Symbols a team may paste (from the app's own buttons, or a phone's keyboard) and their
# nearest printable form; any other character the fonts lack is left out.
_SUBSTITUTES = {"➕": "+", "➖": "-", "✅": "✓", "❌": "✗", "⚠": "!", "🔒": "", "⬇": "↓"}


def printable(text: str) -> str:
    """Return ``text`` with only characters the report's font has (emoji replaced or dropped)."""
    covered = glyphs()
    if all(char in covered for char in text):
        return text
    out = []
    for char in text:
        if char in covered:
            out.append(char)
        elif char in _SUBSTITUTES:
            out.append(_SUBSTITUTES[char])
        else:
            out.extend(c for c in unicodedata.normalize("NFKD", char) if c in covered)
    # A dropped symbol leaves no gap of its own (two spaces, or one before a closing mark).
    return re.sub(r" +(?=[»”.,;:)\]])", "", re.sub(r" {2,}", " ", "".join(out))).strip(" ")


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


# -- JSON ------------------------------------------------------------------------------------
def json_export(assessment: Assessment) -> Download:
    """Return the whole assessment as a JSON file (read back with ``Assessment.from_json``)."""
    return Download(assessment.to_json().encode("utf-8"), f"{file_stem(assessment)}.osh.json", JSON)
