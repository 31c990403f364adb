"""Importing a team's hazard list: good rows in, each bad row reported by row and column."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from tests import xlsx_files
from tests.register_samples import kindergarten
from widgets.measures.model import hazard_categories
from widgets.register import LockedError, RegisterError, messages
from widgets.register.importer import import_hazards

pytestmark = pytest.mark.unit

MONGOLIAN_CSV = """Аюул;Ангилал;Байршил;Хэн, яаж хохирох вэ;Одоо байгаа хяналт;Магадлал;Хүнд байдал
Нойтон шал;Механик;Гал тогоо;Тогооч хальтарч унах;Дэвсгэр;3;2
;chemical;Агуулах;;;1;1
Ил утас;electrical;Коридор;;;6;2
Муу гэрэлтүүлэг;гэрэл;Коридор;;;2;2

Халуун зуух;physical;Гал тогоо;;;;
Шат;mechanical;Шат;;;4;
"""


def test_a_mongolian_csv_imports_good_rows_and_reports_each_bad_row():
    a = kindergarten()
    report = import_hazards(a, MONGOLIAN_CSV.encode("utf-8"), "аюулууд.csv", by="Бат")
    assert [h.title for h in report.imported] == ["Нойтон шал", "Халуун зуух"]
    assert [(p.row, p.column) for p in report.problems] == [
        (3, "Аюул"),
        (4, "Магадлал"),
        (5, "Ангилал"),
        (8, "Хүнд байдал"),
    ]
    scale = ["1", "2", "3", "4", "5"]
    assert [(p.code, p.params) for p in report.problems] == [
        ("hazard-missing", {}),
        ("not-on-scale", {"value": "6", "allowed": scale}),
        ("not-a-category", {"value": "гэрэл", "allowed": hazard_categories().ids()}),
        ("not-on-scale", {"value": "", "allowed": scale}),
    ]
    wet = a.hazards[0]
    assert (wet.category, wet.location, wet.who, wet.existing) == (
        "mechanical",
        "Гал тогоо",
        "Тогооч хальтарч унах",
        "Дэвсгэр",
    )
    assert (wet.rating.score, wet.rating.band) == (6, "medium")
    assert a.hazards[1].rating is None
    # Nothing of a bad row is kept; the good rows went in as one change.
    assert [h.title for h in a.hazards] == ["Нойтон шал", "Халуун зуух"]
    assert a.history[-1].action == "hazards-imported"
    assert a.history[-1].params == {"count": 2, "source": "аюулууд.csv"}
    assert not report.ok


def test_an_english_excel_sheet_imports_with_its_row_numbers():
    book = Workbook()
    sheet = book.active
    sheet.append(["Our hazard list"])  # a title line above the header
    sheet.append([])
    sheet.append(["Hazard", "Category", "Location", "Likelihood", "Severity", "Notes"])
    sheet.append(["Slippery floor", "mechanical", "Kitchen", 3, 2, "seen in May"])
    sheet.append(["Open socket", "Electrical", "Group room", 4.0, 4, ""])
    sheet.append(["Bleach in reach", "poison", "Toilet", 2, 3, ""])
    sheet.append(["x" * 250, "physical", "", None, None, ""])
    out = io.BytesIO()
    book.save(out)
    # The title line has one filled cell: it is taken as the header and lacks the columns.
    a = kindergarten()
    with pytest.raises(RegisterError) as caught:
        import_hazards(a, out.getvalue(), "list.xlsx", by="Бат")
    assert caught.value.code == "columns-missing"
    assert caught.value.params["row"] == 1
    assert [m["column"] for m in caught.value.params["missing"]] == ["title", "category"]
    assert "аюул" in caught.value.params["missing"][0]["names"]
    sheet.delete_rows(1, 2)
    out = io.BytesIO()
    book.save(out)
    report = import_hazards(a, out.getvalue(), "list.xlsx", by="Бат")
    assert [h.title for h in report.imported] == ["Slippery floor", "Open socket"]
    assert a.hazards[1].rating.score == 16
    assert [(p.row, p.column) for p in report.problems] == [(4, "Category"), (5, "Hazard")]
    assert (report.problems[0].code, report.problems[0].params["value"]) == (
        "not-a-category",
        "poison",
    )
    [too_long] = report.problems[1].params["problems"]
    assert report.problems[1].code == "invalid"
    assert (too_long["field"], too_long["type"]) == ("title", "string_too_long")
    assert too_long["ctx"] == {"max_length": 200}


def test_a_file_without_the_hazard_and_category_columns_is_refused_whole():
    a = kindergarten()
    with pytest.raises(RegisterError) as caught:
        import_hazards(a, b"Hazard,Place\nFloor,Kitchen\n", "list.csv", by="Бат")
    assert caught.value.code == "columns-missing"
    assert [m["column"] for m in caught.value.params["missing"]] == ["category"]
    assert a.hazards == []


@pytest.mark.parametrize(
    ("data", "name", "code", "params"),
    [
        (b"PK\x03\x04 not really a workbook", "list.xlsx", "unreadable-xlsx", {}),
        (b"%PDF-1.4", "list.pdf", "not-a-table-file", {}),
        (b"Hazard,Category\n" + b"x,physical\n" * 600, "big.csv", "too-many-rows", {"limit": 500}),
        (b"\n\n", "empty.csv", "file-empty", {}),
    ],
)
def test_unusable_files_are_refused_with_a_clear_message(data, name, code, params):
    a = kindergarten()
    with pytest.raises(RegisterError) as caught:
        import_hazards(a, data, name, by="Бат")
    assert (caught.value.code, caught.value.params) == (code, {"name": name, **params})
    assert a.hazards == []


def test_a_windows_1251_csv_with_commas_is_read():
    a = kindergarten()
    data = "Аюул,Ангилал\nТоос,Химийн\n".encode("cp1251")
    report = import_hazards(a, data, "list.csv", by="Бат")
    assert [(h.title, h.category) for h in report.imported] == [("Тоос", "chemical")]


def test_nothing_is_imported_into_a_locked_assessment():
    a = kindergarten()
    a.mark_reviewed(by="Оюун")
    with pytest.raises(LockedError):
        import_hazards(a, MONGOLIAN_CSV.encode(), "list.csv", by="Бат")
    assert a.hazards == []


# -- bounded before read -----------------------------------------------------------------------
def _xlsx(build, *args) -> bytes:
    out = io.BytesIO()
    build(out, *args)
    return out.getvalue()


def test_an_xlsx_whose_shared_strings_unpack_too_large_is_refused_before_openpyxl_reads_it():
    data = _xlsx(xlsx_files.shared_strings_bomb, 64 * 2**20)
    assert len(data) < 2**20
    with pytest.raises(RegisterError) as caught:
        import_hazards(kindergarten(), data, "list.xlsx", by="Бат")
    assert (caught.value.code, caught.value.params) == (
        "file-too-large-unpacked",
        {"name": "list.xlsx", "limit": "20"},
    )


def test_an_xml_entity_bomb_in_an_xlsx_is_refused():
    rows = [xlsx_files.HEADER, xlsx_files.hazard_row(2)]
    data = _xlsx(
        xlsx_files.write_xlsx, rows, ["<si><t>&lol9;</t></si>"], "A1:B2", xlsx_files.BILLION_LAUGHS
    )
    with pytest.raises(RegisterError) as caught:
        import_hazards(kindergarten(), data, "list.xlsx", by="Бат")
    assert caught.value.code == "unreadable-xlsx"


@pytest.mark.parametrize(
    "build",
    [
        pytest.param(lambda out: xlsx_files.far_row(out, 15_000_000), id="one-row-far-below"),
        pytest.param(lambda out: xlsx_files.many_rows(out, 20_000), id="20000-rows"),
        pytest.param(
            lambda out: xlsx_files.write_xlsx(
                out, [xlsx_files.HEADER, *map(xlsx_files.hazard_row, range(2, 503))]
            ),
            id="501-hazards",
        ),
    ],
)
def test_a_sheet_with_too_many_rows_is_refused_without_reading_it_to_the_end(build):
    a = kindergarten()
    with pytest.raises(RegisterError) as caught:
        import_hazards(a, _xlsx(build), "list.xlsx", by="Бат")
    assert (caught.value.code, caught.value.params) == (
        "too-many-rows",
        {"name": "list.xlsx", "limit": 500},
    )
    assert a.hazards == []


def test_500_hazards_with_empty_rows_between_them_are_imported():
    rows = [xlsx_files.HEADER, *(xlsx_files.hazard_row(r) for r in range(3, 1003, 2))]
    data = _xlsx(xlsx_files.write_xlsx, rows, (), "A1:XFD1048576")
    report = import_hazards(kindergarten(), data, "list.xlsx", by="Бат")
    assert len(report.imported) == 500
    assert report.ok


def test_a_csv_of_millions_of_empty_lines_is_refused_as_too_many_rows():
    data = b"Hazard,Category\n" + b"\n" * 5_000_000
    with pytest.raises(RegisterError) as caught:
        import_hazards(kindergarten(), data, "list.csv", by="Бат")
    assert caught.value.code == "too-many-rows"


def test_a_csv_neither_utf8_nor_cp1251_is_refused_naming_the_byte_and_row():
    data = "Аюул,Ангилал\nХальтиргаа,mechanical\n".encode("cp1251") + b"Bad \x98,x\n"
    with pytest.raises(RegisterError) as caught:
        import_hazards(kindergarten(), data, "list.csv", by="Бат")
    assert (caught.value.code, caught.value.params) == (
        "not-utf8-or-cp1251",
        {"name": "list.csv", "row": 3, "byte": data.index(b"\x98") + 1, "value": "0x98"},
    )
    assert "byte 40 (0x98) in row 3" in messages.error_text(caught.value, "en")
    assert "3 дугаар мөрөнд" in messages.error_text(caught.value, "mn")


def test_a_cp1251_csv_and_a_utf8_csv_with_bom_are_both_read():
    text = "Аюул,Ангилал\nХальтиргаа,mechanical\n"
    for data in (text.encode("cp1251"), b"\xef\xbb\xbf" + text.encode()):
        report = import_hazards(kindergarten(), data, "list.csv", by="Бат")
        assert [h.title for h in report.imported] == ["Хальтиргаа"]


def test_a_csv_cell_over_csv_s_field_limit_is_a_coded_refusal():
    data = b'Hazard,Category\n"' + b"a" * 200_000 + b'",mechanical\n'
    with pytest.raises(RegisterError) as caught:
        import_hazards(kindergarten(), data, "list.csv", by="Бат")
    assert (caught.value.code, caught.value.params["row"]) == ("unreadable-csv", 2)
