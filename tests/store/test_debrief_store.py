"""The debrief's read: a class's saved states of one activity, in one query, on both databases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event

from widgets.store.service import StoreError

pytestmark = pytest.mark.store


def test_every_participant_is_listed_in_join_order_with_their_state_or_none(store):
    bat, _ = store.join("UB-2026", "Бат", "Khan Service", "worker")
    saraa, _ = store.join("UB-2026", "Сараа", "Erdenet Mining", "manager")
    dorj, _ = store.join("UB-2026", "Дорж", "Gobi LLC", "other")
    store.save(bat, "sample-quiz", {"answers": {"q1": ["a"]}, "checked": False})
    store.save(dorj, "sample-quiz", {"answers": {"q1": ["b"]}, "checked": True})
    store.save(saraa, "lesson-01", {"seen": True})  # another activity: not this one's
    rows = store.answers("ub-2026", "sample-quiz")
    assert [(r["id"], r["name"], r["enterprise"], r["role"]) for r in rows] == [
        (bat.id, "Бат", "Khan Service", "worker"),
        (saraa.id, "Сараа", "Erdenet Mining", "manager"),
        (dorj.id, "Дорж", "Gobi LLC", "other"),
    ]
    assert [r["state"] for r in rows] == [
        {"answers": {"q1": ["a"]}, "checked": False},
        None,
        {"answers": {"q1": ["b"]}, "checked": True},
    ]
    assert rows[1]["updated_at"] is None


def test_the_latest_save_is_read_with_its_time_in_utc(store):
    bat, _ = store.join("UB-2026", "Бат", "Khan", "worker")
    before = datetime.now(UTC)
    store.save(bat, "sample-rating", {"answers": {}, "attempts": 0})
    store.save(bat, "sample-rating", {"answers": {"x": 1}, "attempts": 1})
    (row,) = store.answers("UB-2026", "sample-rating")
    assert row["state"] == {"answers": {"x": 1}, "attempts": 1}
    assert row["updated_at"].utcoffset() == timedelta(0)
    assert before - timedelta(seconds=5) <= row["updated_at"] <= datetime.now(UTC)


def test_other_classes_are_left_out(store):
    store.create_class("DARKHAN-1", "Darkhan")
    bat, _ = store.join("UB-2026", "Бат", "Khan", "worker")
    tuya, _ = store.join("DARKHAN-1", "Туяа", "Darkhan Steel", "worker")
    store.save(bat, "sample-quiz", {"n": 1})
    store.save(tuya, "sample-quiz", {"n": 2})
    assert [(r["name"], r["state"]) for r in store.answers("DARKHAN-1", "sample-quiz")] == [
        ("Туяа", {"n": 2})
    ]


def test_a_class_nobody_joined_gives_an_empty_list(store):
    assert store.answers("UB-2026", "sample-quiz") == []


def test_an_unknown_class_or_a_bad_activity_is_refused(store):
    with pytest.raises(StoreError) as unknown:
        store.answers("NOPE-404", "sample-quiz")
    assert unknown.value.kind == "unknown-class"
    with pytest.raises(StoreError) as bad:
        store.answers("UB-2026", "DROP TABLE answers")
    assert bad.value.kind == "activity"
    with pytest.raises(StoreError) as code:
        store.answers("ub 2026!", "sample-quiz")
    assert code.value.kind == "class-code"


def test_the_list_comes_from_a_single_query(store):
    for n in range(5):
        person, _ = store.join("UB-2026", f"P{n}", "Khan", "worker")
        store.save(person, "sample-quiz", {"n": n})
    statements = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(store.engine, "before_cursor_execute", count)
    try:
        rows = store.answers("UB-2026", "sample-quiz")
    finally:
        event.remove(store.engine, "before_cursor_execute", count)
    assert len(rows) == 5
    # SQLite's store opens its transactions with an explicit BEGIN: not a query.
    queries = [s for s in statements if s.lstrip().split()[0].upper() != "BEGIN"]
    assert len(queries) == 1
    assert queries[0].lstrip().upper().startswith("SELECT")
