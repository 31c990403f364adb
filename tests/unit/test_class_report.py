"""The class report counts what the live debrief counts, and names what to revisit."""

from __future__ import annotations

import pytest

from widgets.course_app.model import course_exercises
from widgets.debrief.model import load_debrief
from widgets.programme.class_report import ClassReport
from widgets.store.service import Store, StoreError

pytestmark = pytest.mark.unit


@pytest.fixture
def store(demo_store):
    return demo_store


@pytest.fixture
def report(store):
    return ClassReport.load(lang="en", store=store)


def test_the_newest_class_is_reported_unless_another_is_named(store, report):
    assert report.info["code"] == "DEMO-2026"
    store.create_class("UB-2026-12", "December")
    try:
        assert ClassReport.load(lang="en", store=store).info["code"] == "UB-2026-12"
        assert ClassReport.load("demo-2026", lang="en", store=store).info["code"] == "DEMO-2026"
    finally:
        with store.engine.begin() as connection:
            connection.exec_driver_sql("DELETE FROM classes WHERE code = 'UB-2026-12'")
    with pytest.raises(StoreError, match="there is no class 'NOPE-1'"):
        ClassReport.load("NOPE-1", store=store)


def test_every_exercise_of_the_course_is_counted_as_the_debrief_counts_it(store, report):
    table = report.exercises()
    assert len(table) == len(course_exercises())
    for (day, key), (_index, row) in zip(course_exercises(), table.iterrows(), strict=True):
        debrief = load_debrief(store, "DEMO-2026", key)
        assert row["Started"] == debrief.started
        assert row["Checked"] == len(debrief.checked)
        assert _index[0] == day


def test_participation_lists_everyone_with_their_exercises(report):
    table = report.participation()
    assert len(table) == 30
    total = len(course_exercises())
    done = [int(v.split(" / ")[0]) for v in table["Exercises done"]]
    assert all(0 <= d <= total for d in done)
    assert table["Exercises done"].str.endswith(f"/ {total}").all()
    summary = report.summary()["Value"]
    assert summary["Participants"] == "30"
    assert summary["Did at least one exercise"] == f"{sum(d > 0 for d in done)} of 30"
    assert summary["Data"].startswith("SYNTHETIC DEMO DATA")


def test_quiz_questions_come_hardest_first_with_their_share_right(store, report):
    table = report.questions()
    shares = list(table["Right, %"])
    assert shares == sorted(shares)
    assert 0 <= shares[0] < shares[-1] <= 100
    quizzes = [k for _d, k in course_exercises() if k.endswith("quiz")]
    debrief = load_debrief(store, "DEMO-2026", quizzes[0])
    first = debrief.items[0]
    question = first.text.get("en")
    [row] = [r for _i, r in table.iterrows() if question.startswith(r["Question"].rstrip("…"))]
    assert row["Answered"] == first.answered


def test_the_topics_to_revisit_are_the_most_disputed_ratings(report):
    table = report.to_revisit(limit=5)
    assert len(table) == 5
    off = table["Other band than the reference, %"]
    total = list(off + table["Outside the class's usual band, %"])
    assert total == sorted(total, reverse=True)
    assert set(table["Rating"]) <= {"now", "with controls"}
    chart = report.chart_revisit(limit=5)
    assert f"{table.iloc[0]['Other band than the reference, %']:.0f}" in repr(chart)
    assert any("SYNTHETIC" in t.get_text() for t in chart.figure.texts)


def test_a_store_without_classes_gives_an_empty_report_that_says_what_to_do(tmp_path):
    empty = Store(f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    report = ClassReport.load(lang="en", store=empty)
    empty.close()
    assert report.summary().loc["Class", "Value"].startswith("There is no class yet")
    assert report.participation().empty
    assert report.exercises().empty
    assert report.questions().empty
    assert report.to_revisit().empty
    assert repr(report.chart_exercises()).startswith("<Chart exercises")
    assert report.chart_revisit().png().startswith(b"\x89PNG")


def test_the_summary_says_how_many_took_part_in_mongolian_too(store):
    english = ClassReport.load(lang="en", store=store).summary()["Value"]
    took_part = english["Did at least one exercise"]
    assert took_part.endswith(" of 30")
    mongolian = list(ClassReport.load(lang="mn", store=store).summary().iloc[:, 0])
    assert f"{took_part.split()[0]} (нийт 30)" in mongolian
