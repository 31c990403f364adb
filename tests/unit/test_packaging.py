"""Packaging promises: one dependency list, mirrored for conda, and pure models."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.unit
ROOT = Path(__file__).parents[2]
# PyPI name -> conda-forge name, where they differ.
CONDA_NAMES: dict[str, str] = {}


def requirement(spec: str) -> tuple[str, str]:
    # "psycopg[binary]>=3.1" -> ("psycopg", ">=3.1"): conda names no extras.
    match = re.fullmatch(r"([A-Za-z0-9_.-]+)(?:\[[^\]]*\])?\s*(.*)", spec.strip())
    assert match, spec
    return match.group(1).lower(), match.group(2).replace(" ", "")


def test_environment_yml_names_the_same_packages_and_bounds_as_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = [*project["dependencies"], *project["optional-dependencies"]["test"]]
    wanted = {CONDA_NAMES.get(n, n): b for n, b in map(requirement, declared)}
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    listed = dict(requirement(d) for d in env["dependencies"] if isinstance(d, str) and d != "pip")
    assert listed.pop("python") == ">=" + project["requires-python"].removeprefix(">=")
    assert listed == wanted


def test_voila_is_bounded_above_the_arbitrary_file_read():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert "voila>=0.5.6" in project["dependencies"]


def test_every_dependency_has_a_lower_bound():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    for spec in [*project["dependencies"], *project["optional-dependencies"]["test"]]:
        assert ">=" in spec, spec


def test_model_modules_never_import_ipywidgets():
    models = sorted(
        ".".join(p.relative_to(ROOT).with_suffix("").parts)
        for p in (ROOT / "widgets").rglob("model.py")
    )
    # The trainer's reports are pure too: pandas and matplotlib, never widgets.
    models += [
        ".".join(p.relative_to(ROOT).with_suffix("").parts)
        for p in (ROOT / "widgets" / "programme").glob("[a-z]*.py")
    ]
    assert "widgets.risk.model" in models
    assert "widgets.risk_matrix.model" in models
    code = (
        "import importlib, sys\n"
        f"for name in {[*models, 'widgets', 'widgets.content.cli']!r}:\n"
        "    importlib.import_module(name)\n"
        "print('ipywidgets' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert result.stdout.strip() == "False"
