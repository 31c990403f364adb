"""Exports never carry a live formula: hostile titles are read back as text."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest
from openpyxl import load_workbook

from tests.register_samples import kindergarten
from widgets.programme.export import write_excel
from widgets.register.reports import excel_action_plan
from widgets.spreadsheet import csv_row, csv_text
from widgets.store.service import Store

pytestmark = pytest.mark.unit
HOSTILE = [
    "=1+1",
    '=HYPERLINK("http://x","y")',
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
]


def test_csv_text_quotes_what_a_spreadsheet_would_run_and_nothing_else():
    assert [csv_text(t) for t in HOSTILE] == ["'" + t for t in HOSTILE]
    assert csv_text("\tcmd") == "'\tcmd"
    assert csv_text("\r=1") == "'\r=1"
    assert csv_row(["Wet floor", 3, -2, None, 1.5, "a=b"]) == ["Wet floor", 3, -2, None, 1.5, "a=b"]


def _strings(sheet) -> dict[str, tuple[str, bool]]:
    return {
        c.value: (c.data_type, c.quotePrefix)
        for row in sheet.iter_rows()
        for c in row
        if isinstance(c.value, str)
    }


def test_hostile_hazard_titles_are_text_in_the_excel_action_plan():
    a = kindergarten()
    for title in HOSTILE:
        hazard = a.add_hazard(title, "mechanical", by="Бат")
        a.add_measure(hazard.id, "Бат", "=2*3", level="engineering")
    book = load_workbook(io.BytesIO(excel_action_plan(a, "en").data))
    cells = _strings(book.active)
    for text in [*HOSTILE, "=2*3"]:
        assert cells[text] == ("s", True), text
    assert not any(kind == "f" for kind, _q in cells.values())
    assert cells["Hazard"] == ("s", False)


def test_hostile_text_is_text_in_the_programme_workbook(tmp_path):
    frame = pd.DataFrame({"hazard": HOSTILE, "count": range(len(HOSTILE))})
    path = write_excel(tmp_path / "r.xlsx", {"=sheet": frame}, "=title", "@note")
    sheet = load_workbook(path).worksheets[0]
    cells = _strings(sheet)
    for text in HOSTILE:
        assert cells[text] == ("s", True), text
    assert cells["=title · =sheet"] == ("s", True)
    assert cells["@note"] == ("s", True)
    assert [c.value for c in sheet["B"]][-len(HOSTILE) :] == list(range(len(HOSTILE)))


def test_hostile_names_are_quoted_in_the_class_csv(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'store.sqlite3'}")
    store.create_class("UB-2026", "Ulaanbaatar")
    person, _ = store.join("UB-2026", '=HYPERLINK("http://x","y")', "@SUM(1+1)", "worker")
    store.save(person, "sample-quiz", {"answers": {"q1": ["=1+1"]}, "score": 1.0})
    people, answers = store.export_csv("UB-2026", tmp_path / "csv")
    store.close()
    rows = list(csv.reader(io.StringIO(people.read_text(encoding="utf-8-sig"))))
    assert rows[1][1:3] == ['\'=HYPERLINK("http://x","y")', "'@SUM(1+1)"]
    rows = list(csv.reader(io.StringIO(answers.read_text(encoding="utf-8-sig"))))
    assert rows[1][1] == '\'=HYPERLINK("http://x","y")'
    for row in rows[1:]:
        assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row)
