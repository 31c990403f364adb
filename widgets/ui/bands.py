"""A risk band as every view shows it: its label on its colour, never the colour alone."""

from __future__ import annotations

from typing import TYPE_CHECKING

from widgets.ui.style import esc

if TYPE_CHECKING:
    from widgets.risk.model import Band


def band_chip(band: Band, lang: str) -> str:
    """Return a band's label as HTML: its text on its colour (never the colour alone)."""
    return (
        f'<span class="osh-band-label osh-band-{esc(band.id)}" '
        f'style="background:{band.colour};color:{band.text_colour}">'
        f"{esc(band.label.get(lang))}</span>"
    )
