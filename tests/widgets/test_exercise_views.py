"""Exercise views built headless: answer, check, read the feedback; nothing shown too early."""

from __future__ import annotations

import shutil
from pathlib import Path

import ipywidgets as ipw
import pytest

import widgets
from widgets.exercises.catalog import exercise_files, read_exercise
from widgets.exercises.view import VIEWS
from widgets.i18n import set_language

pytestmark = pytest.mark.widgets
FIXTURES = Path(__file__).parents[1] / "exercise-files" / "exercises"
ALL_FILES = [*exercise_files(FIXTURES), *exercise_files()]


def walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child)


def shown(view) -> str:
    """Every text the page shows: HTML, labels, button and option texts."""
    parts = []
    for w in walk(view):
        if isinstance(w, ipw.HTML):
            parts.append(w.value)
        for attr in ("description", "tooltip"):
            parts.append(str(getattr(w, attr, "") or ""))
        if isinstance(w, ipw.RadioButtons | ipw.Dropdown):
            parts.extend(str(label) for label in w._options_labels)
    return "\n".join(parts)


def of_type(view, kind):
    return [w for w in walk(view) if isinstance(w, kind)]


def open_fixture(exercise_id):
    return widgets.Exercise(exercise_id, folder=FIXTURES)


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.stem)
@pytest.mark.parametrize("lang", ["en", "mn"])
def test_a_fresh_exercise_shows_no_solution_hint_or_trainer_note(path, lang):
    set_language(lang)
    exercise = read_exercise(path)
    view = VIEWS[exercise.type](exercise, base=path.parent)
    text = shown(view)
    secrets = [exercise.solution.get(lang)]
    secrets += [h.get(lang) for h in exercise.hints]
    if exercise.trainer_notes:
        secrets.append(exercise.trainer_notes.get(lang))
    for item in getattr(exercise, "items", []):
        for field in ("reason", "explanation"):
            if getattr(item, field, None):
                secrets.append(getattr(item, field).get(lang))
    for secret in secrets:
        assert secret not in text, secret[:60]
    assert exercise.title.get(lang) in text
    assert view._hint.disabled
    assert view._solution.disabled


def test_risk_rating_is_completed_hazard_by_hazard_and_checked():
    view = open_fixture("sample-rating")
    assert "Hazard 1 of 2" in shown(view)
    now, later = of_type(view, widgets.RiskMatrix)
    now.select(likelihood=4, severity=4)
    of_type(view, ipw.Checkbox)[0].value = True
    later.select(likelihood=1, severity=4)
    assert "osh-mini" in view._journey.value
    view.show_item(1)
    assert "Hazard 2 of 2" in shown(view)
    now, later = of_type(view, widgets.RiskMatrix)
    now.select(likelihood=4, severity=2)
    of_type(view, ipw.Checkbox)[0].value = True
    later.select(likelihood=2, severity=2)
    view._check.click()
    assert view.score == 1
    feedback = view._feedback.value
    assert "Score: 100%" in feedback
    assert "Same cell as the reference." in feedback
    assert "SAMPLE-REASON-SOCKETS" in feedback
    assert view.state["answers"]["sockets"]["controls"] == ["covers"]
    view.show_item(0)
    assert of_type(view, widgets.RiskMatrix)[0].value == {"likelihood": 4, "severity": 4}


def test_a_disagreement_is_a_prompt_to_discuss_and_weak_controls_are_flagged():
    view = open_fixture("sample-rating")
    now, _later = of_type(view, widgets.RiskMatrix)
    now.select(likelihood=5, severity=5)
    boxes = of_type(view, ipw.Checkbox)
    boxes[1].value = boxes[2].value = True
    view.check()
    feedback = view._feedback.value
    assert "Same band as the reference, in another cell." in feedback
    assert "osh-warning" in feedback
    assert "higher in the hierarchy" in feedback
    assert "Socket covers" in feedback


def test_hazard_spotting_lists_found_missed_and_wrong_with_reasons():
    view = open_fixture("sample-spotting")
    boxes = of_type(view, ipw.Checkbox)
    boxes[0].value = True
    boxes[1].value = True
    view._check.click()
    feedback = view._feedback.value
    assert "Found: this is a hazard." in feedback
    assert "Marked, but this is not a hazard." in feedback
    assert "Missed: this is a hazard." in feedback
    assert "Already controlled." in feedback
    assert view.state["answers"] == {"marked": ["wet-floor", "covered-socket"]}


def test_control_sorting_gives_feedback_per_measure_and_the_weak_measure_warning():
    view = open_fixture("sample-sorting")
    pickers = of_type(view, ipw.Dropdown)
    assert len(pickers) == 3
    pickers[0].value = "engineering"
    pickers[1].value = "ppe"
    boxes = of_type(view, ipw.Checkbox)
    boxes[1].value = boxes[2].value = True
    view._check.click()
    feedback = view._feedback.value
    assert (
        "You placed it at Personal protective equipment (PPE); it belongs at "
        "Administrative controls." in feedback
    )
    assert "Not placed." in feedback
    assert "osh-warning" in feedback


def test_quiz_shows_a_score_explanations_and_can_be_tried_again():
    view = open_fixture("sample-quiz")
    radio = of_type(view, ipw.RadioButtons)[0]
    radio.value = "chance"
    boxes = of_type(view, ipw.Checkbox)
    boxes[0].value = boxes[1].value = True
    view._check.click()
    feedback = view._feedback.value
    assert "Score: 50%" in feedback
    assert "That is part of risk." in feedback
    assert "your answer" in feedback
    assert not view._retry.disabled
    view._retry.click()
    assert view.state["answers"] == {}
    assert of_type(view, ipw.RadioButtons)[0].value is None
    assert view._feedback.value == ""


def test_hints_come_one_at_a_time_after_a_check_then_the_solution():
    view = open_fixture("sample-quiz")
    view._hint.click()
    assert "SAMPLE-HINT-ONE" not in view._help.value
    view._check.click()
    assert not view._hint.disabled
    view._hint.click()
    assert "Hint 1 of 2" in view._help.value
    assert "SAMPLE-HINT-ONE" in view._help.value
    assert "SAMPLE-HINT-TWO" not in view._help.value
    view._hint.click()
    assert view._hint.disabled
    assert "SAMPLE-SOLUTION" not in view._help.value
    view._solution.click()
    assert "SAMPLE-SOLUTION" in view._help.value
    assert view.state["hints_shown"] == 2
    assert view.state["solution_shown"] is True


def test_the_picture_is_inlined_with_its_alt_text():
    view = open_fixture("sample-quiz")
    header = view._header.value
    assert 'src="data:image/png;base64,' in header
    assert 'alt="A dot"' in header


def test_a_picture_with_words_is_shown_in_the_page_language():
    import base64

    folder = Path(__file__).parents[2] / "exercises" / "images"
    english, mongolian = (
        base64.b64encode((folder / name).read_bytes()).decode()
        for name in ("service-centre-plan.png", "service-centre-plan.mn.png")
    )
    assert english != mongolian
    view = widgets.Exercise("service-centre-hazard-spotting")
    set_language("mn")
    try:
        assert mongolian in view._header.value
        assert english not in view._header.value
    finally:
        set_language("en")
    assert english in view._header.value


def test_a_broken_file_shows_a_short_message_and_other_exercises_still_work(tmp_path, caplog):
    folder = tmp_path / "exercises"
    shutil.copytree(FIXTURES, folder)
    path = folder / "sample-quiz.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("duration_min: 5", "duration_min: x"),
        encoding="utf-8",
    )
    broken = widgets.Exercise("sample-quiz", folder=folder)
    text = shown(broken)
    assert "sample-quiz" in text
    assert "Please tell your trainer" in text
    assert "duration_min" not in text
    assert "duration_min" in caplog.text
    set_language("mn")
    assert "Сургагч багшдаа хэлнэ үү" in shown(broken)
    assert isinstance(widgets.Exercise("sample-rating", folder=folder), VIEWS["risk_rating"])


def test_the_exercise_follows_the_page_language_and_keeps_the_answers():
    view = open_fixture("sample-spotting")
    of_type(view, ipw.Checkbox)[0].value = True
    set_language("mn")
    text = shown(view)
    assert "Тэмдэггүй нойтон шал" in text
    assert "Шалгах" in text
    assert of_type(view, ipw.Checkbox)[0].value is True


def test_a_viewer_forging_an_answer_is_refused_visibly():
    view = open_fixture("sample-sorting")
    view._attempt(view.model.place, "sign", "prayer")
    assert "That answer is not allowed." in view._feedback.value
    assert view.state["answers"]["levels"] == {}


def test_the_trainer_preview_shows_notes_solution_answers_and_reloads(tmp_path):
    folder = tmp_path / "exercises"
    shutil.copytree(FIXTURES, folder)
    preview = widgets.TrainerPreview(folder=folder)
    preview._pick.value = str(folder / "sample-quiz.yaml")
    text = shown(preview)
    assert "SAMPLE-TRAINER-NOTE" in text
    assert "SAMPLE-SOLUTION" in text
    assert "Something that can cause harm" in preview._trainer.value
    path = folder / "sample-quiz.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("SAMPLE-TRAINER-NOTE", "EDITED"), encoding="utf-8"
    )
    preview._reload.click()
    assert "EDITED" in preview._trainer.value
    path.write_text(
        path.read_text(encoding="utf-8").replace("duration_min: 5", "duration_min:"),
        encoding="utf-8",
    )
    preview._reload.click()
    assert "sample-quiz.yaml:8: duration_min:" in preview._trainer.value
    preview._path.value = str(folder / "sample-rating.yaml")
    preview.load()
    assert "SAMPLE-REASON" not in shown(preview._participant)
    assert "Socket covers" in preview._trainer.value


def test_each_item_of_the_feedback_is_marked_by_sign_colour_and_word_with_why_behind():
    view = open_fixture("sample-spotting")
    of_type(view, ipw.Checkbox)[0].value = True
    of_type(view, ipw.Checkbox)[1].value = True
    view._check.click()
    feedback = view._feedback.value
    assert feedback.count('class="osh-fb osh-fb-right"') == 1
    assert feedback.count('class="osh-fb osh-fb-wrong"') == 2
    assert '<span aria-hidden="true">✓</span> Right</span>' in feedback
    assert '<span aria-hidden="true">✗</span> Wrong</span>' in feedback
    assert "1 right" in feedback
    assert "2 wrong" in feedback
    # the reason is the long explanation: behind "Why?", once per item
    reason = "Already controlled."
    assert feedback.count(reason) == 1
    assert feedback.index("<summary>Why?</summary>") < feedback.index(reason)


def test_a_wrong_quiz_answer_is_told_in_quiz_words_with_the_right_answer():
    view = open_fixture("sample-quiz")
    of_type(view, ipw.RadioButtons)[0].value = "chance"
    view._check.click()
    feedback = view._feedback.value
    assert "Not the right answer." in feedback
    assert "The right answer:" in feedback
    assert "Marked, but this is not a hazard." not in feedback
    assert "Not answered." in feedback


def test_the_reference_rating_is_shown_with_its_labels():
    view = open_fixture("sample-rating")
    view._check.click()
    feedback = view._feedback.value
    assert "Reference:</b> Now <span" in feedback
    assert "Rows: Likelihood, highest at the top." in feedback


def test_what_a_button_reveals_is_drawn_under_it_and_asks_to_be_scrolled_to_once():
    view = open_fixture("sample-quiz")
    order = list(view.children)
    assert order.index(view._help) < order.index(view._feedback)
    view._check.click()
    assert 'data-osh-scroll="' in view._feedback.value
    view._hint.click()
    assert 'data-osh-scroll="' in view._help.value
    assert 'data-osh-scroll="' not in view._feedback.value
    view.reset()  # a redraw asks for nothing
    assert "data-osh-scroll" not in view._help.value


def test_the_reference_rating_is_in_view_and_its_grid_and_reason_behind_why():
    view = open_fixture("sample-rating")
    view._check.click()
    feedback = view._feedback.value
    why = feedback.index("<summary>Why?</summary>")
    assert feedback.index("Reference:</b>") < why < feedback.index("SAMPLE-REASON-SOCKETS")
    assert why < feedback.index('class="osh-mini"')
