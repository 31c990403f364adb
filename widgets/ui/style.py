"""The workbook's stylesheet: linked by the ``osh`` Voila template, inlined in JupyterLab.

The look lives in one file, ``share/jupyter/voila/templates/osh/static/osh.css`` (design
tokens as CSS custom properties); views only add class names. Nothing is fetched from
another host.
"""

from __future__ import annotations

import functools
import html
import os
from pathlib import Path

import ipywidgets as ipw
from jupyter_core.paths import jupyter_path

from widgets.paths import project_root

STYLESHEET = Path("share", "jupyter", "voila", "templates", "osh", "static", "osh.css")
"""The stylesheet, relative to the workbook's root and to each Jupyter data folder."""


def stylesheet_path() -> Path:
    """Return where the stylesheet is: the checkout's, else the installed template's.

    The checkout comes first so that a trainer who edits it in JupyterLab sees the change
    on the kernel's next start; Voila serves the installed copy (``pip install -e .`` installs it).
    """
    candidates = [project_root() / STYLESHEET]
    candidates += [Path(folder).parent.parent / STYLESHEET for folder in jupyter_path()]
    for path in candidates:
        if path.is_file():
            return path
    raise FileNotFoundError(f"the workbook's stylesheet is not installed: {STYLESHEET}")


@functools.cache
def css() -> str:
    """Return the text of the workbook's stylesheet."""
    return stylesheet_path().read_text(encoding="utf-8")


def in_voila() -> bool:
    """Tell whether this kernel draws a Voila page (Voila sets ``VOILA_*`` variables).

    A page Voila renders gets ``VOILA_KERNEL_ID`` (preheated kernels too, before the
    notebook runs) and, when started for a request, ``VOILA_BASE_URL``.
    """
    return any(name in os.environ for name in ("VOILA_KERNEL_ID", "VOILA_BASE_URL"))


def stylesheet() -> ipw.HTML:
    """Return a widget that carries the stylesheet where the page lacks it (invisible).

    A Voila page links the stylesheet once from the ``osh`` template, so under Voila the
    widget is empty; in JupyterLab it holds the stylesheet's text, so that a trainer's
    notebook looks as the participants' pages do.
    """
    text = "" if in_voila() else f"<style>{css()}</style>"
    return ipw.HTML(text, layout=ipw.Layout(display="none"))


def esc(text: object) -> str:
    """Escape ``text`` for HTML."""
    return html.escape(str(text), quote=True)


def number(value: object) -> str:
    """Return a score or scale value as people write it (``15``, ``0.5``), else as text."""
    return f"{value:g}" if isinstance(value, int | float) else str(value)
