"""Form pieces shared by the views: labelled fields, buttons, short HTML, uploads.

Every field carries its label above it at the full width (``osh-field`` in the stylesheet);
every button is an ``osh-action`` (a 44 px target). :func:`testid` adds a stable class
(``osh-field-<name>``) that tests and the stylesheet may find a widget by.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import ipywidgets as ipw

from widgets.i18n import _
from widgets.ui.style import esc


def testid(widget: ipw.Widget, name: str) -> ipw.Widget:
    """Add the stable class ``osh-field-<name>`` to ``widget`` and return it."""
    widget.add_class(f"osh-field-{name}")
    return widget


def field(widget: ipw.Widget, label: str) -> ipw.Widget:
    """Give ``widget`` its label above it and the full width (see ``osh-field`` in the CSS)."""
    widget.description = label
    widget.style = {"description_width": "initial"}
    widget.layout = ipw.Layout(width="100%")
    widget.add_class("osh-field")
    return widget


def text(label: str, value: str = "", area: bool = False) -> ipw.Widget:
    """Return a labelled text field (a text area with ``area``), updated when it loses focus."""
    kind = ipw.Textarea if area else ipw.Text
    return field(kind(value=value, continuous_update=False), label)


def dropdown(label: str, options: list[tuple[str, Any]], value: Any = None) -> ipw.Dropdown:
    """Return a labelled dropdown showing ``value`` (or its first option when absent)."""
    values = [v for _label, v in options]
    chosen = value if value in values else (values[0] if values else None)
    return field(ipw.Dropdown(options=options, value=chosen), label)


def button(label: str, handler: Callable, primary: bool = False) -> ipw.Button:
    """Return a button that calls ``handler`` when clicked."""
    made = ipw.Button(description=label, button_style="primary" if primary else "")
    made.add_class("osh-action")
    made.on_click(handler)
    return made


def html(value: str) -> ipw.HTML:
    """Return an HTML widget of the full width."""
    return ipw.HTML(value, layout=ipw.Layout(width="100%"))


def p(value: str, css: str = "osh-hint") -> str:
    """Return ``value`` as an escaped paragraph of class ``css``."""
    return f'<p class="{css}">{esc(value)}</p>'


def h4(value: str) -> str:
    """Return ``value`` as an escaped heading."""
    return f"<h4>{esc(value)}</h4>"


def warning(value: str) -> str:
    """Return ``value`` as a warning that assistive technology announces."""
    return f'<p class="osh-warning" role="alert">{esc(value)}</p>'


def walk(widget: ipw.Widget) -> Iterator[ipw.Widget]:
    """Yield ``widget`` and all its descendants, depth first."""
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child)


def uploaded(value: object) -> list[tuple[str, bytes]]:
    """Return (name, bytes) of each file a FileUpload holds; anything malformed is skipped."""
    files = []
    for entry in value if isinstance(value, list | tuple) else ():
        if not isinstance(entry, dict):
            continue
        name, content = entry.get("name"), entry.get("content")
        if isinstance(name, str) and isinstance(content, bytes | bytearray | memoryview):
            files.append((name[:200], bytes(content)))
    return files


__all__ = [
    "button",
    "dropdown",
    "field",
    "h4",
    "html",
    "p",
    "testid",
    "text",
    "uploaded",
    "walk",
    "warning",
]


def saved_line(count: int) -> str:
    """Return the "✓ Saved" status line; ``data-saves`` counts the page's saves (for tests)."""
    saved = _("Saved")
    return f'<p class="osh-saved" role="status" data-saves="{int(count)}">✓ {esc(saved)}</p>'


def not_saved_line() -> str:
    """Return the line a page shows when an answer could not be saved."""
    failed = _("Your last answer could not be saved. Please tell your trainer.")
    return f'<p class="osh-error" role="alert">{esc(failed)}</p>'
