"""Reports of an assessment: Excel action plan, Word and PDF report, JSON file."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.register_samples import filled, kindergarten
from widgets.i18n import translate
from widgets.register import Assessment
from widgets.register.reports import (
    excel_action_plan,
    glyphs,
    json_export,
    pdf_report,
    printable,
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
    assert download.filename == "нарлаг-цэцэрлэг-2026-арга-хэмжээний-төлөвлөгөө.xlsx"
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
    assert download.filename == "нарлаг-цэцэрлэг-2026-тайлан.docx"
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
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 3"]
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


# -- what an inspector reads: cover, summary matrix, plan by priority, still to do ----------
CREATED = datetime(2026, 10, 27, 9, 30)


@pytest.fixture
def dated(assessment) -> Assessment:
    """The sample assessment, started on a known day, with a title pasted with emoji."""
    assessment.created_at = CREATED
    assessment.add_hazard("➕ Цонхны шил хагархай 🔒", "mechanical", by="Бат")
    return assessment


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return flat("\n".join(page.extract_text() for page in reader.pages))


def reports(a: Assessment, lang: str) -> dict[str, str]:
    """The Word and PDF reports' text, flattened."""
    return {
        "word": flat(word_text(word_report(a, lang).data)),
        "pdf": pdf_text(pdf_report(a, lang).data),
    }


@pytest.mark.parametrize(
    ("lang", "names"),
    [
        ("en", ("-action-plan.xlsx", "-report.docx", "-report.pdf")),
        ("mn", ("-арга-хэмжээний-төлөвлөгөө.xlsx", "-тайлан.docx", "-тайлан.pdf")),
    ],
)
def test_file_names_are_in_the_report_language_and_safe(dated, lang, names):
    files = [f(dated, lang).filename for f in (excel_action_plan, word_report, pdf_report)]
    assert files == ["нарлаг-цэцэрлэг-2026" + n for n in names]
    for name in files:
        assert not set(name) & set(' /\\:*?"<>|'), name


@pytest.mark.parametrize("lang", ["en", "mn"])
def test_the_cover_names_the_enterprise_team_method_and_dates_in_the_readers_locale(dated, lang):
    from babel.dates import format_date

    _ = lambda message: translate(message, lang)  # noqa: E731
    created = format_date(CREATED.date(), "medium", locale=lang)
    printed = format_date(date.today(), "medium", locale=lang)
    method = get_method("5x5").name.get(lang)
    for where, text in reports(dated, lang).items():
        for expected in [
            "Нарлаг цэцэрлэг",
            f"{_('Date of the assessment')} {flat(created)}",
            f"{_('Date printed')} {flat(printed)}",
            f"{_('Evaluation method')} {method}",
            "Өлзийбаяр",
        ]:
            assert expected in text, (where, expected)
        assert "10/27/2026" not in text
        assert "10/27/26" not in text
    if lang == "mn":
        assert "2026 оны 10-р сарын 27" in flat(created)
    else:
        assert created == "Oct 27, 2026"


@pytest.mark.parametrize("lang", ["en", "mn"])
def test_the_summary_matrix_counts_hazards_before_and_with_measures(dated, lang):
    _ = lambda message: translate(message, lang)  # noqa: E731
    method = get_method("5x5")
    high, medium, low = (method.band(b).label.get(lang) for b in ("high", "medium", "low"))
    # Sockets: 4 × 4 (high), nothing done. Stove: 3 × 2 (medium), a measure done → 1 × 2 (low).
    doc = Document(io.BytesIO(word_report(dated, lang).data))
    grid = next(t for t in doc.tables if "↓" in t.rows[0].cells[0].text)
    assert (len(grid.rows), len(grid.columns)) == (6, 6)
    cell = lambda likelihood, severity: grid.rows[6 - likelihood].cells[severity].text  # noqa: E731
    assert cell(4, 4) == f"{high}\n1 / 1"
    assert cell(3, 2) == f"{medium}\n1 / 0"
    assert cell(1, 2) == f"{low}\n0 / 1"
    assert cell(5, 5) == f"{high}\n0 / 0"
    bands = next(t for t in doc.tables if t.rows[0].cells[-1].text == _("With measures done"))
    rows = [[c.text for c in r.cells] for r in bands.rows[1:]]
    assert rows == [[high, "1", "1"], [medium, "1", "0"], [low, "0", "1"],
                    [_("not rated yet"), "2", "2"]]  # fmt: skip
    # The band's colour is there, and its label with it.
    fill = grid.rows[2].cells[4]._tc.tcPr.xpath("./w:shd")[0]
    assert (
        fill.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}fill")
        == (method.band("high").colour[1:])
    )
    pdf = pdf_text(pdf_report(dated, lang).data)
    assert f"{high} 1 / 1" in pdf
    assert f"{low} 0 / 1" in pdf
    assert f"{_('not rated yet')} 2 2" in pdf
    # Excel: a second sheet with the same counts.
    book = load_workbook(io.BytesIO(excel_action_plan(dated, lang).data))
    assert book.active.title == _("Action plan")[:31]
    summary = book.worksheets[1]
    values = [c.value for row in summary.iter_rows() for c in row if c.value]
    assert f"{high}\n1 / 1" in values
    assert f"{low}\n0 / 1" in values
    assert "Нарлаг цэцэрлэг" in values


@pytest.mark.parametrize("lang", ["en", "mn"])
def test_the_plan_is_grouped_by_priority_then_the_still_to_do_list(dated, lang):
    _ = lambda message: translate(message, lang)  # noqa: E731
    method = get_method("5x5")
    high, medium = (method.band(b).label.get(lang) for b in ("high", "medium"))
    doc = Document(io.BytesIO(word_report(dated, lang).data))
    headings = [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith("Head")]
    order = [t for _s, t in headings]
    groups = [t for s, t in headings if s == "Heading 2" and t != _("Who took part")]
    assert groups == [
        _("Priority: {band}").format(band=high),
        _("Priority: {band}").format(band=medium),
        _("Priority: {band}").format(band=_("not rated yet")),
    ]
    sockets = "1. Хүүхдийн гар хүрэх залгуурууд хамгаалалтын тагагүй"
    assert order.index(groups[0]) < order.index(sockets) < order.index(groups[1])
    assert order.index(groups[1]) < order.index("2. Халуун зуух") < order.index(groups[2])
    todo = [p.text for p in doc.paragraphs if p.style.name == "List Bullet"]
    assert todo == [
        _("Rate the hazard “{hazard}”.").format(hazard="Шатны бариул сул"),
        _("Rate the hazard “{hazard}”.").format(hazard="+ Цонхны шил хагархай"),
    ]
    for item in todo:
        assert item.endswith(".")
        assert ".:" not in item
        assert not item.startswith("!")
    # After the plan, before the sign-off: never a block of warnings at the top.
    assert order.index(_("Still to do")) > order.index(groups[2])
    assert order.index(_("Still to do")) < order.index(_("Worker consultation"))
    pdf = pdf_text(pdf_report(dated, lang).data)
    assert ".:" not in pdf
    positions = [pdf.index(flat(g)) for g in groups]
    assert positions == sorted(positions)
    assert pdf.index(flat(_("Still to do"))) > positions[-1]
    assert flat(todo[0]) in pdf


def test_no_worker_is_a_sentence_in_the_still_to_do_list(dated):
    dated.update_profile("Бат", team=[{"name": "Дорж", "role": "manager"}])
    for lang in ("en", "mn"):
        sentence = translate(
            "Involve at least one worker or worker representative in this assessment.", lang
        )
        assert flat(sentence) in reports(dated, lang)["pdf"]


@pytest.mark.parametrize("lang", ["en", "mn"])
def test_every_character_of_the_pdf_is_in_the_embedded_font(dated, lang, caplog):
    with caplog.at_level("WARNING"):
        text = pdf_text(pdf_report(dated, lang).data)
    missing = {c for c in text if c not in glyphs() and not c.isspace()}
    assert not missing, missing
    assert "missing the following glyphs" not in caplog.text  # fpdf2's word for a .notdef box
    assert not {"➕", "🔒"} & set(text)
    assert "+ Цонхны шил хагархай" in text
    word = word_text(word_report(dated, lang).data)
    assert not {"➕", "🔒"} & set(word)


def test_printable_replaces_or_drops_what_the_font_lacks():
    assert printable("Өндөр × 16 — ✓") == "Өндөр × 16 — ✓"
    assert printable("➕ Шинэ 🔒") == "+ Шинэ"
