"""Exercise files: every mistake a trainer can make is reported with file, line and field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from widgets.content.cli import check, main
from widgets.content.errors import ContentError
from widgets.exercises import schema
from widgets.exercises.catalog import (
    ExerciseUnavailableError,
    exercise_files,
    find_exercise,
    read_exercise,
)

pytestmark = pytest.mark.unit
ROOT = Path(__file__).parents[2]
FIXTURES = ROOT / "tests" / "exercise-files" / "exercises"


@pytest.fixture
def folder(tmp_path) -> Path:
    """A copy of the test exercises, free to break."""
    target = tmp_path / "exercises"
    shutil.copytree(FIXTURES, target)
    return target


def edit(path: Path, old: str, new: str) -> str:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return text


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def problems_of(path: Path):
    with pytest.raises(ContentError) as caught:
        read_exercise(path)
    return caught.value.problems


@pytest.mark.parametrize(
    ("file", "old", "new", "field", "anchor", "words"),
    [
        ("sample-quiz.yaml", "duration_min: 5\n", "", "duration_min", None, ["is missing"]),
        (
            "sample-quiz.yaml",
            "duration_min: 5",
            "duration_min: five",
            "duration_min",
            "duration_min: five",
            ["'five' is not a whole number", "expected"],
        ),
        (
            "sample-quiz.yaml",
            "duration_min: 5",
            "duration_min: 5\nlevel: easy",
            "level",
            "level: easy",
            ["not a known field"],
        ),
        (
            "sample-quiz.yaml",
            "path: images/pixel.png",
            "path: images/missing.png",
            "image.path",
            "path: images/missing.png",
            ["does not exist"],
        ),
        (
            "sample-quiz.yaml",
            "path: images/pixel.png",
            "path: images/fake.png",
            "image.path",
            "path: images/fake.png",
            ["not a real PNG"],
        ),
        (
            "sample-quiz.yaml",
            "path: images/pixel.png",
            "path: ../secret.png",
            "image.path",
            "path: ../secret.png",
            ["expected a path inside the folder"],
        ),
        (
            "sample-quiz.yaml",
            'title: {en: "Sample quiz", mn: "Жишээ асуулт"}',
            'title: {en: "Sample quiz"}',
            "title.mn",
            "title:",
            ["Mongolian (mn)"],
        ),
        (
            "sample-quiz.yaml",
            'title: {en: "Sample quiz", mn: "Жишээ асуулт"}',
            'title: {en: "Sample quiz", mn: ""}',
            "title.mn",
            "title:",
            ["at least 1"],
        ),
        (
            "sample-quiz.yaml",
            "type: quiz",
            "type: essay",
            "type",
            "type: essay",
            ["'essay' is not an exercise type", "quiz"],
        ),
        (
            "sample-quiz.yaml",
            '        correct: true\n        explanation: {en: "Yes',
            '        explanation: {en: "Yes',
            "items[0].options",
            "options:",
            ["exactly one correct option"],
        ),
        (
            "sample-rating.yaml",
            "inherent: {likelihood: 4, severity: 4}",
            "inherent: {likelihood: 6, severity: 4}",
            "items[0].inherent",
            "inherent: {likelihood: 6",
            ["likelihood=6", "1, 2, 3, 4, 5"],
        ),
        (
            "sample-rating.yaml",
            "recommended: [covers]",
            "recommended: [covers, fence]",
            "items[0].recommended[1]",
            "recommended: [covers, fence]",
            ["'fence' is not one"],
        ),
        (
            "sample-rating.yaml",
            "level: ppe",
            "level: luck",
            "items[0].controls[2].level",
            "level: luck",
            ["not a level of the hierarchy"],
        ),
        (
            "sample-rating.yaml",
            "residual: {likelihood: 2, severity: 2}",
            "residual: {likelihood: 5, severity: 4}",
            "items[1].residual",
            "residual: {likelihood: 5",
            ["higher band than the inherent"],
        ),
        (
            "sample-rating.yaml",
            "method: 5x5",
            "method: 9x9",
            "method",
            "method: 9x9",
            ["no method '9x9'"],
        ),
        (
            "sample-sorting.yaml",
            "risk_band: high",
            "risk_band: extreme",
            "risk_band",
            "risk_band: extreme",
            ["not a band of 5x5"],
        ),
        (
            "sample-spotting.yaml",
            '    hazard: true\n    reason: {en: "Fire',
            '    hazard: false\n    reason: {en: "Fire',
            None,
            None,
            None,
        ),
    ],
)
def test_each_mistake_names_file_line_and_field(folder, file, old, new, field, anchor, words):
    path = folder / file
    text = edit(path, old, new)
    if field is None:  # the last case: a spotting exercise with no hazard left
        text = edit(
            path,
            '    hazard: true\n    reason: {en: "People',
            '    hazard: false\n    reason: {en: "People',
        )
        field, anchor, words = "items", "items:", ["at least one observation"]
    problems = problems_of(path)
    problem = next((p for p in problems if p.field == field), None)
    assert problem is not None, [str(p) for p in problems]
    assert problem.file.endswith(file)
    if anchor:
        assert problem.line == line_of(text, anchor), str(problem)
    else:
        assert problem.line is not None
    for word in words:
        assert word in problem.message, str(problem)
    assert str(problem).startswith(f"{problem.file}:{problem.line}: {field}: ")


def test_a_yaml_syntax_error_names_its_line(folder):
    text = edit(folder / "sample-quiz.yaml", "duration_min: 5", "duration_min: [5")
    [problem] = problems_of(folder / "sample-quiz.yaml")
    assert problem.line is not None
    assert problem.line >= line_of(text, "duration_min: [5")
    assert "is not valid YAML" in problem.message


def test_an_id_that_is_not_the_file_name_is_reported(folder):
    text = edit(folder / "sample-quiz.yaml", "id: sample-quiz", "id: other-quiz")
    [problem] = problems_of(folder / "sample-quiz.yaml")
    assert (problem.field, problem.line) == ("id", line_of(text, "id: other-quiz"))


def test_two_files_with_the_same_id_are_reported(folder, capsys):
    (folder / "more").mkdir()
    shutil.copy(folder / "sample-quiz.yaml", folder / "more" / "sample-quiz.yaml")
    count, problems = check(exercise_files(folder))
    assert count == 5
    [problem] = [p for p in problems if p.field == "id"]
    assert problem.field == "id"
    assert problem.line == 1
    assert "is also the id of" in problem.message
    with pytest.raises(ExerciseUnavailableError, match="ids must be unique"):
        find_exercise("sample-quiz", folder)


def test_make_validate_reports_and_fails_on_a_broken_exercise(folder, capsys):
    edit(folder / "sample-quiz.yaml", "duration_min: 5", "duration_min: five")
    assert main([str(folder)]) == 1
    out = capsys.readouterr().out
    assert "sample-quiz.yaml:8: duration_min: 'five' is not a whole number" in out
    assert out.strip().endswith("4 file(s) checked: 1 problem(s) in 1 file(s)")


def test_the_workbook_s_own_content_is_valid(capsys):
    assert main([]) == 0
    assert "no problems" in capsys.readouterr().out


def test_there_are_at_least_two_starter_exercises_of_each_type():
    types = [read_exercise(p).type for p in exercise_files()]
    for kind in schema.TYPES:
        assert types.count(kind) >= 2, (kind, types)


# -- versions --------------------------------------------------------------------------------


def test_a_file_without_a_version_is_told_what_to_write(folder):
    text = edit(folder / "sample-quiz.yaml", "schema_version: 1\n", "")
    [problem] = problems_of(folder / "sample-quiz.yaml")
    assert problem.field == "schema_version"
    assert "is missing; expected 1" in problem.message
    assert problem.line == 1 or problem.line <= line_of(text, "id:")


def test_a_file_for_a_newer_workbook_is_refused_with_the_reason(folder):
    text = edit(folder / "sample-quiz.yaml", "schema_version: 1", "schema_version: 3")
    [problem] = problems_of(folder / "sample-quiz.yaml")
    assert problem.line == line_of(text, "schema_version: 3")
    assert "newer than this workbook reads" in problem.message


def test_an_old_file_is_upgraded_step_by_step(folder, monkeypatch):
    # Pretend the format moved on: version 2 renamed `duration_min` to `minutes`, and
    # version 3 renamed it back. A version-1 file must pass through both steps.
    seen = []

    def v1_to_v2(data):
        seen.append(1)
        data["minutes"] = data.pop("duration_min")
        return data

    def v2_to_v3(data):
        seen.append(2)
        data["duration_min"] = data.pop("minutes")
        return data

    monkeypatch.setattr(schema, "CURRENT_VERSION", 3)
    monkeypatch.setitem(schema.UPGRADES, 1, v1_to_v2)
    monkeypatch.setitem(schema.UPGRADES, 2, v2_to_v3)
    exercise = read_exercise(folder / "sample-quiz.yaml")
    assert seen == [1, 2]
    assert exercise.duration_min == 5
    assert exercise.schema_version == 3
