"""Settings of the whole test run: a scratch store, and the demo programme for data notebooks.

At the root so that its hooks reach the notebooks of ``notebooks/`` and ``trainer/`` too
(a conftest's test hooks apply only below its folder).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

_DEMO = pytest.StashKey[dict]()


def pytest_configure(config):
    """Point every store of the run (nbval's kernels too) at a scratch file from the start.

    The ``scratch_store`` fixture does the same for tests; this covers notebooks collected
    without any test before them (``pytest trainer``), which would otherwise write into the
    trainer's real store under ``var/``.
    """
    folder = Path(tempfile.mkdtemp(prefix="osh-tests-"))
    config.stash[_DEMO] = {"folder": folder, "env": None}
    os.environ.setdefault("OSH_DATABASE_URL", f"sqlite:///{folder / 'scratch.sqlite3'}")


def pytest_unconfigure(config):
    """Remove the run's scratch folder."""
    shutil.rmtree(config.stash[_DEMO]["folder"], ignore_errors=True)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_setup(item):
    """Start a data notebook's kernel on the demo programme, as its outputs were made.

    nbval starts a notebook's kernel when its first cell is set up, with the environment
    of that moment: the demo store (made once per run), its own reports folder, English.
    """
    from widgets.programme.notebooks import data_notebooks, demo_environment, environment

    if Path(str(item.path)).resolve() not in {p.resolve() for p in data_notebooks()}:
        yield
        return
    demo = item.config.stash[_DEMO]
    if demo["env"] is None:
        folder = demo["folder"] / "demo"
        folder.mkdir()
        demo["env"] = demo_environment(folder)
    with environment(demo["env"]):
        yield
