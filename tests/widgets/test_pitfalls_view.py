"""The pitfalls lab, headless: inputs move, results follow; the chart is drawn on demand."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import widgets

pytestmark = pytest.mark.widgets
ROOT = Path(__file__).parents[2]


def test_range_compression_reacts_to_the_sliders():
    lab = widgets.PitfallsLab()
    assert "Same band" in lab._compression_out.value
    assert "illustrative" in lab._compression_out.value
    first_likelihood = lab._sliders["first"][0]
    first_likelihood.value = 5
    assert "Different bands" in lab._compression_out.value


def test_the_method_chart_is_a_png_and_the_reversals_are_said_in_words():
    lab = widgets.PitfallsLab()
    lab._tabs.selected_index = 1
    assert bytes(lab._chart.value).startswith(b"\x89PNG")
    assert "puts" in lab._ranking_out.value
    for box in list(lab._method_boxes.values())[1:]:
        box.value = False
    assert "agree on the order" in lab._ranking_out.value


def test_band_edges_and_severity_tabs():
    lab = widgets.PitfallsLab()
    lab._tabs.selected_index = 2
    lab._edge.value = 10
    assert "10 of 25 cells are high." in lab._edge_out.value
    assert "becomes high" in lab._edge_out.value
    lab._tabs.selected_index = 3
    lab._view.value = "mixed"
    assert "osh-band-high" in lab._severity_out.value


def test_matplotlib_loads_only_when_the_chart_tab_opens():
    code = "import sys, widgets\nwidgets.PitfallsLab()\nprint('matplotlib' in sys.modules)\n"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert result.stdout.strip() == "False"


def test_the_lab_follows_the_page_language():
    from widgets.i18n import set_language

    lab = widgets.PitfallsLab()
    set_language("mn")
    assert lab._tabs.titles[0] == "Ижил түвшин үү?"
    assert "Ижил түвшин" in lab._compression_out.value
