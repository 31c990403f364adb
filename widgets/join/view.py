"""The join step: join a class, or come back with a resume code; nobody sees another's work."""

from __future__ import annotations

import logging

import ipywidgets as ipw
import traitlets

from widgets.i18n import _, language, on_language_change
from widgets.store import session
from widgets.store.people import ROLES, Person, StoreError
from widgets.ui.style import esc, stylesheet

log = logging.getLogger(__name__)


def _role_words() -> dict[str, str]:
    return {"manager": _("Manager"), "worker": _("Worker"), "other": _("Other")}


def _refusal(error: StoreError) -> str:
    words = {
        "class-code": _("Check the class code: letters, digits and '-', as your trainer gave it."),
        "unknown-class": _("There is no class with this code. Check it with your trainer."),
        "name": _("Write your name (up to 100 letters)."),
        "enterprise": _("Write your enterprise's name (up to 120 letters)."),
        "role": _("Choose your role."),
    }
    return words.get(error.kind, _("That did not work. Please tell your trainer."))


class JoinClass(ipw.VBox):
    """Join a class (code, name, enterprise, role) or resume with a personal code.

    On joining, the participant gets a resume code, shown once: with it their work comes
    back after a reload or on another device. Under JupyterHub the hub user is signed in
    already and only a greeting is shown.
    """

    participant = traitlets.Dict(help="Who is signed in on this page, as plain data; {} if none.")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.add_class("osh-app")
        self.add_class("osh-join")
        self._mode = ipw.ToggleButtons(style={"button_width": "auto"})
        self._class = ipw.Text(layout=ipw.Layout(width="100%"))
        self._name = ipw.Text(layout=ipw.Layout(width="100%"))
        self._enterprise = ipw.Text(layout=ipw.Layout(width="100%"))
        self._role = ipw.Dropdown(layout=ipw.Layout(width="100%"))
        self._join = ipw.Button(button_style="primary")
        self._code = ipw.Text(layout=ipw.Layout(width="100%"))
        self._resume = ipw.Button(button_style="primary")
        for control in (self._class, self._name, self._enterprise, self._role, self._code):
            control.style = {"description_width": "initial"}
            control.add_class("osh-field")
        for button in (self._join, self._resume):
            button.add_class("osh-action")
        self._join_form = ipw.VBox(
            [self._class, self._name, self._enterprise, self._role, self._join]
        )
        self._resume_form = ipw.VBox([self._code, self._resume])
        self._message = ipw.HTML()
        self._join.on_click(self._on_join_click)
        self._resume.on_click(self._on_resume_click)
        self._mode.observe(self._on_mode_change, names="value")
        self._fresh_code: str | None = None
        self._render()
        on_language_change(self._on_language_change)
        session.on_sign_in(self._on_sign_in)

    # -- verbs -------------------------------------------------------------------------
    def join(self, class_code: str, name: str, enterprise: str, role: str) -> str | None:
        """Join a class; return the resume code (or ``None`` when refused, with a message)."""
        try:
            person, code = session.store().join(class_code, name, enterprise, role)
        except StoreError as exc:
            self._message.value = f'<p class="osh-error" role="alert">{esc(_refusal(exc))}</p>'
            return None
        self._fresh_code = code
        session.sign_in(person)
        return code

    def resume(self, code: str) -> bool:
        """Sign in with a resume code; ``False`` (and a message) when it matches nobody."""
        person = session.store().resume(code) if isinstance(code, str) else None
        if person is None:
            text = _("This resume code does not match anyone. Check it, or ask your trainer.")
            self._message.value = f'<p class="osh-error" role="alert">{esc(text)}</p>'
            return False
        self._fresh_code = None
        session.sign_in(person)
        return True

    # -- callbacks ---------------------------------------------------------------------
    def _on_join_click(self, _button: ipw.Button) -> None:
        self.join(
            self._class.value, self._name.value, self._enterprise.value, self._role.value or ""
        )

    def _on_resume_click(self, _button: ipw.Button) -> None:
        self.resume(self._code.value)

    def _on_mode_change(self, _change: dict) -> None:
        self._message.value = ""
        self._show_form()

    def _on_language_change(self, _lang: str) -> None:
        self._render()

    def _on_sign_in(self, _person: Person | None) -> None:
        self._render()

    # -- drawing -----------------------------------------------------------------------
    def _render(self) -> None:
        person = session.current()
        self.participant = (
            {
                "id": person.id,
                "class": person.class_code,
                "name": person.name,
                "enterprise": person.enterprise,
                "role": person.role,
            }
            if person
            else {}
        )
        if person is not None:
            self.children = [stylesheet(), self._greeting(person)]
            return
        mode = self._mode.value or "join"
        self._mode.options = [(_("Join a class"), "join"), (_("I have a resume code"), "resume")]
        self._mode.value = mode
        self._class.description = _("Class code")
        self._name.description = _("Your name")
        self._enterprise.description = _("Enterprise")
        self._role.description = _("Role")
        role = self._role.value
        self._role.options = [(_role_words()[r], r) for r in ROLES]
        self._role.value = role
        self._join.description = _("Join")
        self._code.description = _("Resume code")
        self._code.placeholder = "ABCD-EFGH-JKMN-PQRS"
        self._resume.description = _("Continue my work")
        self._show_form()

    def _show_form(self) -> None:
        form = self._join_form if self._mode.value == "join" else self._resume_form
        self.children = [stylesheet(), self._mode, form, self._message]

    def _greeting(self, person: Person) -> ipw.HTML:
        lang = language()
        hello = _(
            "Signed in: {name} ({enterprise}, class {code}). Your answers are saved as "
            "you give them."
        ).format(name=person.name, enterprise=person.enterprise, code=person.class_code)
        parts = [f'<p class="osh-signed-in" role="status">{esc(hello)}</p>']
        if self._fresh_code:
            label = _("Resume code")
            keep = _(
                "Your resume code. Write it down or take a photo of it: it brings your "
                "work back after a reload or on another phone. It is shown only once."
            )
            parts.append(
                f'<div class="osh-resume" lang="{lang}"><p><b>{esc(keep)}</b></p>'
                f'<input class="osh-resume-code" type="text" readonly '
                f'value="{esc(self._fresh_code)}" aria-label="{esc(label)}"></div>'
            )
        return ipw.HTML("".join(parts))
