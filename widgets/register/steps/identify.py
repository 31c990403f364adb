"""Step 2, identification: the checklist, a page at a time, and the team's own hazards."""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as ipw

from widgets.i18n import _
from widgets.measures.model import hazard_categories
from widgets.register.model import ANSWERS, Assessment
from widgets.register.steps.base import FAILED, Step, answer_words, hazard_options
from widgets.ui import forms
from widgets.ui.style import esc

PAGE = 5
"""Checklist statements shown at a time (few live widgets on a phone)."""


class IdentifyStep(Step):
    """The checklist (a "no" becomes a hazard) and the editor of the team's own hazards."""

    def build(self, a: Assessment, lang: str) -> list[ipw.Widget]:
        """Return a page of the checklist, then the hazards found and the hazard editor."""
        statements = a.checklist()
        pages = max(1, -(-len(statements) // PAGE))
        self.picked.page = min(self.picked.page, pages - 1)
        at = self.picked.page
        answered = sum(1 for s in statements if a.answers.get(s.id, "later") != "later")
        intro = _(
            "Walk through the workplace together. Each statement says how things should "
            "be: answer No when it is not so, and it becomes a hazard to assess."
        )
        progress = _("{answered} of {total} statements answered").format(
            answered=answered, total=len(statements)
        )
        parts: list[ipw.Widget] = [forms.html(forms.p(intro) + f"<p><b>{esc(progress)}</b></p>")]
        words = answer_words()
        start = at * PAGE
        for number, statement in enumerate(statements[start : start + PAGE], start + 1):
            text = forms.html(
                f'<p class="osh-register-statement">{number}. {esc(statement.text.get(lang))}</p>'
            )
            choice = ipw.ToggleButtons(
                options=[(words[x], x) for x in ANSWERS],
                value=a.answers.get(statement.id),
                style={"button_width": "auto"},
            )
            choice.add_class("osh-register-answer")
            forms.testid(choice, f"answer-{statement.id}")
            choice.observe(self._answer_handler(statement.id), names="value")
            parts += [text, choice]
        page = _("Page {page} of {pages}").format(page=at + 1, pages=pages)
        previous = forms.button(_("Previous"), self._on_page_click(-1))
        following = forms.button(_("Next"), self._on_page_click(+1))
        previous.disabled = at == 0
        following.disabled = at >= pages - 1
        parts.append(
            ipw.HBox(
                [previous, forms.html(forms.p(page)), following],
                layout=ipw.Layout(flex_flow="row wrap", align_items="center"),
            )
        )
        parts.append(forms.html(forms.h4(_("Hazards found"))))
        if a.hazards:
            found = _(
                "{count} hazards found so far: the overview in step 5 lists them all, with "
                "their risks, measures and who does what."
            ).format(count=len(a.hazards))
            see_all = forms.button(_("See all hazards"), self.app._opener("review"))
            parts += [forms.html(forms.p(found)), see_all]
        parts += self._hazard_editor(a, lang)
        return parts

    def _answer_handler(self, statement_id: str) -> Callable[[dict], None]:
        def handler(change: dict) -> None:
            if change["new"] is None:
                return
            found = self.app._change(
                lambda a, by: a.answer(statement_id, change["new"], by), redraw=False
            )
            if found is not FAILED and found is not None:
                self.picked.hazard_id = found.id
            self.app._render_body_keep_message()

        return handler

    def _on_page_click(self, step: int) -> Callable:
        def handler(_button: ipw.Button) -> None:
            self.picked.page = max(0, self.picked.page + step)
            self.app._render_body()

        return handler

    def _hazard_editor(self, a: Assessment, lang: str) -> list[ipw.Widget]:
        if self.picked.edit_id not in [h.id for h in a.hazards]:
            self.picked.edit_id = None
        options = [(_("+ Add our own hazard"), ""), *hazard_options(a, lang)]
        picker = forms.dropdown(_("Hazard"), options, self.picked.edit_id or "")
        picker.observe(self._on_edit_pick, names="value")
        self.keep.append(forms.testid(picker, "hazard"))
        hazard = a.hazard(self.picked.edit_id) if self.picked.edit_id else None
        categories = [(c.label.get(lang), c.id) for c in hazard_categories().categories]
        self.fields = {
            "title": forms.text(_("Name of the hazard"), hazard.title if hazard else ""),
            "category": forms.dropdown(
                _("Category"), categories, hazard.category if hazard else None
            ),
            "location": forms.text(_("Where"), hazard.location if hazard else ""),
            "who": forms.text(
                _("Who might be harmed, and how"), hazard.who if hazard else "", area=True
            ),
            "existing": forms.text(
                _("Controls already in place"), hazard.existing if hazard else "", area=True
            ),
        }
        for key, widget in self.fields.items():
            forms.testid(widget, key)
        parts = [picker, *self.fields.values()]
        if hazard is None:
            add = forms.button(_("Add hazard"), self._on_hazard_add_click, True)
            parts.append(forms.testid(add, "add-hazard"))
        else:
            save = forms.button(_("Save changes"), self._on_hazard_save_click, True)
            remove = forms.button(_("Delete hazard"), self._on_hazard_remove_click)
            parts.append(ipw.HBox([save, remove]))
        return parts

    def _on_edit_pick(self, change: dict) -> None:
        self.picked.edit_id = change["new"] or None
        self.app._clear()
        self.app._render_body()

    def _hazard_fields(self) -> dict[str, str]:
        return {k: w.value for k, w in self.fields.items()}

    def _on_hazard_add_click(self, _button: ipw.Button) -> None:
        fields = self._hazard_fields()
        title, category = fields.pop("title"), fields.pop("category")
        hazard = self.app._change(
            lambda a, by: a.add_hazard(title, category, by, **fields), redraw=False
        )
        if hazard is FAILED:
            return  # the form keeps what was typed, with the refusal above it
        self.picked.hazard_id = hazard.id
        self.app._render_body()
        self.app._info(_("Hazard added: {hazard}").format(hazard=hazard.title))

    def _on_hazard_save_click(self, _button: ipw.Button) -> None:
        fields, hazard_id = self._hazard_fields(), self.picked.edit_id
        self.app._change(lambda a, by: a.edit_hazard(hazard_id, by, **fields))

    def _on_hazard_remove_click(self, _button: ipw.Button) -> None:
        hazard_id, self.picked.edit_id = self.picked.edit_id, None
        self.app._change(lambda a, by: a.remove_hazard(hazard_id, by))
