"""Notebooks stay thin, bilingual, clean and in the lesson skeleton; their calls resolve."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

import widgets
from widgets.exercises.catalog import find_exercise

pytestmark = pytest.mark.notebooks
ROOT = Path(__file__).parents[2]
NOTEBOOKS = sorted(
    p
    for folder in ("notebooks", "trainer")
    for p in (ROOT / folder).rglob("*.ipynb")
    if ".ipynb_checkpoints" not in p.parts
)
LESSONS = [p for p in NOTEBOOKS if p.parent.name == "notebooks" and p.name[:2].isdigit()]
DATA = [
    p
    for p in NOTEBOOKS
    if json.loads(p.read_text("utf-8"))["metadata"].get("osh", {}).get("data_notebook")
]
SKELETON = {
    "en": [
        "# ",
        "In this lesson you will",
        "## Before you start",
        "## Activity",
        "## Key points",
        "## What's next",
        "## Sources",
    ],
    "mn": [
        "# ",
        "Энэ хичээлээр",
        "## Эхлэхийн өмнө",
        "## Дасгал",
        "## Гол санаа",
        "## Дараа нь",
        "## Эх сурвалж",
    ],
}


def cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def source(cell: dict) -> str:
    return "".join(cell["source"])


def ids(path: Path) -> list[str]:
    return [path.relative_to(ROOT).as_posix()]


def test_there_is_a_risk_matrix_lesson_and_a_trainer_preview():
    assert ROOT / "notebooks" / "03-risk-matrix.ipynb" in LESSONS
    assert ROOT / "trainer" / "preview.ipynb" in NOTEBOOKS


def test_no_trainer_notebook_lies_in_the_served_folder():
    served = [p for p in NOTEBOOKS if "notebooks" in p.relative_to(ROOT).parts[:1]]
    assert not [p for p in served if "trainer" in p.name or "trainer" in p.parts]


def test_notebook_names_are_numbered_kebab_case():
    for path in LESSONS:
        stem = path.stem
        assert re.fullmatch(r"\d\d-[a-z0-9]+(?:-[a-z0-9]+)*", stem), path.name


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebooks_hold_no_logic(path):
    code = [source(c) for c in cells(path) if c["cell_type"] == "code"]
    assert code, "a notebook with no code cell shows no activity"
    first = ast.parse(code[0])
    assert all(isinstance(n, ast.Import | ast.ImportFrom) for n in first.body), (
        "the first code cell only imports"
    )
    for text in code[1:]:
        tree = ast.parse(text)
        assert len(tree.body) == 1, f"one call per activity cell: {text!r}"
        statement = tree.body[0]
        if path in DATA and isinstance(statement, ast.Assign):
            # A data notebook names its report once: `report = widgets.class_report()`.
            assert [type(t) for t in statement.targets] == [ast.Name], text
            statement = ast.Expr(statement.value)
        assert isinstance(statement, ast.Expr), text
        assert isinstance(statement.value, ast.Call), text
        forbidden = (ast.FunctionDef, ast.ClassDef, ast.Lambda, ast.For, ast.While, ast.If)
        assert not any(isinstance(n, forbidden) for n in ast.walk(tree)), text


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_activity_a_notebook_calls_exists(path):
    for cell in cells(path):
        if cell["cell_type"] != "code":
            continue
        for node in ast.walk(ast.parse(source(cell))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                owner = node.func.value
                if not (isinstance(owner, ast.Name) and owner.id == "widgets"):
                    continue  # a data notebook's report: see the test below
                assert node.func.attr in widgets.__all__, node.func.attr
                names = [a.value for a in node.args if isinstance(a, ast.Constant)]
                for name in names:
                    if node.func.attr == "Exercise":
                        find_exercise(name)  # raises when the exercise is missing or broken
                    else:
                        assert name in widgets.methods(), name


@pytest.mark.parametrize("path", DATA, ids=lambda p: p.name)
def test_a_data_notebook_calls_only_what_its_report_has(path):
    import typing

    kinds: dict[str, type] = {}
    for cell in cells(path):
        if cell["cell_type"] != "code":
            continue
        statement = ast.parse(source(cell)).body[0]
        if isinstance(statement, ast.Assign):
            call = statement.value
            returned = typing.get_type_hints(getattr(widgets, call.func.attr))["return"]
            kinds[statement.targets[0].id] = returned
        elif isinstance(statement, ast.Expr) and isinstance(statement.value.func, ast.Attribute):
            owner = statement.value.func.value
            if isinstance(owner, ast.Name) and owner.id in kinds:
                assert callable(getattr(kinds[owner.id], statement.value.func.attr, None)), (
                    f"{owner.id}.{statement.value.func.attr} does not exist"
                )


@pytest.mark.parametrize("path", DATA, ids=lambda p: p.name)
def test_data_notebooks_keep_their_outputs_on_the_demo_data_and_compare_them(path):
    code = [c for c in cells(path) if c["cell_type"] == "code"]
    shown = [c for c in code if not source(c).startswith(("import ", "report =", "progress ="))]
    assert shown, "a data notebook shows something"
    for cell in code[1:]:
        assert "nbval-check-output" in cell["metadata"].get("tags", []), source(cell)
    for cell in shown:
        assert cell["outputs"], f"no committed output: {source(cell)}"
        assert all(o["output_type"] != "error" for o in cell["outputs"]), source(cell)
    text = json.dumps([c["outputs"] for c in shown])
    assert "SYNTHETIC DEMO DATA" in text, "the committed outputs come from the demo data"
    markdown = [c for c in cells(path) if c["cell_type"] == "markdown"]
    tags = [c.get("metadata", {}).get("tags", []) for c in markdown]
    assert tags == [["lang-mn"], ["lang-en"]] * (len(markdown) // 2)


def test_the_data_notebooks_are_the_ones_kept_with_outputs():
    from widgets.programme.notebooks import data_notebooks

    assert sorted(DATA) == sorted(data_notebooks())
    assert all(p.parent.name == "trainer" for p in DATA), "data notebooks are never served"


@pytest.mark.parametrize("path", [p for p in NOTEBOOKS if p not in DATA], ids=lambda p: p.name)
def test_notebooks_are_committed_without_outputs(path):
    for cell in cells(path):
        if cell["cell_type"] == "code":
            assert cell["outputs"] == []
            assert cell["execution_count"] is None


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_lesson_text_comes_in_mongolian_and_english_pairs(path):
    markdown = [c for c in cells(path) if c["cell_type"] == "markdown"]
    tags = [c.get("metadata", {}).get("tags", []) for c in markdown]
    assert tags == [["lang-mn"], ["lang-en"]] * (len(markdown) // 2), (
        "each markdown cell is tagged lang-mn or lang-en, Mongolian first, in pairs"
    )
    for mn, en in zip(markdown[::2], markdown[1::2], strict=True):
        assert source(mn).strip()
        assert source(en).strip()
        assert any("\u0400" <= ch <= "\u04ff" for ch in source(mn)), "Mongolian is Cyrillic"
        headings = [
            [line for line in source(c).splitlines() if line.startswith("#")] for c in (mn, en)
        ]
        assert [h.split(" ")[0] for h in headings[0]] == [h.split(" ")[0] for h in headings[1]], (
            "both languages have the same headings"
        )


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_lessons_follow_the_skeleton(path):
    for lang, steps in SKELETON.items():
        text = "\n".join(
            source(c)
            for c in cells(path)
            if c["cell_type"] == "markdown" and f"lang-{lang}" in c["metadata"].get("tags", [])
        )
        positions = [text.find(step) for step in steps]
        assert -1 not in positions, (lang, dict(zip(steps, positions, strict=True)))
        assert positions == sorted(positions), f"{lang}: sections out of order"


def test_the_language_bar_comes_before_any_activity():
    for path in LESSONS:
        calls = [source(c) for c in cells(path) if c["cell_type"] == "code"][1:]
        assert calls[0].strip() == "widgets.LanguageBar()", path.name
