"""A chosen measure of the action plan: edited, removed, its status, done with the risk left."""

from __future__ import annotations

from datetime import date
from typing import Any

import ipywidgets as ipw

from widgets.i18n import _
from widgets.register.model import Assessment, Hazard, Measure
from widgets.register.steps.base import FAILED, chip, level_picker, status_words
from widgets.register.steps.photos import PhotoSection
from widgets.risk_matrix.view import RiskMatrix
from widgets.ui import forms
from widgets.ui.style import esc


class MeasureEditor(PhotoSection):
    """The form of a chosen measure, its status, the residual rating and its photos."""

    def parsed_budget(self) -> tuple[bool, float | None]:
        """Return whether the budget written is a number (or empty), and the number."""
        raise NotImplementedError

    def edit_measure(
        self, a: Assessment, hazard: Hazard, measure: Measure, lang: str
    ) -> list[ipw.Widget]:
        """Return the measure's form, its status and (when done) the risk that remains."""
        self.text = forms.text(_("Measure"), measure.text, area=True)
        self.level = level_picker(lang, measure.level)
        self.responsible = forms.text(_("Responsible person"), measure.responsible)
        budget = "" if measure.budget is None else f"{measure.budget:g}"
        self.budget = forms.text(_("Budget (MNT)"), budget)
        self.start = forms.field(ipw.DatePicker(value=measure.start), _("Start"))
        self.due = forms.field(ipw.DatePicker(value=measure.due), _("Due"))
        save = forms.button(_("Save changes"), self._on_measure_save_click, True)
        remove = forms.button(_("Delete measure"), self._on_measure_remove_click)
        words = status_words()
        pending = self.picked.done_pending == measure.id
        status = ipw.ToggleButtons(
            options=[(words[s], s) for s in words],
            value="done" if pending else measure.status,
            description=_("Status"),
            style={"button_width": "auto", "description_width": "initial"},
        )
        status.add_class("osh-register-status")
        status.observe(self._on_status_change, names="value")
        parts: list[ipw.Widget] = [
            self.text,
            self.level,
            self.responsible,
            self.budget,
            self.start,
            self.due,
            ipw.HBox([save, remove], layout=ipw.Layout(flex_flow="row wrap")),
            status,
        ]
        if measure.status == "done" and measure.residual is not None:
            done = _("Done on {date}; the risk that remains:").format(
                date=measure.done_on.isoformat() if measure.done_on else ""
            )
            parts.append(forms.html(f"<p>{esc(done)} {chip(measure.residual, lang)}</p>"))
        elif pending:
            parts += self._residual_form(a)
        parts += self.photos(measure, lang)
        return parts

    def _residual_form(self, a: Assessment) -> list[ipw.Widget]:
        ask = _(
            "Marking the measure done: rate the risk that remains now (residual risk), "
            "then record it. Add before and after photos below."
        )
        self.residual = RiskMatrix(a.profile.method, compact=True)
        self.done_on = forms.field(ipw.DatePicker(value=date.today()), _("Done on"))
        return [
            forms.testid(
                forms.html(f'<p class="osh-warning" role="status">{esc(ask)}</p>'), "residual-ask"
            ),
            self.residual,
            self.done_on,
            forms.button(_("Record as done"), self._on_record_done_click, True),
        ]

    def _on_status_change(self, change: dict) -> None:
        hazard_id, measure_id = self.picked.hazard_id, self.picked.measure_id
        if change["new"] not in status_words() or measure_id is None:
            return
        if change["new"] == "done":
            self.picked.done_pending = measure_id
            self.app._clear()
            self.app._render_body()
            return
        self.picked.done_pending = None
        status = change["new"]
        done = self.app._change(lambda a, by: a.set_status(hazard_id, measure_id, status, by))
        if done is FAILED:
            self.app._render_body_keep_message()

    def _on_record_done_click(self, _button: ipw.Button) -> None:
        hazard_id, measure_id = self.picked.hazard_id, self.picked.measure_id
        residual = dict(self.residual.value) or None
        done_on = self.done_on.value
        done_on = done_on if isinstance(done_on, date) else None
        result = self.app._change(
            lambda a, by: a.set_status(
                hazard_id, measure_id, "done", by, residual=residual, done_on=done_on
            ),
            redraw=False,
        )
        if result is not FAILED:
            self.picked.done_pending = None
            self.app._render_body()

    def _measure_fields(self) -> dict[str, Any] | None:
        ok, budget = self.parsed_budget()
        if not ok:
            return None
        return {
            "text": self.text.value,
            "level": self.level.value,
            "responsible": self.responsible.value,
            "budget": budget,
            "start": self.start.value,
            "due": self.due.value,
        }

    def _on_measure_save_click(self, _button: ipw.Button) -> None:
        fields = self._measure_fields()
        if fields is None:
            return
        hazard_id, measure_id = self.picked.hazard_id, self.picked.measure_id
        self.app._change(lambda a, by: a.edit_measure(hazard_id, measure_id, by, **fields))

    def _on_measure_remove_click(self, _button: ipw.Button) -> None:
        hazard_id, measure_id = self.picked.hazard_id, self.picked.measure_id
        self.picked.measure_id = self.picked.done_pending = None
        self.app._change(lambda a, by: a.remove_measure(hazard_id, measure_id, by))
