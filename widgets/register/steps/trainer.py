"""The trainer's loop (trainer's page only): visit notes, comments, review, history."""

from __future__ import annotations

import ipywidgets as ipw

from widgets.i18n import _
from widgets.register import messages
from widgets.register.model import Assessment
from widgets.register.steps.base import Step, notes, trainer_only
from widgets.ui import forms
from widgets.ui.style import esc

HISTORY_SHOWN = 40
"""History entries shown, newest first."""


class TrainerStep(Step):
    """Mark reviewed or reopen, visit notes, comments on hazards, and the history.

    Every callback checks that this is the trainer's page: a viewer of a participant's page
    can fire any callback, of a widget never shown too.
    """

    def build(self, a: Assessment, lang: str) -> list[ipw.Widget]:
        """Return the review button, notes, comments and the history."""
        intro = _(
            "For the trainer's visits: notes, comments on hazards, and marking the "
            "assessment reviewed (it is then locked until reopened)."
        )
        parts: list[ipw.Widget] = [forms.html(forms.p(intro))]
        if a.locked:
            reopen = forms.button(_("Reopen for changes"), self._on_reopen_click, True)
            self.keep.append(reopen)
            parts.append(reopen)
        else:
            parts.append(forms.button(_("Mark reviewed (lock)"), self._on_reviewed_click, True))
        parts.append(forms.html(forms.h4(_("Visit notes")) + notes(a.visit_notes)))
        self.note = forms.text(_("Visit note"), area=True)
        parts += [self.note, forms.button(_("Add visit note"), self._on_note_click)]
        if a.hazards:
            parts.append(forms.html(forms.h4(_("Comments on hazards"))))
            hazard = self.selected_hazard(a)
            assert hazard is not None
            parts.append(self.hazard_picker(a, lang))
            parts.append(forms.html(notes(hazard.comments)))
            self.comment = forms.text(_("Comment"), area=True)
            parts += [self.comment, forms.button(_("Add comment"), self._on_comment_click)]
        rows = "".join(
            f"<tr><td>{esc(c.at.strftime('%Y-%m-%d %H:%M'))}</td><td>{esc(c.by)}</td>"
            f"<td>{esc(messages.describe(c, lang))}</td></tr>"
            for c in reversed(a.history[-HISTORY_SHOWN:])
        )
        heads = "".join(f"<th>{esc(h)}</th>" for h in (_("When"), _("Who"), _("What")))
        parts.append(
            forms.html(
                forms.h4(_("History"))
                + f'<table class="osh-table osh-register-history"><thead><tr>{heads}</tr>'
                f"</thead><tbody>{rows}</tbody></table>"
            )
        )
        return parts

    @trainer_only
    def _on_reviewed_click(self, _button: ipw.Button) -> None:
        self.app._change(lambda a, by: a.mark_reviewed(by), redraw=False)
        self.app._render_keep_message()

    @trainer_only
    def _on_reopen_click(self, _button: ipw.Button) -> None:
        self.app._change(lambda a, by: a.reopen(by), redraw=False)
        self.app._render_keep_message()

    @trainer_only
    def _on_note_click(self, _button: ipw.Button) -> None:
        text = self.note.value
        self.app._change(lambda a, by: a.add_visit_note(text, by))

    @trainer_only
    def _on_comment_click(self, _button: ipw.Button) -> None:
        text, hazard_id = self.comment.value, self.picked.hazard_id
        self.app._change(lambda a, by: a.comment(hazard_id, text, by))
