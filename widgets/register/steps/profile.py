"""Step 1, the profile: sector, size, method, the reports' language, work areas and team."""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as ipw

from widgets.i18n import _
from widgets.register import messages
from widgets.register.model import Assessment
from widgets.register.settings import settings
from widgets.register.steps.base import (
    Step,
    language_picker,
    method_picker,
    sector_picker,
    size_picker,
)
from widgets.ui import forms
from widgets.ui.style import esc


class ProfileStep(Step):
    """The enterprise's profile; every choice is saved at once."""

    def build(self, a: Assessment, lang: str) -> list[ipw.Widget]:
        """Return the profile's fields, the work areas and the team."""
        p = a.profile
        name = _("Enterprise: {name}").format(name=p.enterprise)
        same = _(
            "Your enterprise as your trainer has it in the class list: everyone who joined "
            "for it works on this assessment. Your trainer corrects the name if needed."
        )
        fields = {
            "sector": sector_picker(lang, p.sector),
            "size": size_picker(lang, p.size),
            "method": method_picker(lang, p.method),
            "language": language_picker(lang, p.language),
        }
        for key, picker in fields.items():
            picker.observe(self._profile_handler(key), names="value")
        kinds = {k.id: k.label.get(lang) for k in settings().area_kinds}
        roles = {r.id: r.label.get(lang) for r in settings().roles}
        parts: list[ipw.Widget] = [
            forms.html(f"<p><b>{esc(name)}</b></p>" + forms.p(same)),
            *fields.values(),
            forms.html(forms.h4(_("Work areas"))),
        ]
        for index, area in enumerate(p.areas):
            label = f"{area.name} ({kinds.get(area.kind or '', '—')})"
            parts.append(self._row(label, self._remover("areas", index)))
        self.area_name = forms.text(_("Work area or location"))
        kind_options = [("—", ""), *((label, kid) for kid, label in kinds.items())]
        self.area_kind = forms.dropdown(_("Kind of area (for the checklist)"), kind_options, "")
        add_area = forms.button(_("Add work area"), self._on_area_add_click)
        parts += [self.area_name, self.area_kind, add_area]
        parts.append(forms.html(forms.h4(_("Assessment team"))))
        for index, member in enumerate(p.team):
            label = f"{member.name} ({roles.get(member.role, member.role)})"
            parts.append(self._row(label, self._remover("team", index)))
        if p.no_worker:
            notice = next(n for n in a.notices() if n.kind == "no-worker")
            parts.append(forms.html(forms.warning(messages.notice_text(notice, lang))))
        self.member_name = forms.text(_("Name"))
        self.member_role = forms.dropdown(_("Role"), [(v, k) for k, v in roles.items()], "worker")
        add_member = forms.button(_("Add team member"), self._on_member_add_click)
        parts += [self.member_name, self.member_role, add_member]
        return parts

    @staticmethod
    def _row(label: str, handler: Callable) -> ipw.HBox:
        button = forms.button(_("Remove"), handler)
        text = ipw.HTML(esc(label), layout=ipw.Layout(flex="1 1 auto"))
        row = ipw.HBox([text, button], layout=ipw.Layout(width="100%", align_items="center"))
        row.add_class("osh-register-row")
        return row

    def _profile_handler(self, key: str) -> Callable[[dict], None]:
        def handler(change: dict) -> None:
            self.app._change(lambda a, by: a.update_profile(by, **{key: change["new"]}))

        return handler

    def _remover(self, field: str, index: int) -> Callable:
        def handler(_button: ipw.Button) -> None:
            def action(a: Assessment, by: str) -> None:
                items = [item.model_dump() for item in getattr(a.profile, field)]
                if index < len(items):
                    del items[index]
                a.update_profile(by, **{field: items})

            self.app._change(action)

        return handler

    def _on_area_add_click(self, _button: ipw.Button) -> None:
        area = {"name": self.area_name.value, "kind": self.area_kind.value or None}
        self.app._change(
            lambda a, by: a.update_profile(
                by, areas=[*(x.model_dump() for x in a.profile.areas), area]
            )
        )

    def _on_member_add_click(self, _button: ipw.Button) -> None:
        member = {"name": self.member_name.value, "role": self.member_role.value}
        self.app._change(
            lambda a, by: a.update_profile(
                by, team=[*(x.model_dump() for x in a.profile.team), member]
            )
        )
