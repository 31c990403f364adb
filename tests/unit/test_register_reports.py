"""Reports of an assessment: Excel action plan, Word and PDF report, JSON file."""

from __future__ import annotations

import io
from datetime import date

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.register_samples import filled, kindergarten
from widgets.i18n import translate
from widgets.register import Assessment
from widgets.register.reports import (
    excel_action_plan,
    json_export,
    pdf_report,
    word_report,
    workbook_version,
)
from widgets.risk import get_method

pytestmark = pytest.mark.unit


@pytest.fixture
def assessment() -> Assessment:
    """The sample kindergarten with a third, unrated hazard and a measure done."""
    a = filled()
    stove = a.hazards[1]
    guard = a.add_measure(
        stove.id,
        by="Дорж",
        text="Зуухны хашлага",
        level="engineering",
        start=date(2026, 11, 2),
        due=date(2026, 11, 10),
    )
    a.set_status(
        stove.id,
        guard.id,
        "done",
        by="Дорж",
        residual={"likelihood": 1, "severity": 2},
        done_on=date(2026, 11, 5),
    )
    a.add_hazard("Шатны бариул сул", "mechanical", by="Бат")
    return a


def test_the_excel_action_plan_checked_cell_by_cell(assessment):
    download = excel_action_plan(assessment)
    assert download.filename == "нарлаг-цэцэрлэг-2026-action-plan.xlsx"
    sheet = load_workbook(io.BytesIO(download.data)).active
    mn = lambda message: translate(message, "mn")  # noqa: E731
    header = [c.value for c in sheet[1]]
    assert header[:7] == [
        mn("No."),
        mn("Hazard"),
        mn("Category"),
        mn("Location"),
        mn("Risk"),
        mn("Score"),
        mn("Measure"),
    ]
    assert header[12:] == [mn("Status"), mn("Residual risk")]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    # Highest band first (the sockets, 16 high), then by due date (the stove's two measures).
    sockets, guard, tidy, loose = rows
    assert sockets[:10] == [
        1,
        "Хүүхдийн гар хүрэх залгуурууд хамгаалалтын тагагүй",  # the problem, not the statement
        "Цахилгаан",
        "Бүлгийн өрөө, хонгил",  # the checklist's suggestion
        "Өндөр",
        16,
        "Залгуурт хамгаалалтын таг суулгах",
        "Инженерийн хяналт",
        "Дорж",
        120000,
    ]
    assert sockets[10].date() == date(2026, 11, 2)
    assert sockets[11].date() == date(2026, 11, 20)
    assert sockets[12] == mn("Planned")
    assert (guard[1], guard[4], guard[6], guard[11].date()) == (
        "Халуун зуух",
        "Дунд",
        "Зуухны хашлага",
        date(2026, 11, 10),
    )
    assert (guard[12], guard[13]) == (mn("Done"), "Бага")
    assert tidy[6].startswith("Ээлж бүрийн төгсгөлд")
    assert tidy[7] == "Зохион байгуулалтын арга хэмжээ"
    assert tidy[11].date() > guard[11].date()
    assert (loose[1], loose[4], loose[6]) == (
        "Шатны бариул сул",
        None,
        mn("No measure planned yet"),
    )
    high, medium = get_method("5x5").band("high"), get_method("5x5").band("medium")
    assert sheet["E2"].fill.fgColor.rgb.endswith(high.colour[1:].upper())
    assert sheet["E2"].font.color.rgb.endswith(high.text_colour[1:].upper())
    assert sheet["E3"].fill.fgColor.rgb.endswith(medium.colour[1:].upper())
    assert sheet["E5"].fill.fill_type is None
    assert sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.paperSize) == 9  # A4 in OOXML's paper codes
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.print_title_rows == "$1:$1"
    assert "Нарлаг цэцэрлэг" in sheet.oddHeader.center.text


def test_the_excel_action_plan_in_english_uses_english_labels(assessment):
    sheet = load_workbook(io.BytesIO(excel_action_plan(assessment, "en").data)).active
    assert sheet["B1"].value == "Hazard"
    assert sheet["E2"].value == "High"
    assert sheet["H2"].value == "Engineering controls"


def word_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_the_word_report_has_profile_ratings_measures_photos_signoff_and_footer(assessment):
    download = word_report(assessment)
    assert download.filename.endswith("-report.docx")
    doc = Document(io.BytesIO(download.data))
    text = word_text(download.data)
    mn = lambda message: translate(message, "mn")  # noqa: E731
    for expected in [
        "Нарлаг цэцэрлэг — 2026",
        "Цэцэрлэг, сургууль",  # sector
        "10–49 ажилтан",  # size band
        "Бүлгийн өрөө 1 (Бүлгийн өрөө, анги танхим)",
        "Өлзийбаяр",
        "Ажилчдын төлөөлөгч",
        "1. Хүүхдийн гар хүрэх залгуурууд хамгаалалтын тагагүй",
        "Хүүхдүүд; цахилгаанд цохиулах",  # who, suggested by the checklist
        "Өндөр (Магадлал 4 × Хүнд байдал 4 = 16)",
        "Тогооч гараа түлэх",  # who might be harmed
        "Бээлий",  # existing controls
        "Бага (Магадлал 1 × Хүнд байдал 2 = 2)",  # residual
        "Залгуурт хамгаалалтын таг суулгах",
        "120 000",
        "Таггүй",  # photo caption
        mn("Worker consultation"),
        mn("Employer"),
        mn("Worker representative"),
        "3. Шатны бариул сул",
    ]:
        assert expected in text, expected
    assert len(doc.inline_shapes) == 1  # the before photo
    footer = doc.sections[0].footer.paragraphs[0].text
    assert workbook_version() in footer
    assert "5×5 эрсдэлийн матриц (HIRARC)" in footer
    signoff = doc.tables[-1]
    assert [row.cells[0].text for row in signoff.rows[1:]] == [
        mn("Employer"),
        mn("Worker representative"),
        mn("Date"),
    ]


def test_the_word_report_can_be_made_in_english(assessment):
    text = word_text(word_report(assessment, "en").data)
    assert "Worker consultation" in text
    assert "High (Likelihood 4 × Severity 4 = 16)" in text
    assert "Kindergarten or school" in text


def test_the_pdf_report_says_the_same_in_mongolian_cyrillic(assessment):
    download = pdf_report(assessment)
    assert download.data.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(download.data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    flat = " ".join(text.split())
    for expected in [
        "Нарлаг цэцэрлэг — 2026",
        "Өлзийбаяр",
        "Ажилчдын төлөөлөгч",
        "Өндөр (Магадлал 4 × Хүнд байдал 4 = 16)",
        "Халуун зуух",
        "Шатны бариул сул",
        translate("Worker representative", "mn"),
        translate("OSH Workbook {version} · method: {method}", "mn").format(
            version=workbook_version(), method="5×5 эрсдэлийн матриц (HIRARC)"
        ),
    ]:
        assert expected in flat, expected
    assert any(page.images for page in reader.pages)  # the before photo
    fonts = {
        str(font["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert any("DejaVuSans" in f for f in fonts)


def every_no(lang: str) -> tuple[Assessment, list]:
    """A kindergarten in ``lang`` that answered "no" to every statement of its checklist."""
    a = kindergarten()
    a.update_profile("Бат", language=lang)
    statements = a.checklist()
    for statement in statements:
        a.answer(statement.id, "no", by="Бат")
    return a, statements


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("lang", ["en", "mn"])
def test_reports_name_checklist_hazards_by_their_problem_never_the_statement(lang):
    a, statements = every_no(lang)
    problems = {s.problem.get(lang) for s in statements}
    positives = {s.text.get(lang).rstrip(".") for s in statements}
    # Excel: the hazard column.
    sheet = load_workbook(io.BytesIO(excel_action_plan(a).data)).active
    hazards = {row[1].value for row in sheet.iter_rows(min_row=2)}
    assert hazards == problems
    assert not {h.rstrip(".") for h in hazards} & positives
    # Word: one heading per hazard, and the statements nowhere.
    doc = Document(io.BytesIO(word_report(a).data))
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
    titles = {h.split(". ", 1)[1] for h in headings if h[:1].isdigit()}
    assert titles == problems
    text = word_text(word_report(a).data)
    assert not [p for p in positives if p in text]
    # PDF: every problem is there, no statement is.
    reader = PdfReader(io.BytesIO(pdf_report(a).data))
    pdf = flat("\n".join(page.extract_text() for page in reader.pages))
    assert not [p for p in problems if flat(p) not in pdf]
    assert not [p for p in positives if flat(p) in pdf]
    # Where and who come from the checklist's suggestions, in the report's language.
    for s in statements:
        hazard = next(h for h in a.hazards if h.statement == s.id)
        assert hazard.who == (s.who.get(lang) if s.who else "")
        assert hazard.location == (s.where.get(lang) if s.where else "")


def test_the_json_download_reads_back_equal(assessment):
    download = json_export(assessment)
    assert download.filename == "нарлаг-цэцэрлэг-2026.osh.json"
    assert Assessment.from_json(download.data) == assessment
