"""Exercise models: verdicts, scores, hints after a try, and state that survives a round trip."""

from __future__ import annotations

from pathlib import Path

import pytest

from widgets.exercises.catalog import find_exercise
from widgets.exercises.model import ExerciseError, compare, model_for, outcome, tally

pytestmark = pytest.mark.unit
FIXTURES = Path(__file__).parents[1] / "exercise-files" / "exercises"


def load(exercise_id):
    return model_for(find_exercise(exercise_id, FIXTURES))


def test_risk_rating_compares_with_the_reference_cell_band_or_direction():
    model = load("sample-rating")
    model.rate("sockets", "inherent", {"likelihood": 4, "severity": 4})
    model.rate("sockets", "residual", {"likelihood": 2, "severity": 2})
    model.choose_controls("sockets", ["covers", "tell"])
    model.rate("doors", "inherent", {"likelihood": 3, "severity": 2})
    model.rate("doors", "residual", {"likelihood": 5, "severity": 4})
    result = model.check()
    sockets, doors = (r.details for r in result.items)
    assert (sockets["inherent"], sockets["residual"]) == ("same-cell", "same-band")
    assert sockets["missed_controls"] == []
    assert sockets["extra_controls"] == ["tell"]
    assert (doors["inherent"], doors["residual"]) == ("same-band", "higher")
    assert doors["missed_controls"] == ["guards"]
    assert result.score == pytest.approx(3 / 4)
    assert result.level == "partial"
    assert {"kind": "residual-higher", "item": "doors"} in result.warnings


def test_a_high_risk_met_only_with_weak_controls_gets_a_warning():
    model = load("sample-rating")
    model.rate("sockets", "inherent", {"likelihood": 4, "severity": 4})
    model.choose_controls("sockets", ["tell", "gloves"])
    warnings = model.check().warnings
    assert {"kind": "only-weak", "item": "sockets", "band": "high"} in warnings
    model.choose_controls("sockets", ["tell", "covers"])
    assert not [w for w in model.check().warnings if w["kind"] == "only-weak"]


def test_compare_says_how_far_a_rating_is_from_the_reference():
    model = load("sample-rating")
    reference = model.reference("sockets", "inherent")
    rate = model.method.evaluate
    assert compare(None, reference) == "missing"
    assert compare(rate(likelihood=4, severity=4), reference) == "same-cell"
    assert compare(rate(likelihood=5, severity=3), reference) == "same-band"
    assert compare(rate(likelihood=2, severity=2), reference) == "lower"


@pytest.mark.parametrize(
    ("call", "args"),
    [
        ("rate", ("sockets", "inherent", {"likelihood": 9, "severity": 1})),
        ("rate", ("sockets", "inherent", {"danger": 3})),
        ("rate", ("sockets", "inherent", {1: 3})),
        ("rate", ("sockets", "later", {"likelihood": 1})),
        ("rate", ("ghost", "inherent", {"likelihood": 1})),
        ("rate", ("sockets", "inherent", "4x4")),
        ("choose_controls", ("sockets", ["covers", "fence"])),
        ("choose_controls", ("sockets", "covers")),
        ("choose_controls", ("sockets", ["covers"] * 500)),
    ],
)
def test_risk_rating_refuses_what_the_exercise_does_not_offer(call, args):
    model = load("sample-rating")
    before = model.state()
    with pytest.raises(ExerciseError):
        getattr(model, call)(*args)
    assert model.state() == before


def test_hazard_spotting_says_what_was_found_missed_and_wrongly_marked():
    model = load("sample-spotting")
    model.mark(["wet-floor", "covered-socket"])
    result = model.check()
    assert [r.verdict for r in result.items] == ["found", "wrong", "missed"]
    assert result.score == pytest.approx(1 / 3)
    model.mark(["wet-floor", "open-cylinder"])
    assert model.check().score == 1
    with pytest.raises(ExerciseError):
        model.mark(["lava"])


def test_control_sorting_judges_each_level_and_warns_on_weak_only_plans():
    model = load("sample-sorting")
    model.place("move-store", "engineering")
    model.place("sign", "ppe")
    model.choose(["sign", "gloves"])
    result = model.check()
    assert [r.verdict for r in result.items] == ["right", "wrong", "unplaced"]
    assert result.items[1].details == {"placed": "ppe", "reference": "administrative"}
    assert result.warnings == [{"kind": "only-weak", "band": "high"}]
    model.choose(["sign", "move-store"])
    assert model.check().warnings == []
    with pytest.raises(ExerciseError):
        model.place("sign", "prayer")
    with pytest.raises(ExerciseError):
        model.place("teleport", "engineering")


def test_quiz_scores_single_and_multiple_choice_and_can_be_retried():
    model = load("sample-quiz")
    model.answer("what-is-hazard", ["harm-source"])
    model.answer("risk-parts", ["likelihood"])
    result = model.check()
    assert [r.verdict for r in result.items] == ["right", "wrong"]
    assert result.score == 0.5
    model.reset()
    assert model.answers == {}
    assert model.attempts == 1
    model.answer("risk-parts", ["severity", "likelihood"])
    assert [r.verdict for r in model.check().items] == ["unanswered", "right"]
    with pytest.raises(ExerciseError, match="one answer"):
        model.answer("what-is-hazard", ["harm-source", "chance"])


def test_hints_and_the_solution_come_only_after_a_first_try_and_one_at_a_time():
    model = load("sample-quiz")
    with pytest.raises(ExerciseError):
        model.reveal_hint()
    with pytest.raises(ExerciseError):
        model.reveal_solution()
    model.check()
    assert model.reveal_hint().en == "SAMPLE-HINT-ONE"
    assert [h.en for h in model.visible_hints()] == ["SAMPLE-HINT-ONE"]
    assert model.reveal_hint().en == "SAMPLE-HINT-TWO"
    with pytest.raises(ExerciseError, match="every hint"):
        model.reveal_hint()
    assert model.reveal_solution().en.startswith("SAMPLE-SOLUTION")
    assert model.state()["solution_shown"] is True


@pytest.mark.parametrize(
    "exercise_id", ["sample-quiz", "sample-rating", "sample-spotting", "sample-sorting"]
)
def test_state_is_plain_data_and_restores_exactly(exercise_id):
    import json

    model = load(exercise_id)
    if exercise_id == "sample-rating":
        model.rate("doors", "inherent", {"likelihood": 4, "severity": 2})
        model.choose_controls("doors", ["guards"])
    elif exercise_id == "sample-quiz":
        model.answer("risk-parts", ["likelihood"])
    elif exercise_id == "sample-spotting":
        model.mark(["wet-floor"])
    else:
        model.place("sign", "administrative")
        model.choose(["sign"])
    model.check()
    model.reveal_hint() if model.exercise.hints else None
    state = model.state()
    assert json.loads(json.dumps(state)) == state
    again = load(exercise_id)
    again.restore(json.loads(json.dumps(state)))
    assert again.state() == state


@pytest.mark.parametrize(
    "damage",
    [
        {"exercise": "another"},
        {"answers": {"risk-parts": ["nonsense"]}},
        {"answers": "everything"},
        {"attempts": -1},
        {"hints_shown": 7},
        {"attempts": True},
    ],
)
def test_a_damaged_state_is_refused_and_changes_nothing(damage):
    model = load("sample-quiz")
    model.answer("what-is-hazard", ["chance"])
    before = model.state()
    with pytest.raises(ExerciseError):
        model.restore({**before, **damage})
    assert model.state() == before


def test_every_verdict_is_right_wrong_or_not_answered():
    assert {v: outcome(v) for v in ("same-band", "lower", "unplaced", "missed", "right")} == {
        "same-band": "right",
        "lower": "wrong",
        "unplaced": "open",
        "missed": "wrong",
        "right": "right",
    }
    with pytest.raises(KeyError):
        outcome("nearly")


def test_the_tally_counts_right_wrong_and_unanswered_items():
    spotting = load("sample-spotting")
    spotting.mark(["wet-floor", "covered-socket"])
    assert tally(spotting.check()) == {"right": 1, "wrong": 2, "open": 0}
    quiz = load("sample-quiz")
    assert tally(quiz.check()) == {"right": 0, "wrong": 0, "open": len(quiz.exercise.items)}


def test_a_rated_hazard_is_right_only_when_both_of_its_ratings_are():
    model = load("sample-rating")
    model.rate("sockets", "inherent", {"likelihood": 4, "severity": 4})
    model.rate("sockets", "residual", {"likelihood": 2, "severity": 2})
    model.rate("doors", "inherent", {"likelihood": 3, "severity": 2})
    # doors: rated now (same band) but not with controls: not answered, not right
    assert tally(model.check()) == {"right": 1, "wrong": 0, "open": 1}
    model.rate("doors", "residual", {"likelihood": 5, "severity": 4})
    assert tally(model.check()) == {"right": 1, "wrong": 1, "open": 0}
