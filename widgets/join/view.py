"""The join step: join a class, or come back with a resume code; nobody sees another's work.

Joining is two short questions, one at a time: the class code (already filled in when the
participant scanned the trainer's QR code, ``?class=…``), then who they are: their
enterprise, chosen from the class's list (or proposed when it is not there), name and
role. Once signed in, this browser stays signed in (see :mod:`widgets.store.session`) and
the forms are closed: a viewer can fire callbacks on any widget, even hidden ones, so
widgets that must not act any more do not exist any more.
"""

from __future__ import annotations

import logging
from urllib.parse import parse_qs

import ipywidgets as ipw
import traitlets

from widgets.i18n import _, language, on_language_change
from widgets.store import session
from widgets.store.people import ROLES, Person, StoreError
from widgets.ui.style import esc, stylesheet

log = logging.getLogger(__name__)
NEW_ENTERPRISE = -1
"""The enterprise list's last choice: "My enterprise is not in the list"."""


def _role_words() -> dict[str, str]:
    return {"manager": _("Manager"), "worker": _("Worker"), "other": _("Other")}


def _refusal(error: StoreError) -> str:
    words = {
        "class-code": _("Check the class code: letters, digits and '-', as your trainer gave it."),
        "unknown-class": _("There is no class with this code. Check it with your trainer."),
        "name": _("Write your name (up to 100 letters)."),
        "enterprise": _("Choose your enterprise, or write its name (up to 120 letters)."),
        "role": _("Choose your role."),
        "signed-in": _("You are signed in already."),
        "throttled": _(
            "Too many tries from this device. Wait ten minutes, or ask your trainer for help."
        ),
    }
    return words.get(error.kind, _("That did not work. Please tell your trainer."))


def _class_from_address() -> str:
    # The class code in the page's address (``?class=…``, from the trainer's QR code).
    values = parse_qs(session.request_value("QUERY_STRING")).get("class", [])
    return values[0].strip()[:24] if values else ""


class JoinClass(ipw.VBox):
    """Join a class (code, then enterprise, name and role) or resume with a personal code.

    On joining, the participant gets a resume code, shown once: with it their work comes
    back on another device. On this device they stay signed in until they sign out. Under
    JupyterHub the hub user is signed in already and only a greeting is shown.
    """

    participant = traitlets.Dict(help="Who is signed in on this page, as plain data; {} if none.")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.add_class("osh-app")
        self.add_class("osh-join")
        self._message = ipw.HTML()
        self._fresh_code: str | None = None
        self._checked_class: dict | None = None  # the class whose code was accepted
        self._mode_value = "join"
        self._forms: list[ipw.Widget] = []
        self._w: dict[str, ipw.Widget] = {}
        self._render()
        on_language_change(self._on_language_change)
        session.on_sign_in(self._on_sign_in)

    # -- verbs -------------------------------------------------------------------------
    def check_class(self, class_code: str) -> dict | None:
        """Accept a class code (step 1 of joining); ``None`` (and a message) when refused."""
        self._message.value = ""
        try:
            if session.current() is not None:
                raise StoreError("signed-in", "signed in already")
            if not session.allow("guess"):
                raise StoreError("throttled", "too many codes tried")
            info = session.store().class_info(class_code)
        except StoreError as exc:
            if exc.kind in ("class-code", "unknown-class"):
                session.record("class", ok=False)
            self._refuse(exc)
            return None
        session.record("class", ok=True)
        self._checked_class = info
        self._render()
        return info

    def join(self, class_code: str, name: str, enterprise: int | str, role: str) -> str | None:
        """Join a class; return the resume code (or ``None`` when refused, with a message).

        ``enterprise`` is the id of one of the class's enterprises, or the name of one that
        is not in its list yet.
        """
        self._message.value = ""
        try:
            if session.current() is not None:
                raise StoreError("signed-in", "signed in already")
            if not session.allow("join"):
                raise StoreError("throttled", "too many joins")
            person, code = session.store().join(class_code, name, enterprise, role)
        except StoreError as exc:
            if exc.kind == "unknown-class":
                session.record("class", ok=False)
            self._refuse(exc)
            return None
        session.record("join", ok=True)
        self._fresh_code = code
        session.sign_in(person)
        return code

    def resume(self, code: str) -> bool:
        """Sign in with a resume code; ``False`` (and a message) when it matches nobody."""
        self._message.value = ""
        if session.current() is not None:
            self._refuse(StoreError("signed-in", "signed in already"))
            return False
        if not session.allow("guess"):
            self._refuse(StoreError("throttled", "too many codes tried"))
            return False
        person = session.store().resume(code) if isinstance(code, str) else None
        session.record("resume", ok=person is not None)
        if person is None:
            text = _("This resume code does not match anyone. Check it, or ask your trainer.")
            self._message.value = f'<p class="osh-error" role="alert">{esc(text)}</p>'
            return False
        self._fresh_code = None
        session.sign_in(person)
        return True

    def sign_out(self) -> None:
        """Sign out on this device (for a shared computer): a reload asks to join again."""
        if session.current() is None:
            return
        self._fresh_code = None
        self._checked_class = None
        session.sign_out()

    # -- callbacks ---------------------------------------------------------------------
    def _on_continue_click(self, _button: ipw.Button) -> None:
        if "class" in self._w:
            self.check_class(self._w["class"].value)

    def _on_back_click(self, _button: ipw.Button) -> None:
        self._checked_class = None
        self._message.value = ""
        self._render()

    def _on_join_click(self, _button: ipw.Button) -> None:
        if self._checked_class is None or "name" not in self._w:
            return
        choice = self._w["enterprise"].value
        enterprise = self._w["new-enterprise"].value if choice == NEW_ENTERPRISE else choice
        self.join(
            self._checked_class["code"],
            self._w["name"].value,
            enterprise if enterprise is not None else "",
            self._w["role"].value or "",
        )

    def _on_resume_click(self, _button: ipw.Button) -> None:
        if "code" in self._w:
            self.resume(self._w["code"].value)

    def _on_sign_out_click(self, _button: ipw.Button) -> None:
        self.sign_out()

    def _on_mode_change(self, change: dict) -> None:
        self._mode_value = change["new"] if change["new"] in ("join", "resume") else "join"
        self._message.value = ""
        self._render()

    def _on_enterprise_change(self, change: dict) -> None:
        if "new-enterprise" in self._w:
            shown = change["new"] == NEW_ENTERPRISE
            self._w["new-enterprise"].layout.display = None if shown else "none"

    def _on_language_change(self, _lang: str) -> None:
        self._render()

    def _on_sign_in(self, _person: Person | None) -> None:
        self._render()

    # -- drawing -----------------------------------------------------------------------
    def _refuse(self, error: StoreError) -> None:
        self._message.value = f'<p class="osh-error" role="alert">{esc(_refusal(error))}</p>'

    def _render(self) -> None:
        person = session.current()
        self.participant = (
            {
                "id": person.id,
                "class": person.class_code,
                "name": person.name,
                "enterprise": person.enterprise,
                "enterprise_id": person.enterprise_id,
                "role": person.role,
            }
            if person
            else {}
        )
        old, self._forms, self._w = self._forms, [], {}
        if person is not None:
            self.children = [stylesheet(), *self._greeting(person)]
        else:
            if self._checked_class is None and self._mode_value == "join":
                preset = _class_from_address()
                if preset and session.allow("guess"):
                    # The QR code's class: checked quietly, as if typed and continued.
                    try:
                        self._checked_class = session.store().class_info(preset)
                    except StoreError:
                        session.record("class", ok=False)
            self.children = [stylesheet(), *self._form(), self._message]
        for widget in old:
            widget.close()

    def _keep(self, key: str, widget: ipw.Widget) -> ipw.Widget:
        self._w[key] = widget
        self._forms.append(widget)
        return widget

    def _field(self, key: str, widget: ipw.Widget, label: str) -> ipw.Widget:
        widget.description = label
        widget.style = {"description_width": "initial"}
        widget.layout.width = "100%"
        widget.add_class("osh-field")
        return self._keep(key, widget)

    def _button(self, key: str, label: str, handler, primary: bool = True) -> ipw.Button:
        button = ipw.Button(description=label, button_style="primary" if primary else "")
        button.add_class("osh-action")
        button.on_click(handler)
        return self._keep(key, button)

    def _form(self) -> list[ipw.Widget]:
        mode = self._keep(
            "mode",
            ipw.ToggleButtons(
                options=[(_("Join a class"), "join"), (_("I have a resume code"), "resume")],
                value=self._mode_value,
                style={"button_width": "auto"},
            ),
        )
        mode.observe(self._on_mode_change, names="value")
        if self._mode_value == "resume":
            code = self._field(
                "code", ipw.Text(placeholder="ABCD-EFGH-JKMN-PQRS"), _("Resume code")
            )
            button = self._button("resume", _("Continue my work"), self._on_resume_click)
            return [mode, self._box([code, button])]
        if self._checked_class is None:
            code = self._field("class", ipw.Text(placeholder="UB-2026-11"), _("Class code"))
            button = self._button("continue", _("Continue"), self._on_continue_click)
            return [mode, self._box([code, button])]
        return [mode, self._box(self._details())]

    def _box(self, children: list[ipw.Widget]) -> ipw.VBox:
        return self._keep("form", ipw.VBox(children, layout=ipw.Layout(width="100%")))

    def _details(self) -> list[ipw.Widget]:
        info = self._checked_class or {}
        heading = _("Class {code}: {name}").format(code=info["code"], name=info["name"])
        try:
            records = session.store().enterprises(info["code"])
        except StoreError:
            log.exception("enterprises of %s not listed", info["code"])
            records = []
        options = [(r["name"], r["id"]) for r in records]
        options.append((_("My enterprise is not in the list"), NEW_ENTERPRISE))
        if records:  # a visible first line, so that nobody joins the wrong one by default
            options.insert(0, (_("Choose from the list"), None))
        enterprise = self._field(
            "enterprise",
            # index, not value: a value of None would show an empty box, not the first line
            ipw.Dropdown(options=options, index=0),
            _("Your enterprise"),
        )
        enterprise.observe(self._on_enterprise_change, names="value")
        new = self._field("new-enterprise", ipw.Text(), _("Its name"))
        new.layout.display = None if not records else "none"
        name = self._field("name", ipw.Text(), _("Your name"))
        role = self._field(
            "role", ipw.Dropdown(options=[(_role_words()[r], r) for r in ROLES]), _("Role")
        )
        help_text = _(
            "Choose your enterprise from the list: everyone of the same enterprise works on "
            "one risk assessment. If it is not there, choose the last line and write its name: "
            "your trainer confirms it."
        )
        intro = ipw.HTML(
            f'<p class="osh-join-class"><b>{esc(heading)}</b></p>'
            f'<p class="osh-hint">{esc(help_text)}</p>'
        )
        back = self._button("back", _("Another class code"), self._on_back_click, primary=False)
        join = self._button("join", _("Join"), self._on_join_click)
        return [self._keep("intro", intro), enterprise, new, name, role, join, back]

    def _greeting(self, person: Person) -> list[ipw.Widget]:
        lang = language()
        hello = _(
            "Signed in: {name} ({enterprise}, class {code}). Your answers are saved as "
            "you give them."
        ).format(name=person.name, enterprise=person.enterprise, code=person.class_code)
        parts = [f'<p class="osh-signed-in" role="status">{esc(hello)}</p>']
        if self._fresh_code:
            label = _("Resume code")
            keep = _(
                "Your resume code. Write it down or take a photo of it: with it your work "
                "comes back on another phone or computer. It is shown only once."
            )
            parts.append(
                f'<div class="osh-resume" lang="{lang}"><p><b>{esc(keep)}</b></p>'
                f'<input class="osh-resume-code" type="text" readonly '
                f'value="{esc(self._fresh_code)}" aria-label="{esc(label)}"></div>'
            )
        greeting = self._keep("greeting", ipw.HTML("".join(parts)))
        if session.hub_user():
            return [greeting]
        out = self._button(
            "sign-out", _("Sign out on this device"), self._on_sign_out_click, primary=False
        )
        out.tooltip = _("On a shared computer: the next person then joins with their own name.")
        return [greeting, out]
