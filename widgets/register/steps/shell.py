"""Pieces of the register's page around the steps: its header, the locked state, guidance."""

from __future__ import annotations

from collections.abc import Iterable

import ipywidgets as ipw

from widgets.i18n import _
from widgets.register.model import Assessment
from widgets.ui import forms
from widgets.ui.style import esc


def header_html(a: Assessment, lang: str) -> str:
    """Return the page's heading for ``a``: enterprise, year, method, and whether it is locked."""
    title = _("{enterprise}: risk assessment {year}").format(
        enterprise=a.profile.enterprise, year=a.year
    )
    method = _("Method: {method}").format(method=a.method.name.get(lang))
    parts = [f'<div class="osh-title"><h3>{esc(title)}</h3>{forms.p(method)}</div>']
    if a.locked:
        when = a.reviewed_at.date().isoformat() if a.reviewed_at else ""
        locked = _(
            "Marked reviewed by {who} on {date}: locked until the trainer reopens it."
        ).format(who=a.reviewed_by, date=when)
        parts.append(f'<p class="osh-register-locked" role="status">{esc(locked)}</p>')
    return "".join(parts)


def lock_controls(body: ipw.Box, keep: Iterable[ipw.Widget]) -> None:
    """Disable what would change a locked assessment; ``keep`` stays usable (reports...)."""
    kept = {id(w) for w in keep}
    for widget in forms.walk(body):
        editing = isinstance(widget, ipw.Button | ipw.ValueWidget | ipw.FileUpload)
        if editing and id(widget) not in kept and hasattr(widget, "disabled"):
            widget.disabled = True


def join_guidance() -> ipw.HTML:
    """Return what a page shows before anyone has joined the class."""
    text = _(
        "Join your class above (or continue with your resume code) to open your "
        "enterprise's risk assessment. Everyone of your enterprise works on the same "
        "assessment, and every change is saved as you make it."
    )
    return forms.html(forms.p(text, "osh-register-guidance"))
