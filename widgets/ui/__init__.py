"""Pieces shared by every view: the stylesheet, HTML helpers, widget clean-up."""

from __future__ import annotations

import itertools
from collections.abc import Iterable

import ipywidgets as ipw


def discard(widgets: Iterable[ipw.Widget]) -> None:
    """Close ``widgets`` and all their descendants (ipywidgets keeps every open one alive)."""
    for widget in widgets:
        discard(getattr(widget, "children", ()))
        widget.close()


_scroll_tokens = itertools.count(1)


def scroll_here(block: str = "start") -> str:
    """Return HTML attributes that ask the page to scroll this element into view, once.

    The osh template's script watches for ``data-osh-scroll``: each call gives a new token,
    so the element is scrolled to when it is drawn and not again when it is redrawn with
    the same token. ``block`` is ``start`` (a new step, from its top) or ``nearest`` (a hint
    that opens just below its button).
    """
    token = next(_scroll_tokens)
    return f' data-osh-scroll="{token}" data-osh-block="{block}"'
