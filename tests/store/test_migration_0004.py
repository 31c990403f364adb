"""Migration 0004 turns typed enterprise names into records and loses nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, text
from sqlalchemy.exc import IntegrityError

from widgets.store import db

pytestmark = pytest.mark.store


def _upgrade(engine, revision: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(Path(db.__file__).with_name("migrations")))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def _old_store(url: str):
    """A store at revision 0003 with two classes, typed names, answers and assessments."""
    engine = db.make_engine(url)
    _upgrade(engine, "0003")
    t0 = datetime(2026, 11, 2, 9, tzinfo=UTC)
    with engine.begin() as c:
        for cid, code in ((1, "UB-1"), (2, "KH-1")):
            c.execute(
                text(
                    "INSERT INTO classes (id, code, name, method, created_at, synthetic) "
                    "VALUES (:id, :code, :code, '5x5', :t, false)"
                ),
                {"id": cid, "code": code, "t": t0},
            )
        people = [
            (1, 1, "Acme LTD"),
            (2, 1, "  acme   ltd "),
            (3, 1, "Багануур хүнс ХХК"),
            (4, 2, "Acme LTD"),
        ]
        for pid, cid, enterprise in people:
            c.execute(
                text(
                    "INSERT INTO participants (id, class_id, name, enterprise, role, created_at)"
                    " VALUES (:id, :cid, :name, :e, 'worker', :t)"
                ),
                {"id": pid, "cid": cid, "name": f"P{pid}", "e": enterprise, "t": t0},
            )
            c.execute(
                text(
                    "INSERT INTO answers (participant_id, activity, state, saves, updated_at)"
                    " VALUES (:id, 'quiz', :state, 1, :t)"
                ),
                {"id": pid, "state": f'{{"n": {pid}}}', "t": t0},
            )
        assessments = [
            ("a" * 32, "Acme LTD", 2026, "UB-1", t0),
            ("b" * 32, "ACME ltd", 2026, "UB-1", t0 + timedelta(hours=1)),  # duplicate year
            ("c" * 32, "Acme LTD", 2025, "UB-1", t0),
            ("d" * 32, "Acme LTD", 2026, "KH-1", t0),
            ("e" * 32, "Нарны цэцэрлэг", 2026, "UB-1", t0),  # nobody joined with this name
            ("f" * 32, "Solo", 2026, None, t0),  # no class
        ]
        for aid, enterprise, year, code, saved in assessments:
            c.execute(
                text(
                    "INSERT INTO register_assessments (id, enterprise, year, class_code, locked,"
                    " revision, data, created_at, updated_at) VALUES (:id, :e, :y, :code,"
                    " false, 1, '{}', :t, :t)"
                ),
                {"id": aid, "e": enterprise, "y": year, "code": code, "t": saved},
            )
            c.execute(
                text(
                    "INSERT INTO register_history (assessment_id, position, at, by, action, what)"
                    " VALUES (:id, 0, :t, 'P1', 'created', 'Үнэлгээ эхэллээ')"
                ),
                {"id": aid, "t": saved},
            )
    return engine


def test_typed_names_become_records_and_nothing_is_lost(database_url):
    engine = _old_store(database_url)
    db.migrate(engine)
    with engine.connect() as c:
        assert c.execute(text("SELECT version_num FROM alembic_version")).scalar() == db.HEAD
        records = c.execute(
            text("SELECT id, class_id, name, key, status FROM enterprises ORDER BY id")
        ).all()
        # Acme in class 1 (two spellings → one record), Baganuur, Acme in class 2, and the
        # Narny assessment's enterprise, which nobody joined with.
        assert [(r.class_id, r.name, r.status) for r in records] == [
            (1, "Acme LTD", "proposed"),
            (1, "Багануур хүнс ХХК", "proposed"),
            (2, "Acme LTD", "proposed"),
            (1, "Нарны цэцэрлэг", "proposed"),
        ]
        acme_ub, baganuur, acme_kh, narny = (r.id for r in records)
        people = dict(c.execute(text("SELECT id, enterprise_id FROM participants")).all())
        assert people == {1: acme_ub, 2: acme_ub, 3: baganuur, 4: acme_kh}
        # Every answer is still there, with its participant.
        answers = c.execute(text("SELECT participant_id FROM answers ORDER BY 1")).scalars()
        assert list(answers) == [1, 2, 3, 4]
        links = dict(c.execute(text("SELECT id, enterprise_id FROM register_assessments")).all())
        # Of Acme's two 2026 assessments the newest saved keeps the link; the other is kept.
        assert links == {
            "a" * 32: None,
            "b" * 32: acme_ub,
            "c" * 32: acme_ub,
            "d" * 32: acme_kh,
            "e" * 32: narny,
            "f" * 32: None,
        }
        history = c.execute(text("SELECT count(*) FROM register_history")).scalar()
        assert history == 6
    # One assessment per enterprise and year, from now on.
    with pytest.raises(IntegrityError), engine.begin() as c:
        c.execute(
            text(
                "INSERT INTO register_assessments (id, enterprise, year, class_code, locked,"
                " revision, data, created_at, updated_at, enterprise_id) VALUES (:id, 'x',"
                " 2026, 'UB-1', false, 1, '{}', :t, :t, :e)"
            ),
            {"id": "9" * 32, "t": datetime.now(UTC), "e": acme_ub},
        )
    engine.dispose()


def test_the_migration_runs_on_an_empty_store_and_back(database_url):
    engine = create_engine(database_url) if "postgresql" in database_url else None
    engine = engine or db.make_engine(database_url)
    _upgrade(engine, "head")
    config = Config()
    config.set_main_option("script_location", str(Path(db.__file__).with_name("migrations")))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0003")
    _upgrade(engine, "head")
    assert db.at_head(engine)
    engine.dispose()
