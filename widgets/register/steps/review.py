"""Step 5, review: what is missing, the overview of hazards, what is due, next year's review."""

from __future__ import annotations

from datetime import date

import ipywidgets as ipw

from widgets.i18n import _
from widgets.register import messages
from widgets.register.model import Assessment, Hazard
from widgets.register.settings import settings
from widgets.register.steps.base import Step, chip, notes
from widgets.ui import forms
from widgets.ui.style import esc


class ReviewStep(Step):
    """What is missing before printing, all hazards at a glance, measures due, a review copy."""

    def build(self, a: Assessment, lang: str) -> list[ipw.Widget]:
        """Return the missing list, the overview, the measures due and the review copy."""
        due = a.due_measures(date.today())
        weeks = settings().review_window_days // 7
        title = _("Measures overdue or due in the next {weeks} weeks").format(weeks=weeks)
        heads = (_("Hazard"), _("Measure"), _("Responsible"), _("Due"), _("When"))
        rows = []
        for item in due:
            if item.overdue:
                when = _("days overdue: {days}").format(days=-item.days_left)
                css = "osh-register-overdue"
            else:
                when = _("days left: {days}").format(days=item.days_left)
                css = "osh-register-due"
            cells = (
                item.hazard.title,
                item.measure.text,
                item.measure.responsible,
                item.measure.due.isoformat() if item.measure.due else "",
            )
            rows.append(
                f'<tr class="{css}">'
                + "".join(
                    f'<td data-label="{esc(h)}">{esc(c)}</td>'
                    for h, c in zip(heads, cells, strict=False)
                )
                + f'<td data-label="{esc(heads[-1])}"><b>{esc(when)}</b></td></tr>'
            )
        head = "".join(f"<th>{esc(h)}</th>" for h in heads)
        table = (
            '<div class="osh-table-scroll">'
            '<table class="osh-table osh-table-stack osh-register-table">'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
            if rows
            else forms.p(_("Nothing is overdue or due soon."))
        )
        measures = [m for h in a.hazards for m in h.measures]
        summary = _("{hazards} hazards, {rated} rated; {done} of {measures} measures done.").format(
            hazards=len(a.hazards),
            rated=sum(1 for h in a.hazards if h.rating),
            done=sum(1 for m in measures if m.status == "done"),
            measures=len(measures),
        )
        # The rest of the notices are in the "before you print" list above.
        weak = [n for n in a.notices() if n.kind == "weak-only"]
        notices = "".join(forms.warning(messages.notice_text(n, lang)) for n in weak)
        copy_text = _(
            "Once a year, or after a change at work, review the assessment: start from a "
            "copy, where measures done become existing controls."
        )
        copy = forms.button(
            _("Start the review for {year}").format(year=a.year + 1), self._on_copy_click
        )
        self.keep.append(forms.testid(copy, "copy"))
        return [
            *self._completeness(a),
            *self._overview(a, lang),
            forms.html(f"<p><b>{esc(summary)}</b></p><h4>{esc(title)}</h4>{table}{notices}"),
            forms.html(forms.p(copy_text)),
            copy,
            *self._trainer_feedback(a),
        ]

    def _completeness(self, a: Assessment) -> list[ipw.Widget]:
        """Say what is missing before printing, each with a button to where it is fixed."""
        missing = a.missing()
        head = forms.html(forms.h4(_("Before you print")))
        if not missing:
            done = _("Nothing is missing: you can print the reports.")
            go = forms.button(_("Go to the reports"), self.app._opener("reports"), True)
            text = f'<p class="osh-register-complete" role="status">✔ {esc(done)}</p>'
            return [head, forms.html(text), go]
        parts: list[ipw.Widget] = [head]
        for item in missing:
            said = esc(messages.missing_text(item))
            text = forms.html(f'<p class="osh-register-missing">✖ {said}</p>')
            button = forms.button(_("Fix it"), self.app._opener(item.step, item.hazard))
            forms.testid(button, f"fix-{item.code}")
            row = ipw.HBox([text, button])
            row.add_class("osh-register-missing-row")
            parts.append(row)
        return parts

    def _overview(self, a: Assessment, lang: str) -> list[ipw.Widget]:
        """Show all hazards at a glance, highest band first; each row opens its hazard."""
        head = forms.html(forms.h4(_("Overview of hazards")))
        if not a.hazards:
            return [head, forms.html(forms.p(_("No hazard yet: add hazards in step 2.")))]
        names = (
            _("Hazard"),
            _("Risk now → with measures"),
            _("Measures"),
            _("Responsible"),
            _("Due"),
            _("Status"),
        )
        header = ipw.HBox([forms.html(f"<b>{esc(n)}</b>") for n in names] + [forms.html("")])
        header.add_class("osh-register-overview-head")
        rows: list[ipw.Widget] = [head, header]
        for number, hazard in enumerate(a.overview(), 1):
            where = f"<br><small>{esc(hazard.location)}</small>" if hazard.location else ""
            people = dict.fromkeys(m.responsible for m in hazard.measures if m.responsible)
            values = (
                f"<b>{number}. {esc(hazard.title)}</b>{where}",
                bands_html(hazard, lang),
                str(len(hazard.measures)),
                esc(", ".join(people) or "—"),
                esc(next_due(hazard)),
                esc(hazard_status(hazard)),
            )
            cells = [overview_cell(n, v) for n, v in zip(names, values, strict=True)]
            step = "evaluate" if hazard.rating is None else "controls"
            button = forms.button(_("Open"), self.app._opener(step, hazard.id))
            button.tooltip = hazard.title
            forms.testid(button, f"open-{hazard.id}")
            row = ipw.HBox([*cells, button])
            row.add_class("osh-register-overview-row")
            rows.append(row)
        return rows

    def _trainer_feedback(self, a: Assessment) -> list[ipw.Widget]:
        """Show the trainer's visit notes and comments on hazards, read-only (if any)."""
        text = forms.h4(_("Visit notes")) + notes(a.visit_notes) if a.visit_notes else ""
        commented = [h for h in a.hazards if h.comments]
        if commented:
            text += forms.h4(_("Comments on hazards"))
            text += "".join(f"<p><b>{esc(h.title)}</b></p>{notes(h.comments)}" for h in commented)
        return [forms.html(text)] if text else []

    def _on_copy_click(self, _button: ipw.Button) -> None:
        app, a = self.app, self.app.assessment
        if a is None:
            return
        app._clear()
        outcome = app._session.copy_for_next_year()
        if not outcome.ok:
            app._said(outcome)
            return
        app._mark_saved()
        copy = outcome.result
        app._picked.forget()
        app._info(
            _("The review for {year} has started; the assessment of {previous} is kept.").format(
                year=copy.year, previous=a.year
            )
        )
        app._render()


def overview_cell(label: str, html: str) -> ipw.HTML:
    """Return a cell of the overview; its column's name shows only where rows stack as cards."""
    cell = ipw.HTML(f'<span class="osh-cell-label">{esc(label)}: </span>{html}')
    cell.add_class("osh-register-overview-cell")
    return cell


def bands_html(hazard: Hazard, lang: str) -> str:
    """Return the hazard's band now, and with its measures done when rated again."""
    now = chip(hazard.rating, lang)
    if hazard.residual is None:
        return now
    return f"{now} → {chip(hazard.residual, lang)}"


def next_due(hazard: Hazard) -> str:
    """Return the earliest due date of the measures not done yet, or "—"."""
    dates = [m.due for m in hazard.measures if m.status != "done" and m.due]
    return min(dates).isoformat() if dates else "—"


def hazard_status(hazard: Hazard) -> str:
    """Return how far the hazard is: not rated, no measure, or measures done of all."""
    if hazard.rating is None:
        return _("not rated yet")
    if not hazard.measures:
        return _("no measure yet")
    done = sum(1 for m in hazard.measures if m.status == "done")
    return _("{done} of {count} done").format(done=done, count=len(hazard.measures))
