"""The trainer's class page: create a class, its join poster, who joined, its enterprises.

Also: sign a participant out everywhere with a new resume code (a lost phone, a code seen
by someone else), and export the class.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import ipywidgets as ipw

from widgets.i18n import _, on_language_change
from widgets.join.enterprises import EnterpriseList
from widgets.join.poster import JoinPoster
from widgets.paths import project_root
from widgets.risk.model import methods
from widgets.store import session
from widgets.store.service import StoreError
from widgets.ui.style import esc, stylesheet


class ClassAdmin(ipw.VBox):
    """Trainer commands in a notebook (the same as ``python -m widgets.store``)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.add_class("osh-app")
        self._code = ipw.Text(placeholder="UB-2026-11")
        self._name = ipw.Text()
        self._method = ipw.Dropdown(options=methods())
        self._starts, self._ends = ipw.DatePicker(), ipw.DatePicker()
        self._create = ipw.Button(button_style="primary")
        self._classes = ipw.Dropdown()
        self._refresh = ipw.Button()
        self._people = ipw.HTML()
        self._poster = JoinPoster()
        self._enterprises = EnterpriseList()
        self._participant = ipw.Dropdown()
        self._reset = ipw.Button(button_style="warning")
        self._export = ipw.Button()
        self._message = ipw.HTML()
        for control in (
            self._code,
            self._name,
            self._method,
            self._starts,
            self._ends,
            self._classes,
            self._participant,
        ):
            control.style = {"description_width": "initial"}
        self._create.on_click(self._on_create_click)
        self._refresh.on_click(self._on_refresh_click)
        self._reset.on_click(self._on_reset_click)
        self._export.on_click(self._on_export_click)
        self._classes.observe(self._on_class_change, names="value")
        self._new_heading, self._people_heading = ipw.HTML(), ipw.HTML()
        self.children = [
            stylesheet(),
            self._new_heading,
            self._code,
            self._name,
            self._method,
            self._starts,
            self._ends,
            self._create,
            self._people_heading,
            ipw.HBox([self._classes, self._refresh]),
            self._poster,
            self._people,
            ipw.HBox([self._participant, self._reset], layout=ipw.Layout(flex_flow="row wrap")),
            self._message,
            self._enterprises,
            self._export,
        ]
        self._label()
        self.refresh()
        on_language_change(self._on_language_change)

    def refresh(self) -> None:
        """Read the classes and the chosen class's participants again."""
        current = self._classes.value
        codes = [c["code"] for c in session.store().classes()]
        self._classes.options = codes
        self._classes.value = current if current in codes else (codes[-1] if codes else None)
        self._poster.refresh()
        self._show_people()

    def _label(self) -> None:
        new, people = _("New class"), _("Participants")
        self._new_heading.value = f"<h3>{esc(new)}</h3>"
        self._people_heading.value = f"<h3>{esc(people)}</h3>"
        self._code.description, self._name.description = _("Class code"), _("Name")
        self._method.description = _("Method")
        self._starts.description, self._ends.description = _("Starts"), _("Ends")
        self._create.description, self._refresh.description = _("Create"), _("Refresh")
        self._classes.description = _("Class")
        self._participant.description = _("Participant")
        self._reset.description = _("Sign out everywhere, new resume code")
        self._export.description = _("Export (JSON and CSV)")

    def _say(self, text: str, error: bool = False) -> None:
        kind = "osh-error" if error else "osh-signed-in"
        self._message.value = f'<p class="{kind}" role="status">{esc(text)}</p>'

    def _show_people(self) -> None:
        code = self._classes.value
        self._poster.class_code = code or ""
        if self._enterprises.class_code == (code or ""):
            self._enterprises.refresh()
        self._enterprises.class_code = code or ""
        if code is None:
            self._people.value, self._participant.options = "", []
            return
        people = session.store().participants(code)
        heads = [_("Name"), _("Enterprise"), _("Role"), _("Activities"), _("Last saved")]
        rows = "".join(
            f"<tr><td>{esc(p['name'])}</td><td>{esc(p['enterprise'])}</td>"
            f"<td>{esc(p['role'])}</td><td>{p['activities']}</td>"
            f"<td>{esc(p['last_saved'] or '—')}</td></tr>"
            for p in people
        )
        head = "".join(f"<th>{esc(h)}</th>" for h in heads)
        self._people.value = (
            f'<div class="osh-table-scroll"><table class="osh-table"><thead><tr>{head}</tr>'
            f"</thead><tbody>{rows}</tbody></table></div>"
        )
        self._participant.options = [(f"{p['name']} ({p['enterprise']})", p["id"]) for p in people]

    def _on_create_click(self, _button: ipw.Button) -> None:
        try:
            code = session.store().create_class(
                self._code.value,
                self._name.value,
                self._method.value,
                self._starts.value,
                self._ends.value,
            )
        except StoreError as exc:
            self._say(str(exc), error=True)
            return
        self._say(_("Class {code} created: participants join with this code.").format(code=code))
        self.refresh()
        self._classes.value = code

    def _on_refresh_click(self, _button: ipw.Button) -> None:
        self.refresh()

    def _on_class_change(self, _change: dict) -> None:
        self._show_people()

    def _on_reset_click(self, _button: ipw.Button) -> None:
        if self._participant.value is None:
            return
        code = session.store().sign_out_everywhere(self._participant.value)
        self._say(
            _(
                "Signed out on every device. New resume code: {code}. The old one no longer works."
            ).format(code=code)
        )

    def _on_export_click(self, _button: ipw.Button) -> None:
        code = self._classes.value
        if code is None:
            return
        folder = project_root() / "var" / "exports"
        folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        target = folder / f"{code}-{stamp}.json"
        store = session.store()
        target.write_text(
            json.dumps(store.export_class(code), ensure_ascii=False, indent=2), encoding="utf-8"
        )
        files = [target, *store.export_csv(code, folder)]
        self._say(_("Written: {files}").format(files=", ".join(str(f) for f in files)))

    def _on_language_change(self, _lang: str) -> None:
        self._label()
        self._show_people()
