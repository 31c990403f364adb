"""What a participant does in an exercise and what a check says about it (pure; no ipywidgets).

Every model keeps the participant's answers as plain data (``state()``), refuses anything
that is not an answer the exercise offers (:class:`ExerciseError`), and gives hints and the
solution only after a first attempt. Verdicts are ids (``same-cell``, ``missed``…); the
views put them into words in the page's language.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any, ClassVar

from widgets.content.models import Text
from widgets.course import course
from widgets.exercises.schema import (
    ControlSorting,
    Exercise,
    HazardSpotting,
    Quiz,
    RiskRating,
)
from widgets.hierarchy.model import hierarchy
from widgets.risk.model import Evaluation, Method, RatingError, get_method
from widgets.risk_matrix.model import Rating

MAX_ANSWERS = 200
"""No answer list is longer than this (a viewer can send anything)."""


class ExerciseError(ValueError):
    """An answer or request the exercise does not allow; nothing changed."""


@dataclass
class ItemResult:
    """The verdict on one item (hazard, observation, measure, question)."""

    item_id: str
    verdict: str
    details: dict[str, Any] = field(default_factory=dict)


@dataclass
class CheckResult:
    """The outcome of a check: a score from 0 to 1, a verdict per item, and warnings."""

    score: float
    items: list[ItemResult]
    warnings: list[dict[str, Any]] = field(default_factory=list)

    @property
    def level(self) -> str:
        """``good`` (all right), ``partial`` (at least half) or ``review``."""
        if self.score >= 1:
            return "good"
        return "partial" if self.score >= 0.5 else "review"

    def as_dict(self) -> dict[str, Any]:
        """Return the result as plain data."""
        return {
            "score": self.score,
            "items": [{"id": r.item_id, "verdict": r.verdict, **r.details} for r in self.items],
            "warnings": copy.deepcopy(self.warnings),
        }


OUTCOMES: dict[str, str] = {
    "same-cell": "right",
    "same-band": "right",
    "higher": "wrong",
    "lower": "wrong",
    "found": "right",
    "missed": "wrong",
    "wrong": "wrong",
    "right": "right",
    "missing": "open",
    "unanswered": "open",
    "unplaced": "open",
}
"""What each verdict means for the participant: ``right``, ``wrong`` or ``open`` (no answer)."""


def outcome(verdict: str) -> str:
    """Return ``right``, ``wrong`` or ``open`` for a verdict id (``same-band`` is right).

    Raises
    ------
    KeyError
        For a verdict no model gives.
    """
    return OUTCOMES[verdict]


def tally(result: CheckResult) -> dict[str, int]:
    """Count the items of a check that are right, wrong and open (not answered).

    A risk rating's hazard is right only when both of its ratings are.
    """
    counts = {"right": 0, "wrong": 0, "open": 0}
    for item in result.items:
        stages = [item.details[s] for s in STAGES if s in item.details] or [item.verdict]
        outcomes = {outcome(v) for v in stages}
        if "wrong" in outcomes:
            counts["wrong"] += 1
        elif "open" in outcomes:
            counts["open"] += 1
        else:
            counts["right"] += 1
    return counts


class ExerciseModel:
    """What every exercise model shares: attempts, hints, the solution, state."""

    type_name: ClassVar[str] = ""

    def __init__(self, exercise: Exercise):
        self.exercise = exercise
        self.answers: dict[str, Any] = self._empty()
        self.attempts = 0
        self.hints_shown = 0
        self.solution_shown = False
        self.result: CheckResult | None = None

    # -- subclasses ---------------------------------------------------------------------
    def _empty(self) -> dict[str, Any]:
        raise NotImplementedError

    def _check(self) -> CheckResult:
        raise NotImplementedError

    def _restore_answers(self, answers: dict[str, Any]) -> None:
        raise NotImplementedError

    # -- shared verbs -------------------------------------------------------------------
    def check(self) -> CheckResult:
        """Compare the answers with the reference; counts as an attempt."""
        self.attempts += 1
        self.result = self._check()
        return self.result

    def reveal_hint(self) -> Text:
        """Reveal the next hint.

        Raises
        ------
        ExerciseError
            Before a first attempt, or when every hint is shown.
        """
        if self.attempts == 0:
            raise ExerciseError("hints come after a first try")
        if self.hints_shown >= len(self.exercise.hints):
            raise ExerciseError("every hint is already shown")
        self.hints_shown += 1
        return self.exercise.hints[self.hints_shown - 1]

    def reveal_solution(self) -> Text:
        """Reveal the solution.

        Raises
        ------
        ExerciseError
            Before a first attempt.
        """
        if self.attempts == 0:
            raise ExerciseError("the solution comes after a first try")
        self.solution_shown = True
        return self.exercise.solution

    def visible_hints(self) -> list[Text]:
        """Return the hints revealed so far."""
        return list(self.exercise.hints[: self.hints_shown])

    def reset(self) -> None:
        """Clear the answers to try again (attempts, hints and the solution stay)."""
        self.answers = self._empty()
        self.result = None

    def state(self) -> dict[str, Any]:
        """Return everything the participant did, as plain data (to save and aggregate)."""
        return {
            "exercise": self.exercise.id,
            "type": self.type_name,
            "answers": copy.deepcopy(self.answers),
            "attempts": self.attempts,
            "hints_shown": self.hints_shown,
            "solution_shown": self.solution_shown,
            "score": self.result.score if self.result else None,
            "checked": self.result is not None,
        }

    def restore(self, state: dict[str, Any]) -> None:
        """Bring back a saved state; every answer is checked as if given again.

        Raises
        ------
        ExerciseError
            When the state is for another exercise or holds an answer not allowed; then
            nothing changes.
        """
        if not isinstance(state, dict) or state.get("exercise") != self.exercise.id:
            raise ExerciseError("this saved state belongs to another exercise")
        attempts, hints = state.get("attempts", 0), state.get("hints_shown", 0)
        if not (_count(attempts) and _count(hints) and hints <= len(self.exercise.hints)):
            raise ExerciseError("the saved counts of attempts and hints are not valid")
        trial = type(self)(self.exercise)
        answers = state.get("answers", {})
        if not isinstance(answers, dict):
            raise ExerciseError("the saved answers are not valid")
        trial._restore_answers(answers)
        self.answers = trial.answers
        self.attempts, self.hints_shown = attempts, hints
        self.solution_shown = bool(state.get("solution_shown")) and attempts > 0
        self.result = self._check() if state.get("checked") and attempts > 0 else None


def _count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 10_000


def _ids(values: object, allowed: list[str], what: str) -> list[str]:
    """Check a list of ids against ``allowed``; return it without repeats, in order."""
    if not isinstance(values, list | tuple) or len(values) > MAX_ANSWERS:
        raise ExerciseError(f"{what}: expected a list of ids")
    unknown = [v for v in values if v not in allowed]
    if unknown:
        raise ExerciseError(f"{what}: unknown id(s) {unknown!r}; expected some of {allowed}")
    return list(dict.fromkeys(values))


def _mapping(values: object, what: str) -> dict[str, Any]:
    if not isinstance(values, dict) or len(values) > MAX_ANSWERS:
        raise ExerciseError(f"{what}: expected a mapping")
    return values


# -- risk_rating ---------------------------------------------------------------------------

STAGES = ("inherent", "residual")


def compare(yours: Evaluation | None, reference: Evaluation) -> str:
    """Compare two ratings: ``same-cell``, ``same-band``, ``higher``, ``lower`` or ``missing``."""
    if yours is None:
        return "missing"
    if yours.factors == reference.factors and yours.band.id == reference.band.id:
        return "same-cell"
    if yours.band.id == reference.band.id:
        return "same-band"
    return "higher" if yours.rank > reference.rank else "lower"


class RiskRatingModel(ExerciseModel):
    """Rate each hazard now, choose controls, rate it again; compare with the reference."""

    type_name = "risk_rating"
    exercise: RiskRating

    def __init__(self, exercise: RiskRating):
        self.method: Method = get_method(exercise.method or course().default_method)
        self._items = {item.id: item for item in exercise.items}
        super().__init__(exercise)

    def _empty(self) -> dict[str, Any]:
        return {i: {"inherent": {}, "controls": [], "residual": {}} for i in self._items}

    def rate(self, item_id: str, stage: str, values: dict[str, Any]) -> Evaluation | None:
        """Set the factor values of a hazard's rating now (``inherent``) or after controls."""
        item = self._item(item_id)
        if stage not in STAGES:
            raise ExerciseError(f"stage {stage!r}: expected inherent or residual")
        rating = Rating(self.method)
        values = _mapping(values, "rating")
        try:
            result = rating.choose(**{str(k): v for k, v in values.items()})
        except (RatingError, TypeError) as exc:
            raise ExerciseError(str(exc)) from exc
        self.answers[item.id][stage] = dict(rating.choices)
        return result

    def choose_controls(self, item_id: str, control_ids: list[str]) -> None:
        """Choose the controls for a hazard (ids from the exercise)."""
        item = self._item(item_id)
        allowed = [c.id for c in item.controls]
        self.answers[item.id]["controls"] = _ids(control_ids, allowed, "controls")

    def evaluation(self, item_id: str, stage: str) -> Evaluation | None:
        """Return the participant's rating of a hazard at ``stage``, if complete."""
        values = self.answers[self._item(item_id).id][stage]
        return Rating(self.method).choose(**values) if values else None

    def reference(self, item_id: str, stage: str) -> Evaluation:
        """Return the trainer's reference rating of a hazard at ``stage``."""
        return self.method.evaluate(**getattr(self._item(item_id), stage))

    def _item(self, item_id: str):
        if item_id not in self._items:
            raise ExerciseError(f"unknown hazard {item_id!r}")
        return self._items[item_id]

    def _check(self) -> CheckResult:
        results, warnings, points = [], [], 0.0
        levels = hierarchy()
        for item in self.exercise.items:
            verdicts, yours = {}, {}
            for stage in STAGES:
                yours[stage] = self.evaluation(item.id, stage)
                verdicts[stage] = compare(yours[stage], self.reference(item.id, stage))
                points += 0.5 * (verdicts[stage] in ("same-cell", "same-band"))
            chosen = self.answers[item.id]["controls"]
            chosen_levels = [c.level for c in item.controls if c.id in chosen]
            band = (yours["inherent"] or self.reference(item.id, "inherent")).band.id
            if levels.warns(band, chosen_levels):
                warnings.append({"kind": "only-weak", "item": item.id, "band": band})
            if (
                yours["inherent"]
                and yours["residual"]
                and (yours["residual"].rank > yours["inherent"].rank)
            ):
                warnings.append({"kind": "residual-higher", "item": item.id})
            results.append(
                ItemResult(
                    item.id,
                    verdicts["inherent"],
                    {
                        "inherent": verdicts["inherent"],
                        "residual": verdicts["residual"],
                        "missed_controls": [c for c in item.recommended if c not in chosen],
                        "extra_controls": [c for c in chosen if c not in item.recommended],
                    },
                )
            )
        return CheckResult(points / len(self.exercise.items), results, warnings)

    def _restore_answers(self, answers: dict[str, Any]) -> None:
        for item_id, answer in answers.items():
            answer = _mapping(answer, f"answers for {item_id!r}")
            for stage in STAGES:
                if answer.get(stage):
                    self.rate(item_id, stage, answer[stage])
            self.choose_controls(item_id, answer.get("controls", []))


# -- hazard_spotting -----------------------------------------------------------------------


class HazardSpottingModel(ExerciseModel):
    """Mark the observations that are hazards; see what was found, missed, wrongly marked."""

    type_name = "hazard_spotting"
    exercise: HazardSpotting

    def _empty(self) -> dict[str, Any]:
        return {"marked": []}

    def mark(self, observation_ids: list[str]) -> None:
        """Set which observations the participant marks as hazards."""
        allowed = [o.id for o in self.exercise.items]
        self.answers["marked"] = _ids(observation_ids, allowed, "marked")

    def _check(self) -> CheckResult:
        marked = set(self.answers["marked"])
        results = []
        for obs in self.exercise.items:
            if obs.hazard:
                verdict = "found" if obs.id in marked else "missed"
            else:
                verdict = "wrong" if obs.id in marked else "right"
            results.append(ItemResult(obs.id, verdict))
        good = sum(r.verdict in ("found", "right") for r in results)
        return CheckResult(good / len(results), results)

    def _restore_answers(self, answers: dict[str, Any]) -> None:
        self.mark(answers.get("marked", []))


# -- control_sorting -----------------------------------------------------------------------


class ControlSortingModel(ExerciseModel):
    """Place each measure in the hierarchy, choose which to apply; warn on weak-only plans."""

    type_name = "control_sorting"
    exercise: ControlSorting

    def _empty(self) -> dict[str, Any]:
        return {"levels": {}, "chosen": []}

    def place(self, measure_id: str, level_id: str | None) -> None:
        """Put a measure at a level of the hierarchy (``None`` takes it back)."""
        if measure_id not in [m.id for m in self.exercise.items]:
            raise ExerciseError(f"unknown measure {measure_id!r}")
        if level_id is None:
            self.answers["levels"].pop(measure_id, None)
            return
        if level_id not in hierarchy().ids():
            raise ExerciseError(f"unknown level {level_id!r}; expected one of {hierarchy().ids()}")
        self.answers["levels"][measure_id] = level_id

    def choose(self, measure_ids: list[str]) -> None:
        """Set which measures the participant would apply."""
        allowed = [m.id for m in self.exercise.items]
        self.answers["chosen"] = _ids(measure_ids, allowed, "chosen")

    def _check(self) -> CheckResult:
        placed = self.answers["levels"]
        results = []
        for measure in self.exercise.items:
            yours = placed.get(measure.id)
            verdict = (
                "unplaced" if yours is None else ("right" if yours == measure.level else "wrong")
            )
            results.append(
                ItemResult(measure.id, verdict, {"placed": yours, "reference": measure.level})
            )
        warnings = []
        chosen_levels = [m.level for m in self.exercise.items if m.id in self.answers["chosen"]]
        if hierarchy().warns(self.exercise.risk_band, chosen_levels):
            warnings.append({"kind": "only-weak", "band": self.exercise.risk_band})
        right = sum(r.verdict == "right" for r in results)
        return CheckResult(right / len(results), results, warnings)

    def _restore_answers(self, answers: dict[str, Any]) -> None:
        for measure_id, level_id in _mapping(answers.get("levels", {}), "levels").items():
            self.place(measure_id, level_id)
        self.choose(answers.get("chosen", []))


# -- quiz ----------------------------------------------------------------------------------


class QuizModel(ExerciseModel):
    """Single- and multiple-choice questions; a score; try again."""

    type_name = "quiz"
    exercise: Quiz

    def _empty(self) -> dict[str, Any]:
        return {}

    def answer(self, question_id: str, option_ids: list[str]) -> None:
        """Set the options chosen for a question (one for a ``single`` question)."""
        question = next((q for q in self.exercise.items if q.id == question_id), None)
        if question is None:
            raise ExerciseError(f"unknown question {question_id!r}")
        chosen = _ids(option_ids, [o.id for o in question.options], "options")
        if question.kind == "single" and len(chosen) > 1:
            raise ExerciseError("this question takes one answer")
        if chosen:
            self.answers[question.id] = chosen
        else:
            self.answers.pop(question.id, None)

    def _check(self) -> CheckResult:
        results = []
        for question in self.exercise.items:
            chosen = self.answers.get(question.id, [])
            correct = [o.id for o in question.options if o.correct]
            verdict = (
                "unanswered"
                if not chosen
                else ("right" if sorted(chosen) == sorted(correct) else "wrong")
            )
            results.append(
                ItemResult(question.id, verdict, {"chosen": list(chosen), "correct": correct})
            )
        right = sum(r.verdict == "right" for r in results)
        return CheckResult(right / len(results), results)

    def _restore_answers(self, answers: dict[str, Any]) -> None:
        for question_id, option_ids in answers.items():
            self.answer(question_id, option_ids)


MODELS: dict[str, type[ExerciseModel]] = {
    m.type_name: m for m in (RiskRatingModel, HazardSpottingModel, ControlSortingModel, QuizModel)
}


def model_for(exercise: Exercise) -> ExerciseModel:
    """Return a fresh model for ``exercise``."""
    return MODELS[exercise.type](exercise)
