"""The trainer's data notebooks render as pages on the trainer's server (`make trainer`)."""

from __future__ import annotations

import urllib.request

import pytest

from tests.harness import classroom_server
from widgets.paths import project_root
from widgets.programme.demo import DemoOptions, generate

pytestmark = pytest.mark.e2e


def test_the_programme_report_renders_its_tables_and_charts_offline(tmp_path):
    store = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    generate(store, DemoOptions(enterprises=6, participants=4))
    env = {"OSH_DATABASE_URL": store, "OSH_REPORTS_DIR": str(tmp_path / "reports")}
    with classroom_server(
        project_root() / "trainer", tmp_path / "voila.log", pool_size=0, env=env
    ) as server:
        url = server.url + "/voila/render/programme-progress.ipynb?lang=en"
        with urllib.request.urlopen(url, timeout=240) as response:
            html = response.read().decode("utf-8")
    assert "SYNTHETIC DEMO DATA" in html
    # Voila hands the outputs to the page as JSON, which its front end draws.
    assert html.count('"image/png"') >= 5, "the five charts are on the page"
    assert "First risk assessment complete" in html
    assert "Traceback" not in html
    assert "progress = widgets.programme_progress()" not in html, "no source on the page"
    written = sorted(p.name for p in (tmp_path / "reports").rglob("*") if p.is_file())
    assert "bands-before-after.png" in written
    assert any(name.endswith(".xlsx") for name in written)
