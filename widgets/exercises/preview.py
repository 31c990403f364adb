"""The trainer's preview: any exercise file as participants see it, plus notes and answers."""

from __future__ import annotations

from pathlib import Path

import ipywidgets as ipw

from widgets.content.errors import ContentError
from widgets.exercises.catalog import exercise_files, exercises_dir, read_exercise
from widgets.exercises.model import RiskRatingModel
from widgets.exercises.schema import (
    ControlSorting,
    Exercise,
    HazardSpotting,
    Quiz,
    RiskRating,
)
from widgets.exercises.view import VIEWS, paragraphs
from widgets.hierarchy.model import hierarchy
from widgets.i18n import _, language, on_language_change
from widgets.paths import project_root
from widgets.ui import discard
from widgets.ui.bands import band_chip
from widgets.ui.style import esc, stylesheet


def answer_key(exercise: Exercise, lang: str) -> str:
    """Return the reference answers of an exercise as HTML, for the trainer."""
    rows: list[str] = []
    if isinstance(exercise, RiskRating):
        model = RiskRatingModel(exercise)
        for item in exercise.items:
            now, later = (model.reference(item.id, s) for s in ("inherent", "residual"))
            chosen = ", ".join(c.text.get(lang) for c in item.controls if c.id in item.recommended)
            ratings = " → ".join(
                band_chip(r.band, lang) + (f" {r.score:g}" if r.score is not None else "")
                for r in (now, later)
            )
            rows.append(f"<li>{esc(item.hazard.get(lang))}<br>{ratings} · {esc(chosen)}</li>")
    elif isinstance(exercise, HazardSpotting):
        yes, no = _("hazard"), _("not a hazard")
        rows = [
            f"<li>{esc(o.text.get(lang))}: <b>{esc(yes if o.hazard else no)}</b></li>"
            for o in exercise.items
        ]
    elif isinstance(exercise, ControlSorting):
        rows = [
            f"<li>{esc(m.text.get(lang))}: "
            f"<b>{esc(hierarchy().level(m.level).label.get(lang))}</b></li>"
            for m in exercise.items
        ]
    elif isinstance(exercise, Quiz):
        rows = [
            f"<li>{esc(q.text.get(lang))}: <b>"
            f"{esc('; '.join(o.text.get(lang) for o in q.options if o.correct))}</b></li>"
            for q in exercise.items
        ]
    return f"<ol>{''.join(rows)}</ol>"


def _relative(path: Path) -> str:
    try:
        return str(path.relative_to(project_root()))
    except ValueError:
        return str(path)


class TrainerPreview(ipw.VBox):
    """Preview any exercise file: pick it or type its path; *Reload* re-reads it from disk.

    Shows the exercise exactly as participants see it and, below, what they never see: the
    trainer notes, the solution and the reference answers. A file with mistakes shows each
    one as ``file:line: field: problem``.
    """

    def __init__(self, folder: Path | None = None, **kwargs):
        super().__init__(**kwargs)
        self.add_class("osh-app")
        self.add_class("osh-preview")
        self._folder = folder or exercises_dir()
        files = [(_relative(p), str(p)) for p in exercise_files(self._folder)]
        self._pick = ipw.Dropdown(
            options=files, value=files[0][1] if files else None, layout=ipw.Layout(width="100%")
        )
        self._path = ipw.Text(
            placeholder="exercises/my-exercise.yaml",
            continuous_update=False,
            layout=ipw.Layout(width="100%"),
        )
        self._reload = ipw.Button(button_style="primary")
        self._reload.add_class("osh-action")
        self._participant = ipw.VBox()
        self._trainer = ipw.HTML()
        self.children = [
            stylesheet(),
            self._pick,
            self._path,
            self._reload,
            self._participant,
            self._trainer,
        ]
        self._pick.observe(self._on_pick_change, names="value")
        self._reload.on_click(self._on_reload_click)
        self._path.observe(self._on_path_change, names="value")
        self._label()
        self.load()
        on_language_change(self._on_language_change)

    @property
    def path(self) -> Path | None:
        """The file shown: the typed path when there is one, else the picked file."""
        typed = self._path.value.strip()
        if typed:
            path = Path(typed).expanduser()
            return path if path.is_absolute() else project_root() / path
        return Path(self._pick.value) if self._pick.value else None

    def load(self) -> None:
        """Read the file again and show it."""
        path, lang = self.path, language()
        old = list(self._participant.children)
        if path is None:
            self._participant.children, self._trainer.value = [], ""
            discard(old)
            return
        try:
            exercise = read_exercise(path)
        except ContentError as exc:
            problems = "".join(f"<li><code>{esc(p)}</code></li>" for p in exc.problems)
            mistakes = _("This file has mistakes:")
            self._participant.children = []
            self._trainer.value = (
                f'<div class="osh-error" role="alert"><p>{esc(mistakes)}</p>'
                f"<ul>{problems}</ul></div>"
            )
            discard(old)
            return
        self._participant.children = [VIEWS[exercise.type](exercise, base=path.parent)]
        discard(old)
        notes = exercise.trainer_notes.get(lang) if exercise.trainer_notes else "—"
        heads = [
            _("For the trainer only"),
            _("Trainer notes"),
            _("Solution"),
            _("Reference answers"),
        ]
        only, notes_word, solution_word, answers_word = map(esc, heads)
        self._trainer.value = (
            f'<div class="osh-trainer"><h3>{only}</h3>'
            f"<h4>{notes_word}</h4>{paragraphs(notes)}"
            f"<h4>{solution_word}</h4>{paragraphs(exercise.solution.get(lang))}"
            f"<h4>{answers_word}</h4>{answer_key(exercise, lang)}</div>"
        )

    def _label(self) -> None:
        self._pick.description = _("Exercise")
        self._path.description = _("or a file")
        self._reload.description = _("Reload")
        for control in (self._pick, self._path):
            control.style = {"description_width": "initial"}

    def _on_pick_change(self, _change: dict) -> None:
        self._path.value = ""
        self.load()

    def _on_reload_click(self, _button: ipw.Button) -> None:
        self.load()

    def _on_path_change(self, change: dict) -> None:
        if change["new"].strip():
            self.load()

    def _on_language_change(self, _lang: str) -> None:
        self._label()
        self.load()
