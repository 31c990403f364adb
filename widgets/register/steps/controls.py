"""Step 4, the action plan: the measures of each hazard, from the library or the team's own."""

from __future__ import annotations

from datetime import date

import ipywidgets as ipw

from widgets.hierarchy.model import hierarchy
from widgets.i18n import _, language
from widgets.measures.model import library
from widgets.register import messages
from widgets.register.model import Assessment, Hazard
from widgets.register.session import parse_budget
from widgets.register.steps.base import FAILED, chip, hazard_card, level_picker, status_words
from widgets.register.steps.measure import MeasureEditor
from widgets.ui import forms


class ControlsStep(MeasureEditor):
    """The hazard chosen, its measures, and the form of a new or chosen measure."""

    def build(self, a: Assessment, lang: str) -> list[ipw.Widget]:
        """Return the weak-measures warning, the hazard, its measures and a measure's form."""
        hazard = self.selected_hazard(a)
        if hazard is None:
            return [forms.html(forms.p(_("Add hazards in step 2 first; then plan measures here.")))]
        weak = [n for n in a.notices() if n.kind == "weak-only"]
        parts: list[ipw.Widget] = []
        if weak:
            parts.append(
                forms.html("".join(forms.warning(messages.notice_text(n, lang)) for n in weak))
            )
        parts.append(self.hazard_picker(a, lang))
        card = hazard_card(hazard)
        card += f"<p>{chip(hazard.rating, lang)}</p>"
        parts.append(forms.html(card))
        ids = [m.id for m in hazard.measures]
        if self.picked.measure_id not in ids:
            self.picked.measure_id = None
        options = [(_("+ New measure"), "")]
        words = status_words()
        for number, m in enumerate(hazard.measures, 1):
            options.append((f"{number}. {m.text[:60]} ({words[m.status]})", m.id))
        measure_picker = forms.dropdown(_("Measure"), options, self.picked.measure_id or "")
        measure_picker.observe(self._on_measure_pick, names="value")
        self.keep.append(forms.testid(measure_picker, "measure"))
        parts.append(measure_picker)
        if self.picked.measure_id is None:
            parts += self._new_measure(a, hazard, lang)
        else:
            measure = a.measure(hazard.id, self.picked.measure_id)
            parts += self.edit_measure(a, hazard, measure, lang)
        return parts

    def _on_measure_pick(self, change: dict) -> None:
        self.picked.measure_id = change["new"] or None
        self.picked.done_pending = None
        self.app._clear()
        self.app._render_body()

    def _new_measure(self, a: Assessment, hazard: Hazard, lang: str) -> list[ipw.Widget]:
        self.source = ipw.ToggleButtons(
            options=[(_("From the measures library"), "library"), (_("Our own measure"), "own")],
            value="library",
            style={"button_width": "auto"},
        )
        forms.testid(self.source, "source")
        options = library_options(a, hazard, lang, show_all=False)
        self.library = forms.dropdown(_("Measure from the library"), options)
        self.all_measures = ipw.Checkbox(
            value=False, description=_("Show all measures"), indent=False
        )
        self.all_measures.add_class("osh-register-all-measures")
        self.all_measures.observe(self._on_all_measures_change, names="value")
        self.text = forms.text(_("Our measure"), area=True)
        self.text.layout.display = "none"
        first = library().get(self.library.value).level if options else None
        self.level = level_picker(lang, first)
        self.responsible = forms.text(_("Responsible person"))
        self.budget = forms.text(_("Budget (MNT)"))
        self.start = forms.field(ipw.DatePicker(value=None), _("Start"))
        suggested = a.suggest_due(hazard.id)
        self.due = forms.field(ipw.DatePicker(value=suggested), _("Due"))
        hint = (
            _("Due date suggested from the risk band: {date}").format(date=suggested.isoformat())
            if suggested
            else _("Rate the hazard first to get a suggested due date.")
        )
        add = forms.button(_("Add measure"), self._on_measure_add_click, True)
        self.source.observe(self._on_source_change, names="value")
        self.library.observe(self._on_library_pick, names="value")
        self.start.observe(self._on_start_date_change, names="value")
        return [
            self.source,
            self.library,
            self.all_measures,
            self.text,
            self.level,
            self.responsible,
            self.budget,
            self.start,
            self.due,
            forms.html(forms.p(hint)),
            add,
        ]

    def _on_all_measures_change(self, change: dict) -> None:
        a, hazard_id = self.app.assessment, self.picked.hazard_id
        if a is None or hazard_id is None:
            return
        value = self.library.value
        self.library.options = library_options(
            a, a.hazard(hazard_id), language(), bool(change["new"])
        )
        if value in [v for _label, v in self.library.options]:
            self.library.value = value

    def _on_source_change(self, change: dict) -> None:
        own = change["new"] == "own"
        self.library.layout.display = "none" if own else None
        self.all_measures.layout.display = "none" if own else None
        self.text.layout.display = None if own else "none"

    def _on_library_pick(self, change: dict) -> None:
        try:
            self.level.value = library().get(change["new"]).level
        except KeyError:
            return

    def _on_start_date_change(self, change: dict) -> None:
        a, hazard_id = self.app.assessment, self.picked.hazard_id
        if a is None or hazard_id is None or not isinstance(change["new"], date | None):
            return
        old = a.suggest_due(hazard_id, change["old"])
        if self.due.value in (None, old):
            self.due.value = a.suggest_due(hazard_id, change["new"])

    def _on_measure_add_click(self, _button: ipw.Button) -> None:
        ok, budget = self.parsed_budget()
        if not ok:
            return
        hazard_id = self.picked.hazard_id
        own = self.source.value == "own"
        fields = {
            "text": self.text.value if own else None,
            "library_id": None if own else self.library.value,
            "level": self.level.value,
            "responsible": self.responsible.value,
            "budget": budget,
            "start": self.start.value,
            "due": self.due.value,
        }
        measure = self.app._change(
            lambda a, by: a.add_measure(hazard_id, by, **fields), redraw=False
        )
        if measure is not FAILED:
            self.picked.measure_id = measure.id
            self.app._info(_("Measure added: {measure}").format(measure=measure.text))
        self.app._render_body_keep_message()

    def parsed_budget(self) -> tuple[bool, float | None]:
        """Return whether the budget written is a number (or empty), and the number."""
        try:
            return True, parse_budget(self.budget.value)
        except ValueError:
            self.app._clear()
            self.app._error(_("Write the budget as a number, for example 150000."))
            return False, None


def library_options(
    a: Assessment, hazard: Hazard, lang: str, show_all: bool
) -> list[tuple[str, str]]:
    """Return the measures for the hazard's category and sector (or all) as options."""
    suggested = library().suggested(hazard.category, a.profile.sector)
    if show_all:
        ids = {m.id for m in suggested}
        suggested += [m for m in library().measures if m.id not in ids]
    levels = {level.id: level.label.get(lang) for level in hierarchy().levels}
    return [(f"{m.text.get(lang)} ({levels[m.level]})", m.id) for m in suggested]
