"""Programme progress counts what the register says, on a hand-built programme and on the demo."""

from __future__ import annotations

import re
import warnings
from datetime import date

import pytest

from tests.register_samples import kindergarten
from widgets.programme.facts import read_facts
from widgets.programme.progress import ProgrammeProgress
from widgets.register.model import enterprise_key
from widgets.register.store import RegisterStore
from widgets.store.service import Store

pytestmark = pytest.mark.unit
AS_OF = date(2026, 12, 1)
CLASS = "UB-2026-11"
WORKERS = [{"name": "Дорж", "role": "manager"}, {"name": "Өлзий", "role": "worker"}]


def complete_kindergarten(name: str):
    """A kindergarten whose first assessment is complete (every statement answered)."""
    a = kindergarten(team=WORKERS)
    a.update_profile("Бат", enterprise=name)
    sockets = None
    for statement in a.checklist():
        answer = "no" if statement.id == "edu-socket-covers" else "yes"
        found = a.answer(statement.id, answer, by="Бат")
        sockets = found or sockets
    a.rate(sockets.id, {"likelihood": 4, "severity": 4}, by="Бат")  # 16: high
    covers = a.add_measure(
        sockets.id,
        by="Бат",
        library_id="socket-covers",
        responsible="Дорж",
        start=date(2026, 11, 2),
        due=date(2026, 11, 20),
    )
    a.set_status(
        sockets.id,
        covers.id,
        "done",
        by="Бат",
        residual={"likelihood": 1, "severity": 4},
        done_on=date(2026, 11, 10),
    )
    return a, sockets


@pytest.fixture
def programme(tmp_path):
    """Four enterprises of one class: complete, reviewed, started (no worker), not started."""
    store = Store(f"sqlite:///{tmp_path / 'p.sqlite3'}")
    store.create_class(CLASS, "Ulaanbaatar, November", starts_on=date(2026, 11, 2))
    records = {}
    for enterprise, role in [
        ("Нарлаг цэцэрлэг", "manager"),
        ("Гэрэлт цэцэрлэг", "worker"),
        ("Хангай авто засвар", "manager"),
        ("Алтай хүнс", "worker"),
        ("  алтай  ХҮНС", "manager"),  # typed otherwise: the same record
    ]:
        person, _code = store.join(CLASS, "Person", enterprise, role)
        records[enterprise_key(enterprise)] = person.enterprise_id
    register = RegisterStore(store)

    def save(a):
        register.save(a, CLASS, enterprise_id=records[enterprise_key(a.profile.enterprise)])

    done, _hazard = complete_kindergarten("Нарлаг цэцэрлэг")
    save(done)
    reviewed, _hazard = complete_kindergarten("Гэрэлт цэцэрлэг")
    own = reviewed.add_hazard("Boxes lifted alone", "ergonomic", by="Бат")
    reviewed.rate(own.id, {"likelihood": 3, "severity": 3}, by="Бат")  # 9: medium
    reviewed.add_measure(
        own.id,
        by="Бат",
        text="Trolley",
        level="engineering",
        responsible="Дорж",
        budget=150_000,
        due=date(2026, 11, 25),
    )
    reviewed.add_measure(
        own.id,
        by="Бат",
        text="Hoist",
        level="engineering",
        responsible="Дорж",
        budget=900_000,
        due=date(2026, 12, 20),
    )
    reviewed.add_measure(
        own.id,
        by="Бат",
        text="Ask",
        level="administrative",
        responsible="Дорж",
        due=date(2027, 3, 1),
    )
    reviewed.mark_reviewed("Сургагч")
    save(reviewed)
    started = kindergarten(team=[{"name": "Болд", "role": "manager"}])
    started.update_profile("Бат", enterprise="Хангай авто засвар", sector="vehicle-service")
    started.add_hazard("LPG cylinders inside", "fire-explosion", by="Бат")
    save(started)
    yield store
    store.close()


def progress(store, **kwargs) -> ProgrammeProgress:
    return ProgrammeProgress(read_facts(store), as_of=kwargs.pop("as_of", AS_OF), lang="en")


def test_each_enterprise_gets_the_status_its_assessment_earns(programme):
    report = progress(programme)
    table = report.enterprise_table().set_index("enterprise")["status"].astype(str)
    reviewed = report.enterprise_table().set_index("enterprise")["reviewed"]
    # The reviewed kindergarten is complete by the rules; reviewed is shown beside it.
    assert report.status_counts() == {"not-started": 1, "started": 1, "complete": 2}
    assert report.reviewed_counts() == {"not-started": 0, "started": 0, "complete": 1}
    assert table["Нарлаг цэцэрлэг"] == "complete"
    assert table["Гэрэлт цэцэрлэг"] == "complete"
    assert reviewed.to_dict() == {
        "Алтай хүнс": False,
        "Гэрэлт цэцэрлэг": True,
        "Нарлаг цэцэрлэг": False,
        "Хангай авто засвар": False,
    }
    assert table["Хангай авто засвар"] == "started"
    assert table["Алтай хүнс"] == "not-started"
    assert enterprise_key("  гэрэлт   ЦЭЦЭРЛЭГ ") == enterprise_key("Гэрэлт цэцэрлэг")


def test_the_report_counts_enterprise_records_not_spellings(programme):
    # Two spellings of one enterprise are two records until the trainer merges them.
    first = programme.add_enterprise(CLASS, "Baganuur Food LLC")
    second = programme.add_enterprise(CLASS, "Багануур хүнс ХХК", status="proposed")
    programme.join(CLASS, "A", first["id"], "manager")
    programme.join(CLASS, "B", second["id"], "worker")
    assert sum(progress(programme).status_counts().values()) == 6
    programme.merge_enterprises(first["id"], second["id"])
    assert sum(progress(programme).status_counts().values()) == 5
    # An assessment set aside by a merge (linked to no record) is not counted.
    register = RegisterStore(programme)
    loose, _hazard = complete_kindergarten("Нарлаг цэцэрлэг")
    register.save(loose, CLASS)
    assert progress(programme).status_counts()["complete"] == 2


def test_an_assessment_with_an_open_statement_or_no_worker_is_not_complete(programme):
    register = RegisterStore(programme)
    [row] = [r for r in register.assessments() if r["enterprise"] == "Нарлаг цэцэрлэг"]
    a = register.load(row["id"])
    a.answer("gen-exits-clear", "later", by="Бат")
    register.save(a, CLASS)
    status = progress(programme).enterprise_table().set_index("enterprise")["status"]
    assert status["Нарлаг цэцэрлэг"] == "started"


def test_a_reviewed_assessment_that_breaks_the_rules_is_reviewed_but_not_complete(programme):
    """Locking never makes an assessment complete: "reviewed" is beside the status."""
    person, _code = programme.join(CLASS, "Person", "Сарнай цэцэрлэг", "worker")
    a = kindergarten(team=WORKERS)
    a.update_profile("Бат", enterprise="Сарнай цэцэрлэг")
    for statement in a.checklist():
        a.answer(statement.id, "yes", by="Бат")
    boxes = a.add_hazard("Boxes lifted alone", "ergonomic", by="Бат")
    a.rate(boxes.id, {"likelihood": 3, "severity": 3}, by="Бат")  # 9: medium, no measure
    a.add_hazard("Wet floor by the sink", "mechanical", by="Бат")  # not rated
    a.mark_reviewed("Сургагч")
    assert a.locked
    RegisterStore(programme).save(a, CLASS, enterprise_id=person.enterprise_id)
    report = progress(programme)
    row = report.enterprise_table().set_index("enterprise").loc["Сарнай цэцэрлэг"]
    assert (row["unrated"], row["unplanned"]) == (1, 1)
    assert (row["status"], bool(row["reviewed"])) == ("started", True)
    assert report.status_counts() == {"not-started": 1, "started": 2, "complete": 2}
    assert report.reviewed_counts() == {"not-started": 0, "started": 1, "complete": 1}
    summary = report.summary()["Value"]
    assert summary["First risk assessment complete"] == "2 (40 %)"
    assert summary["Reviewed by the trainer"] == "2"
    assert summary["Reviewed by the trainer but not complete"] == "1"
    shown = report.enterprises().loc[(CLASS, "Сарнай цэцэрлэг")]
    assert (shown["Status"], shown["Reviewed by the trainer"]) == ("Started", "yes")
    chart = repr(report.chart_status())
    assert "Complete 2" in chart
    assert "Of them reviewed by the trainer: Not started 0, Started 1, Complete 1" in chart


def test_measures_are_counted_by_state_with_overdue_as_of_the_day(programme):
    report = progress(programme)
    m = report.measures()
    assert m.loc["All", "Done"] == 2
    assert m.loc["All", "Overdue"] == 1  # the trolley, due 25 November
    assert m.loc["All", "Planned"] == 2
    earlier = progress(programme, as_of=date(2026, 11, 20))
    assert earlier.measures().loc["All", "Overdue"] == 0
    late = report.overdue()
    assert list(late["Days late"]) == [6]
    assert list(late["Enterprise"]) == ["Гэрэлт цэцэрлэг"]  # the record's name


def test_low_cost_follows_the_library_cost_or_the_budget_and_unknown_stays_unknown(programme):
    report = progress(programme)
    low = report._low_cost()
    texts = report.facts.measures.assign(low=low)
    by_budget = dict(zip(texts["budget"].fillna(-1), texts["low"], strict=True))
    assert by_budget[150_000] is True
    assert by_budget[900_000] is False
    # Socket covers come from the library at "low" cost; the third own measure has no budget.
    assert list(low).count(True) == 3
    assert list(low).count(None) == 1
    summary = report.summary()
    assert summary.loc["Low-cost measures", "Value"] == "75 %"


def test_the_before_and_after_bands_follow_the_residual_risk(programme):
    bands = progress(programme).band_counts().set_index("band")
    # Sockets: high before, low after (twice); boxes: medium, no measure done.
    assert bands.loc["high", "inherent"] == 2
    assert bands.loc["high", "current"] == 0
    assert bands.loc["low", "current"] == 2
    assert bands.loc["medium", "inherent"] == bands.loc["medium", "current"] == 1


def test_the_summary_names_the_day_and_the_first_assessments(programme):
    summary = progress(programme).summary()["Value"]
    assert summary["Report as of"] == "2026-12-01"
    assert summary["Enterprises"] == "4"
    assert summary["First risk assessment complete"] == "2 (50 %)"
    assert summary["Assessments with a worker in the team"] == "2 of 3"
    assert "Data" not in summary.index, "real data is not called synthetic"


def test_a_real_programme_is_described_today_and_a_synthetic_one_on_its_last_day(
    programme, demo_programme
):
    assert ProgrammeProgress(read_facts(programme), lang="en").as_of == date.today()
    store = Store(demo_programme[0])
    demo = ProgrammeProgress(read_facts(store), lang="en")
    store.close()
    assert demo.synthetic
    assert demo.as_of == date(2026, 11, 17)
    assert demo.summary().loc["Data", "Value"].startswith("SYNTHETIC DEMO DATA")


def test_the_flat_rules_agree_with_the_register_model_on_the_demo(demo_store):
    register = RegisterStore(demo_store)
    report = ProgrammeProgress(read_facts(demo_store), lang="en")
    table = report.enterprise_table().dropna(subset=["assessment_id"]).set_index("assessment_id")
    hazards = report.facts.hazards.set_index("hazard_id")
    as_of = report.as_of
    for row in register.assessments():
        a = register.load(row["id"])
        # The participant's "before you print" list and the programme report: one rule.
        expected = "complete" if a.complete else "started"  # locked or not
        assert table.loc[a.id, "status"] == expected, a.profile.enterprise
        assert bool(table.loc[a.id, "reviewed"]) == a.locked, a.profile.enterprise
        assert table.loc[a.id, "missing"] == [m.code for m in a.missing()], a.id
        assert table.loc[a.id, "open_statements"] == len(a.unanswered())
        late = [d for d in a.due_measures(as_of, 0) if d.overdue]
        assert table.loc[a.id, "overdue"] == len(late)
        for h in a.hazards:
            residual = h.residual.band if h.residual else None
            found = hazards.loc[h.id, "residual_band"]
            assert (None if found != found else found) == residual


def test_every_chart_says_what_it_shows_and_that_the_data_is_synthetic(demo_store):
    report = ProgrammeProgress(read_facts(demo_store), lang="en")
    counts = report.status_counts()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph would warn
        charts = report.charts()
        pictures = [chart.png() for chart in charts]
    assert all(p.startswith(b"\x89PNG") for p in pictures)
    assert [c.name for c in charts] == [
        "status",
        "bands-before-after",
        "hazards-by-category",
        "measures",
        "weekly",
    ]
    assert f"Complete {counts['complete']}" in repr(charts[0])
    for chart in charts:
        texts = [t.get_text() for t in chart.figure.texts]
        assert any("SYNTHETIC DEMO DATA" in t for t in texts), chart.name
        assert chart.figure._suptitle.get_text() == chart.title
        for ax in chart.figure.axes:
            assert ax.get_xlabel(), chart.name
            assert ax.get_ylabel(), chart.name


def test_charts_and_tables_speak_mongolian_in_cyrillic(demo_store):
    report = ProgrammeProgress(read_facts(demo_store), lang="mn")
    cyrillic = re.compile("[\u0400-\u04ff]")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        chart = report.chart_bands()
        chart.png()
    assert cyrillic.search(chart.title)
    assert cyrillic.search(chart.figure.axes[0].get_ylabel())
    legend = [t.get_text() for t in chart.figure.axes[0].get_legend().get_texts()]
    assert all(cyrillic.search(t) for t in legend)
    assert all(cyrillic.search(str(c)) for c in report.enterprises().columns)


def test_the_export_writes_png_charts_and_a_printable_workbook(demo_store, tmp_path):
    from openpyxl import load_workbook

    report = ProgrammeProgress(read_facts(demo_store), lang="en")
    export = report.export(tmp_path)
    names = [p.name for p in export.files]
    assert "bands-before-after.png" in names
    assert names[-1] == "programme-progress-2026-11-17.xlsx"
    assert all(p.stat().st_size > 1000 for p in export.files)
    book = load_workbook(export.files[-1])
    assert book.sheetnames[:3] == ["Summary", "Enterprises", "Hazards by category"]
    sheet = book["Summary"]
    assert sheet["A1"].value == "Programme progress · Summary"
    assert sheet["A2"].value.startswith("SYNTHETIC DEMO DATA")
    assert [sheet["A4"].value, sheet["B4"].value] == ["Figure", "Value"]
    cells = {sheet.cell(r, 1).value: sheet.cell(r, 2).value for r in range(5, sheet.max_row + 1)}
    assert cells["Enterprises"] == "25"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.fitToWidth == 1
    overdue = book["Overdue"]
    assert overdue.max_row - 4 == report.measures().loc["All", "Overdue"]


def test_a_programme_can_be_limited_to_some_classes(programme):
    from widgets.programme.facts import read_facts as read

    programme.create_class("UB-2027-01", "January")
    only = read(programme, ["UB-2027-01"])
    assert list(only.classes["code"]) == ["UB-2027-01"]
    assert only.assessments.empty
    assert ProgrammeProgress(only, as_of=AS_OF, lang="en").status_counts()["started"] == 0


def test_an_enrolled_enterprise_nobody_joined_yet_counts_as_not_started(programme):
    programme.add_enterprise(CLASS, "Дархан хүнс")
    table = progress(programme).enterprise_table().set_index("enterprise")["status"]
    assert str(table["Дархан хүнс"]) == "not-started"
    assert list(table.index) == sorted(table.index, key=str.casefold)
