"""The pitfalls lab's claims hold on its own data (Cox 2008)."""

from __future__ import annotations

import pytest

from widgets.pitfalls.model import (
    band_moved,
    compress,
    high_cells,
    pitfalls,
    rankings,
    reversals,
    severity_views,
)

pytestmark = pytest.mark.unit


def test_range_compression_puts_very_different_risks_in_one_band():
    data = pitfalls().compression
    result = compress(data.first.factors, data.second.factors)
    assert result.same_band
    assert result.harm_ratio >= 10


def test_methods_order_the_same_hazards_differently():
    methods = ["5x5", "3x3", "oira-kinney", "fine-kinney"]
    ranked = rankings(methods)
    assert all(len(ranked[m]) == len(pitfalls().comparison) for m in methods)
    found = reversals(methods)
    assert found
    for above, below, m1, m2 in found:
        first = {h: (e.rank, e.score) for h, e in ranked[m1]}
        second = {h: (e.rank, e.score) for h, e in ranked[m2]}
        assert first[above] > first[below]
        assert second[above] < second[below]


def test_moving_the_band_edge_changes_what_counts_as_high():
    assert high_cells(15) == 6
    assert high_cells(10) > high_cells(15) > high_cells(20)
    lpg = next(h for h in pitfalls().comparison if h.id == "lpg").ratings["5x5"]
    assert band_moved(lpg, 15) == (False, False)
    assert band_moved(lpg, 10) == (False, True)


def test_mixing_worst_severity_with_typical_likelihood_overrates():
    views = severity_views()
    assert views["mixed"].rank > views["typical"].rank
    assert views["mixed"].rank > views["worst"].rank
