"""The store: joining, resuming, saving, refusing bad input, export and import, backup."""

from __future__ import annotations

import json
import math
import sqlite3

import pytest

from widgets.store import db
from widgets.store.service import (
    MAX_STATE_BYTES,
    RESUME_ALPHABET,
    RESUME_LENGTH,
    Store,
    StoreError,
)

pytestmark = pytest.mark.store


def test_resume_codes_are_not_guessable():
    assert RESUME_LENGTH * math.log2(len(RESUME_ALPHABET)) >= 64


def test_a_participant_joins_and_comes_back_with_their_code(store):
    person, code = store.join("ub-2026", "  Бат-Эрдэнэ ", "Khan Service LLC", "worker")
    assert (person.class_code, person.name, person.role) == ("UB-2026", "Бат-Эрдэнэ", "worker")
    assert len(code) == RESUME_LENGTH + 3
    assert store.resume(code) == person
    assert store.resume(code.lower().replace("-", " ")) == person
    assert store.resume("AAAA-AAAA-AAAA-AAAA") is None
    assert store.resume("") is None


def test_answers_are_kept_as_they_are_given_and_nobody_sees_another_s(store):
    bat, bat_code = store.join("UB-2026", "Бат", "Khan Service", "worker")
    saraa, _code = store.join("UB-2026", "Сараа", "Нарны цэцэрлэг", "manager")
    store.save(bat, "sample-quiz", {"answers": {"q1": ["a"]}, "attempts": 0})
    store.save(bat, "sample-quiz", {"answers": {"q1": ["b"]}, "attempts": 1})
    assert store.load(bat, "sample-quiz") == {"answers": {"q1": ["b"]}, "attempts": 1}
    assert store.load(saraa, "sample-quiz") is None
    assert store.resume(bat_code).id == bat.id
    [row] = [p for p in store.participants("UB-2026") if p["id"] == bat.id]
    assert row["activities"] == 1


def test_a_reset_code_replaces_the_old_one(store):
    person, old = store.join("UB-2026", "Бат", "Khan Service", "worker")
    new = store.reset_resume_code(person.id)
    assert store.resume(old) is None
    assert store.resume(new) == person
    with pytest.raises(StoreError) as caught:
        store.reset_resume_code(9999)
    assert caught.value.kind == "unknown-participant"


@pytest.mark.parametrize(
    ("call", "kind"),
    [
        (lambda s: s.join("NOPE-1", "Бат", "X", "worker"), "unknown-class"),
        (lambda s: s.join("ub 2026!", "Бат", "X", "worker"), "class-code"),
        (lambda s: s.join("UB-2026", "", "X", "worker"), "name"),
        (lambda s: s.join("UB-2026", "Б" * 101, "X", "worker"), "name"),
        (lambda s: s.join("UB-2026", "Бат", "X" * 121, "worker"), "enterprise"),
        (lambda s: s.join("UB-2026", "Бат", "X", "boss"), "role"),
        (lambda s: s.join("UB-2026", ["Бат"], "X", "worker"), "name"),
        (lambda s: s.create_class("UB-2026", "again"), "duplicate-class"),
    ],
)
def test_bad_identity_input_is_refused_with_its_kind(store, call, kind):
    before = store.participants("UB-2026")
    with pytest.raises(StoreError) as caught:
        call(store)
    assert caught.value.kind == kind
    assert store.participants("UB-2026") == before


@pytest.mark.parametrize(
    ("activity", "state", "kind"),
    [
        ("../../etc", {"a": 1}, "activity"),
        ("Quiz One", {"a": 1}, "activity"),
        ("quiz", ["not", "a", "mapping"], "state"),
        ("quiz", {"a": float("nan")}, "state"),
        ("quiz", {"a": object()}, "state"),
        ("quiz", {"a": "x" * MAX_STATE_BYTES}, "state-too-large"),
    ],
)
def test_bad_saves_are_refused_and_change_nothing(store, activity, state, kind):
    person, _code = store.join("UB-2026", "Бат", "Khan Service", "worker")
    store.save(person, "quiz", {"kept": True})
    with pytest.raises(StoreError) as caught:
        store.save(person, activity, state)
    assert caught.value.kind == kind
    assert store.load(person, "quiz") == {"kept": True}


def test_export_then_import_gives_back_exactly_the_same_class(store, database_url, tmp_path):
    bat, _ = store.join("UB-2026", "Бат", "Khan Service", "worker")
    saraa, _ = store.join("UB-2026", "Сараа", "Нарны цэцэрлэг", "manager")
    store.save(bat, "sample-quiz", {"answers": {"q1": ["b"]}, "score": 0.5, "attempts": 2})
    store.save(bat, "sample-quiz", {"answers": {"q1": ["a"]}, "score": 1.0, "attempts": 3})
    store.save(saraa, "kindergarten-risk-rating", {"answers": {"x": {"inherent": {}}}})
    exported = json.loads(json.dumps(store.export_class("UB-2026"), ensure_ascii=False))
    other = Store(f"sqlite:///{tmp_path / 'other.sqlite3'}")
    assert other.import_class(exported) == "UB-2026"
    assert other.export_class("UB-2026") == exported
    with pytest.raises(StoreError) as caught:
        other.import_class(exported)
    assert caught.value.kind == "duplicate-class"
    files = other.export_csv("UB-2026", tmp_path / "csv")
    answers = files[1].read_text(encoding="utf-8-sig").splitlines()
    assert answers[0].startswith("participant,name,activity,score,attempts")
    assert len(answers) == 3
    other.close()


def test_a_live_sqlite_store_is_backed_up_safely(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'live.sqlite3'}")
    store.create_class("UB-2026", "x")
    person, _ = store.join("UB-2026", "Бат", "Khan Service", "worker")
    store.save(person, "quiz", {"a": 1})
    copy = store.backup(tmp_path / "backups" / "copy.sqlite3")
    with sqlite3.connect(copy) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert connection.execute("SELECT count(*) FROM answers").fetchone() == (1,)
    store.close()


def test_migrations_reach_the_head_the_store_expects(database_url):
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(db.__file__).replace("db.py", "migrations"))
    assert ScriptDirectory.from_config(config).get_current_head() == db.HEAD
    store = Store(database_url)
    assert db.at_head(store.engine)
    Store(database_url).close()  # a second open finds nothing to do
    store.close()


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 's.sqlite3'}")
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == db.BUSY_TIMEOUT_MS
    store.close()
