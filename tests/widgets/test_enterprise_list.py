"""The trainer's list of a class's enterprises: enrol from CSV, confirm, rename, merge, move."""

from __future__ import annotations

import pytest

from widgets.join.enterprises import EnterpriseList
from widgets.register.settings import settings
from widgets.store.enrolment import MAX_BYTES, EnrolmentError, read_enterprises, spellings

pytestmark = pytest.mark.widgets
CLASS = "UB-2026"


def known():
    return spellings(settings().sectors), spellings(settings().size_bands)


def test_a_csv_list_is_read_by_ids_or_labels_in_either_language():
    data = (
        "\ufeffName;Sector;Size\n"
        "Baganuur Food LLC;food;small\n"
        "Нарлаг цэцэрлэг;Цэцэрлэг, сургууль;\n"
        "   \n"
        "Khan Service;car wash;\n"
        ";food;\n"
        "baganuur food llc;;\n"
    ).encode()
    rows, problems = read_enterprises(data, *known())
    assert [(r.line, r.name, r.sector, r.size) for r in rows] == [
        (2, "Baganuur Food LLC", "food", "small"),
        (3, "Нарлаг цэцэрлэг", "education", None),
    ]
    assert [(p.line, p.column, p.code) for p in problems] == [
        (5, "sector", "unknown-sector"),
        (6, "name", "name-missing"),
        (7, "name", "name-twice"),
    ]


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"x" * (MAX_BYTES + 1), "too-large"),
        (b"\xff\xfe\x00n\x00a", "not-text"),
        (b"sector,size\nfood,small\n", "no-name-column"),
    ],
)
def test_a_file_that_is_not_a_list_is_refused_whole(data, code):
    with pytest.raises(EnrolmentError) as refused:
        read_enterprises(data, *known())
    assert refused.value.code == code


def test_the_trainer_enrols_confirms_renames_merges_and_moves(store):
    page = EnterpriseList(class_code=CLASS)
    assert "No enterprise yet" in page._table.value
    added, _problems = page.enrol(b"name,sector\nBaganuur Food LLC,food\nNope,shipyard\n")
    assert added == 1
    assert "shipyard" in page._message.value
    assert "not a sector" in page._message.value
    bat, _ = store.join(CLASS, "Бат", "Багануур хүнс ХХК", "worker")  # proposed at join
    page.refresh()
    assert "Proposed at join" in page._table.value
    records = {r["name"]: r for r in store.enterprises(CLASS)}
    page._chosen.value = records["Багануур хүнс ХХК"]["id"]
    page._merge_into.value = records["Baganuur Food LLC"]["id"]
    page._merge.click()
    assert "Merged into Baganuur Food LLC: 1 people" in page._message.value
    assert [r["name"] for r in store.enterprises(CLASS)] == ["Baganuur Food LLC"]
    assert store.person(bat.id).enterprise == "Baganuur Food LLC"
    page._rename_to.value = "Baganuur Food Ltd"
    page._rename.click()
    assert store.person(bat.id).enterprise == "Baganuur Food Ltd"
    assert page.add("  baganuur FOOD ltd ") is False
    assert "already" in page._message.value
    assert page.add("Khan Service", "vehicle-service", "micro")
    khan = next(r for r in store.enterprises(CLASS) if r["name"] == "Khan Service")
    page._person.value, page._move_to.value = bat.id, khan["id"]
    page._move.click()
    assert store.person(bat.id).enterprise_id == khan["id"]


def test_forged_values_do_not_reach_another_class(store):
    store.create_class("DKH-2026", "Darkhan")
    theirs = store.add_enterprise("DKH-2026", "Darkhan Steel")
    page = EnterpriseList(class_code=CLASS)
    page.add("Acme")
    mine = store.enterprises(CLASS)[0]
    # The trainer's page is served only on the trainer's computer, yet its verbs still
    # check: a merge or a move across classes is refused.
    page._chosen.options = [("Darkhan Steel", theirs["id"]), ("Acme", mine["id"])]
    page._chosen.value = theirs["id"]
    page._merge_into.value = mine["id"]
    page._merge.click()
    assert "different classes" in page._message.value
    assert [r["name"] for r in store.enterprises("DKH-2026")] == ["Darkhan Steel"]
