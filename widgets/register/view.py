"""The enterprise's risk assessment app: the five steps, the trainer's loop, import, reports.

A thin view over :class:`~widgets.register.model.Assessment`: every control calls one verb
of the model, says its refusal in the page's language (:mod:`widgets.register.messages`
turns the model's codes, notices and history into sentences) or saves the assessment at once. Only
the open step's widgets exist, so a phone holds few live widgets. The participant signed in
on the page (:mod:`widgets.store.session`) is who acts; their enterprise's assessment in their
class is the one shown (one per enterprise and class, the newest year). The trainer's loop
(visit notes, comments, marking reviewed, reopening) exists only on the trainer's page
(``RiskAssessment(trainer=True)``, served from ``trainer/``), where the trainer chooses a
class and an enterprise's assessment and acts under the name they write.
"""

from __future__ import annotations

import base64
import io
import logging
from collections.abc import Callable
from datetime import date
from typing import Any, NamedTuple

import ipywidgets as ipw
import traitlets

from widgets.hierarchy.model import hierarchy
from widgets.i18n import _, language, on_language_change
from widgets.join.view import JoinClass
from widgets.measures.model import hazard_categories, library
from widgets.register import importer, messages, photos, reports
from widgets.register.errors import RegisterError
from widgets.register.model import (
    ANSWERS,
    Assessment,
    Hazard,
    Measure,
    Photo,
    Rating,
)
from widgets.register.settings import settings
from widgets.register.store import RegisterStore
from widgets.risk.model import get_method, methods
from widgets.risk_matrix.view import RiskMatrix
from widgets.store import session
from widgets.store.people import Person, StoreError, enterprise_key
from widgets.ui import discard
from widgets.ui.bands import band_chip
from widgets.ui.style import esc, stylesheet

log = logging.getLogger(__name__)

STEPS = ("profile", "identify", "evaluate", "controls", "review", "trainer", "import", "reports")
"""The parts of the app: the ILO five steps, then the trainer's loop, import and reports."""
PARTICIPANT_STEPS = tuple(s for s in STEPS if s != "trainer")
"""The parts of the participants' app: all but the trainer's loop."""
PAGE = 5
"""Checklist statements shown at a time (few live widgets on a phone)."""
HISTORY_SHOWN = 40
THUMBNAIL_PX = 160
FAILED = object()
"""What :meth:`RiskAssessment._change` returns when the change was refused or not saved."""


def _step_words() -> dict[str, str]:
    return {
        "profile": _("1 · Profile"),
        "identify": _("2 · Hazards"),
        "evaluate": _("3 · Evaluation"),
        "controls": _("4 · Action plan"),
        "review": _("5 · Review"),
        "trainer": _("Trainer"),
        "import": _("Import"),
        "reports": _("Reports"),
    }


def _answer_words() -> dict[str, str]:
    return {
        "yes": _("Yes"),
        "no": _("No"),
        "not-applicable": _("Not applicable"),
        "later": _("Later"),
    }


def _status_words() -> dict[str, str]:
    return {"planned": _("Planned"), "in-progress": _("In progress"), "done": _("Done")}


MAX_JSON_BYTES = 40 * 2**20
"""The largest assessment file read (photos inside it are 8 MiB at most each)."""


def _trainer_only(callback: Callable) -> Callable:
    """Let a callback act only on the trainer's page (the store refuses it anyway)."""

    def guarded(self: RiskAssessment, *args: Any) -> None:
        if not self._trainer:
            log.warning("register: %s fired on a participant's page", callback.__name__)
            return
        callback(self, *args)

    guarded.__name__ = callback.__name__
    return guarded


class Actor(NamedTuple):
    """Who acts on the page, and on whose behalf the store saves."""

    by: str
    class_code: str | None
    enterprise_id: int | None
    trainer: bool


def _field(widget: ipw.Widget, label: str) -> ipw.Widget:
    """Give ``widget`` its label above it and the full width (see ``osh-field`` in the CSS)."""
    widget.description = label
    widget.style = {"description_width": "initial"}
    widget.layout = ipw.Layout(width="100%")
    widget.add_class("osh-field")
    return widget


def _text(label: str, value: str = "", area: bool = False) -> ipw.Widget:
    kind = ipw.Textarea if area else ipw.Text
    return _field(kind(value=value, continuous_update=False), label)


def _dropdown(label: str, options: list[tuple[str, Any]], value: Any = None) -> ipw.Dropdown:
    values = [v for _label, v in options]
    chosen = value if value in values else (values[0] if values else None)
    return _field(ipw.Dropdown(options=options, value=chosen), label)


def _button(label: str, handler: Callable, primary: bool = False) -> ipw.Button:
    button = ipw.Button(description=label, button_style="primary" if primary else "")
    button.add_class("osh-action")
    button.on_click(handler)
    return button


def _html(text: str) -> ipw.HTML:
    return ipw.HTML(text, layout=ipw.Layout(width="100%"))


def _p(text: str, css: str = "osh-hint") -> str:
    return f'<p class="{css}">{esc(text)}</p>'


def _h4(text: str) -> str:
    return f"<h4>{esc(text)}</h4>"


def _warning(text: str) -> str:
    return f'<p class="osh-warning" role="alert">{esc(text)}</p>'


def _notes(notes: list) -> str:
    """Return dated, signed notes or comments as a read-only list."""
    items = "".join(
        f"<li><b>{esc(n.at.date().isoformat())} · {esc(n.by)}:</b> {esc(n.text)}</li>"
        for n in notes
    )
    return f'<ul class="osh-register-notes">{items}</ul>'


def _walk(widget: ipw.Widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _walk(child)


def _chip(rating: Rating | None, lang: str) -> str:
    if rating is None:
        return esc(_("not rated yet"))
    return band_chip(rating.band_info, lang)


def _overview_cell(label: str, html: str) -> ipw.HTML:
    """Return a cell of the overview; its column's name shows only where rows stack as cards."""
    cell = ipw.HTML(f'<span class="osh-cell-label">{esc(label)}: </span>{html}')
    cell.add_class("osh-register-overview-cell")
    return cell


def _uploaded(value: object) -> list[tuple[str, bytes]]:
    """Return (name, bytes) of each file a FileUpload holds; anything malformed is skipped."""
    files = []
    for entry in value if isinstance(value, list | tuple) else ():
        if not isinstance(entry, dict):
            continue
        name, content = entry.get("name"), entry.get("content")
        if isinstance(name, str) and isinstance(content, bytes | bytearray | memoryview):
            files.append((name[:200], bytes(content)))
    return files


def download_link(download: reports.Download) -> str:
    """Return an HTML link that saves ``download`` in the browser (a data URI: no file served).

    Voila serves no files it was not told to (``file_denylist`` in ``voila.json``), so the
    file travels inside the page.
    """
    payload = base64.b64encode(download.data).decode("ascii")
    label = _("Save {name}").format(name=download.filename)
    return (
        f'<a class="osh-register-download" download="{esc(download.filename)}" '
        f'href="data:{esc(download.mime)};base64,{payload}">⬇ {esc(label)}</a>'
    )


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
        self._assessment: Assessment | None = None
        self._w: dict[str, ipw.Widget] = {}
        self._hazard_id: str | None = None
        self._edit_id: str | None = None
        self._measure_id: str | None = None
        self._done_pending: str | None = None
        self._page = 0
        self._import_html = ""
        self._thumbs: dict[str, str] = {}
        self._class_code: str | None = None
        top = self._build_chooser() if self._trainer else JoinClass()
        self._header = _html("")
        self._steps = ipw.ToggleButtons(style={"button_width": "auto"})
        self._steps.add_class("osh-register-steps")
        self._message = _html("")
        self._body = ipw.VBox(layout=ipw.Layout(width="100%"))
        self._saving = _html("")
        self.children = [
            stylesheet(),
            top,
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
        return self._assessment

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

    # -- store -------------------------------------------------------------------------
    def _register(self) -> RegisterStore:
        return RegisterStore(session.store())

    def _load(self) -> None:
        """Find the signed-in participant's enterprise's assessment in their class.

        On the trainer's page, load the assessment chosen there instead.
        """
        if self._trainer:
            self._load_chosen()
            return
        person = session.current()
        self._assessment = None
        if person is not None and person.enterprise_id is not None:
            # Membership decides: the participant's own enterprise record's assessment,
            # the newest year; never one found by a name.
            try:
                self._assessment = self._register().current(person.enterprise_id)
            except Exception:
                log.exception("register: the assessment of participant %s not loaded", person.id)
                self._error(_("Your assessment could not be opened. Please tell your trainer."))
        self.assessment_id = self._assessment.id if self._assessment else None

    def _actor(self) -> Actor | None:
        """Return who acts and for which enterprise the store saves, or None if nobody may.

        The participant signed in (as a member of their enterprise record); on the
        trainer's page, the trainer named there.
        """
        if self._trainer:
            name = " ".join(self._trainer_name.value.split())
            if not name or not self._class_code:
                return None
            return Actor(name, self._class_code, None, True)
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

    def _change(self, action: Callable[[Assessment, str], Any], redraw: bool = True) -> Any:
        """Make a change with ``action(assessment, by)`` and save it; return its result.

        A refusal is shown and nothing is saved. When someone else saved the assessment in
        the meantime, it is reloaded and ``action`` made again on the newest version, so
        no change is lost. Returns :data:`FAILED` when the change did not happen.
        """
        self._message.value = ""
        actor = self._actor()
        assessment = self._assessment
        if actor is None or assessment is None:
            self._no_actor()
            return FAILED
        try:
            result = action(assessment, actor.by)
        except RegisterError as exc:
            self._error(messages.error_text(exc))
            return FAILED
        result = self._save(assessment, actor, action, result)
        if redraw:
            self._render_body()
        return result

    def _save(self, assessment: Assessment, actor: Actor, action: Callable, result: Any) -> Any:
        by = actor.by
        register = self._register()

        def save(a: Assessment) -> None:
            register.save(
                a,
                actor.class_code,
                enterprise_id=actor.enterprise_id,
                participant=not actor.trainer,
            )

        try:
            save(assessment)
        except StoreError as exc:
            if exc.kind != "conflict":
                return self._save_failed(exc)
            try:
                fresh = register.load(assessment.id)
                self._assessment = fresh
                result = action(fresh, by)
                save(fresh)
            except RegisterError as again:
                self._error(
                    _(
                        "A team member changed this assessment at the same time; it was "
                        "reloaded, and your change could not be made again: {reason}"
                    ).format(reason=messages.error_text(again))
                )
                return FAILED
            except Exception as again:
                self._assessment = register.load(assessment.id)
                return self._save_failed(again)
            self._info(
                _(
                    "A team member changed this assessment at the same time: it was reloaded "
                    "and your change made again on the newest version."
                )
            )
        except Exception as exc:
            return self._save_failed(exc)
        self._mark_saved()
        return result

    def _mark_saved(self) -> None:
        self.saves += 1
        self.assessment_id = self._assessment.id if self._assessment else None
        saved = _("Saved")
        self._saving.value = (
            f'<p class="osh-saved" role="status" data-saves="{self.saves}">✓ {esc(saved)}</p>'
        )

    def _save_failed(self, exc: Exception) -> object:
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

    def _error(self, text: str) -> None:
        # Messages add up until the next action clears them: a reload notice stays visible.
        self._message.value += f'<p class="osh-error" role="alert">{esc(text)}</p>'

    def _info(self, text: str) -> None:
        self._message.value += f'<p class="osh-register-info" role="status">{esc(text)}</p>'

    # -- callbacks ---------------------------------------------------------------------
    def _on_step_change(self, change: dict) -> None:
        if change["new"] in STEPS:
            self.step = change["new"]
            self._message.value = ""
            self._render_body()

    def _on_language_change(self, _lang: str) -> None:
        self._render()

    def _on_sign_in(self, _person: Person | None) -> None:
        self._restart()

    def _restart(self) -> None:
        """Forget what was open, then load and show the page's assessment afresh."""
        self._hazard_id = self._measure_id = self._done_pending = None
        self._import_html = ""
        self._saving.value = ""
        self._message.value = ""
        self._load()
        self._render()

    # -- drawing -----------------------------------------------------------------------
    def _render(self) -> None:
        lang = language()
        a = self._assessment
        words = _step_words()
        current = self.step
        self._steps.unobserve(self._on_step_change, names="value")
        self._steps.options = [(words[s], s) for s in self.steps]
        self._steps.value = current
        self._steps.observe(self._on_step_change, names="value")
        self._steps.layout.display = None if a is not None else "none"
        self._header.value = self._header_html(a, lang) if a is not None else ""
        if self._trainer:
            self._label_chooser()
        self._render_body()

    def _header_html(self, a: Assessment, lang: str) -> str:
        title = _("{enterprise}: risk assessment {year}").format(
            enterprise=a.profile.enterprise, year=a.year
        )
        method = _("Method: {method}").format(method=a.method.name.get(lang))
        parts = [f'<div class="osh-title"><h3>{esc(title)}</h3>{_p(method)}</div>']
        if a.locked:
            when = a.reviewed_at.date().isoformat() if a.reviewed_at else ""
            locked = _(
                "Marked reviewed by {who} on {date}: locked until the trainer reopens it."
            ).format(who=a.reviewed_by, date=when)
            parts.append(f'<p class="osh-register-locked" role="status">🔒 {esc(locked)}</p>')
        return "".join(parts)

    def _render_body(self) -> None:
        lang = language()
        a = self._assessment
        self._w = {}
        if self._trainer and a is None:
            parts = [self._trainer_guidance()]
        elif not self._trainer and session.current() is None:
            parts = [self._guidance()]
        elif not self._trainer and session.current().enterprise_id is None:
            text = _(
                "Your trainer has not put you in an enterprise of the class yet: ask them, "
                "then reload this page."
            )
            parts = [_html(_p(text, "osh-register-guidance"))]
        elif a is None:
            parts = self._build_start(lang)
        else:
            self._header.value = self._header_html(a, lang)
            parts = getattr(self, f"_build_{self.step}")(a, lang)
        old = list(self._body.children)
        self._body.children = parts
        discard(old)
        if a is not None and a.locked:
            self._lock_controls()

    def _lock_controls(self) -> None:
        """Disable what would change a locked assessment (reports, review copy, reopen stay)."""
        keep = {id(self._w[k]) for k in ("reopen", "copy", "report-lang") if k in self._w}
        keep |= {id(w) for k, w in self._w.items() if k.startswith("report:") or k == "picker"}
        keep |= {id(w) for k, w in self._w.items() if k in ("hazard", "measure")}
        for widget in _walk(self._body):
            editing = isinstance(widget, ipw.Button | ipw.ValueWidget | ipw.FileUpload)
            if editing and id(widget) not in keep and hasattr(widget, "disabled"):
                widget.disabled = True

    def _guidance(self) -> ipw.HTML:
        text = _(
            "Join your class above (or continue with your resume code) to open your "
            "enterprise's risk assessment. Everyone of your enterprise works on the same "
            "assessment, and every change is saved as you make it."
        )
        return _html(_p(text, "osh-register-guidance"))

    # -- the trainer's page: who acts and which assessment ---------------------------------
    def _build_chooser(self) -> ipw.VBox:
        """Build the trainer's name and the choice of class and assessment (trainer's page)."""
        self._trainer_name = _text("")
        self._classes = _dropdown("", [])
        self._chosen = _dropdown("", [])
        try:
            classes = session.store().classes()
        except Exception:
            log.exception("register: classes could not be listed for the trainer")
            classes = []
        self._classes.options = [(f"{c['code']} · {c['name']}", c["code"]) for c in classes]
        if classes:  # the newest class, as on the debrief page
            self._classes.value = classes[-1]["code"]
        self._list_assessments()
        self._classes.observe(self._on_class_pick, names="value")
        self._chosen.observe(self._on_assessment_pick, names="value")
        self._label_chooser()
        chooser = ipw.VBox(
            [self._trainer_name, self._classes, self._chosen], layout=ipw.Layout(width="100%")
        )
        chooser.add_class("osh-register-chooser")
        return chooser

    def _label_chooser(self) -> None:
        self._trainer_name.description = _("Trainer name")
        self._classes.description = _("Class")
        self._chosen.description = _("Enterprise's assessment")

    def _list_assessments(self) -> None:
        """List the assessments of the class chosen, by enterprise, newest year first."""
        rows = []
        if self._classes.value:
            try:
                rows = self._register().assessments(self._classes.value)
            except Exception:
                log.exception("register: assessments of %s not listed", self._classes.value)
        rows.sort(key=lambda r: (r["enterprise"].casefold(), -r["year"]))
        options = [("—", "")]
        for row in rows:
            lock = " 🔒" if row["locked"] else ""
            # Kept from a merge or from before enterprise records: no enterprise opens it.
            aside = " · " + _("set aside") if row["enterprise_id"] is None else ""
            options.append((f"{row['enterprise']} · {row['year']}{lock}{aside}", row["id"]))
        self._chosen.options = options
        self._chosen.value = ""

    def _load_chosen(self) -> None:
        self._assessment = None
        self._class_code = self._classes.value or None
        if self._chosen.value:
            try:
                self._assessment = self._register().load(self._chosen.value)
            except Exception:
                log.exception(
                    "register: assessment %s not loaded for the trainer", self._chosen.value
                )
                self._error(_("The assessment could not be opened; the server log says why."))
        self.assessment_id = self._assessment.id if self._assessment else None

    def _trainer_guidance(self) -> ipw.HTML:
        if not self._classes.options:
            text = _("There is no class yet: create one on the Classes page (trainer/class.ipynb).")
        elif len(self._chosen.options) <= 1:
            text = _("No enterprise of class {code} has started a risk assessment yet.").format(
                code=self._classes.value
            )
        else:
            text = _("Choose an enterprise's assessment above.")
        return _html(_p(text, "osh-register-guidance"))

    def _on_class_pick(self, _change: dict) -> None:
        self._chosen.unobserve(self._on_assessment_pick, names="value")
        self._list_assessments()
        self._chosen.observe(self._on_assessment_pick, names="value")
        self._restart()

    def _on_assessment_pick(self, _change: dict) -> None:
        self._restart()

    # -- start ---------------------------------------------------------------------------
    def _build_start(self, lang: str) -> list[ipw.Widget]:
        person = session.current()
        assert person is not None
        intro = _(
            "Start your enterprise's risk assessment: choose the sector, the size and the "
            "evaluation method. You can add work areas and the team next."
        )
        name = _("Enterprise: {name}").format(name=person.enterprise)
        # What the trainer enrolled the enterprise with, when it is known.
        record = {}
        if person.enterprise_id is not None:
            try:
                record = session.store().enterprise(person.enterprise_id)
            except StoreError:
                log.warning("register: enterprise %s not found", person.enterprise_id)
        known = {c.id for c in settings().sectors}, {c.id for c in settings().size_bands}
        sector = record.get("sector") if record.get("sector") in known[0] else None
        size = record.get("size") if record.get("size") in known[1] else None
        self._w["sector"] = self._sector_picker(lang, sector)
        self._w["size"] = self._size_picker(lang, size)
        self._w["method"] = self._method_picker(lang, None)
        self._w["report-language"] = self._language_picker(lang)
        self._w["start"] = _button(_("Start the assessment"), self._on_start_click, primary=True)
        return [
            _html(_p(intro) + f"<p><b>{esc(name)}</b></p>"),
            self._w["sector"],
            self._w["size"],
            self._w["method"],
            self._w["report-language"],
            self._w["start"],
        ]

    def _sector_picker(self, lang: str, value: str | None) -> ipw.Dropdown:
        options = [(c.label.get(lang), c.id) for c in settings().sectors]
        return _dropdown(_("Sector"), options, value)

    def _size_picker(self, lang: str, value: str | None) -> ipw.Dropdown:
        options = [(c.label.get(lang), c.id) for c in settings().size_bands]
        return _dropdown(_("Size"), options, value)

    def _method_picker(self, lang: str, value: str | None) -> ipw.Dropdown:
        options = [(get_method(m).name.get(lang), m) for m in methods()]
        return _dropdown(_("Evaluation method"), options, value or "5x5")

    def _language_picker(self, lang: str, value: str | None = None) -> ipw.Dropdown:
        options = [("Монгол", "mn"), ("English", "en")]
        return _dropdown(_("Language of the reports"), options, value or lang)

    def _on_start_click(self, _button: ipw.Button) -> None:
        person = session.current()
        if person is None:
            self._render_body()
            return
        self._message.value = ""
        try:
            assessment = Assessment.start(
                person.name,
                enterprise=person.enterprise,
                sector=self._w["sector"].value,
                size=self._w["size"].value,
                method=self._w["method"].value,
                language=self._w["report-language"].value,
            )
        except RegisterError as exc:
            self._error(messages.error_text(exc))
            return
        actor = self._actor()
        if actor is None:
            self._no_actor()
            return
        self._assessment = assessment
        self.step = "profile"
        try:
            self._register().save(
                assessment, actor.class_code, enterprise_id=actor.enterprise_id, participant=True
            )
        except StoreError as exc:
            self._assessment = None
            if exc.kind != "exists":
                self._save_failed(exc)
                return
            # A team member pressed Start at the same moment: theirs is the one.
            self._load()
            self._info(_("A team member has just started your assessment: here it is."))
            self._render_keep_message()
            return
        except Exception as exc:
            self._assessment = None
            self._save_failed(exc)
            return
        self._mark_saved()
        self._render()

    # -- step 1: profile -----------------------------------------------------------------
    def _build_profile(self, a: Assessment, lang: str) -> list[ipw.Widget]:
        p = a.profile
        name = _("Enterprise: {name}").format(name=p.enterprise)
        same = _(
            "Your enterprise as your trainer has it in the class list: everyone who joined "
            "for it works on this assessment. Your trainer corrects the name if needed."
        )
        fields = {
            "sector": self._sector_picker(lang, p.sector),
            "size": self._size_picker(lang, p.size),
            "method": self._method_picker(lang, p.method),
            "language": self._language_picker(lang, p.language),
        }
        for key, picker in fields.items():
            self._w[key] = picker
            picker.observe(self._profile_handler(key), names="value")
        kinds = {k.id: k.label.get(lang) for k in settings().area_kinds}
        roles = {r.id: r.label.get(lang) for r in settings().roles}
        parts: list[ipw.Widget] = [
            _html(f"<p><b>{esc(name)}</b></p>" + _p(same)),
            *fields.values(),
            _html(_h4(_("Work areas"))),
        ]
        for index, area in enumerate(p.areas):
            label = f"{area.name} ({kinds.get(area.kind or '', '—')})"
            parts.append(self._row(label, f"area-remove:{index}", self._remover("areas", index)))
        self._w["area-name"] = _text(_("Work area or location"))
        kind_options = [("—", ""), *((label, kid) for kid, label in kinds.items())]
        self._w["area-kind"] = _dropdown(_("Kind of area (for the checklist)"), kind_options, "")
        self._w["area-add"] = _button(_("Add work area"), self._on_area_add_click)
        parts += [self._w["area-name"], self._w["area-kind"], self._w["area-add"]]
        parts.append(_html(_h4(_("Assessment team"))))
        for index, member in enumerate(p.team):
            label = f"{member.name} ({roles.get(member.role, member.role)})"
            parts.append(self._row(label, f"member-remove:{index}", self._remover("team", index)))
        if p.no_worker:
            notice = next(n for n in a.notices() if n.kind == "no-worker")
            parts.append(_html(_warning(messages.notice_text(notice, lang))))
        self._w["member-name"] = _text(_("Name"))
        self._w["member-role"] = _dropdown(_("Role"), [(v, k) for k, v in roles.items()], "worker")
        self._w["member-add"] = _button(_("Add team member"), self._on_member_add_click)
        parts += [self._w["member-name"], self._w["member-role"], self._w["member-add"]]
        return parts

    def _row(self, label: str, key: str, handler: Callable) -> ipw.HBox:
        button = _button(_("Remove"), handler)
        self._w[key] = button
        text = ipw.HTML(esc(label), layout=ipw.Layout(flex="1 1 auto"))
        row = ipw.HBox([text, button], layout=ipw.Layout(width="100%", align_items="center"))
        row.add_class("osh-register-row")
        return row

    def _profile_handler(self, key: str) -> Callable[[dict], None]:
        def handler(change: dict) -> None:
            self._change(lambda a, by: a.update_profile(by, **{key: change["new"]}))

        return handler

    def _remover(self, field: str, index: int) -> Callable:
        def handler(_button: ipw.Button) -> None:
            def action(a: Assessment, by: str) -> None:
                items = [item.model_dump() for item in getattr(a.profile, field)]
                if index < len(items):
                    del items[index]
                a.update_profile(by, **{field: items})

            self._change(action)

        return handler

    def _on_area_add_click(self, _button: ipw.Button) -> None:
        area = {"name": self._w["area-name"].value, "kind": self._w["area-kind"].value or None}
        self._change(
            lambda a, by: a.update_profile(
                by, areas=[*(x.model_dump() for x in a.profile.areas), area]
            )
        )

    def _on_member_add_click(self, _button: ipw.Button) -> None:
        member = {"name": self._w["member-name"].value, "role": self._w["member-role"].value}
        self._change(
            lambda a, by: a.update_profile(
                by, team=[*(x.model_dump() for x in a.profile.team), member]
            )
        )

    # -- step 2: identification ----------------------------------------------------------
    def _build_identify(self, a: Assessment, lang: str) -> list[ipw.Widget]:
        statements = a.checklist()
        pages = max(1, -(-len(statements) // PAGE))
        self._page = min(self._page, pages - 1)
        answered = sum(1 for s in statements if a.answers.get(s.id, "later") != "later")
        intro = _(
            "Walk through the workplace together. Each statement says how things should "
            "be: answer No when it is not so, and it becomes a hazard to assess."
        )
        progress = _("{answered} of {total} statements answered").format(
            answered=answered, total=len(statements)
        )
        parts: list[ipw.Widget] = [_html(_p(intro) + f"<p><b>{esc(progress)}</b></p>")]
        words = _answer_words()
        start = self._page * PAGE
        for number, statement in enumerate(statements[start : start + PAGE], start + 1):
            text = _html(
                f'<p class="osh-register-statement">{number}. {esc(statement.text.get(lang))}</p>'
            )
            choice = ipw.ToggleButtons(
                options=[(words[x], x) for x in ANSWERS],
                value=a.answers.get(statement.id),
                style={"button_width": "auto"},
            )
            choice.add_class("osh-register-answer")
            choice.observe(self._answer_handler(statement.id), names="value")
            self._w[f"answer:{statement.id}"] = choice
            parts += [text, choice]
        page = _("Page {page} of {pages}").format(page=self._page + 1, pages=pages)
        self._w["previous"] = _button(_("Previous"), self._on_page_click(-1))
        self._w["next"] = _button(_("Next"), self._on_page_click(+1))
        self._w["previous"].disabled = self._page == 0
        self._w["next"].disabled = self._page >= pages - 1
        parts.append(
            ipw.HBox(
                [self._w["previous"], _html(_p(page)), self._w["next"]],
                layout=ipw.Layout(flex_flow="row wrap", align_items="center"),
            )
        )
        parts.append(_html(_h4(_("Hazards found"))))
        if a.hazards:
            found = _(
                "{count} hazards found so far: the overview in step 5 lists them all, with "
                "their risks, measures and who does what."
            ).format(count=len(a.hazards))
            self._w["see-all"] = _button(_("See all hazards"), self._opener("review"))
            parts += [_html(_p(found)), self._w["see-all"]]
        parts += self._hazard_editor(a, lang)
        return parts

    def _answer_handler(self, statement_id: str) -> Callable[[dict], None]:
        def handler(change: dict) -> None:
            if change["new"] is None:
                return
            found = self._change(
                lambda a, by: a.answer(statement_id, change["new"], by), redraw=False
            )
            if found is not FAILED and found is not None:
                self._hazard_id = found.id
            self._render_body_keep_message()

        return handler

    def _render_body_keep_message(self) -> None:
        message = self._message.value
        self._render_body()
        self._message.value = message

    def _on_page_click(self, step: int) -> Callable:
        def handler(_button: ipw.Button) -> None:
            self._page = max(0, self._page + step)
            self._render_body()

        return handler

    def _hazard_options(self, a: Assessment, lang: str) -> list[tuple[str, str]]:
        options = []
        for number, hazard in enumerate(a.hazards, 1):
            rating = hazard.rating
            band = rating.band_info.label.get(lang) if rating else _("not rated yet")
            options.append((f"{number}. {hazard.title[:70]} — {band}", hazard.id))
        return options

    def _selected_hazard(self, a: Assessment) -> Hazard | None:
        ids = [h.id for h in a.hazards]
        if self._hazard_id not in ids:
            self._hazard_id = ids[0] if ids else None
        return a.hazard(self._hazard_id) if self._hazard_id else None

    def _hazard_picker(self, a: Assessment, lang: str) -> ipw.Dropdown:
        picker = _dropdown(_("Hazard"), self._hazard_options(a, lang), self._hazard_id)
        picker.observe(self._on_hazard_pick, names="value")
        self._w["hazard"] = picker
        return picker

    def _on_edit_pick(self, change: dict) -> None:
        self._edit_id = change["new"] or None
        self._message.value = ""
        self._render_body()

    def _on_hazard_pick(self, change: dict) -> None:
        self._hazard_id = change["new"] or None
        self._measure_id = self._done_pending = None
        self._message.value = ""
        self._render_body()

    def _hazard_editor(self, a: Assessment, lang: str) -> list[ipw.Widget]:
        if self._edit_id not in [h.id for h in a.hazards]:
            self._edit_id = None
        options = [(_("➕ Add our own hazard"), ""), *self._hazard_options(a, lang)]
        picker = _dropdown(_("Hazard"), options, self._edit_id or "")
        picker.observe(self._on_edit_pick, names="value")
        self._w["hazard"] = picker
        hazard = a.hazard(self._edit_id) if self._edit_id else None
        categories = [(c.label.get(lang), c.id) for c in hazard_categories().categories]
        self._w["title"] = _text(_("Name of the hazard"), hazard.title if hazard else "")
        self._w["category"] = _dropdown(
            _("Category"), categories, hazard.category if hazard else None
        )
        self._w["location"] = _text(_("Where"), hazard.location if hazard else "")
        self._w["who"] = _text(
            _("Who might be harmed, and how"), hazard.who if hazard else "", area=True
        )
        self._w["existing"] = _text(
            _("Controls already in place"), hazard.existing if hazard else "", area=True
        )
        parts = [
            picker,
            self._w["title"],
            self._w["category"],
            self._w["location"],
            self._w["who"],
            self._w["existing"],
        ]
        if hazard is None:
            self._w["add-hazard"] = _button(_("Add hazard"), self._on_hazard_add_click, True)
            parts.append(self._w["add-hazard"])
        else:
            self._w["save-hazard"] = _button(_("Save changes"), self._on_hazard_save_click, True)
            self._w["remove-hazard"] = _button(_("Delete hazard"), self._on_hazard_remove_click)
            parts.append(ipw.HBox([self._w["save-hazard"], self._w["remove-hazard"]]))
        return parts

    def _hazard_fields(self) -> dict[str, str]:
        return {k: self._w[k].value for k in ("title", "category", "location", "who", "existing")}

    def _on_hazard_add_click(self, _button: ipw.Button) -> None:
        fields = self._hazard_fields()
        title, category = fields.pop("title"), fields.pop("category")
        hazard = self._change(
            lambda a, by: a.add_hazard(title, category, by, **fields), redraw=False
        )
        if hazard is FAILED:
            return  # the form keeps what was typed, with the refusal above it
        self._hazard_id = hazard.id
        self._render_body()
        self._info(_("Hazard added: {hazard}").format(hazard=hazard.title))

    def _on_hazard_save_click(self, _button: ipw.Button) -> None:
        fields, hazard_id = self._hazard_fields(), self._edit_id
        self._change(lambda a, by: a.edit_hazard(hazard_id, by, **fields))

    def _on_hazard_remove_click(self, _button: ipw.Button) -> None:
        hazard_id, self._edit_id = self._edit_id, None
        self._change(lambda a, by: a.remove_hazard(hazard_id, by))

    # -- step 3: evaluation ----------------------------------------------------------------
    def _build_evaluate(self, a: Assessment, lang: str) -> list[ipw.Widget]:
        hazard = self._selected_hazard(a)
        if hazard is None:
            return [_html(_p(_("Add hazards in step 2 first; then rate each one here.")))]
        parts: list[ipw.Widget] = [self._hazard_picker(a, lang), _html(self._hazard_card(hazard))]
        matrix = RiskMatrix(a.profile.method)
        if hazard.rating is not None:
            try:
                matrix.select(**self._factors(hazard.rating))
            except Exception as exc:  # a rating the matrix cannot show is still kept
                log.warning("register: rating of %s not shown: %s", hazard.id, exc)
        matrix.observe(self._on_matrix_change, names="value")
        self._w["matrix"] = matrix
        bands = [(b.label.get(lang), b.id) for b in a.method.bands]
        overridden = hazard.rating is not None and hazard.rating.overridden
        self._w["band"] = _dropdown(
            _("Band to use (only with a written reason)"),
            [(_("As computed"), ""), *bands],
            hazard.rating.band if overridden else "",
        )
        self._w["reason"] = _text(
            _("Why another band than the computed one?"),
            (hazard.rating.reason or "") if overridden else "",
            area=True,
        )
        self._w["use-band"] = _button(_("Use this band"), self._on_use_band_click)
        self._w["rating"] = _html(self._rating_html(hazard, lang))
        parts += [
            matrix,
            self._w["band"],
            self._w["reason"],
            self._w["use-band"],
            self._w["rating"],
        ]
        return parts

    @staticmethod
    def _factors(rating: Rating) -> dict[str, Any]:
        if rating.method_info.score == "direct":
            return {"band": rating.computed}
        return dict(rating.factors)

    def _hazard_card(self, hazard: Hazard) -> str:
        rows = [
            (_("Where"), hazard.location),
            (_("Who might be harmed, and how"), hazard.who),
            (_("Controls already in place"), hazard.existing),
        ]
        cells = "".join(f"<p><b>{esc(k)}:</b> {esc(v)}</p>" for k, v in rows if v)
        return f'<div class="osh-hazard"><p><b>{esc(hazard.title)}</b></p>{cells}</div>'

    def _rating_html(self, hazard: Hazard, lang: str) -> str:
        if hazard.rating is None:
            return _p(_("Choose the cell that fits the hazard: the rating is saved at once."))
        saved = _("Saved rating")
        text = f"<p><b>{esc(saved)}:</b> {_chip(hazard.rating, lang)}</p>"
        if hazard.rating.overridden:
            computed = _("Computed: {band}; reason: {reason}").format(
                band=hazard.rating.method_info.band(hazard.rating.computed).label.get(lang),
                reason=hazard.rating.reason,
            )
            text += _p(computed, "osh-reason")
        return f'<div class="osh-result" role="status">{text}</div>'

    def _on_matrix_change(self, _change: dict) -> None:
        if self._w["matrix"].band is not None:  # a three-factor method: wait for all three
            self._rate()

    def _on_use_band_click(self, _button: ipw.Button) -> None:
        self._rate()

    def _rate(self) -> None:
        matrix: RiskMatrix = self._w["matrix"]
        hazard_id = self._hazard_id
        if matrix.band is None or hazard_id is None:
            self._message.value = ""
            self._error(_("Choose the cell that fits the hazard first."))
            return
        factors = dict(matrix.value)
        band = self._w["band"].value or None
        reason = self._w["reason"].value or None
        done = self._change(
            lambda a, by: a.rate(hazard_id, factors, by, band=band, reason=reason), redraw=False
        )
        if done is not FAILED and self._assessment is not None:
            hazard = self._assessment.hazard(hazard_id)
            self._w["rating"].value = self._rating_html(hazard, language())
            picker = self._w["hazard"]
            picker.unobserve(self._on_hazard_pick, names="value")
            picker.options = self._hazard_options(self._assessment, language())
            picker.value = hazard_id
            picker.observe(self._on_hazard_pick, names="value")

    # -- step 4: controls and action plan ------------------------------------------------
    def _build_controls(self, a: Assessment, lang: str) -> list[ipw.Widget]:
        hazard = self._selected_hazard(a)
        if hazard is None:
            return [_html(_p(_("Add hazards in step 2 first; then plan measures here.")))]
        weak = [n for n in a.notices() if n.kind == "weak-only"]
        parts: list[ipw.Widget] = []
        if weak:
            parts.append(_html("".join(_warning(messages.notice_text(n, lang)) for n in weak)))
        parts.append(self._hazard_picker(a, lang))
        card = self._hazard_card(hazard)
        card += f"<p>{_chip(hazard.rating, lang)}</p>"
        parts.append(_html(card))
        ids = [m.id for m in hazard.measures]
        if self._measure_id not in ids:
            self._measure_id = None
        options = [(_("➕ New measure"), "")]
        words = _status_words()
        for number, m in enumerate(hazard.measures, 1):
            options.append((f"{number}. {m.text[:60]} ({words[m.status]})", m.id))
        measure_picker = _dropdown(_("Measure"), options, self._measure_id or "")
        measure_picker.observe(self._on_measure_pick, names="value")
        self._w["measure"] = measure_picker
        parts.append(measure_picker)
        if self._measure_id is None:
            parts += self._new_measure(a, hazard, lang)
        else:
            parts += self._edit_measure(a, hazard, a.measure(hazard.id, self._measure_id), lang)
        return parts

    def _on_measure_pick(self, change: dict) -> None:
        self._measure_id = change["new"] or None
        self._done_pending = None
        self._message.value = ""
        self._render_body()

    def _level_picker(self, lang: str, value: str | None) -> ipw.Dropdown:
        options = [(level.label.get(lang), level.id) for level in hierarchy().levels]
        return _dropdown(_("Level in the hierarchy of controls"), options, value)

    def _new_measure(self, a: Assessment, hazard: Hazard, lang: str) -> list[ipw.Widget]:
        source = ipw.ToggleButtons(
            options=[(_("From the measures library"), "library"), (_("Our own measure"), "own")],
            value="library",
            style={"button_width": "auto"},
        )
        self._w["source"] = source
        options = self._library_options(a, hazard, lang, show_all=False)
        self._w["library"] = _dropdown(_("Measure from the library"), options)
        self._w["all-measures"] = ipw.Checkbox(
            value=False, description=_("Show all measures"), indent=False
        )
        self._w["all-measures"].add_class("osh-register-all-measures")
        self._w["all-measures"].observe(self._on_all_measures_change, names="value")
        self._w["text"] = _text(_("Our measure"), area=True)
        self._w["text"].layout.display = "none"
        first = library().get(self._w["library"].value).level if options else None
        self._w["level"] = self._level_picker(lang, first)
        self._w["responsible"] = _text(_("Responsible person"))
        self._w["budget"] = _text(_("Budget (MNT)"))
        self._w["start"] = _field(ipw.DatePicker(value=None), _("Start"))
        suggested = a.suggest_due(hazard.id)
        self._w["due"] = _field(ipw.DatePicker(value=suggested), _("Due"))
        hint = (
            _("Due date suggested from the risk band: {date}").format(date=suggested.isoformat())
            if suggested
            else _("Rate the hazard first to get a suggested due date.")
        )
        self._w["due-hint"] = _html(_p(hint))
        self._w["add-measure"] = _button(_("Add measure"), self._on_measure_add_click, True)
        source.observe(self._on_source_change, names="value")
        self._w["library"].observe(self._on_library_pick, names="value")
        self._w["start"].observe(self._on_start_date_change, names="value")
        return [
            source,
            self._w["library"],
            self._w["all-measures"],
            self._w["text"],
            self._w["level"],
            self._w["responsible"],
            self._w["budget"],
            self._w["start"],
            self._w["due"],
            self._w["due-hint"],
            self._w["add-measure"],
        ]

    @staticmethod
    def _library_options(
        a: Assessment, hazard: Hazard, lang: str, show_all: bool
    ) -> list[tuple[str, str]]:
        """Return the measures for the hazard's category and sector (or all) as options."""
        suggested = library().suggested(hazard.category, a.profile.sector)
        if show_all:
            ids = {m.id for m in suggested}
            suggested += [m for m in library().measures if m.id not in ids]
        levels = {level.id: level.label.get(lang) for level in hierarchy().levels}
        return [(f"{m.text.get(lang)} ({levels[m.level]})", m.id) for m in suggested]

    def _on_all_measures_change(self, change: dict) -> None:
        a, hazard_id = self._assessment, self._hazard_id
        if a is None or hazard_id is None:
            return
        picker = self._w["library"]
        value = picker.value
        picker.options = self._library_options(
            a, a.hazard(hazard_id), language(), bool(change["new"])
        )
        if value in [v for _label, v in picker.options]:
            picker.value = value

    def _on_source_change(self, change: dict) -> None:
        own = change["new"] == "own"
        self._w["library"].layout.display = "none" if own else None
        self._w["all-measures"].layout.display = "none" if own else None
        self._w["text"].layout.display = None if own else "none"

    def _on_library_pick(self, change: dict) -> None:
        try:
            self._w["level"].value = library().get(change["new"]).level
        except KeyError:
            return

    def _on_start_date_change(self, change: dict) -> None:
        a, hazard_id = self._assessment, self._hazard_id
        if a is None or hazard_id is None or not isinstance(change["new"], date | None):
            return
        old = a.suggest_due(hazard_id, change["old"])
        if self._w["due"].value in (None, old):
            self._w["due"].value = a.suggest_due(hazard_id, change["new"])

    def _budget(self) -> tuple[bool, float | None]:
        text = "".join(str(self._w["budget"].value).split()).replace(",", "")
        if not text:
            return True, None
        try:
            return True, float(text)
        except ValueError:
            self._message.value = ""
            self._error(_("Write the budget as a number, for example 150000."))
            return False, None

    def _on_measure_add_click(self, _button: ipw.Button) -> None:
        ok, budget = self._budget()
        if not ok:
            return
        hazard_id = self._hazard_id
        own = self._w["source"].value == "own"
        fields = {
            "text": self._w["text"].value if own else None,
            "library_id": None if own else self._w["library"].value,
            "level": self._w["level"].value,
            "responsible": self._w["responsible"].value,
            "budget": budget,
            "start": self._w["start"].value,
            "due": self._w["due"].value,
        }
        measure = self._change(lambda a, by: a.add_measure(hazard_id, by, **fields), redraw=False)
        if measure is not FAILED:
            self._measure_id = measure.id
            self._info(_("Measure added: {measure}").format(measure=measure.text))
        self._render_body_keep_message()

    def _edit_measure(
        self, a: Assessment, hazard: Hazard, measure: Measure, lang: str
    ) -> list[ipw.Widget]:
        self._w["text"] = _text(_("Measure"), measure.text, area=True)
        self._w["level"] = self._level_picker(lang, measure.level)
        self._w["responsible"] = _text(_("Responsible person"), measure.responsible)
        budget = "" if measure.budget is None else f"{measure.budget:g}"
        self._w["budget"] = _text(_("Budget (MNT)"), budget)
        self._w["start"] = _field(ipw.DatePicker(value=measure.start), _("Start"))
        self._w["due"] = _field(ipw.DatePicker(value=measure.due), _("Due"))
        self._w["save-measure"] = _button(_("Save changes"), self._on_measure_save_click, True)
        self._w["remove-measure"] = _button(_("Delete measure"), self._on_measure_remove_click)
        words = _status_words()
        status = ipw.ToggleButtons(
            options=[(words[s], s) for s in words],
            value="done" if self._done_pending == measure.id else measure.status,
            description=_("Status"),
            style={"button_width": "auto", "description_width": "initial"},
        )
        status.add_class("osh-register-status")
        status.observe(self._on_status_change, names="value")
        self._w["status"] = status
        parts: list[ipw.Widget] = [
            self._w["text"],
            self._w["level"],
            self._w["responsible"],
            self._w["budget"],
            self._w["start"],
            self._w["due"],
            ipw.HBox(
                [self._w["save-measure"], self._w["remove-measure"]],
                layout=ipw.Layout(flex_flow="row wrap"),
            ),
            status,
        ]
        if measure.status == "done" and measure.residual is not None:
            done = _("Done on {date}; the risk that remains:").format(
                date=measure.done_on.isoformat() if measure.done_on else ""
            )
            parts.append(_html(f"<p>{esc(done)} {_chip(measure.residual, lang)}</p>"))
        elif self._done_pending == measure.id:
            parts += self._residual_form(a, lang)
        parts += self._photos(measure, lang)
        return parts

    def _residual_form(self, a: Assessment, lang: str) -> list[ipw.Widget]:
        ask = _(
            "Marking the measure done: rate the risk that remains now (residual risk), "
            "then record it. Add before and after photos below."
        )
        self._w["residual-ask"] = _html(f'<p class="osh-warning" role="status">{esc(ask)}</p>')
        self._w["residual"] = RiskMatrix(a.profile.method, compact=True)
        self._w["done-on"] = _field(ipw.DatePicker(value=date.today()), _("Done on"))
        self._w["record-done"] = _button(_("Record as done"), self._on_record_done_click, True)
        return [
            self._w["residual-ask"],
            self._w["residual"],
            self._w["done-on"],
            self._w["record-done"],
        ]

    def _on_status_change(self, change: dict) -> None:
        hazard_id, measure_id = self._hazard_id, self._measure_id
        if change["new"] not in _status_words() or measure_id is None:
            return
        if change["new"] == "done":
            self._done_pending = measure_id
            self._message.value = ""
            self._render_body()
            return
        self._done_pending = None
        status = change["new"]
        if self._change(lambda a, by: a.set_status(hazard_id, measure_id, status, by)) is FAILED:
            self._render_body_keep_message()

    def _on_record_done_click(self, _button: ipw.Button) -> None:
        hazard_id, measure_id = self._hazard_id, self._measure_id
        residual = dict(self._w["residual"].value) or None
        done_on = self._w["done-on"].value
        done_on = done_on if isinstance(done_on, date) else None
        result = self._change(
            lambda a, by: a.set_status(
                hazard_id, measure_id, "done", by, residual=residual, done_on=done_on
            ),
            redraw=False,
        )
        if result is not FAILED:
            self._done_pending = None
            self._render_body()

    def _measure_fields(self) -> dict[str, Any] | None:
        ok, budget = self._budget()
        if not ok:
            return None
        return {
            "text": self._w["text"].value,
            "level": self._w["level"].value,
            "responsible": self._w["responsible"].value,
            "budget": budget,
            "start": self._w["start"].value,
            "due": self._w["due"].value,
        }

    def _on_measure_save_click(self, _button: ipw.Button) -> None:
        fields = self._measure_fields()
        if fields is None:
            return
        hazard_id, measure_id = self._hazard_id, self._measure_id
        self._change(lambda a, by: a.edit_measure(hazard_id, measure_id, by, **fields))

    def _on_measure_remove_click(self, _button: ipw.Button) -> None:
        hazard_id, measure_id = self._hazard_id, self._measure_id
        self._measure_id = self._done_pending = None
        self._change(lambda a, by: a.remove_measure(hazard_id, measure_id, by))

    def _photos(self, measure: Measure, lang: str) -> list[ipw.Widget]:
        title = _("Before and after photos")
        limit = _(
            "JPEG or PNG, up to {size} MB each; at most {count} photos per assessment."
        ).format(
            size=f"{settings().photo_max_bytes / 2**20:g}", count=settings().photos_per_assessment
        )
        shown = "".join(self._thumbnail(p) for p in measure.photos)
        self._w["photos"] = _html(
            f'<h4>{esc(title)}</h4>{_p(limit)}<div class="osh-register-photos">{shown}</div>'
        )
        self._w["photo-kind"] = ipw.ToggleButtons(
            options=[(_("Before"), "before"), (_("After"), "after")],
            value="after" if measure.status == "done" else "before",
            style={"button_width": "auto"},
        )
        self._w["caption"] = _text(_("Caption (what the photo shows)"))
        upload = ipw.FileUpload(accept=".jpg,.jpeg,.png", multiple=False)
        upload.description = _("Add a photo")
        upload.add_class("osh-action")
        upload.observe(self._on_photo_upload, names="value")
        self._w["upload"] = upload
        return [self._w["photos"], self._w["photo-kind"], self._w["caption"], upload]

    def _thumbnail(self, photo: Photo) -> str:
        if photo.id not in self._thumbs:
            from PIL import Image

            try:
                with Image.open(io.BytesIO(photo.data)) as image:
                    image.thumbnail((THUMBNAIL_PX, THUMBNAIL_PX))
                    out = io.BytesIO()
                    image.convert("RGB").save(out, "JPEG", quality=70)
                src = "data:image/jpeg;base64," + base64.b64encode(out.getvalue()).decode()
            except Exception:  # a photo was checked when added; never let one break the page
                src = ""
            self._thumbs[photo.id] = src
        kind = _("Before") if photo.kind == "before" else _("After")
        alt = photo.caption or photo.filename
        src = self._thumbs[photo.id]
        image = f'<img src="{src}" alt="{esc(alt)}">' if src else ""
        return (
            f'<figure class="osh-register-photo">{image}'
            f"<figcaption><b>{esc(kind)}</b>: {esc(alt)}</figcaption></figure>"
        )

    def _on_photo_upload(self, change: dict) -> None:
        files = _uploaded(change["new"])
        if not files:
            return
        hazard_id, measure_id = self._hazard_id, self._measure_id
        kind, caption = self._w["photo-kind"].value, self._w["caption"].value
        added = 0
        refusals = []
        for name, data in files:
            try:
                photos.check_upload(data, name)  # its length and type, before any decoding
            except RegisterError as exc:
                self._message.value = ""
                self._error(messages.error_text(exc))
                refusals.append(self._message.value)
                continue
            photo = self._change(
                lambda a, by, name=name, data=data: a.add_photo(
                    hazard_id, measure_id, data, name, kind, by, caption=caption
                ),
                redraw=False,
            )
            if photo is FAILED:
                refusals.append(self._message.value)
            else:
                added += 1
        self._render_body()
        if refusals:
            self._message.value = "".join(refusals)
        elif added:
            self._info(_("Photo added."))

    # -- step 5: review ------------------------------------------------------------------
    def _build_review(self, a: Assessment, lang: str) -> list[ipw.Widget]:
        today = date.today()
        due = a.due_measures(today)
        weeks = settings().review_window_days // 7
        title = _("Measures overdue or due in the next {weeks} weeks").format(weeks=weeks)
        rows = []
        for item in due:
            if item.overdue:
                when = _("overdue by {days} days").format(days=-item.days_left)
                css = "osh-register-overdue"
            else:
                when = _("due in {days} days").format(days=item.days_left)
                css = "osh-register-due"
            rows.append(
                f'<tr class="{css}"><td>{esc(item.hazard.title)}</td><td>{esc(item.measure.text)}'
                f"</td><td>{esc(item.measure.responsible)}</td>"
                f"<td>{esc(item.measure.due.isoformat() if item.measure.due else '')}</td>"
                f"<td><b>{esc(when)}</b></td></tr>"
            )
        heads = (_("Hazard"), _("Measure"), _("Responsible"), _("Due"), _("When"))
        head = "".join(f"<th>{esc(h)}</th>" for h in heads)
        table = (
            f'<div class="osh-table-scroll"><table class="osh-table osh-register-table">'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
            if rows
            else _p(_("Nothing is overdue or due soon."))
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
        notices = "".join(_warning(messages.notice_text(n, lang)) for n in weak)
        copy_text = _(
            "Once a year, or after a change at work, review the assessment: start from a "
            "copy, where measures done become existing controls."
        )
        self._w["copy"] = _button(
            _("Start the review for {year}").format(year=a.year + 1), self._on_copy_click
        )
        return [
            *self._completeness(a, lang),
            *self._overview(a, lang),
            _html(f"<p><b>{esc(summary)}</b></p><h4>{esc(title)}</h4>{table}{notices}"),
            _html(_p(copy_text)),
            self._w["copy"],
            *self._trainer_feedback(a),
        ]

    def _completeness(self, a: Assessment, lang: str) -> list[ipw.Widget]:
        """Say what is missing before printing, each with a button to where it is fixed."""
        missing = a.missing()
        head = _html(_h4(_("Before you print")))
        if not missing:
            done = _("Nothing is missing: you can print the reports.")
            self._w["print"] = _button(_("Go to the reports"), self._opener("reports"), True)
            text = f'<p class="osh-register-complete" role="status">✔ {esc(done)}</p>'
            return [head, _html(text), self._w["print"]]
        parts: list[ipw.Widget] = [head]
        for item in missing:
            said = esc(messages.missing_text(item))
            text = _html(f'<p class="osh-register-missing">✖ {said}</p>')
            button = _button(_("Fix it"), self._opener(item.step, item.hazard))
            self._w[f"fix:{item.code}"] = button
            row = ipw.HBox([text, button])
            row.add_class("osh-register-missing-row")
            parts.append(row)
        return parts

    def _overview(self, a: Assessment, lang: str) -> list[ipw.Widget]:
        """Show all hazards at a glance, highest band first; each row opens its hazard."""
        head = _html(_h4(_("Overview of hazards")))
        if not a.hazards:
            return [head, _html(_p(_("No hazard yet: add hazards in step 2.")))]
        names = (
            _("Hazard"),
            _("Risk now → with measures"),
            _("Measures"),
            _("Responsible"),
            _("Due"),
            _("Status"),
        )
        header = ipw.HBox([_html(f"<b>{esc(n)}</b>") for n in names] + [_html("")])
        header.add_class("osh-register-overview-head")
        rows: list[ipw.Widget] = [head, header]
        for number, hazard in enumerate(a.overview(), 1):
            where = f"<br><small>{esc(hazard.location)}</small>" if hazard.location else ""
            people = dict.fromkeys(m.responsible for m in hazard.measures if m.responsible)
            values = (
                f"<b>{number}. {esc(hazard.title)}</b>{where}",
                self._bands_html(hazard, lang),
                str(len(hazard.measures)),
                esc(", ".join(people) or "—"),
                esc(self._next_due(hazard)),
                esc(self._hazard_status(hazard)),
            )
            cells = [_overview_cell(n, v) for n, v in zip(names, values, strict=True)]
            step = "evaluate" if hazard.rating is None else "controls"
            button = _button(_("Open"), self._opener(step, hazard.id))
            button.tooltip = hazard.title
            self._w[f"open:{hazard.id}"] = button
            row = ipw.HBox([*cells, button])
            row.add_class("osh-register-overview-row")
            rows.append(row)
        return rows

    @staticmethod
    def _bands_html(hazard: Hazard, lang: str) -> str:
        now = _chip(hazard.rating, lang)
        if hazard.residual is None:
            return now
        return f"{now} → {_chip(hazard.residual, lang)}"

    @staticmethod
    def _next_due(hazard: Hazard) -> str:
        dates = [m.due for m in hazard.measures if m.status != "done" and m.due]
        return min(dates).isoformat() if dates else "—"

    @staticmethod
    def _hazard_status(hazard: Hazard) -> str:
        if hazard.rating is None:
            return _("not rated yet")
        if not hazard.measures:
            return _("no measure yet")
        done = sum(1 for m in hazard.measures if m.status == "done")
        return _("{done} of {count} done").format(done=done, count=len(hazard.measures))

    def _opener(self, step: str, hazard_id: str | None = None) -> Callable:
        """Return a click handler that opens ``step`` (with a hazard chosen there)."""

        def handler(_button: ipw.Button) -> None:
            if hazard_id is not None:
                self._hazard_id = self._edit_id = hazard_id
                self._measure_id = self._done_pending = None
            self._message.value = ""
            self.open_step(step)

        return handler

    def _trainer_feedback(self, a: Assessment) -> list[ipw.Widget]:
        """Show the trainer's visit notes and comments on hazards, read-only (if any)."""
        text = _h4(_("Visit notes")) + _notes(a.visit_notes) if a.visit_notes else ""
        commented = [h for h in a.hazards if h.comments]
        if commented:
            text += _h4(_("Comments on hazards"))
            text += "".join(f"<p><b>{esc(h.title)}</b></p>{_notes(h.comments)}" for h in commented)
        return [_html(text)] if text else []

    def _on_copy_click(self, _button: ipw.Button) -> None:
        actor, a = self._actor(), self._assessment
        if a is None:
            return
        self._message.value = ""
        if actor is None:
            self._no_actor()
            return
        try:
            copy = a.copy_for_review(a.year + 1, actor[0])
        except RegisterError as exc:
            self._error(messages.error_text(exc))
            return
        if self._save(copy, actor, lambda c, by: None, None) is FAILED:
            return
        self._assessment = copy
        self.assessment_id = copy.id
        self._hazard_id = self._measure_id = self._done_pending = None
        self._info(
            _("The review for {year} has started; the assessment of {previous} is kept.").format(
                year=copy.year, previous=a.year
            )
        )
        self._render()

    # -- the trainer's consulting loop ---------------------------------------------------
    def _build_trainer(self, a: Assessment, lang: str) -> list[ipw.Widget]:
        intro = _(
            "For the trainer's visits: notes, comments on hazards, and marking the "
            "assessment reviewed (it is then locked until reopened)."
        )
        parts: list[ipw.Widget] = [_html(_p(intro))]
        if a.locked:
            self._w["reopen"] = _button(_("Reopen for changes"), self._on_reopen_click, True)
            parts.append(self._w["reopen"])
        else:
            self._w["review"] = _button(_("Mark reviewed (lock)"), self._on_reviewed_click, True)
            parts.append(self._w["review"])
        parts.append(_html(_h4(_("Visit notes")) + _notes(a.visit_notes)))
        self._w["note"] = _text(_("Visit note"), area=True)
        self._w["add-note"] = _button(_("Add visit note"), self._on_note_click)
        parts += [self._w["note"], self._w["add-note"]]
        if a.hazards:
            parts.append(_html(_h4(_("Comments on hazards"))))
            hazard = self._selected_hazard(a)
            assert hazard is not None
            parts.append(self._hazard_picker(a, lang))
            parts.append(_html(_notes(hazard.comments)))
            self._w["comment"] = _text(_("Comment"), area=True)
            self._w["add-comment"] = _button(_("Add comment"), self._on_comment_click)
            parts += [self._w["comment"], self._w["add-comment"]]
        rows = "".join(
            f"<tr><td>{esc(c.at.strftime('%Y-%m-%d %H:%M'))}</td><td>{esc(c.by)}</td>"
            f"<td>{esc(messages.describe(c, lang))}</td></tr>"
            for c in reversed(a.history[-HISTORY_SHOWN:])
        )
        heads = "".join(f"<th>{esc(h)}</th>" for h in (_("When"), _("Who"), _("What")))
        parts.append(
            _html(
                _h4(_("History"))
                + f'<table class="osh-table osh-register-history"><thead><tr>{heads}</tr>'
                f"</thead><tbody>{rows}</tbody></table>"
            )
        )
        return parts

    @_trainer_only
    def _on_reviewed_click(self, _button: ipw.Button) -> None:
        self._change(lambda a, by: a.mark_reviewed(by), redraw=False)
        self._render_keep_message()

    @_trainer_only
    def _on_reopen_click(self, _button: ipw.Button) -> None:
        self._change(lambda a, by: a.reopen(by), redraw=False)
        self._render_keep_message()

    def _render_keep_message(self) -> None:
        message = self._message.value
        self._render()
        self._message.value = message

    @_trainer_only
    def _on_note_click(self, _button: ipw.Button) -> None:
        text = self._w["note"].value
        self._change(lambda a, by: a.add_visit_note(text, by))

    @_trainer_only
    def _on_comment_click(self, _button: ipw.Button) -> None:
        text, hazard_id = self._w["comment"].value, self._hazard_id
        self._change(lambda a, by: a.comment(hazard_id, text, by))

    # -- import ----------------------------------------------------------------------------
    def _build_import(self, a: Assessment, lang: str) -> list[ipw.Widget]:
        factors = ", ".join(f.label.get(lang) for f in a.method.factors) or _("Band")
        intro = _(
            "Bring in your existing hazard list from a CSV or Excel (.xlsx) file. The first "
            "row names the columns: Hazard, Category, Location, Who might be harmed and how, "
            "Existing controls, and for a rating: {factors}. Good rows are added; each bad "
            "row is listed with its row number and column, and nothing of it is kept."
        ).format(factors=factors)
        upload = ipw.FileUpload(accept=".csv,.xlsx", multiple=False)
        upload.description = _("Choose a file")
        upload.add_class("osh-action")
        upload.observe(self._on_import_upload, names="value")
        self._w["upload"] = upload
        self._w["report"] = _html(self._import_html)
        return [_html(_p(intro)), upload, self._w["report"]]

    def _on_import_upload(self, change: dict) -> None:
        files = _uploaded(change["new"])
        if not files:
            return
        name, data = files[0]
        report = self._change(
            lambda a, by: importer.import_hazards(a, data, name, by), redraw=False
        )
        if report is FAILED:
            self._import_html = ""
            self._render_body_keep_message()
            return
        self._import_html = self._import_report_html(report, name)
        self._render_body()

    def _import_report_html(self, report: importer.ImportReport, name: str) -> str:
        added = _("{name}: {count} hazards imported.").format(name=name, count=len(report.imported))
        parts = [f'<p class="osh-register-imported" role="status"><b>{esc(added)}</b></p>']
        if report.problems:
            bad = _("These rows were not imported; correct them and import the file again:")
            heads = "".join(f"<th>{esc(h)}</th>" for h in (_("Row"), _("Column"), _("Problem")))
            rows = "".join(
                f"<tr><td>{p.row}</td><td>{esc(p.column)}</td>"
                f"<td>{esc(messages.row_problem_text(p))}</td></tr>"
                for p in report.problems
            )
            parts.append(
                f'<p class="osh-error">{esc(bad)}</p>'
                f'<table class="osh-table osh-register-problems"><thead><tr>{heads}</tr>'
                f"</thead><tbody>{rows}</tbody></table>"
            )
        return "".join(parts)

    # -- reports -------------------------------------------------------------------------
    def _build_reports(self, a: Assessment, lang: str) -> list[ipw.Widget]:
        intro = _(
            "Make a file and save it with the link that appears: the action plan for Excel, "
            "the report for Word or as PDF (to print and sign), or the whole assessment as "
            "a JSON file (to keep or move)."
        )
        self._w["report-lang"] = self._language_picker(lang, a.profile.language)
        buttons = []
        for key, label in (
            ("xlsx", _("Excel action plan")),
            ("docx", _("Word report")),
            ("pdf", _("PDF report")),
            ("json", _("JSON file")),
        ):
            button = _button(label, self._report_handler(key))
            self._w[f"report:{key}"] = button
            buttons.append(button)
        self._w["link"] = _html("")
        self._w["link"].add_class("osh-register-link")
        upload = ipw.FileUpload(accept=".json", multiple=False)
        upload.description = _("Open a JSON file")
        upload.add_class("osh-action")
        upload.observe(self._on_json_upload, names="value")
        self._w["json-upload"] = upload
        bring = _(
            "Bring back an assessment saved as JSON: it replaces what is shown here (the "
            "enterprise must be the same)."
        )
        return [
            _html(_p(intro)),
            self._w["report-lang"],
            ipw.HBox(buttons, layout=ipw.Layout(flex_flow="row wrap")),
            self._w["link"],
            _html(_p(bring)),
            upload,
        ]

    def _report_handler(self, kind: str) -> Callable:
        def handler(_button: ipw.Button) -> None:
            self.make_report(kind)

        return handler

    def make_report(self, kind: str) -> reports.Download | None:
        """Make a report (``xlsx``, ``docx``, ``pdf`` or ``json``) and offer it as a link."""
        a = self._assessment
        if a is None:
            return None
        lang = self._w["report-lang"].value if "report-lang" in self._w else None
        makers = {
            "xlsx": reports.excel_action_plan,
            "docx": reports.word_report,
            "pdf": reports.pdf_report,
        }
        self._message.value = ""
        try:
            made = reports.json_export(a) if kind == "json" else makers[kind](a, lang)
        except Exception:
            log.exception("register: report %s of assessment %s failed", kind, a.id)
            self._error(_("The file could not be made. Please tell your trainer."))
            return None
        if "link" in self._w:
            self._w["link"].value = download_link(made)
        return made

    def _on_json_upload(self, change: dict) -> None:
        """Bring the team's content from a JSON file into the enterprise's assessment.

        Only the team's content is taken (see :meth:`Assessment.take_team_content`): the
        file cannot set the trainer's review, notes or comments, the history, or which
        assessment it lands in (always the one shown, the participant's enterprise's).
        """
        files = _uploaded(change["new"])
        if not files or self._assessment is None:
            return
        self._message.value = ""
        name, data = files[0]
        if len(data) > MAX_JSON_BYTES:
            self._error(
                _("{name} is larger than {size} MB: it cannot be an assessment file.").format(
                    name=name, size=MAX_JSON_BYTES // 2**20
                )
            )
            return
        try:
            imported = Assessment.from_json(data)
        except RegisterError as exc:
            self._error(messages.error_text(exc))
            return
        except Exception:
            log.exception("register: JSON file %s not read", name)
            self._error(_("{name} could not be read as an assessment.").format(name=name))
            return
        current = self._assessment
        if imported.id != current.id and enterprise_key(
            imported.profile.enterprise
        ) != enterprise_key(current.profile.enterprise):
            # Most likely the wrong file: say so rather than replace the team's work.
            self._error(
                _("{name} is the assessment of {enterprise}; yours is {yours}.").format(
                    name=name,
                    enterprise=imported.profile.enterprise,
                    yours=current.profile.enterprise,
                )
            )
            return
        ignored = self._change(lambda a, by: a.take_team_content(imported, by, name), redraw=False)
        if ignored is FAILED:
            self._render_body_keep_message()
            return
        self._hazard_id = self._measure_id = self._done_pending = None
        self._info(
            _("{name}: your team's work from the file is now in your assessment.").format(name=name)
        )
        if ignored:
            words = {
                "review": _("the review"),
                "visit-notes": _("visit notes"),
                "comments": _("comments on hazards"),
            }
            self._info(
                _("Not taken from the file, because only your trainer writes them: {what}.").format(
                    what=", ".join(words[w] for w in ignored)
                )
            )
        self._render_keep_message()


__all__ = ["STEPS", "RiskAssessment", "download_link"]
