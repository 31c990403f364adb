"""The trainer's page: who acts (the trainer's name) and which class and assessment."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import ipywidgets as ipw

from widgets.i18n import _
from widgets.store import session
from widgets.ui import forms

if TYPE_CHECKING:
    from widgets.register.view import RiskAssessment

log = logging.getLogger("widgets.register.view")


class Chooser(ipw.VBox):
    """The trainer's name and the choice of class and enterprise's assessment.

    Parameters
    ----------
    app
        The trainer's app: choosing a class or an assessment opens it afresh.
    """

    def __init__(self, app: RiskAssessment):
        self.app = app
        self.name = forms.testid(forms.text(""), "trainer-name")
        self.classes = forms.testid(forms.dropdown("", []), "class")
        self.chosen = forms.testid(forms.dropdown("", []), "assessment")
        super().__init__([self.name, self.classes, self.chosen], layout=ipw.Layout(width="100%"))
        self.add_class("osh-register-chooser")
        try:
            classes = session.store().classes()
        except Exception:
            log.exception("register: classes could not be listed for the trainer")
            classes = []
        self.classes.options = [(f"{c['code']} · {c['name']}", c["code"]) for c in classes]
        if classes:  # the newest class, as on the debrief page
            self.classes.value = classes[-1]["code"]
        self._list_assessments()
        self.classes.observe(self._on_class_pick, names="value")
        self.chosen.observe(self._on_assessment_pick, names="value")
        self.label()

    @property
    def class_code(self) -> str | None:
        """The class chosen, or None."""
        return self.classes.value or None

    def label(self) -> None:
        """Label the fields in the page's language."""
        self.name.description = _("Trainer name")
        self.classes.description = _("Class")
        self.chosen.description = _("Enterprise's assessment")

    def guidance(self) -> ipw.HTML:
        """Say what to do while no assessment is chosen."""
        if not self.classes.options:
            text = _("There is no class yet: create one on the Classes page (trainer/class.ipynb).")
        elif len(self.chosen.options) <= 1:
            text = _("No enterprise of class {code} has started a risk assessment yet.").format(
                code=self.classes.value
            )
        else:
            text = _("Choose an enterprise's assessment above.")
        return forms.html(forms.p(text, "osh-register-guidance"))

    def _list_assessments(self) -> None:
        """List the assessments of the class chosen, by enterprise, newest year first."""
        rows = []
        if self.classes.value:
            try:
                rows = self.app._register().assessments(self.classes.value)
            except Exception:
                log.exception("register: assessments of %s not listed", self.classes.value)
        rows.sort(key=lambda r: (r["enterprise"].casefold(), -r["year"]))
        options = [("—", "")]
        for row in rows:
            lock = " · " + _("reviewed") if row["locked"] else ""
            # Kept from a merge or from before enterprise records: no enterprise opens it.
            aside = " · " + _("set aside") if row["enterprise_id"] is None else ""
            options.append((f"{row['enterprise']} · {row['year']}{lock}{aside}", row["id"]))
        self.chosen.options = options
        self.chosen.value = ""

    def _on_class_pick(self, _change: dict) -> None:
        self.chosen.unobserve(self._on_assessment_pick, names="value")
        self._list_assessments()
        self.chosen.observe(self._on_assessment_pick, names="value")
        self.app._restart()

    def _on_assessment_pick(self, _change: dict) -> None:
        self.app._restart()
