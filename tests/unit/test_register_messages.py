"""The register's words: every code the models raise is said, in English and in Mongolian."""

from __future__ import annotations

import ast
import re
from datetime import date
from pathlib import Path

import pytest

from tests.register_samples import filled, kindergarten
from widgets.errors import CodedError
from widgets.register import RegisterError, messages
from widgets.register.importer import RowProblem
from widgets.register.model import Change

pytestmark = pytest.mark.unit
ROOT = Path(__file__).parents[2]
CYRILLIC = re.compile(r"[А-Яа-яЁёӨөҮү]")
PLACEHOLDER = re.compile(r"\{[^{}]*\}")
ERRORS = {
    "RegisterError",
    "LockedError",
    "PhotoError",
    "ReevaluationNeeded",
    "RatingError",
    "UnknownMethodError",
    "CodedError",
}
# Every module outside the views that raises a coded error, logs history or makes notices.
SOURCES = [
    *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "widgets/register/model").glob("*.py")),
    *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "widgets/register/importer").glob("*.py")),
    "widgets/register/photos.py",
    "widgets/register/settings.py",
    "widgets/register/store.py",
    "widgets/risk/model.py",
    "widgets/risk_matrix/view.py",
    "widgets/programme/demo.py",
]


def _text(node: ast.AST | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def codes_in_source() -> dict[str, set[str]]:
    """Read the models' source: the codes they raise, the actions they log, their notices."""
    found: dict[str, set[str]] = {"errors": set(), "problems": set(), "notices": set()}
    found["missing"] = set()
    found["history"] = set()
    for name in SOURCES:
        for node in ast.walk(ast.parse((ROOT / name).read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                func = node.func
                called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                args = [_text(a) for a in node.args]
                if called in ERRORS and args and args[0]:
                    found["errors"].add(args[0])
                elif called == "RowProblem" and len(args) > 2 and args[2]:
                    found["errors"].add(args[2])
                elif called == "PydanticCustomError" and args and args[0]:
                    found["problems"].add(args[0])
                elif called == "Notice" and args and args[0]:
                    found["notices"].add(args[0])
                elif called in ("Missing", "lacking") and args and args[0]:
                    found["missing"].add(args[0])
                elif called == "_log" and len(args) > 1 and args[1]:
                    found["history"].add(args[1])
            elif isinstance(node, ast.Dict):
                # History written as data directly (the demo programme): {"action": "…"}.
                for key, value in zip(node.keys, node.values, strict=True):
                    if _text(key) == "action" and _text(value):
                        found["history"].add(_text(value))
    return found


def test_the_source_is_read_for_codes():
    found = codes_in_source()
    assert {"locked", "photo-too-large", "factor-off-scale", "not-on-scale"} <= found["errors"]
    assert {"due-before-start", "unknown-choice"} <= found["problems"]
    assert {"no-worker", "weak-only"} <= found["notices"]
    assert {"created", "rated", "status", "visit-note", "reviewed"} <= found["history"]


@pytest.mark.parametrize("kind", ["errors", "problems", "notices", "missing", "history"])
def test_every_code_raised_by_the_models_has_a_sentence_in_english_and_mongolian(kind):
    english, mongolian = messages.sentences("en")[kind], messages.sentences("mn")[kind]
    known = {key.split(":")[0] for key in english}
    missing = sorted(codes_in_source()[kind] - known)
    assert not missing, f"no sentence in widgets/register/messages/ for {kind}: {missing}"
    for code, sentence in english.items():
        words = PLACEHOLDER.sub("", sentence)
        if re.search(r"[A-Za-z]{2}", words):
            assert mongolian[code] != sentence, f"{code}: not translated into Mongolian"
            assert CYRILLIC.search(mongolian[code]), code
        assert sorted(PLACEHOLDER.findall(sentence)) == sorted(
            PLACEHOLDER.findall(mongolian[code])
        ), code


def test_a_refusal_is_said_in_the_language_asked_for():
    a = filled()
    a.mark_reviewed(by="Сургагч Оюун")
    with pytest.raises(RegisterError) as caught:
        a.add_hazard("Шат", "mechanical", by="Бат")
    english = messages.error_text(caught.value, "en")
    mongolian = messages.error_text(caught.value, "mn")
    assert english.startswith("This assessment was marked reviewed by Сургагч Оюун")
    assert "Сургагч Оюун" in mongolian
    assert CYRILLIC.sub("", mongolian.replace("Сургагч Оюун", "")).strip(" ;,.") == ""
    assert str(caught.value) == "locked: who='Сургагч Оюун'", "an English line for the log"


def test_ids_in_a_refusal_are_said_with_their_labels():
    a = kindergarten()
    hazard = a.add_hazard("Шат", "mechanical", by="Бат")
    with pytest.raises(RegisterError) as caught:
        a.rate(hazard.id, {"likelihood": 3, "severity": 2}, by="Бат", band="high")
    assert messages.error_text(caught.value, "en") == (
        "The computed band is Medium; choosing High instead needs a written reason of at "
        "least 15 characters"
    )
    assert "Өндөр түвшинг" in messages.error_text(caught.value, "mn")


def test_invalid_values_are_said_field_by_field():
    a = filled()
    hazard = a.hazards[0]
    measure = hazard.measures[0]
    with pytest.raises(RegisterError) as caught:
        a.edit_measure(hazard.id, measure.id, by="Бат", budget=-5, due=date(2020, 1, 1))
    english = messages.error_text(caught.value, "en")
    assert "Budget: use a number of at least 0" in english
    assert "Төсөв: тоо бичнэ үү; хамгийн бага утга нь 0" in messages.error_text(caught.value, "mn")
    with pytest.raises(RegisterError) as caught:
        a.update_profile(by="Бат", sector="bakery")
    assert messages.error_text(caught.value, "en").startswith(
        "Sector: 'bakery' is not on the list; choose one of"
    )


def test_an_unknown_code_still_says_something():
    text = messages.error_text(CodedError("no-such-code", x=1), "en")
    assert text == "This change could not be made (no-such-code)."


def test_an_import_problem_is_said_in_either_language():
    problem = RowProblem(4, "Магадлал", "not-on-scale", {"value": "6", "allowed": ["1", "2"]})
    assert messages.row_problem_text(problem, "en") == (
        "'6' is not on the scale; allowed values: 1, 2"
    )
    assert messages.row_problem_text(problem, "mn").startswith("'6' нь")
    header = RegisterError(
        "columns-missing", row=1, missing=[{"column": "title", "names": ["title", "аюул"]}]
    )
    assert messages.error_text(header, "en") == (
        "Row 1: no column for title; name it one of: title, аюул"
    )


def test_notices_name_the_band_in_the_reader_s_language():
    a = kindergarten()
    hazard = a.add_hazard("Халуун тос", "physical", by="Бат")
    a.rate(hazard.id, {"likelihood": 4, "severity": 4}, by="Бат")
    a.add_measure(hazard.id, by="Бат", text="Бээлий өгөх", level="ppe")
    [weak] = [n for n in a.notices() if n.kind == "weak-only"]
    assert messages.notice_text(weak, "en").startswith("Халуун тос: a High risk is met only")
    assert "Өндөр эрсдэлд" in messages.notice_text(weak, "mn")


def test_every_history_entry_of_an_assessment_reads_in_both_languages():
    a = filled()
    hazard = a.hazards[1]
    a.rate(
        hazard.id,
        {"likelihood": 3, "severity": 2},
        by="Бат",
        band="high",
        reason="Тогооч ганцаараа",
    )
    a.set_status(
        hazard.id,
        hazard.measures[0].id,
        "done",
        by="Бат",
        residual={"likelihood": 1, "severity": 2},
    )
    a.edit_hazard(hazard.id, by="Бат", location="Гал тогоо", who="Тогооч")
    a.update_profile(by="Бат", size="micro")
    a.comment(hazard.id, "Сайн", by="Оюун")
    a.add_visit_note("Анхны айлчлал", by="Оюун")
    a.mark_reviewed(by="Оюун")
    a.reopen(by="Оюун")
    review = a.copy_for_review(a.year + 1, by="Бат")
    for change in [*a.history, *review.history]:
        english, mongolian = messages.describe(change, "en"), messages.describe(change, "mn")
        assert english, change
        assert "{" not in english, change
        assert english != mongolian, change
    said = {c.action: messages.describe(c, "en") for c in reversed(a.history)}
    # The statement in the reader's language, whatever the team's language was.
    assert said["answer"] == "Sockets that children can reach have safety covers: No"
    assert said["profile"] == "Profile changed: Size"
    assert said["hazard-changed"] == "Халуун зуух: changed Location, Who might be harmed and how"
    assert said["status"].endswith(": status Done (residual risk Low)")
    mongolian = {c.action: messages.describe(c, "mn") for c in a.history}
    assert mongolian["status"].endswith("төлөв Хэрэгжсэн (үлдэгдэл эрсдэл Бага)")
    assert messages.describe(review.history[0], "en") == (
        f"Review {a.year + 1} started from the assessment of {a.year}"
    )


def test_a_legacy_entry_is_shown_as_written_in_any_language():
    old = Change.model_validate(
        {"at": "2026-11-02T09:00:00Z", "by": "Бат", "action": "rated", "what": "Шат: medium"}
    )
    assert old.legacy
    assert messages.describe(old, "en") == messages.describe(old, "mn") == "Шат: medium"
