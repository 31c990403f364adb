"""The demo programme is realistic, valid, deterministic and marked synthetic everywhere."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import select

from widgets.course_app.model import course_exercises
from widgets.programme import demo
from widgets.programme.demo import DemoOptions, generate, make_enterprises
from widgets.register.model import Assessment
from widgets.register.store import RegisterStore
from widgets.register.tables import AssessmentRow
from widgets.store.service import Store

pytestmark = pytest.mark.unit


def url(tmp_path, name="demo") -> str:
    return f"sqlite:///{tmp_path / f'{name}.sqlite3'}"


def snapshot(address: str) -> dict:
    """Everything a report could read, in a comparable form."""
    store = Store(address)
    try:
        classes = store.classes()
        with store.engine.connect() as connection:
            rows = connection.execute(
                select(AssessmentRow.id, AssessmentRow.class_code, AssessmentRow.data).order_by(
                    AssessmentRow.id
                )
            ).all()
        answers = {
            c["code"]: sorted(
                (p["name"], p["enterprise"], json.dumps(a["state"], sort_keys=True))
                for exercise in course_exercises()
                for p in store.participants(c["code"])
                for a in store.answers(c["code"], exercise[1])
                if a["id"] == p["id"] and a["state"] is not None
            )
            for c in classes
        }
        return {"classes": classes, "rows": [tuple(r) for r in rows], "answers": answers}
    finally:
        store.close()


@pytest.fixture
def programme(demo_programme):
    return demo_programme


def test_the_default_programme_is_one_class_of_30_from_25_enterprises(programme):
    address, summary = programme
    assert (summary.classes, summary.participants) == (1, 30)
    store = Store(address)
    [the_class] = store.classes()
    people = store.participants(the_class["code"])
    store.close()
    assert len({p["enterprise"] for p in people}) == 25
    assert {p["role"] for p in people} == {"manager", "worker", "other"}
    assert summary.answers > 300, "participants did the course's exercises"
    assert summary.assessments == summary.validated, "every assessment was checked by the model"
    assert 15 <= summary.assessments <= 25
    assert summary.photos > 0


def test_everything_is_marked_synthetic(programme):
    address, _summary = programme
    store = Store(address)
    [the_class] = store.classes()
    people = store.participants(the_class["code"])
    store.close()
    assert the_class["synthetic"] is True
    assert "Synthetic" in the_class["name"]
    assert all("(demo " in p["enterprise"] for p in people)


def test_every_assessment_reads_back_through_the_register_model(programme):
    address, _summary = programme
    store = Store(address)
    register = RegisterStore(store)
    listed = register.assessments()
    assert listed
    for row in listed:
        assessment = register.load(row["id"])
        assert isinstance(assessment, Assessment)
        assert assessment.locked == row["locked"]
        assert assessment.history[0].action == "created"
        times = [change.at for change in assessment.history]
        assert times == sorted(times), "the history is in time order"
        assert times[0] == assessment.created_at
        _first, last = demo.class_dates(0)
        for hazard in assessment.hazards:
            for measure in hazard.measures:
                if measure.start:
                    assert assessment.created_at.date() <= measure.start
                if measure.done_on:
                    assert (measure.start or measure.done_on) <= measure.done_on <= last
        for hazard in assessment.hazards:
            if hazard.rating is not None:
                assert hazard.rating.method == "5x5"
    store.close()


def test_the_same_seed_gives_the_same_programme_and_another_seed_another(tmp_path, programme):
    again = url(tmp_path, "again")
    generate(again)
    first, second = snapshot(programme[0]), snapshot(again)
    assert first["rows"] == second["rows"]
    assert first["answers"] == second["answers"]
    other = url(tmp_path, "other")
    generate(other, DemoOptions(seed=7))
    assert snapshot(other)["rows"] != first["rows"]


def test_an_enterprise_is_the_same_however_many_are_made():
    few = make_enterprises(DemoOptions(enterprises=25, participants=0))
    many = make_enterprises(DemoOptions(enterprises=400, participants=0))
    for a, b in zip(few, many[:25], strict=True):
        assert (a.sector, a.size, a.outcome, a.areas) == (b.sector, b.size, b.outcome, b.areas)
        assert a.name.removesuffix(")")[-2:] == b.name.removesuffix(")")[-2:]


def test_more_than_half_complete_a_first_assessment_as_in_the_programme():
    enterprises = make_enterprises(DemoOptions(enterprises=2000, participants=0))
    done = sum(e.outcome in ("complete", "reviewed") for e in enterprises)
    assert 0.55 < done / len(enterprises) < 0.85


def test_a_fixed_number_of_hazards_gives_exactly_that_many(tmp_path):
    address = url(tmp_path)
    summary = generate(address, DemoOptions(enterprises=6, participants=0, hazards=40))
    store = Store(address)
    rows = RegisterStore(store).assessments()
    counts = {len(RegisterStore(store).load(r["id"]).hazards) for r in rows}
    store.close()
    assert counts == {40}
    assert summary.hazards == 40 * summary.assessments


def test_generating_again_replaces_the_demo_and_leaves_real_classes_alone(tmp_path):
    address = url(tmp_path)
    store = Store(address)
    store.create_class("UB-2026-11", "Ulaanbaatar, November")
    person, _code = store.join("UB-2026-11", "Сараа", "Real LLC", "worker")
    store.save(person, "lesson-01-quiz", {"exercise": "lesson-01-quiz", "answers": {}})
    store.close()
    options = DemoOptions(enterprises=5, participants=5)
    generate(address, options)
    generate(address, options)
    store = Store(address)
    codes = [c["code"] for c in store.classes()]
    real = store.participants("UB-2026-11")
    demo_assessments = RegisterStore(store).assessments("DEMO-2026")
    store.close()
    assert codes == ["UB-2026-11", "DEMO-2026"]
    assert [(p["name"], p["activities"]) for p in real] == [("Сараа", 1)]
    assert len({a["enterprise"] for a in demo_assessments}) == len(demo_assessments)


def test_thousands_of_enterprises_make_classes_of_25():
    enterprises = make_enterprises(DemoOptions(enterprises=60, participants=0))
    assert [e.class_index for e in enterprises].count(0) == 25
    assert max(e.class_index for e in enterprises) == 2
    assert demo.class_code_of(1, 3) == "DEMO-0002"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"enterprises": 0}, "enterprises: 0 is not between 1 and 100000"),
        ({"participants": -1}, "participants: -1"),
        ({"hazards": 501}, "hazards: 501"),
    ],
)
def test_impossible_options_are_refused_by_name(options, message):
    with pytest.raises(ValueError, match=message):
        DemoOptions(**options)


def test_the_command_says_what_it_made(tmp_path, capsys):
    assert demo.main(["--url", url(tmp_path), "--enterprises", "3", "--participants", "2"]) == 0
    out = capsys.readouterr().out
    assert "synthetic demo programme (seed 2026)" in out
    assert "1 class(es), 2 participants" in out


def test_the_command_refuses_a_bad_count_with_its_reason(tmp_path, capsys):
    with pytest.raises(SystemExit):
        demo.main(["--url", url(tmp_path), "--enterprises", "0"])
    assert "enterprises: 0 is not between 1 and 100000" in capsys.readouterr().err


def test_dates_stay_inside_the_programme():
    first, last = demo.class_dates(0)
    assert first == date(2026, 10, 5)
    assert first.weekday() == 0
    assert (last - first).days == 1 + 7 * demo.WEEKS
