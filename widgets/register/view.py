"""The enterprise's risk assessment app: the five steps, the trainer's loop, import, reports.

A thin shell over a :class:`~widgets.register.session.RegisterSession` (which loads, changes
and saves the assessment, without widgets) and one view per step
(:mod:`widgets.register.steps`): every control calls one verb of the model through the
session, and the shell says the outcome in the page's language (:mod:`widgets.register.messages`
turns the model's codes, notices and history into sentences). Only the open step's widgets
exist, so a phone holds few live widgets. The participant signed in on the page
(:mod:`widgets.store.session`) is who acts; their enterprise's assessment in their class is
the one shown (one per enterprise and class, the newest year). The trainer's loop (visit
notes, comments, marking reviewed, reopening) exists only on the trainer's page
(``RiskAssessment(trainer=True)``, served from ``trainer/``), where the trainer chooses a
class and an enterprise's assessment and acts under the name they write.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import ipywidgets as ipw
import traitlets

from widgets.i18n import _, language, on_language_change
from widgets.join.view import JoinClass
from widgets.register import messages, reports
from widgets.register.model import Assessment
from widgets.register.session import Action, Actor, Outcome, RegisterSession
from widgets.register.steps import STEP_VIEWS
from widgets.register.steps.base import FAILED, Picked, Step, step_words
from widgets.register.steps.chooser import Chooser
from widgets.register.steps.reports import download_link
from widgets.register.steps.shell import header_html, join_guidance, lock_controls
from widgets.register.steps.start import StartForm
from widgets.register.store import RegisterStore
from widgets.store import session
from widgets.store.people import Person
from widgets.ui import discard, forms
from widgets.ui.style import esc, stylesheet

log = logging.getLogger(__name__)

STEPS = ("profile", "identify", "evaluate", "controls", "review", "trainer", "import", "reports")
"""The parts of the app: the ILO five steps, then the trainer's loop, import and reports."""
PARTICIPANT_STEPS = tuple(s for s in STEPS if s != "trainer")
"""The parts of the participants' app: all but the trainer's loop."""


class RiskAssessment(ipw.VBox):
    """The enterprise's own risk assessment, in five steps, with the trainer's loop.

    The participant signed in on the page acts; without one, the app shows how to join.
    Every change is saved as it is made; when a team member saved in the meantime, the
    assessment is reloaded and the change made again on the newest version.

    Parameters
    ----------
    trainer
        The trainer's page (never served to participants): instead of the participant's
        sign-in, a trainer name and a choice of class and enterprise's assessment, and the
        Trainer step (visit notes, comments, mark reviewed, reopen, history). Without it the
        app has no Trainer step; participants see the lock, visit notes and comments only.
    """

    step = traitlets.Enum(STEPS, default_value="profile", help="The part of the app shown.")
    assessment_id = traitlets.Unicode(
        None, allow_none=True, help="The id of the assessment shown, or None before one starts."
    )
    saves = traitlets.Int(0, help="How many saves this page made (for tests and the status line).")

    def __init__(self, *, trainer: bool = False, **kwargs):
        self._trainer = bool(trainer)
        super().__init__(**kwargs)
        self.add_class("osh-app")
        self.add_class("osh-register")
        self._session = RegisterSession(self._register, self._actor)
        self._picked = Picked()
        self._unmarked = 0  # saves not shown as "Saved" yet
        self._thumbs: dict[str, str] = {}
        self._view: Step | StartForm | None = None
        self._chooser = Chooser(self) if self._trainer else None
        self._header = forms.testid(forms.html(""), "header")
        self._steps = ipw.ToggleButtons(style={"button_width": "auto"})
        self._steps.add_class("osh-register-steps")
        self._message = forms.testid(forms.html(""), "message")
        self._body = ipw.VBox(layout=ipw.Layout(width="100%"))
        self._saving = forms.testid(forms.html(""), "saving")
        self.children = [
            stylesheet(),
            self._chooser or JoinClass(),
            self._header,
            self._steps,
            self._message,
            self._body,
            self._saving,
        ]
        self._steps.observe(self._on_step_change, names="value")
        self._load()
        self._render()
        on_language_change(self._on_language_change)
        if not self._trainer:
            session.on_sign_in(self._on_sign_in)

    @traitlets.validate("step")
    def _valid_step(self, proposal: dict) -> str:
        if proposal["value"] not in self.steps:
            raise traitlets.TraitError(f"this page has no step {proposal['value']!r}")
        return proposal["value"]

    @traitlets.observe("step")
    def _on_step_trait(self, change: dict) -> None:
        if self._steps.value != change["new"]:
            self._steps.value = change["new"]

    # -- verbs -------------------------------------------------------------------------
    @property
    def assessment(self) -> Assessment | None:
        """The assessment shown (the model; change it only through the app's controls)."""
        return self._session.assessment

    @property
    def steps(self) -> tuple[str, ...]:
        """The parts of the app on this page (the Trainer step only on the trainer's page)."""
        return STEPS if self._trainer else PARTICIPANT_STEPS

    def open_step(self, step: str) -> None:
        """Show one part of the app (``profile`` … ``reports``, see :attr:`steps`)."""
        if step not in self.steps:
            raise ValueError(f"unknown step {step!r}; expected one of {', '.join(self.steps)}")
        self._steps.value = step

    def reload(self) -> None:
        """Read the assessment again from the store and redraw."""
        self._load()
        self._render()

    def make_report(self, kind: str) -> reports.Download | None:
        """Make a report (``xlsx``, ``docx``, ``pdf`` or ``json``) and offer it as a link."""
        from widgets.register.steps.reports import ReportsStep

        view = self._view if isinstance(self._view, ReportsStep) else ReportsStep(self)
        return view.make(kind, shown=view is self._view)

    # -- store -------------------------------------------------------------------------
    def _register(self) -> RegisterStore:
        return RegisterStore(session.store())

    def _load(self) -> None:
        """Find the signed-in participant's enterprise's assessment in their class.

        On the trainer's page, load the assessment chosen there instead.
        """
        if self._chooser is not None:
            chosen = self._chooser.chosen.value
            try:
                self._session.load_chosen(chosen)
            except Exception:
                log.exception("register: assessment %s not loaded for the trainer", chosen)
                self._session.clear()
                self._error(_("The assessment could not be opened; the server log says why."))
        else:
            person = session.current()
            # Membership decides: the participant's own enterprise record's assessment,
            # the newest year; never one found by a name.
            try:
                self._session.load_member(person.enterprise_id if person else None)
            except Exception:
                log.exception("register: the assessment of participant %s not loaded", person.id)
                self._session.clear()
                self._error(_("Your assessment could not be opened. Please tell your trainer."))
        self.assessment_id = self.assessment.id if self.assessment else None

    def _actor(self) -> Actor | None:
        """Return who acts and for which enterprise the store saves, or None if nobody may.

        The participant signed in (as a member of their enterprise record); on the
        trainer's page, the trainer named there.
        """
        if self._chooser is not None:
            name = " ".join(self._chooser.name.value.split())
            if not name or not self._chooser.class_code:
                return None
            return Actor(name, self._chooser.class_code, None, True)
        person = session.current()
        if person is None or person.enterprise_id is None:
            return None
        return Actor(person.name, person.class_code, person.enterprise_id, False)

    def _no_actor(self) -> None:
        if self._trainer:
            self._error(
                _(
                    "Write your name in “Trainer name” first: the history records who made "
                    "each change."
                )
            )
        else:
            self._error(_("Join your class first: your work is saved under your name."))

    def _change(self, action: Action, redraw: bool = True) -> Any:
        """Make a change with ``action(assessment, by)`` and save it; return its result.

        A refusal is shown and nothing is saved. When someone else saved the assessment in
        the meantime, it is reloaded and ``action`` made again on the newest version, so
        no change is lost. Returns :data:`FAILED` when the change did not happen.

        "Saved" is shown once the step is drawn again, so that what it says is on the page: a
        step that changes with ``redraw=False`` draws itself, or calls :meth:`show_saved`.
        """
        self._clear()
        outcome = self._session.change(action)
        result = self._said(outcome, mark=False)
        if outcome.code == "saved":
            self._unmarked += 1  # shown by the next drawing of the step (or show_saved)
        if redraw and outcome.code not in ("no-actor", "refused"):
            self._render_body()
        if redraw:
            self.show_saved()
        return result

    def _said(self, outcome: Outcome, mark: bool = True) -> Any:
        """Say what a change came to (``mark``: show "Saved"); return its result or FAILED."""
        if outcome.code == "saved":
            if outcome.retried:
                self._info(
                    _(
                        "A team member changed this assessment at the same time: it was "
                        "reloaded and your change made again on the newest version."
                    )
                )
            if mark:
                self._mark_saved()
            return outcome.result
        if outcome.code == "no-actor":
            self._no_actor()
        elif outcome.code == "refused":
            self._error(messages.error_text(outcome.error))
        elif outcome.code == "refused-on-retry":
            self._error(
                _(
                    "A team member changed this assessment at the same time; it was "
                    "reloaded, and your change could not be made again: {reason}"
                ).format(reason=messages.error_text(outcome.error))
            )
        else:
            self._save_failed(outcome.error)
        return FAILED

    def show_saved(self) -> None:
        """Show "Saved" for the changes saved since it was last shown (if any)."""
        if self._unmarked:
            self.saves += self._unmarked - 1
            self._unmarked = 0
            self._mark_saved()

    def _mark_saved(self) -> None:
        self.saves += 1
        self.assessment_id = self.assessment.id if self.assessment else None
        self._saving.value = forms.saved_line(self.saves)

    def _save_failed(self, exc: BaseException | None) -> object:
        log.error("register: saving assessment failed: %r", exc)
        self._saving.value = ""
        kind = getattr(exc, "kind", None)
        if kind == "trainer-only":
            text = _(
                "Only your trainer can change the review, visit notes and comments: "
                "nothing was saved."
            )
        elif kind == "not-yours":
            text = _("This assessment is another enterprise's: nothing was saved.")
        else:
            text = _("Your last change could not be saved. Please tell your trainer.")
        self._error(text)
        return FAILED

    def _clear(self) -> None:
        self._message.value = ""

    def _error(self, text: str) -> None:
        # Messages add up until the next action clears them: a reload notice stays visible.
        self._message.value += f'<p class="osh-error" role="alert">{esc(text)}</p>'

    def _info(self, text: str) -> None:
        self._message.value += f'<p class="osh-register-info" role="status">{esc(text)}</p>'

    # -- callbacks ---------------------------------------------------------------------
    def _on_step_change(self, change: dict) -> None:
        if change["new"] in STEPS:
            self.step = change["new"]
            self._clear()
            self._render_body()

    def _on_language_change(self, _lang: str) -> None:
        self._render()

    def _on_sign_in(self, _person: Person | None) -> None:
        self._restart()

    def _restart(self) -> None:
        """Forget what was open, then load and show the page's assessment afresh."""
        self._picked.forget()
        self._picked.import_html = ""
        self._saving.value = ""
        self._clear()
        self._load()
        self._render()

    def _opener(self, step: str, hazard_id: str | None = None) -> Callable:
        """Return a click handler that opens ``step`` (with a hazard chosen there)."""

        def handler(_button: ipw.Button) -> None:
            if hazard_id is not None:
                self._picked.hazard_id = self._picked.edit_id = hazard_id
                self._picked.measure_id = self._picked.done_pending = None
            self._clear()
            self.open_step(step)

        return handler

    # -- drawing -----------------------------------------------------------------------
    def _render(self) -> None:
        a = self.assessment
        words = step_words()
        current = self.step
        self._steps.unobserve(self._on_step_change, names="value")
        self._steps.options = [(words[s], s) for s in self.steps]
        self._steps.value = current
        self._steps.observe(self._on_step_change, names="value")
        self._steps.layout.display = None if a is not None else "none"
        self._header.value = header_html(a, language()) if a is not None else ""
        if self._chooser is not None:
            self._chooser.label()
        self._render_body()

    def _render_keep_message(self) -> None:
        message = self._message.value
        self._render()
        self._message.value = message

    def _render_body_keep_message(self) -> None:
        message = self._message.value
        self._render_body()
        self._message.value = message

    def _render_body(self) -> None:
        lang = language()
        a = self.assessment
        self._view = None
        person = None if self._trainer else session.current()
        if self._chooser is not None and a is None:
            parts = [self._chooser.guidance()]
        elif not self._trainer and person is None:
            parts = [join_guidance()]
        elif not self._trainer and person.enterprise_id is None:
            text = _(
                "Your trainer has not put you in an enterprise of the class yet: ask them, "
                "then reload this page."
            )
            parts = [forms.html(forms.p(text, "osh-register-guidance"))]
        elif a is None:
            self._view = StartForm(self)
            parts = self._view.build(person, lang)
        else:
            self._header.value = header_html(a, lang)
            self._view = STEP_VIEWS[self.step](self)
            parts = self._view.build(a, lang)
        old = list(self._body.children)
        # The body names the step it shows (``osh-register-body-evaluate``...), for styles
        # and for tests that wait until a step is drawn.
        shown = self.step if self._view is not None and a is not None else "start"
        self._body._dom_classes = ("osh-register-body", f"osh-register-body-{shown}")
        self._body.children = parts
        discard(old)
        self.show_saved()
        if a is not None and a.locked:
            lock_controls(self._body, getattr(self._view, "keep", ()))


__all__ = ["FAILED", "PARTICIPANT_STEPS", "STEPS", "RiskAssessment", "download_link"]
