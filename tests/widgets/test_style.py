"""The one stylesheet: a file of the osh template, linked by Voila, inlined in JupyterLab."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from widgets.ui import style

pytestmark = pytest.mark.widgets
ROOT = Path(__file__).parents[2]
TEMPLATE = ROOT / "share" / "jupyter" / "voila" / "templates" / "osh"
VOILA = ("VOILA_KERNEL_ID", "VOILA_BASE_URL")


@pytest.fixture
def lab(monkeypatch):
    """A kernel JupyterLab started: no VOILA_* variables."""
    for name in VOILA:
        monkeypatch.delenv(name, raising=False)


def test_in_jupyterlab_the_page_gets_the_stylesheet_file_itself(lab):
    sheet = style.stylesheet()
    assert sheet.layout.display == "none"
    assert sheet.value == f"<style>{(TEMPLATE / 'static' / 'osh.css').read_text()}</style>"


@pytest.mark.parametrize("name", VOILA)
def test_under_voila_the_template_links_it_and_views_add_nothing(monkeypatch, name):
    for other in VOILA:
        monkeypatch.delenv(other, raising=False)
    monkeypatch.setenv(name, "x")
    assert style.stylesheet().value == ""
    page = (TEMPLATE / "index.html.j2").read_text(encoding="utf-8")
    front = (TEMPLATE / "tree.html").read_text(encoding="utf-8")
    link = "voila/templates/osh/static/osh.css"
    assert page.count(link) == 1
    assert front.count(link) == 1


def test_colours_spacing_and_type_are_tokens_set_in_one_place():
    css = (TEMPLATE / "static" / "osh.css").read_text(encoding="utf-8")
    root = re.search(r":root \{(.*?)\n\}", css, re.S)
    assert root, "the tokens live in :root"
    tokens = set(re.findall(r"(--osh-[a-z0-9-]+):", root.group(1)))
    for kind in ("color", "space", "text"):
        assert any(t.startswith(f"--osh-{kind}-") for t in tokens), kind
    used = set(re.findall(r"var\((--osh-[a-z0-9-]+)", css)) - {"--osh-loading"}
    assert used <= tokens, f"tokens used but not set: {sorted(used - tokens)}"
    rest = css.replace(root.group(0), "")
    # Outside the tokens, a colour is a token, except black and white on the band colours.
    literal = set(re.findall(r"#[0-9a-fA-F]{3,6}\b", rest)) - {"#000", "#fff"}
    assert not literal, f"colours outside the tokens: {sorted(literal)}"
    assert "://" not in css, "the stylesheet fetches nothing from another host"


def test_touch_targets_are_at_least_44_px():
    css = (TEMPLATE / "static" / "osh.css").read_text(encoding="utf-8")
    assert "--osh-touch: 44px;" in css
    for selector in (".osh-app .widget-button", ".osh-langbar .widget-toggle-button"):
        rule = css[css.index(selector) :].split("}", 1)[0]
        assert "min-height: var(--osh-touch)" in rule, selector
