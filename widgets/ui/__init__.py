"""Pieces shared by every view: the stylesheet, HTML helpers, widget clean-up."""

from __future__ import annotations

from collections.abc import Iterable

import ipywidgets as ipw


def discard(widgets: Iterable[ipw.Widget]) -> None:
    """Close ``widgets`` and all their descendants (ipywidgets keeps every open one alive)."""
    for widget in widgets:
        discard(getattr(widget, "children", ()))
        widget.close()
