"""The debrief model: heat maps, verdicts, spread, quiz shares and who is missing, from a store.

Every expected figure is worked out here from the test's own inputs and from the reference
answers written in the fixture files, never from running the debrief.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from widgets.debrief.model import VERDICTS, load_debrief, summarise
from widgets.exercises.catalog import ExerciseUnavailableError, find_exercise
from widgets.exercises.model import model_for
from widgets.store.service import Store, StoreError

pytestmark = pytest.mark.unit
FIXTURES = Path(__file__).parents[1] / "exercise-files" / "exercises"

# The 5×5 method (data/methods/5x5.yaml): score = likelihood × severity; low up to 4,
# medium up to 12, high above.
BANDS = ("low", "medium", "high")


def band(likelihood: int, severity: int) -> str:
    score = likelihood * severity
    return "low" if score <= 4 else "medium" if score <= 12 else "high"


# The reference ratings of tests/exercise-files/exercises/sample-rating.yaml.
REFERENCE = {
    ("sockets", "inherent"): (4, 4),
    ("sockets", "residual"): (1, 4),
    ("doors", "inherent"): (4, 2),
    ("doors", "residual"): (2, 2),
}

# Who rated what, as (likelihood, severity); a missing key is a rating not given.
RATINGS = {
    "Бат": {
        ("sockets", "inherent"): (4, 4),
        ("sockets", "residual"): (1, 4),
        ("doors", "inherent"): (4, 2),
    },
    "Сараа": {
        ("sockets", "inherent"): (2, 4),
        ("sockets", "residual"): (2, 2),
        ("doors", "inherent"): (1, 2),
    },
    "Дорж": {
        ("sockets", "inherent"): (5, 4),
        ("doors", "inherent"): (5, 4),
        ("doors", "residual"): (2, 2),
    },
    "Оюун": {("sockets", "inherent"): (4, 4)},
}
CHECKED = {"Сараа", "Дорж"}
NOT_STARTED = ["Туяа", "Ганаа"]
QUIZ_CORRECT = {"what-is-hazard": {"harm-source"}, "risk-parts": {"likelihood", "severity"}}
QUIZ = {
    "Бат": {"what-is-hazard": ["harm-source"], "risk-parts": ["likelihood", "severity"]},
    "Сараа": {"what-is-hazard": ["chance"], "risk-parts": ["likelihood"]},
    "Дорж": {"what-is-hazard": ["harm-source"], "risk-parts": ["likelihood", "colour"]},
    "Оюун": {"what-is-hazard": ["harm-source"]},
}


@pytest.fixture
def store(tmp_path):
    """A scratch SQLite store with one class; people join in the order of the dicts above."""
    opened = Store(f"sqlite:///{tmp_path / 'debrief.sqlite3'}")
    opened.create_class("UB-2026", "Ulaanbaatar")
    yield opened
    opened.close()


@pytest.fixture
def people(store):
    names = [*RATINGS, *NOT_STARTED]
    return {name: store.join("UB-2026", name, f"{name} LLC", "worker")[0] for name in names}


def save_ratings(store, people, ratings=RATINGS, checked=CHECKED):
    exercise = find_exercise("sample-rating", FIXTURES)
    for name, given_ratings in ratings.items():
        model = model_for(exercise)
        for (item, stage), (likelihood, severity) in given_ratings.items():
            model.rate(item, stage, {"likelihood": likelihood, "severity": severity})
        if name in checked:
            model.check()
        store.save(people[name], "sample-rating", model.state())


def verdict(yours, reference):
    if yours is None:
        return "missing"
    if yours == reference:
        return "same-cell"
    ranks = BANDS.index(band(*yours)), BANDS.index(band(*reference))
    if ranks[0] == ranks[1]:
        return "same-band"
    return "higher" if ranks[0] > ranks[1] else "lower"


def expected_spread(chosen):
    if len(chosen) < 2:
        return 0.0
    return 1 - max(Counter(band(*c) for c in chosen).values()) / len(chosen)


def test_heat_maps_count_each_cell_and_show_the_reference(store, people):
    save_ratings(store, people)
    data = load_debrief(store, "ub-2026", "sample-rating", FIXTURES)
    assert data.class_code == "UB-2026"
    assert [h.item_id for h in data.hazards] == ["sockets", "doors"]
    for hazard in data.hazards:
        for stage_id, stage in hazard.stages.items():
            key = (hazard.item_id, stage_id)
            chosen = [r[key] for r in RATINGS.values() if key in r]
            assert stage.cells == dict(Counter(chosen)), key
            assert stage.rated == len(chosen)
            assert stage.reference_cell == REFERENCE[key]
            assert stage.reference.band.id == band(*REFERENCE[key])
            assert stage.bands == {b: sum(band(*c) == b for c in chosen) for b in BANDS}
            assert list(stage.bands) == list(BANDS)  # every band, lowest first
            for likelihood in range(1, 6):
                for severity in range(1, 6):
                    assert stage.count(likelihood, severity) == chosen.count((likelihood, severity))


def test_verdicts_count_same_cell_same_band_higher_lower_and_missing(store, people):
    save_ratings(store, people)
    data = load_debrief(store, "UB-2026", "sample-rating", FIXTURES)
    for hazard in data.hazards:
        for stage_id, stage in hazard.stages.items():
            key = (hazard.item_id, stage_id)
            expected = Counter(verdict(r.get(key), REFERENCE[key]) for r in RATINGS.values())
            assert stage.verdicts == {v: expected[v] for v in VERDICTS}, key
    sockets_now = data.hazards[0].stages["inherent"]
    # Бат and Оюун hit the reference cell, Дорж is in its band, Сараа is lower.
    assert sockets_now.verdicts == {
        "same-cell": 2,
        "same-band": 1,
        "higher": 0,
        "lower": 1,
        "missing": 0,
    }


def test_the_most_disputed_hazard_comes_first(store, people):
    save_ratings(store, people)
    data = load_debrief(store, "UB-2026", "sample-rating", FIXTURES)
    spreads = {}
    for hazard in data.hazards:
        for stage_id, stage in hazard.stages.items():
            key = (hazard.item_id, stage_id)
            chosen = [r[key] for r in RATINGS.values() if key in r]
            assert stage.spread == pytest.approx(expected_spread(chosen)), key
        spreads[hazard.item_id] = max(
            expected_spread([r[k] for r in RATINGS.values() if k in r])
            for k in REFERENCE
            if k[0] == hazard.item_id
        )
    # The doors split three ways now (low, medium, high); the sockets only two.
    assert spreads["doors"] > spreads["sockets"]
    assert [h.item_id for h in data.disputed()] == sorted(spreads, key=lambda i: -spreads[i])
    doors_now = data.hazards[1].stages["inherent"]
    assert doors_now.band_range == 2
    assert doors_now.modal_band == "low"  # a three-way tie goes to the lowest band


def test_an_agreeing_class_has_no_spread_and_keeps_the_exercise_order(store, people):
    same = {("sockets", "inherent"): (3, 3), ("doors", "inherent"): (2, 2)}
    save_ratings(store, people, {name: same for name in RATINGS})
    data = load_debrief(store, "UB-2026", "sample-rating", FIXTURES)
    assert [h.spread for h in data.hazards] == [0.0, 0.0]
    assert [h.item_id for h in data.disputed()] == ["sockets", "doors"]
    assert data.hazards[0].stages["inherent"].cells == {(3, 3): len(RATINGS)}


def test_who_has_not_started_and_who_has_not_checked(store, people):
    save_ratings(store, people)
    data = load_debrief(store, "UB-2026", "sample-rating", FIXTURES)
    assert [p.name for p in data.people] == [*RATINGS, *NOT_STARTED]
    assert [p.name for p in data.not_started] == NOT_STARTED
    assert [p.name for p in data.checked] == [n for n in RATINGS if n in CHECKED]
    assert [p.name for p in data.not_checked] == [n for n in RATINGS if n not in CHECKED]
    assert data.started == len(RATINGS)
    assert data.unreadable == []
    assert data.not_started[0].enterprise == f"{NOT_STARTED[0]} LLC"


def test_a_state_the_exercise_refuses_is_listed_not_counted(store, people):
    save_ratings(store, people)
    broken = {
        "exercise": "sample-rating",
        "answers": {"no-such-hazard": {"inherent": {"likelihood": 5, "severity": 5}}},
        "attempts": 0,
    }
    store.save(people["Туяа"], "sample-rating", broken)
    data = load_debrief(store, "UB-2026", "sample-rating", FIXTURES)
    assert [p.name for p in data.unreadable] == ["Туяа"]
    assert [p.name for p in data.not_started] == ["Ганаа"]
    assert data.hazards[0].stages["inherent"].rated == sum(
        ("sockets", "inherent") in r for r in RATINGS.values()
    )


def test_quiz_results_per_question_count_options_and_the_share_right(store, people):
    exercise = find_exercise("sample-quiz", FIXTURES)
    for name, answers in QUIZ.items():
        model = model_for(exercise)
        for question, options in answers.items():
            model.answer(question, options)
        store.save(people[name], "sample-quiz", model.state())
    data = load_debrief(store, "UB-2026", "sample-quiz", FIXTURES)
    assert data.hazards == []
    assert data.method is None
    assert [i.item_id for i in data.items] == list(QUIZ_CORRECT)
    for item in data.items:
        given_answers = [a[item.item_id] for a in QUIZ.values() if item.item_id in a]
        right = sum(set(a) == QUIZ_CORRECT[item.item_id] for a in given_answers)
        assert (item.right, item.answered) == (right, len(given_answers))
        assert item.share_right == pytest.approx(right / len(given_answers))
        assert set(item.correct) == QUIZ_CORRECT[item.item_id]
        counts = Counter(o for a in given_answers for o in a)
        assert {c.id: c.count for c in item.choices} == {c.id: counts[c.id] for c in item.choices}
    first = data.items[0]
    assert (first.right, first.answered) == (3, 4)
    assert [p.name for p in data.not_started] == NOT_STARTED


def test_hazard_spotting_and_control_sorting_give_a_share_right_per_item(store, people):
    spotting = find_exercise("sample-spotting", FIXTURES)
    marks = {"Бат": ["wet-floor"], "Сараа": ["wet-floor", "covered-socket", "open-cylinder"]}
    for name, marked in marks.items():
        model = model_for(spotting)
        model.mark(marked)
        store.save(people[name], "sample-spotting", model.state())
    data = load_debrief(store, "UB-2026", "sample-spotting", FIXTURES)
    is_hazard = {"wet-floor": True, "covered-socket": False, "open-cylinder": True}
    for item in data.items:
        right = sum((item.item_id in m) == is_hazard[item.item_id] for m in marks.values())
        assert (item.right, item.answered) == (right, len(marks)), item.item_id
        assert item.correct == ["hazard" if is_hazard[item.item_id] else "not-hazard"]
        marked = sum(item.item_id in m for m in marks.values())
        assert {c.id: c.count for c in item.choices} == {
            "hazard": marked,
            "not-hazard": len(marks) - marked,
        }

    sorting = find_exercise("sample-sorting", FIXTURES)
    levels = {"move-store": "engineering", "sign": "administrative", "gloves": "ppe"}
    placed = {"Бат": {"move-store": "engineering", "sign": "ppe"}, "Дорж": {"sign": "ppe"}}
    for name, where in placed.items():
        model = model_for(sorting)
        for measure, level in where.items():
            model.place(measure, level)
        store.save(people[name], "sample-sorting", model.state())
    data = load_debrief(store, "UB-2026", "sample-sorting", FIXTURES)
    for item in data.items:
        answers = [w[item.item_id] for w in placed.values() if item.item_id in w]
        right = sum(a == levels[item.item_id] for a in answers)
        assert (item.right, item.answered) == (right, len(answers)), item.item_id
        assert item.correct == [levels[item.item_id]]
    gloves = data.items[2]
    assert gloves.share_right is None  # nobody placed it


def test_an_unknown_class_or_exercise_is_an_error_the_view_can_name(store):
    with pytest.raises(StoreError):
        load_debrief(store, "NOPE-1", "sample-rating", FIXTURES)
    with pytest.raises(ExerciseUnavailableError):
        load_debrief(store, "UB-2026", "no-such-exercise", FIXTURES)


CELLS = st.tuples(st.integers(1, 5), st.integers(1, 5))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.none(), CELLS), min_size=1, max_size=12))
def test_counts_always_add_up(ratings):
    exercise = find_exercise("sample-rating", FIXTURES)
    rows = []
    for n, cell in enumerate(ratings):
        model = model_for(exercise)
        if cell is not None:
            model.rate("doors", "inherent", {"likelihood": cell[0], "severity": cell[1]})
        rows.append(
            {"id": n, "name": f"P{n}", "enterprise": "E", "role": "worker", "state": model.state()}
        )
    stage = summarise(exercise, rows).hazards[1].stages["inherent"]
    given_cells = [c for c in ratings if c is not None]
    assert sum(stage.cells.values()) == sum(stage.bands.values()) == len(given_cells)
    assert sum(stage.verdicts.values()) == len(ratings)
    assert stage.verdicts["missing"] == ratings.count(None)
    assert 0 <= stage.spread <= 1 - 1 / len(BANDS)
    assert stage.spread == pytest.approx(expected_spread(given_cells))
