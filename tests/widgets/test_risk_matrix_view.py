"""RiskMatrix and MethodComparison, built headless: clicks, traits and what the page shows."""

from __future__ import annotations

from decimal import Decimal

import ipywidgets as ipw
import pytest
import traitlets

import widgets
from widgets.i18n import set_language

pytestmark = pytest.mark.widgets


def walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child)


def cells(app):
    return [w for w in walk(app) if "osh-risk-cell" in w._dom_classes]


def cell(app, **values):
    for button in cells(app):
        if app._buttons[id(button)][1] == values:
            return button
    raise LookupError(values)


def shown(app) -> str:
    return " ".join(w.value for w in walk(app) if isinstance(w, ipw.HTML))


def test_a_two_factor_method_draws_one_cell_per_combination():
    app = widgets.RiskMatrix("5x5")
    buttons = cells(app)
    assert len(buttons) == 25
    assert sorted(int(b.description) for b in buttons) == sorted(
        lk * sv for lk in range(1, 6) for sv in range(1, 6)
    )
    top_left = buttons[0]
    assert app._buttons[id(top_left)][1] == {"likelihood": 5, "severity": 1}


def test_clicking_a_cell_shows_score_band_and_what_it_requires():
    app = widgets.RiskMatrix("5x5")
    cell(app, likelihood=4, severity=4).click()
    band = widgets.get_method("5x5").band("high")
    assert (app.value, app.score, app.band) == ({"likelihood": 4, "severity": 4}, 16, "high")
    text = app.children[-1].value
    assert 'class="osh-band-label osh-band-high"' in text
    assert ">High</span>" in text
    assert band.requires.en in text
    assert band.deadline.en in text
    assert "osh-selected" in cell(app, likelihood=4, severity=4)._dom_classes
    assert "osh-selected" not in cell(app, likelihood=4, severity=3)._dom_classes


def test_a_band_is_never_shown_by_colour_alone():
    app = widgets.RiskMatrix("5x5")
    for button in cells(app):
        assert button.tooltip
        band = app._method.band_for(Decimal(button.description))
        assert band.label.en in button.tooltip
    legend = shown(app)
    for band in app._method.bands:
        assert band.label.en in legend


def test_three_factor_methods_get_one_picker_per_factor():
    app = widgets.RiskMatrix("oira-kinney")
    assert cells(app) == []
    pickers = [w for w in walk(app) if isinstance(w, ipw.Dropdown)]
    assert [p.description for p in pickers] == ["Probability", "Frequency", "Severity"]
    assert app.band is None
    pickers[0].value = 5
    pickers[1].value = 7
    assert app.band is None
    pickers[2].value = 10
    assert (app.score, app.band) == (350, "high")


def test_the_estimated_method_offers_the_bands_themselves():
    app = widgets.RiskMatrix("estimated")
    labels = [b.description for b in cells(app)]
    assert labels == ["Low", "Medium", "High"]
    cells(app)[1].click()
    assert (app.score, app.band) == (None, "medium")


def test_a_fresh_matrix_shows_no_rating_only_an_invitation():
    app = widgets.RiskMatrix("3x3")
    assert (app.value, app.band) == ({}, None)
    assert "osh-band-label" not in app.children[-1].value
    assert "Choose the cell" in app.children[-1].value


@pytest.mark.parametrize(
    "bad",
    [{"likelihood": 9, "severity": 1}, {"likelihood": 1, "danger": 3}, {"likelihood": "1"}],
)
def test_values_off_the_scale_are_refused_and_change_nothing(bad):
    app = widgets.RiskMatrix("5x5")
    app.select(likelihood=2, severity=3)
    with pytest.raises(traitlets.TraitError):
        app.value = bad
    with pytest.raises(widgets.RatingError):
        app.select(**bad)
    assert (app.value, app.score, app.band) == ({"likelihood": 2, "severity": 3}, 6, "medium")


def test_a_value_with_keys_that_are_not_names_is_refused():
    app = widgets.RiskMatrix("5x5")
    with pytest.raises(traitlets.TraitError, match="factor names"):
        app.value = {1: 2}
    assert app.value == {}


def test_switching_language_closes_the_widgets_it_replaces():
    app = widgets.RiskMatrix("5x5")
    before = [w for w in walk(app) if w is not app]
    set_language("mn")
    replaced = [w for w in before if w is not app.children[-1]]
    assert replaced
    assert all(w.comm is None for w in replaced)
    assert all(w.comm is not None for w in walk(app))


def test_reset_clears_the_rating():
    app = widgets.RiskMatrix("5x5")
    app.select(likelihood=2, severity=3)
    app.reset()
    assert (app.value, app.score, app.band) == ({}, None, None)
    assert not [b for b in cells(app) if "osh-selected" in b._dom_classes]


def test_an_unknown_method_shows_a_short_message_instead_of_failing(caplog):
    app = widgets.RiskMatrix("7x7")
    message = app.children[-1].value
    assert "osh-error" in message
    assert "7x7" in message
    assert "trainer" in message
    assert "known methods" not in message
    assert "known methods" in caplog.text


def test_switching_language_redraws_in_mongolian_and_keeps_the_rating():
    app = widgets.RiskMatrix("5x5")
    app.select(likelihood=3, severity=4)
    set_language("mn")
    assert app.value == {"likelihood": 3, "severity": 4}
    text = app.children[-1].value
    assert ">Дунд</span>" in text
    assert "Оноо 12" in text
    assert "Магадлал" in cell(app, likelihood=3, severity=4).tooltip
    assert "osh-selected" in cell(app, likelihood=3, severity=4)._dom_classes


def test_the_comparison_lists_each_method_and_says_whether_they_agree():
    app = widgets.MethodComparison(["5x5", "3x3"])
    picker = next(w for w in walk(app) if isinstance(w, ipw.Dropdown))
    assert picker.value == "5x5"
    first = app._holder.children[0]
    first.select(likelihood=5, severity=5)
    assert app.ratings == {"5x5": "high"}
    assert "another method" in app._summary.value
    picker.value = "3x3"
    second = app._holder.children[0]
    assert second is not first
    assert second.method == "3x3"
    second.select(likelihood=1, severity=1)
    assert app.ratings == {"5x5": "high", "3x3": "low"}
    assert "disagree" in app._summary.value
    second.select(likelihood=3, severity=3)
    assert "same level" in app._summary.value
    picker.value = "5x5"
    assert app._holder.children[0] is first
    assert first.value == {"likelihood": 5, "severity": 5}


def test_the_language_bar_switches_every_view_and_the_lesson_text():
    bar = widgets.LanguageBar()
    app = widgets.RiskMatrix("3x3")
    toggle = next(w for w in walk(bar) if isinstance(w, ipw.ToggleButtons))
    toggle.value = "mn"
    assert bar.value == "mn"
    assert ".celltag_lang-en" in bar._style.value
    assert ".celltag_lang-mn" not in bar._style.value
    assert "Аюулд тохирох нүдийг" in app.children[-1].value
