"""The exercise apps: one thin view per exercise type, over the models of ``model.py``."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import ipywidgets as ipw
import traitlets

from widgets.content.errors import ContentError
from widgets.content.images import data_uri
from widgets.content.models import Text
from widgets.course import course
from widgets.exercises.catalog import (
    ExerciseUnavailableError,
    find_exercise_file,
    picture_file,
    read_exercise,
)
from widgets.exercises.model import (
    CheckResult,
    ControlSortingModel,
    ExerciseError,
    ExerciseModel,
    HazardSpottingModel,
    QuizModel,
    RiskRatingModel,
    model_for,
    outcome,
    tally,
)
from widgets.exercises.schema import Exercise as ExerciseData
from widgets.exercises.schema import Image
from widgets.hierarchy.model import hierarchy
from widgets.i18n import _, language, on_language_change
from widgets.risk.model import Evaluation, Method, get_method
from widgets.risk_matrix.model import grid
from widgets.risk_matrix.view import RiskMatrix
from widgets.store import session
from widgets.store.people import Person, StoreError
from widgets.store.session import on_sign_in
from widgets.ui import discard, forms, scroll_here
from widgets.ui.bands import band_chip
from widgets.ui.style import esc, stylesheet

log = logging.getLogger(__name__)


def paragraphs(text: str) -> str:
    """Return plain text as HTML paragraphs (a blank line starts a new one)."""
    parts = [p.strip() for p in text.split("\n\n") if p.strip()]
    return "".join(f"<p>{esc(p)}</p>" for p in parts)


def _verdict_words() -> dict[str, str]:
    return {
        "same-cell": _("Same cell as the reference."),
        "same-band": _("Same band as the reference, in another cell."),
        "higher": _("Higher than the reference: discuss why with your group."),
        "lower": _("Lower than the reference: discuss why with your group."),
        "missing": _("Not rated."),
        "found": _("Found: this is a hazard."),
        "missed": _("Missed: this is a hazard."),
        "wrong": _("Marked, but this is not a hazard."),
        "right": _("Right."),
        "unanswered": _("Not answered."),
        "unplaced": _("Not placed."),
    }


ICONS = {"right": "✓", "wrong": "✗", "open": "–"}
"""The sign of each outcome (DejaVu Sans has them); always shown with its word."""


def mark_html(result: str) -> str:
    """Return an outcome (``right``, ``wrong``, ``open``) as its sign and word, coloured."""
    words = {"right": _("Right"), "wrong": _("Wrong"), "open": _("Not answered")}
    return (
        f'<span class="osh-mark osh-mark-{result}"><span aria-hidden="true">{ICONS[result]}'
        f"</span> {esc(words[result])}</span>"
    )


def feedback_item(result: str, title: str, short: str, why: str = "") -> str:
    """Return one item of feedback: its mark and title, a short reason, the rest behind "why".

    ``title``, ``short`` and ``why`` are HTML (already escaped).
    """
    more = ""
    if why:
        why_word = _("Why?")
        more = f'<details class="osh-why"><summary>{esc(why_word)}</summary>{why}</details>'
    return (
        f'<li class="osh-fb osh-fb-{result}"><p class="osh-fb-head">{mark_html(result)} '
        f'<span class="osh-fb-title">{title}</span></p>{short}{more}</li>'
    )


def feedback_list(items: list[str]) -> str:
    """Return feedback items as one list."""
    return f'<ul class="osh-fb-list">{"".join(items)}</ul>'


def tally_html(result: CheckResult) -> str:
    """Return how many items are right, wrong and not answered, each with its sign."""
    counts = tally(result)
    words = {"right": _("{n} right"), "wrong": _("{n} wrong"), "open": _("{n} not answered")}
    parts = [
        f'<span class="osh-mark osh-mark-{kind}"><span aria-hidden="true">{ICONS[kind]}</span> '
        f"{esc(words[kind].format(n=n))}</span>"
        for kind, n in counts.items()
        if n or kind != "open"
    ]
    return f'<p class="osh-tally">{" ".join(parts)}</p>'


class ExerciseView(ipw.VBox):
    """What every exercise shows: the brief, the activity, check, hints, solution, feedback.

    Hints and the solution stay hidden until asked for, and can be asked for only after a
    first check. Trainer notes are never shown.
    """

    state = traitlets.Dict(help="Everything the participant did, as plain data, to save.")
    score = traitlets.Float(None, allow_none=True, help="Score of the last check (0 to 1).")

    def __init__(self, exercise: ExerciseData, base: Path | None = None, **kwargs):
        super().__init__(**kwargs)
        self.add_class("osh-app")
        self.add_class("osh-exercise")
        self.add_class(f"osh-exercise-{exercise.type.replace('_', '-')}")
        self.exercise = exercise
        self.model: ExerciseModel = model_for(exercise)
        self._base = base
        self._header = ipw.HTML()
        self._body = ipw.VBox()
        self._check = ipw.Button(button_style="primary")
        self._hint = ipw.Button()
        self._solution = ipw.Button()
        self._retry = ipw.Button()
        for button, handler in (
            (self._check, self._on_check_click),
            (self._hint, self._on_hint_click),
            (self._solution, self._on_solution_click),
            (self._retry, self._on_retry_click),
        ):
            button.add_class("osh-action")
            button.on_click(handler)
        self._feedback = ipw.HTML()
        self._help = ipw.HTML()
        actions = ipw.HBox(
            [self._check, self._hint, self._solution, self._retry],
            layout=ipw.Layout(flex_flow="row wrap"),
        )
        self._saving = ipw.HTML()
        self._saves = 0
        self._reveal: str | None = None  # what the last button asked for, to scroll to
        # Hints and the solution open right under the buttons, then the feedback.
        self.children = [
            stylesheet(),
            self._header,
            self._body,
            actions,
            self._help,
            self._feedback,
            self._saving,
        ]
        self._owner = session.current()
        self._restore_saved()
        self.state = self.model.state()  # what is loaded is not an answer: nothing to save
        self._render()
        on_language_change(self._on_language_change)
        on_sign_in(self._on_sign_in)

    # -- verbs -------------------------------------------------------------------------
    def check(self) -> CheckResult:
        """Check the answers and show the feedback."""
        result = self.model.check()
        self._reveal = "feedback"
        self._show()
        return result

    def reveal_hint(self) -> Text:
        """Show the next hint (after a first check)."""
        hint = self.model.reveal_hint()
        self._reveal = "hint"
        self._show()
        return hint

    def reveal_solution(self) -> Text:
        """Show the solution (after a first check)."""
        solution = self.model.reveal_solution()
        self._reveal = "solution"
        self._show()
        return solution

    def reset(self) -> None:
        """Clear the answers to try again."""
        self.model.reset()
        self._render()

    def restore(self, state: dict[str, Any]) -> None:
        """Bring back a saved state (see :meth:`ExerciseModel.restore`)."""
        self.model.restore(state)
        self._render()

    # -- subclasses --------------------------------------------------------------------
    def _build_body(self, lang: str) -> list[ipw.Widget]:
        raise NotImplementedError

    def _result_html(self, result: CheckResult, lang: str) -> str:
        raise NotImplementedError

    # -- callbacks ---------------------------------------------------------------------
    def _on_check_click(self, _button: ipw.Button) -> None:
        self.check()

    def _on_hint_click(self, _button: ipw.Button) -> None:
        self._reveal = "hint"
        self._attempt(self.model.reveal_hint)

    def _on_solution_click(self, _button: ipw.Button) -> None:
        self._reveal = "solution"
        self._attempt(self.model.reveal_solution)

    def _on_retry_click(self, _button: ipw.Button) -> None:
        self.reset()

    def _on_language_change(self, _lang: str) -> None:
        self._render()

    def _on_sign_in(self, person: Person | None) -> None:
        previous, self._owner = self._owner, person
        fresh = model_for(self.exercise)
        if person is not None and self._restore_saved(fresh):
            self.model = fresh  # their saved work comes back
        elif previous is None and person is not None:
            # Work done before joining is theirs: keep it on the page (no redraw under the
            # participant's finger) and save it at once.
            if self.model.attempts or self.model.answers != fresh.answers:
                self._save()
            return
        else:
            self.model = fresh  # someone else's page now: nothing of the last person stays
        self.state = self.model.state()  # loaded, not answered: nothing to save
        self._render()

    def _restore_saved(self, model: ExerciseModel | None = None) -> bool:
        """Load the signed-in participant's saved work into ``model``; ``True`` if any."""
        model = model or self.model
        person = session.current()
        if person is None:
            return False
        try:
            saved = session.store().load(person, self.exercise.id)
            if saved:
                model.restore(saved)
                return True
        except (ExerciseError, StoreError) as exc:
            log.error(
                "exercise %s: saved work of participant %s not restored: %s",
                self.exercise.id,
                person.id,
                exc,
            )
        return False

    def _save(self) -> None:
        """Save the participant's work as it is now (every answer, as it is given)."""
        person = session.current()
        if person is None:
            return
        try:
            session.store().save(person, self.exercise.id, self.model.state())
        except Exception:  # the page keeps working; the trainer's log says what failed
            log.exception(
                "exercise %s: saving for participant %s failed", self.exercise.id, person.id
            )
            self._saving.value = forms.not_saved_line()
        else:
            self._saves += 1
            self._saving.value = forms.saved_line(self._saves)

    def _attempt(self, action: Callable[..., Any], *args: Any) -> None:
        """Run an answer or request from the page; refuse what is not allowed, visibly."""
        try:
            action(*args)
        except ExerciseError as exc:
            log.warning("exercise %s refused an input: %s", self.exercise.id, exc)
            self._reveal = None
            refused = _("That answer is not allowed.")
            self._feedback.value = f'<p class="osh-error" role="alert">{esc(refused)}</p>'
            return
        self._show()

    # -- drawing -----------------------------------------------------------------------
    def _render(self) -> None:
        lang = language()
        self._header.value = self._header_html(lang)
        self._check.description = _("Check")
        self._hint.description = _("Show a hint")
        self._solution.description = _("Show the solution")
        self._retry.description = _("Try again")
        old = list(self._body.children)
        self._body.children = self._build_body(lang)
        discard(old)
        self._show()

    def _header_html(self, lang: str) -> str:
        ex = self.exercise
        objectives = "".join(f"<li>{esc(o.get(lang))}</li>" for o in ex.objectives)
        minutes = _("{minutes} min").format(minutes=ex.duration_min)
        you_will = _("In this exercise you will")
        return (
            f'<div class="osh-title"><h3>{esc(ex.title.get(lang))}</h3>'
            f'<p class="osh-hint">{esc(minutes)}</p></div>'
            f"<p><b>{esc(you_will)}:</b></p><ul>{objectives}</ul>"
            f"{paragraphs(ex.brief.get(lang))}{self._image_html(ex.image, lang)}"
        )

    def _image_html(self, image: Image | None, lang: str) -> str:
        if image is None or self._base is None:
            return ""
        try:
            src = data_uri(picture_file(self._base, image.path, lang).read_bytes())
        except (OSError, ValueError) as exc:
            log.warning("exercise %s: picture %s not shown: %s", self.exercise.id, image.path, exc)
            return ""
        alt = esc(image.alt.get(lang))
        return (
            f'<figure class="osh-figure"><img src="{src}" alt="{alt}">'
            f'<figcaption class="osh-hint">{alt}'
            "</figcaption></figure>"
        )

    def _show(self) -> None:
        lang = language()
        model = self.model
        attempted = model.attempts > 0
        hints = self.exercise.hints
        self._hint.layout.display = "none" if not hints else None
        self._hint.disabled = not attempted or model.hints_shown >= len(hints)
        self._solution.disabled = not attempted or model.solution_shown
        self._retry.disabled = model.result is None
        reveal, self._reveal = self._reveal, None
        self._feedback.value = (
            self._feedback_html(model.result, lang, scroll=reveal == "feedback")
            if model.result
            else ""
        )
        hint_word = _("Hint {n} of {total}")
        shown = model.visible_hints()
        parts = [
            f'<p class="osh-hint-text"'
            f"{scroll_here('nearest') if reveal == 'hint' and n == len(shown) else ''}>"
            f"<b>{esc(hint_word.format(n=n, total=len(hints)))}:</b> "
            f"{esc(hint.get(lang))}</p>"
            for n, hint in enumerate(shown, 1)
        ]
        if model.solution_shown:
            solution_word = _("Solution")
            parts.append(
                f'<div class="osh-solution"{scroll_here() if reveal == "solution" else ""}>'
                f"<p><b>{esc(solution_word)}:</b></p>"
                f"{paragraphs(self.exercise.solution.get(lang))}</div>"
            )
        self._help.value = "".join(parts)
        state = model.state()
        if state != self.state:
            self.state = state
            self._save()
        self.score = model.result.score if model.result else None

    def _feedback_html(self, result: CheckResult, lang: str, *, scroll: bool = False) -> str:
        percent = _("Score: {percent}%").format(percent=round(result.score * 100))
        message = ""
        if self.exercise.feedback:
            text = getattr(self.exercise.feedback, result.level)
            message = f"<p>{esc(text.get(lang))}</p>" if text else ""
        return (
            f'<div class="osh-result osh-feedback" role="status" aria-live="polite"'
            f"{scroll_here() if scroll else ''}>"
            f"<p><b>{esc(percent)}</b></p>{tally_html(result)}{message}"
            f"{self._result_html(result, lang)}</div>"
        )

    def _warnings_html(self, result: CheckResult) -> str:
        words = {
            "only-weak": _(
                "A high risk met only with rules, signs or protective equipment: look for a "
                "control higher in the hierarchy (remove, replace, guard or separate)."
            ),
            "residual-higher": _(
                "Your risk with controls is higher than without them: controls should lower "
                "the risk."
            ),
        }
        warning = esc(_("Warning"))
        return "".join(
            f'<p class="osh-warning" role="alert"><b>{warning}:</b> {esc(words[w["kind"]])}</p>'
            for w in result.warnings
        )


def _checkbox(description: str, value: bool) -> ipw.Checkbox:
    box = ipw.Checkbox(
        value=value, description=description, indent=False, layout=ipw.Layout(width="100%")
    )
    box.add_class("osh-option")
    return box


# -- risk_rating ---------------------------------------------------------------------------


def journey_html(
    method: Method, before: Evaluation | None, after: Evaluation | None, lang: str
) -> str:
    """Draw a rating before and after controls: marks on a small matrix, or two labels."""
    if before is None or after is None:
        return ""
    legend = _("1 = now, 2 = with the controls")
    if not method.is_matrix:
        return (
            f'<p class="osh-journey">{band_chip(before.band, lang)} {_num(before.score)} → '
            f"{band_chip(after.band, lang)} {_num(after.score)}</p>"
        )
    layout = grid(method)
    rows_id, cols_id = layout.rows.id, layout.columns.id
    cells = []
    for line in layout.cells:
        tds = []
        for cell in line:
            marks = [
                label
                for label, e in (("1", before), ("2", after))
                if e.factors == {rows_id: cell.row, cols_id: cell.column}
            ]
            band = cell.rating.band
            tds.append(
                f'<td style="background:{band.colour};color:{band.text_colour}">'
                f"{'·'.join(marks)}</td>"
            )
        cells.append(f"<tr>{''.join(tds)}</tr>")
    axes = _("Rows: {rows}, highest at the top. Columns: {columns}, highest on the right.").format(
        rows=layout.rows.label.get(lang), columns=layout.columns.label.get(lang)
    )
    return (
        f'<div class="osh-journey"><table class="osh-mini" role="img" '
        f'aria-label="{esc(legend)}. {esc(axes)}">{"".join(cells)}</table>'
        f'<p class="osh-hint">{esc(axes)}</p>'
        f"<p>{band_chip(before.band, lang)} → {band_chip(after.band, lang)} "
        f'<span class="osh-hint">{esc(legend)}</span></p></div>'
    )


def _num(value: object) -> str:
    return f"{value:g}" if isinstance(value, int | float) else ""


class RiskRatingView(ExerciseView):
    """Rate each hazard now, choose controls, rate it with them; one hazard at a time."""

    model: RiskRatingModel

    def __init__(self, exercise: ExerciseData, base: Path | None = None, **kwargs):
        self._index = 0
        super().__init__(exercise, base, **kwargs)

    def _build_body(self, lang: str) -> list[ipw.Widget]:
        items = self.exercise.items
        item = items[self._index]
        answers = self.model.answers[item.id]
        where = _("Hazard {n} of {total}").format(n=self._index + 1, total=len(items))
        position = ipw.HTML(f'<p class="osh-step"><b>{esc(where)}</b></p>')
        previous = ipw.Button(description=_("Previous hazard"), disabled=self._index == 0)
        following = ipw.Button(description=_("Next hazard"), disabled=self._index == len(items) - 1)
        previous.on_click(self._on_previous_click)
        following.on_click(self._on_next_click)
        self._previous, self._following = previous, following
        hazard = ipw.HTML(
            f'<div class="osh-hazard">{paragraphs(item.hazard.get(lang))}'
            f"{self._image_html(item.image, lang)}</div>"
        )
        now = RiskMatrix(self.model.method.id, compact=True)
        now.value = dict(answers["inherent"])
        now.observe(self._on_inherent_change, names="value")
        boxes = []
        for control in item.controls:
            level = hierarchy().level(control.level).label.get(lang)
            box = _checkbox(
                f"{control.text.get(lang)} ({level})", control.id in answers["controls"]
            )
            box.observe(self._on_control_change, names="value")
            boxes.append(box)
        self._boxes = dict(zip([c.id for c in item.controls], boxes, strict=True))
        later = RiskMatrix(self.model.method.id, compact=True)
        later.value = dict(answers["residual"])
        later.observe(self._on_residual_change, names="value")
        steps = [
            _("Rate the risk now"),
            _("Choose the controls you would put in place"),
            _("Rate the risk with those controls"),
        ]
        step1, step2, step3 = (ipw.HTML(f"<h4>{n}. {esc(t)}</h4>") for n, t in enumerate(steps, 1))
        self._journey = ipw.HTML()
        self._update_journey()
        return [
            ipw.HBox([previous, following, position], layout=ipw.Layout(flex_flow="row wrap")),
            hazard,
            step1,
            now,
            step2,
            ipw.VBox(boxes),
            step3,
            later,
            self._journey,
        ]

    @property
    def _item_id(self) -> str:
        return self.exercise.items[self._index].id

    def _on_previous_click(self, _button: ipw.Button) -> None:
        self.show_item(self._index - 1)
        self._keep_focus(self._previous, self._following)

    def _on_next_click(self, _button: ipw.Button) -> None:
        self.show_item(self._index + 1)
        self._keep_focus(self._following, self._previous)

    @staticmethod
    def _keep_focus(pressed: ipw.Button, other: ipw.Button) -> None:
        # The hazard is drawn anew: without this the keyboard's focus falls back to the top
        # of the page. At the first or last hazard the pressed button is disabled.
        (other if pressed.disabled else pressed).focus()

    def show_item(self, index: int) -> None:
        """Show hazard number ``index`` (from 0); its widgets are built now, the old ones freed."""
        if 0 <= index < len(self.exercise.items):
            self._index = index
            self._render()

    def _on_inherent_change(self, change: dict) -> None:
        self._attempt(self.model.rate, self._item_id, "inherent", change["new"])
        self._update_journey()

    def _on_residual_change(self, change: dict) -> None:
        self._attempt(self.model.rate, self._item_id, "residual", change["new"])
        self._update_journey()

    def _on_control_change(self, _change: dict) -> None:
        chosen = [control_id for control_id, box in self._boxes.items() if box.value]
        self._attempt(self.model.choose_controls, self._item_id, chosen)

    def _update_journey(self) -> None:
        model = self.model
        self._journey.value = journey_html(
            model.method,
            model.evaluation(self._item_id, "inherent"),
            model.evaluation(self._item_id, "residual"),
            language(),
        )

    def _result_html(self, result: CheckResult, lang: str) -> str:
        words = _verdict_words()
        now, with_controls, reference_word = _("Now"), _("With controls"), _("Reference")
        not_chosen = _("Controls the reference chooses that you did not")
        beyond = _("Controls you chose beyond the reference")
        controls = {c.id: c.text.get(lang) for item in self.exercise.items for c in item.controls}
        blocks = []
        for n, (item, verdict) in enumerate(zip(self.exercise.items, result.items, strict=True), 1):
            details = verdict.details
            reference = [self.model.reference(item.id, s) for s in ("inherent", "residual")]
            missed = ", ".join(controls[c] for c in details["missed_controls"])
            extra = ", ".join(controls[c] for c in details["extra_controls"])
            stages = [outcome(details[s]) for s in ("inherent", "residual")]
            lines = [
                f'<p class="osh-fb-short"><span class="osh-mark osh-mark-{o}" aria-hidden="true">'
                f"{ICONS[o]}</span> "
                f"<b>{esc(label)}:</b> {esc(words[details[stage]])}</p>"
                for o, label, stage in zip(
                    stages, (now, with_controls), ("inherent", "residual"), strict=True
                )
            ]
            if missed:
                lines.append(f'<p class="osh-fb-short">{esc(not_chosen)}: {esc(missed)}</p>')
            if extra:
                lines.append(f'<p class="osh-fb-short">{esc(beyond)}: {esc(extra)}</p>')
            chips = " · ".join(
                f"{esc(label)} {band_chip(e.band, lang)} {_num(e.score)}"
                for label, e in zip((now, with_controls), reference, strict=True)
            )
            whole = "wrong" if "wrong" in stages else ("open" if "open" in stages else "right")
            title = _("Hazard {n}").format(n=n)
            blocks.append(
                feedback_item(
                    whole,
                    esc(title),
                    "".join(lines)
                    + f'<p class="osh-reference"><b>{esc(reference_word)}:</b> {chips}</p>',
                    f"{journey_html(self.model.method, *reference, lang)}"
                    f'<p class="osh-reason">{esc(item.reason.get(lang))}</p>',
                )
            )
        return self._warnings_html(result) + feedback_list(blocks)


# -- hazard_spotting -----------------------------------------------------------------------


class HazardSpottingView(ExerciseView):
    """Mark the hazards among the observations; see what was found, missed, wrongly marked."""

    model: HazardSpottingModel

    def _build_body(self, lang: str) -> list[ipw.Widget]:
        marked = self.model.answers["marked"]
        self._boxes = {}
        for obs in self.exercise.items:
            box = _checkbox(obs.text.get(lang), obs.id in marked)
            box.observe(self._on_mark_change, names="value")
            self._boxes[obs.id] = box
        task = _("Tick every observation that is a hazard.")
        prompt = ipw.HTML(f"<p><b>{esc(task)}</b></p>")
        return [prompt, *self._boxes.values()]

    def _on_mark_change(self, _change: dict) -> None:
        self._attempt(self.model.mark, [i for i, box in self._boxes.items() if box.value])

    def _result_html(self, result: CheckResult, lang: str) -> str:
        words = {**_verdict_words(), "right": _("Not marked, and rightly: this is not a hazard.")}
        items = {o.id: o for o in self.exercise.items}
        return feedback_list(
            [
                feedback_item(
                    outcome(r.verdict),
                    esc(items[r.item_id].text.get(lang)),
                    f'<p class="osh-fb-short osh-verdict-{r.verdict}">{esc(words[r.verdict])}</p>',
                    f"<p>{esc(items[r.item_id].reason.get(lang))}</p>",
                )
                for r in result.items
            ]
        )


# -- control_sorting -----------------------------------------------------------------------


class ControlSortingView(ExerciseView):
    """Place each measure in the hierarchy and tick the ones to apply."""

    model: ControlSortingModel

    def _build_body(self, lang: str) -> list[ipw.Widget]:
        method = get_method(self.exercise.method or course().default_method)
        band = method.band(self.exercise.risk_band)
        levels = [(level.label.get(lang), level.id) for level in hierarchy().levels]
        answers = self.model.answers
        self._pickers, self._boxes = {}, {}
        risk_word = _("Risk")
        task = _(
            "Place each measure in the hierarchy of controls, then tick the ones you would apply."
        )
        parts: list[ipw.Widget] = [
            ipw.HTML(
                f'<div class="osh-hazard">{paragraphs(self.exercise.hazard.get(lang))}'
                f"<p>{esc(risk_word)}: {band_chip(band, lang)}</p></div>"
                f"<p><b>{esc(task)}</b></p>"
            )
        ]
        for n, measure in enumerate(self.exercise.items, 1):
            picker = ipw.Dropdown(
                options=levels,
                value=answers["levels"].get(measure.id),
                description=_("Level"),
                layout=ipw.Layout(width="100%"),
                style={"description_width": "initial"},
            )
            picker.add_class("osh-picker")
            picker.observe(self._on_level_change, names="value")
            box = _checkbox(_("Apply this measure"), measure.id in answers["chosen"])
            box.observe(self._on_choice_change, names="value")
            self._pickers[measure.id], self._boxes[measure.id] = picker, box
            parts += [
                ipw.HTML(f'<p class="osh-measure"><b>{n}.</b> {esc(measure.text.get(lang))}</p>'),
                picker,
                box,
            ]
        return parts

    def _on_level_change(self, change: dict) -> None:
        measure_id = next(m for m, p in self._pickers.items() if p is change["owner"])
        self._attempt(self.model.place, measure_id, change["new"])

    def _on_choice_change(self, _change: dict) -> None:
        self._attempt(self.model.choose, [m for m, box in self._boxes.items() if box.value])

    def _result_html(self, result: CheckResult, lang: str) -> str:
        words = _verdict_words()
        label = {level.id: level.label.get(lang) for level in hierarchy().levels}
        measures = {m.id: m for m in self.exercise.items}
        rows = []
        for r in result.items:
            measure = measures[r.item_id]
            reference = label[r.details["reference"]]
            if r.verdict == "wrong":
                verdict = _("You placed it at {yours}; it belongs at {reference}.").format(
                    yours=label[r.details["placed"]], reference=reference
                )
            else:
                belongs = _("It belongs at {reference}.").format(reference=reference)
                verdict = f"{words[r.verdict]} {belongs}"
            rows.append(
                feedback_item(
                    outcome(r.verdict),
                    esc(measure.text.get(lang)),
                    f'<p class="osh-fb-short osh-verdict-{r.verdict}">{esc(verdict)}</p>',
                    f"<p>{esc(measure.reason.get(lang))}</p>",
                )
            )
        return self._warnings_html(result) + feedback_list(rows)


# -- quiz ----------------------------------------------------------------------------------


class QuizView(ExerciseView):
    """Answer single- and multiple-choice questions; see why each answer is right or wrong."""

    model: QuizModel

    def _build_body(self, lang: str) -> list[ipw.Widget]:
        parts: list[ipw.Widget] = []
        self._inputs: dict[str, Any] = {}
        for n, question in enumerate(self.exercise.items, 1):
            chosen = self.model.answers.get(question.id, [])
            how = _("Choose one.") if question.kind == "single" else _("Choose all that apply.")
            parts.append(
                ipw.HTML(
                    f'<p class="osh-question"><b>{n}. '
                    f"{esc(question.text.get(lang))}</b> "
                    f'<span class="osh-hint">{esc(how)}</span></p>'
                )
            )
            if question.kind == "single":
                radio = ipw.RadioButtons(
                    options=[(o.text.get(lang), o.id) for o in question.options],
                    value=chosen[0] if chosen else None,
                    layout=ipw.Layout(width="100%"),
                )
                radio.add_class("osh-option")
                radio.observe(self._on_answer_change, names="value")
                self._inputs[question.id] = radio
                parts.append(radio)
            else:
                boxes = {
                    o.id: _checkbox(o.text.get(lang), o.id in chosen) for o in question.options
                }
                for box in boxes.values():
                    box.observe(self._on_answer_change, names="value")
                self._inputs[question.id] = boxes
                parts.append(ipw.VBox(list(boxes.values())))
        return parts

    def _on_answer_change(self, change: dict) -> None:
        owner = change["owner"]
        for question_id, control in self._inputs.items():
            if control is owner:
                self._attempt(
                    self.model.answer, question_id, [] if owner.value is None else [owner.value]
                )
                return
            if isinstance(control, dict) and owner in control.values():
                self._attempt(
                    self.model.answer, question_id, [o for o, box in control.items() if box.value]
                )
                return

    def _result_html(self, result: CheckResult, lang: str) -> str:
        words = {
            "right": _("Right answer."),
            "wrong": _("Not the right answer."),
            "unanswered": _("Not answered."),
        }
        questions = {q.id: q for q in self.exercise.items}
        blocks = []
        for n, r in enumerate(result.items, 1):
            question = questions[r.item_id]
            notes = []
            for option in question.options:
                marks = []
                if option.id in r.details["chosen"]:
                    marks.append(_("your answer"))
                if option.correct:
                    marks.append(_("a right answer"))
                if marks:
                    notes.append(
                        f"<li><b>{esc(option.text.get(lang))}</b> "
                        f"({esc(', '.join(marks))}): "
                        f"{esc(option.explanation.get(lang))}</li>"
                    )
            short = [esc(words[r.verdict])]
            if r.verdict == "wrong":
                right = "; ".join(
                    o.text.get(lang).rstrip(".") for o in question.options if o.correct
                )
                short.append(esc(_("The right answer: {answer}.").format(answer=right)))
            blocks.append(
                feedback_item(
                    outcome(r.verdict),
                    f"{n}. {esc(question.text.get(lang))}",
                    f'<p class="osh-fb-short osh-verdict-{r.verdict}">{" ".join(short)}</p>',
                    f"<ul>{''.join(notes)}</ul>" if notes else "",
                )
            )
        return feedback_list(blocks)


VIEWS: dict[str, type[ExerciseView]] = {
    "risk_rating": RiskRatingView,
    "hazard_spotting": HazardSpottingView,
    "control_sorting": ControlSortingView,
    "quiz": QuizView,
}


class ExerciseUnavailable(ipw.VBox):
    """Shown instead of an exercise whose file is missing or broken; the rest still works."""

    def __init__(self, exercise_id: str, **kwargs):
        super().__init__(**kwargs)
        self.exercise_id = exercise_id
        self.add_class("osh-app")
        self._message = ipw.HTML()
        self.children = [stylesheet(), self._message]
        self._render()
        on_language_change(self._on_language_change)

    def _on_language_change(self, _lang: str) -> None:
        self._render()

    def _render(self) -> None:
        text = _(
            "The exercise “{id}” cannot be shown: its file has a mistake. Please tell your trainer."
        ).format(id=self.exercise_id)
        self._message.value = f'<p class="osh-error" role="alert">{esc(text)}</p>'


def Exercise(exercise_id: str, *, folder: Path | None = None) -> ipw.VBox:
    """Show the exercise ``exercise_id`` from ``exercises/`` (or ``folder``).

    A missing or broken file gives a short message on the page instead (the details go to
    the server's log), so one broken file never takes a lesson down.
    """
    try:
        path = find_exercise_file(exercise_id, folder)
        exercise = read_exercise(path)
    except ExerciseUnavailableError as exc:
        log.error("%s", exc)
        return ExerciseUnavailable(exercise_id)
    except ContentError as exc:
        log.error("exercise %r cannot be used:\n%s", exercise_id, exc)
        return ExerciseUnavailable(exercise_id)
    except Exception:  # a lesson must survive anything one file can do
        log.exception("exercise %s could not be read", exercise_id)
        return ExerciseUnavailable(exercise_id)
    return VIEWS[exercise.type](exercise, base=path.parent)
