"""What every step of the register's app shares: the step class, the guard, common pieces."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import ipywidgets as ipw

from widgets.hierarchy.model import hierarchy
from widgets.i18n import _
from widgets.register.model import Assessment, Hazard, Rating
from widgets.register.settings import settings
from widgets.risk.model import get_method, methods
from widgets.ui import forms
from widgets.ui.bands import band_chip
from widgets.ui.style import esc

if TYPE_CHECKING:
    from widgets.register.view import RiskAssessment

log = logging.getLogger("widgets.register.view")

FAILED = object()
"""What a change returns on the page when it was refused or not saved."""


@dataclass
class Picked:
    """What the page has chosen between redraws: hazard, measure, checklist page, import."""

    hazard_id: str | None = None
    edit_id: str | None = None
    measure_id: str | None = None
    done_pending: str | None = None
    page: int = 0
    import_html: str = ""

    def forget(self) -> None:
        """Forget the hazard, measure and pending "done" chosen."""
        self.hazard_id = self.measure_id = self.done_pending = None


class Step:
    """One part of the app: builds its widgets from the assessment, acts through the app.

    Parameters
    ----------
    app
        The app shell: it holds the session, the message line and what is chosen.
    """

    def __init__(self, app: RiskAssessment):
        self.app = app
        self.keep: list[ipw.Widget] = []
        """Widgets that stay enabled on a locked assessment."""

    @property
    def picked(self) -> Picked:
        """What the page has chosen."""
        return self.app._picked

    def build(self, a: Assessment, lang: str) -> list[ipw.Widget]:
        """Return the step's widgets for ``a`` in ``lang``."""
        raise NotImplementedError

    # -- shared pieces -----------------------------------------------------------------
    def selected_hazard(self, a: Assessment) -> Hazard | None:
        """Return the hazard chosen (the first one when none is)."""
        ids = [h.id for h in a.hazards]
        if self.picked.hazard_id not in ids:
            self.picked.hazard_id = ids[0] if ids else None
        return a.hazard(self.picked.hazard_id) if self.picked.hazard_id else None

    def hazard_picker(self, a: Assessment, lang: str) -> ipw.Dropdown:
        """Return the choice of hazard; choosing one redraws the step."""
        picker = forms.dropdown(_("Hazard"), hazard_options(a, lang), self.picked.hazard_id)
        picker.observe(self._on_hazard_pick, names="value")
        self.keep.append(picker)
        return forms.testid(picker, "hazard")

    def _on_hazard_pick(self, change: dict) -> None:
        self.picked.hazard_id = change["new"] or None
        self.picked.measure_id = self.picked.done_pending = None
        self.app._clear()
        self.app._render_body()


def trainer_only(callback: Callable) -> Callable:
    """Let a step's callback act only on the trainer's page (the store refuses it anyway).

    A viewer can fire any callback, of a hidden or disabled widget too.
    """

    def guarded(self: Step, *args: Any) -> None:
        if not self.app._trainer:
            log.warning("register: %s fired on a participant's page", callback.__name__)
            return
        callback(self, *args)

    guarded.__name__ = callback.__name__
    return guarded


def hazard_options(a: Assessment, lang: str) -> list[tuple[str, str]]:
    """Return the hazards as numbered options with their band."""
    options = []
    for number, hazard in enumerate(a.hazards, 1):
        rating = hazard.rating
        band = rating.band_info.label.get(lang) if rating else _("not rated yet")
        options.append((f"{number}. {hazard.title[:70]} — {band}", hazard.id))
    return options


def hazard_card(hazard: Hazard) -> str:
    """Return the hazard's title, place, who is harmed and existing controls."""
    rows = [
        (_("Where"), hazard.location),
        (_("Who might be harmed, and how"), hazard.who),
        (_("Controls already in place"), hazard.existing),
    ]
    cells = "".join(f"<p><b>{esc(k)}:</b> {esc(v)}</p>" for k, v in rows if v)
    return f'<div class="osh-hazard"><p><b>{esc(hazard.title)}</b></p>{cells}</div>'


def chip(rating: Rating | None, lang: str) -> str:
    """Return a rating's band as a chip, or "not rated yet"."""
    if rating is None:
        return esc(_("not rated yet"))
    return band_chip(rating.band_info, lang)


def notes(items: list) -> str:
    """Return dated, signed notes or comments as a read-only list."""
    shown = "".join(
        f"<li><b>{esc(n.at.date().isoformat())} · {esc(n.by)}:</b> {esc(n.text)}</li>"
        for n in items
    )
    return f'<ul class="osh-register-notes">{shown}</ul>'


def step_words() -> dict[str, str]:
    """Return the names of the steps in the page's language."""
    return {
        "profile": _("1 · Profile"),
        "identify": _("2 · Hazards"),
        "evaluate": _("3 · Evaluation"),
        "controls": _("4 · Action plan"),
        "review": _("5 · Review"),
        "trainer": _("Trainer"),
        "import": _("Import"),
        "reports": _("Reports"),
    }


def answer_words() -> dict[str, str]:
    """Return the checklist answers in the page's language."""
    return {
        "yes": _("Yes"),
        "no": _("No"),
        "not-applicable": _("Not applicable"),
        "later": _("Later"),
    }


def status_words() -> dict[str, str]:
    """Return the statuses of a measure in the page's language."""
    return {"planned": _("Planned"), "in-progress": _("In progress"), "done": _("Done")}


def sector_picker(lang: str, value: str | None) -> ipw.Dropdown:
    """Return the choice of sector."""
    options = [(c.label.get(lang), c.id) for c in settings().sectors]
    return forms.testid(forms.dropdown(_("Sector"), options, value), "sector")


def size_picker(lang: str, value: str | None) -> ipw.Dropdown:
    """Return the choice of size band."""
    options = [(c.label.get(lang), c.id) for c in settings().size_bands]
    return forms.testid(forms.dropdown(_("Size"), options, value), "size")


def method_picker(lang: str, value: str | None) -> ipw.Dropdown:
    """Return the choice of evaluation method."""
    options = [(get_method(m).name.get(lang), m) for m in methods()]
    return forms.testid(forms.dropdown(_("Evaluation method"), options, value or "5x5"), "method")


def language_picker(lang: str, value: str | None = None) -> ipw.Dropdown:
    """Return the choice of the reports' language."""
    options = [("Монгол", "mn"), ("English", "en")]
    picker = forms.dropdown(_("Language of the reports"), options, value or lang)
    return forms.testid(picker, "report-language")


def level_picker(lang: str, value: str | None) -> ipw.Dropdown:
    """Return the choice of level in the hierarchy of controls."""
    options = [(level.label.get(lang), level.id) for level in hierarchy().levels]
    return forms.dropdown(_("Level in the hierarchy of controls"), options, value)
