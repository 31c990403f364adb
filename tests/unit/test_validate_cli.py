"""`make validate`: every problem as file:line: field: message, and a failing exit status."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from widgets.content.cli import main

pytestmark = pytest.mark.unit
ROOT = Path(__file__).parents[2]


def test_the_workbook_s_own_files_are_valid(capsys):
    assert main([]) == 0
    assert capsys.readouterr().out.rstrip().endswith("file(s) checked: no problems")


def test_each_problem_is_reported_with_file_line_and_field(tmp_path, capsys):
    folder = tmp_path / "methods"
    folder.mkdir()
    text = (ROOT / "data" / "methods" / "5x5.yaml").read_text(encoding="utf-8")
    text = text.replace('colour: "#f9a825"', 'colour: "amber"').replace("order: 10", "ordre: 10")
    (folder / "5x5.yaml").write_text(text, encoding="utf-8")
    shutil.copy(ROOT / "data" / "methods" / "3x3.yaml", folder / "3x3.yaml")
    assert main([str(folder)]) == 1
    lines = capsys.readouterr().out.splitlines()
    colour_line = text[: text.index('"amber"')].count("\n") + 1
    assert any(
        line.endswith(
            f"5x5.yaml:{colour_line}: bands[1].colour: 'amber' is not allowed: "
            "expected a colour written #rrggbb, such as #2e7d32"
        )
        for line in lines
    ), lines
    assert any(": ordre: is not a known field" in line for line in lines), lines
    assert lines[-1] == "2 file(s) checked: 2 problem(s) in 1 file(s)"


def test_a_file_outside_the_known_folders_is_reported(tmp_path, capsys):
    stray = tmp_path / "notes.yaml"
    stray.write_text("a: 1\n", encoding="utf-8")
    assert main([str(stray)]) == 1
    assert "notes.yaml: is not a file the workbook reads (data/methods/" in (
        capsys.readouterr().out
    )


def test_make_validate_exits_non_zero_on_a_bad_file(tmp_path):
    folder = tmp_path / "methods"
    folder.mkdir()
    (folder / "bad.yaml").write_text("id: [\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "widgets.content.cli", str(folder / "bad.yaml")],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 1
    assert "bad.yaml:2: is not valid YAML" in result.stdout
