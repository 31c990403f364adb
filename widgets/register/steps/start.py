"""The start form: a member's enterprise starts its assessment."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import ipywidgets as ipw

from widgets.i18n import _
from widgets.register import messages
from widgets.register.settings import settings
from widgets.register.steps.base import language_picker, method_picker, sector_picker, size_picker
from widgets.store import session
from widgets.store.people import Person, StoreError
from widgets.ui import forms
from widgets.ui.style import esc

if TYPE_CHECKING:
    from widgets.register.view import RiskAssessment

log = logging.getLogger("widgets.register.view")


class StartForm:
    """Sector, size, method and the reports' language, then Start.

    Parameters
    ----------
    app
        The participant's app, with nothing started yet.
    """

    def __init__(self, app: RiskAssessment):
        self.app = app
        self.keep: list[ipw.Widget] = []

    def build(self, person: Person, lang: str) -> list[ipw.Widget]:
        """Return the form, offering what the trainer enrolled the enterprise with."""
        intro = _(
            "Start your enterprise's risk assessment: choose the sector, the size and the "
            "evaluation method. You can add work areas and the team next."
        )
        name = _("Enterprise: {name}").format(name=person.enterprise)
        record = {}
        if person.enterprise_id is not None:
            try:
                record = session.store().enterprise(person.enterprise_id)
            except StoreError:
                log.warning("register: enterprise %s not found", person.enterprise_id)
        known = {c.id for c in settings().sectors}, {c.id for c in settings().size_bands}
        sector = record.get("sector") if record.get("sector") in known[0] else None
        size = record.get("size") if record.get("size") in known[1] else None
        self.sector = sector_picker(lang, sector)
        self.size = size_picker(lang, size)
        self.method = method_picker(lang, None)
        self.language = language_picker(lang)
        self.start = forms.button(_("Start the assessment"), self._on_start_click, primary=True)
        return [
            forms.html(forms.p(intro) + f"<p><b>{esc(name)}</b></p>"),
            self.sector,
            self.size,
            self.method,
            self.language,
            forms.testid(self.start, "start"),
        ]

    def _on_start_click(self, _button: ipw.Button) -> None:
        app = self.app
        person = session.current()
        if person is None:
            app._render_body()
            return
        app._clear()
        outcome = app._session.start(
            person.name,
            enterprise=person.enterprise,
            sector=self.sector.value,
            size=self.size.value,
            method=self.method.value,
            language=self.language.value,
        )
        if outcome.code == "refused":
            app._error(messages.error_text(outcome.error))
            return
        if outcome.code == "no-actor":
            app._no_actor()
            return
        app.step = "profile"
        if outcome.code == "exists":
            # A team member pressed Start at the same moment: theirs is the one.
            app._load()
            app._info(_("A team member has just started your assessment: here it is."))
            app._render_keep_message()
            return
        if not outcome.ok:
            app._save_failed(outcome.error)
            return
        app._mark_saved()
        app._render()
