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


def test_voila_is_above_the_arbitrary_file_read_and_below_the_next_minor_release():
    # >=0.5.6: CVE-2024-30265. <0.6: widgets/server builds on Voila's private handlers.
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    bounds = dict(map(requirement, project["dependencies"]))["voila"]
    assert sorted(bounds.split(",")) == ["<0.6", ">=0.5.6"]


def test_every_dependency_has_a_lower_bound():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    for spec in [*project["dependencies"], *project["optional-dependencies"]["test"]]:
        assert ">=" in spec, spec


def model_modules() -> list[str]:
    """Name every model module: each ``model.py``, and each ``model/`` package with its modules."""
    files = [*(ROOT / "widgets").rglob("model.py"), *(ROOT / "widgets").rglob("model/*.py")]
    return sorted(
        ".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__") for p in files
    )


def test_model_modules_never_import_ipywidgets():
    models = model_modules()
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


# Modules outside the views that decide, store or read files: they raise coded errors and
# keep history as data, and never translate (see widgets/register/messages.py).
NEVER_TRANSLATE = [
    "widgets.errors",
    "widgets.register.errors",
    "widgets.register.importer",
    "widgets.register.photos",
    "widgets.register.settings",
    "widgets.register.store",
    "widgets.register.tables",
    "widgets.programme.demo",
]


def imported_by(names: list[str]) -> str:
    """Import ``names`` in a fresh interpreter; say which of ipywidgets and i18n came too."""
    code = (
        f"import importlib, sys\nfor name in {names!r}:\n    importlib.import_module(name)\n"
        "print(sorted(m for m in ('ipywidgets', 'widgets.i18n') if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return result.stdout.strip()


def test_model_modules_import_neither_ipywidgets_nor_the_page_s_translations():
    # The page language, read in a preheated kernel, waits for the page request: a model
    # that imported widgets.i18n could block on it, or say things in the wrong language.
    names = [*model_modules(), *NEVER_TRANSLATE]
    assert {"widgets.register.model", "widgets.risk.model"} <= set(names)
    if imported_by(names) != "[]":
        culprits = {name: imported_by([name]) for name in names}
        pytest.fail(f"{ {n: c for n, c in culprits.items() if c != '[]'} }")
