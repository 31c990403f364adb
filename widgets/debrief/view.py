"""The trainer's live debrief: one class's answers to one exercise, drawn to be projected.

For a risk-rating exercise each hazard gets a heat map per stage (how many chose each
cell, the reference cell outlined), the most disputed hazard first; quizzes get a bar per
option; hazard spotting and control sorting a share right per item; and everyone is
listed as not started, started or checked. The page reads the store again on *Refresh*
and, while *auto-refresh* is ticked, every few seconds on the kernel's event loop.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime
from pathlib import Path

import ipywidgets as ipw
import traitlets

from widgets.content.errors import ContentError
from widgets.debrief.model import (
    Debrief as DebriefData,
)
from widgets.debrief.model import (
    HazardDebrief,
    ItemDebrief,
    Someone,
    StageDebrief,
    load_debrief,
)
from widgets.exercises.catalog import (
    ExerciseUnavailableError,
    exercise_files,
    read_exercise,
)
from widgets.exercises.schema import ControlSorting, Exercise, HazardSpotting
from widgets.hierarchy.model import hierarchy
from widgets.i18n import _, language, on_language_change
from widgets.risk.model import Band
from widgets.risk_matrix.model import grid
from widgets.store import session
from widgets.store.service import StoreError
from widgets.ui import discard
from widgets.ui.bands import band_chip
from widgets.ui.style import esc, number, stylesheet

log = logging.getLogger(__name__)

TYPE_ORDER = ("risk_rating", "quiz", "hazard_spotting", "control_sorting")

CSS = """
.osh-app.osh-debrief-app { max-width: 80rem; }
.osh-debrief { font-size: 1.2rem; line-height: 1.4; }
.osh-debrief h2 { font-size: 1.7rem; margin: 0.4rem 0; }
.osh-debrief h3 { font-size: 1.4rem; margin: 1.2rem 0 0.4rem; }
.osh-debrief h4 { font-size: 1.2rem; margin: 0.4rem 0; }
.osh-debrief-bar select, .osh-debrief-bar button, .osh-debrief-bar label { font-size: 1.1rem; }
.osh-db-summary { font-size: 1.3rem; }
.osh-db-updated { color: var(--jp-ui-font-color2, #555); font-size: 1rem; margin: 0.2rem 0; }
.osh-db-hazard { border-top: 3px solid #ccc; padding-top: 0.4rem; margin-top: 1rem; }
.osh-db-stages { display: flex; flex-wrap: wrap; gap: 1.5rem 3rem; align-items: flex-start; }
.osh-db-stage { margin: 0; flex: 1 1 28rem; max-width: 38rem; }
.osh-db-stage figcaption { font-weight: 700; font-size: 1.25rem; margin-bottom: 0.3rem; }
.osh-heat { border-collapse: separate; border-spacing: 3px; }
.osh-heat td { width: 3.6rem; height: 3rem; text-align: center; vertical-align: middle;
  font-size: 1.5rem; font-weight: 700; border: 2px solid rgba(0,0,0,.15); border-radius: 4px;
  line-height: 1.1; }
.osh-heat th { font-size: 0.95rem; font-weight: 600; padding: 0 0.3rem; }
.osh-heat th[scope=row] { text-align: right; max-width: 9rem; }
.osh-heat th[scope=col] { max-width: 4.5rem; vertical-align: top; }
.osh-heat .osh-axis-name { font-size: 1rem; font-weight: 700; }
.osh-heat td.osh-db-ref { outline: 4px solid #000; outline-offset: 1px;
  box-shadow: 0 0 0 3px #fff inset; }
.osh-db-ref-label { display: block; font-size: 0.7rem; font-weight: 700; }
.osh-db-bars { margin: 0.3rem 0 0.8rem; }
.osh-db-bar-row { display: grid;
  grid-template-columns: minmax(8rem, 22rem) minmax(6rem, 1fr) 6.5rem;
  gap: 0.6rem; align-items: center; margin: 0.25rem 0; }
.osh-db-bar-track { background: #eee; border: 1px solid #bbb; height: 1.6rem; border-radius: 3px; }
.osh-db-bar { height: 100%; border-radius: 2px; background: #78909c; }
.osh-db-bar.osh-db-right { background: #2e7d32; }
.osh-db-count { font-weight: 700; text-align: right; }
.osh-db-mark { font-weight: 700; }
.osh-db-people li { margin: 0.15rem 0; }
.osh-db-spread { font-weight: 700; }
.osh-db-hazard-text { font-size: 1.05rem; max-width: 60rem; }
"""


def _mix(colour: str, amount: float) -> str:
    """Return ``colour`` blended with white: 0 gives white, 1 the colour itself."""
    channels = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    mixed = [round(255 + (c - 255) * amount) for c in channels]
    return "#" + "".join(f"{c:02x}" for c in mixed)


def _ink(background: str) -> str:
    """Black or white text, whichever reads better on ``background`` (WCAG contrast)."""
    channels = [int(background[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return "#000000" if (luminance + 0.05) / 0.05 >= 1.05 / (luminance + 0.05) else "#ffffff"


def _short(text: str, limit: int = 90) -> str:
    """Return ``text`` cut after a whole word to at most ``limit`` characters, with "…"."""
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:.") + "…"


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.0%}" if whole else "—"


def _type_words() -> dict[str, str]:
    return {
        "risk_rating": _("Risk rating"),
        "quiz": _("Quiz"),
        "hazard_spotting": _("Hazard spotting"),
        "control_sorting": _("Control sorting"),
    }


def _stage_words() -> dict[str, str]:
    return {"inherent": _("Now"), "residual": _("With controls")}


def _verdict_words() -> dict[str, str]:
    return {
        "same-cell": _("Same cell as the reference"),
        "same-band": _("Same band, other cell"),
        "higher": _("Higher band"),
        "lower": _("Lower band"),
        "missing": _("Not rated yet"),
    }


def _bar(label: str, count: int, total: int, right: bool = False, colour: str = "") -> str:
    """One horizontal bar: ``label`` (HTML), a bar of ``count`` of ``total``, the count."""
    width = 100 * count / total if total else 0
    kind = " osh-db-right" if right else ""
    fill = f";background:{colour}" if colour else ""
    return (
        f'<div class="osh-db-bar-row"><div>{label}</div>'
        f'<div class="osh-db-bar-track" aria-hidden="true">'
        f'<div class="osh-db-bar{kind}" style="width:{width:.0f}%{fill}"></div></div>'
        f'<div class="osh-db-count">{count} ({_share(count, total)})</div></div>'
    )


def heat_map_html(stage: StageDebrief, lang: str) -> str:
    """Return one stage's heat map as an HTML table (only for a two-factor method).

    Each cell is tinted in its band's colour, the more the more people chose it, and
    shows the count; the reference cell is outlined and labelled.
    """
    layout = grid(stage.method)
    most = stage.most
    reference = stage.reference_cell
    ref_word = _("reference")
    rows = []
    for line in layout.cells:
        row_level = layout.rows.level(line[0].row)
        head = (
            f'<th scope="row">{esc(number(row_level.value))} · '
            f"{esc(row_level.label.get(lang))}</th>"
        )
        cells = []
        for cell in line:
            count = stage.count(cell.row, cell.column)
            band = cell.rating.band
            background = _mix(band.colour, 0.15 + 0.85 * count / most if count else 0.15)
            is_ref = (cell.row, cell.column) == reference
            described = _("{row} {r}, {column} {c}: {band}; chosen by {n}").format(
                row=layout.rows.label.get(lang),
                r=number(cell.row),
                column=layout.columns.label.get(lang),
                c=number(cell.column),
                band=band.label.get(lang),
                n=count,
            )
            if is_ref:
                described = f"{described} ({ref_word})"
            shown = str(count) if count else ""
            mark = f'<span class="osh-db-ref-label">◎ {esc(ref_word)}</span>' if is_ref else ""
            kind = "osh-db-ref" if is_ref else ""
            cells.append(
                f'<td class="{kind}" title="{esc(described)}" '
                f'aria-label="{esc(described)}" data-count="{count}" '
                f'style="background:{background};color:{_ink(background)}">{shown}{mark}</td>'
            )
        rows.append(f"<tr>{head}{''.join(cells)}</tr>")
    columns = "".join(
        f'<th scope="col">{esc(number(v.value))}<br>{esc(v.label.get(lang))}</th>'
        for v in layout.columns.values
    )
    rows_name = f'<span class="osh-axis-name">↑ {esc(layout.rows.label.get(lang))}</span>'
    columns_name = f'<span class="osh-axis-name">{esc(layout.columns.label.get(lang))} →</span>'
    return (
        f'<table class="osh-heat"><thead><tr><th>{rows_name}</th>'
        f'<th colspan="{len(layout.columns.values)}"></th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody>"
        f"<tfoot><tr><th>{columns_name}</th>{columns}</tr></tfoot></table>"
    )


def _band_counts(stage: StageDebrief, lang: str) -> str:
    bars, ref_word = [], _("reference")
    for band in stage.method.bands:
        is_ref = band.id == stage.reference.band.id
        mark = f' <span class="osh-db-mark">◎ {esc(ref_word)}</span>' if is_ref else ""
        label = band_chip(band, lang) + mark
        bars.append(_bar(label, stage.bands[band.id], stage.rated, is_ref, band.colour))
    return f'<div class="osh-db-bars">{"".join(bars)}</div>'


def _reference_words(stage: StageDebrief, lang: str) -> str:
    band: Band = stage.reference.band
    values = ", ".join(
        f"{f.label.get(lang)} {number(stage.reference.factors[f.id])}" for f in stage.method.factors
    )
    text = _("Reference: {values}").format(values=values) if values else _("Reference:")
    return f"<p>{esc(text)} {band_chip(band, lang)}</p>"


def stage_html(stage: StageDebrief, lang: str) -> str:
    """Return one stage of one hazard: heat map, legend, band counts, verdicts, spread."""
    title = _stage_words()[stage.stage]
    if stage.method.is_matrix:
        picture = heat_map_html(stage, lang)
        legend = _(
            "The number in a cell is how many chose it (empty: nobody); the darker the "
            "cell, the more chose it. The outlined cell (◎) is the reference."
        )
    else:
        picture = ""
        legend = _("This method is not a two-factor grid: the bands chosen are shown below.")
    words = _verdict_words()
    verdicts = "".join(f"<li>{esc(words[v])}: <b>{n}</b></li>" for v, n in stage.verdicts.items())
    rated = _("{n} rated").format(n=stage.rated)
    if stage.modal_band is None:
        spread = _("Nobody has rated it yet.")
    else:
        spread = _("{share} chose a band other than the most common one ({band}).").format(
            share=f"{stage.spread:.0%}",
            band=stage.method.band(stage.modal_band).label.get(lang),
        )
    return (
        f'<figure class="osh-db-stage" data-stage="{stage.stage}">'
        f"<figcaption>{esc(title)} · {esc(rated)}</figcaption>"
        f'{picture}<p class="osh-hint">{esc(legend)}</p>'
        f"{_reference_words(stage, lang)}{_band_counts(stage, lang)}"
        f'<p class="osh-db-spread">{esc(spread)}</p><ul>{verdicts}</ul></figure>'
    )


def hazards_html(data: DebriefData, lang: str) -> str:
    """Return every hazard, the most disputed first, after a table of their spread."""
    ordered = data.disputed()
    stages = _stage_words()
    heads = [_("Hazard"), stages["inherent"], stages["residual"]]
    head = "".join(f"<th>{esc(h)}</th>" for h in heads)
    rows = "".join(
        f'<tr><td title="{esc(h.hazard.get(lang))}">'
        f"{h.position}. {esc(_short(h.hazard.get(lang)))}</td>"
        + "".join(f"<td>{s.spread:.0%}</td>" for s in h.stages.values())
        + "</tr>"
        for h in ordered
    )
    most = _("Where the class disagrees most")
    explain = _(
        "Spread: the share of those who rated the hazard who chose a band other than the "
        "most common one. 0% means everyone agrees."
    )
    blocks = [
        f'<h3>{esc(most)}</h3><p class="osh-hint">{esc(explain)}</p>'
        f'<table class="osh-table osh-db-spread-table"><thead><tr>{head}</tr></thead>'
        f"<tbody>{rows}</tbody></table>"
    ]
    blocks += [_hazard_html(h, lang) for h in ordered]
    return "".join(blocks)


def _hazard_html(hazard: HazardDebrief, lang: str) -> str:
    spread = _("Spread {share}").format(share=f"{hazard.spread:.0%}")
    stages = "".join(stage_html(s, lang) for s in hazard.stages.values())
    text = hazard.hazard.get(lang)
    # Scenario hazards can run to a paragraph: a short heading, the whole text below it.
    whole = f'<p class="osh-db-hazard-text">{esc(text)}</p>' if _short(text) != text else ""
    return (
        f'<section class="osh-db-hazard" data-item="{esc(hazard.item_id)}">'
        f"<h3>{hazard.position}. {esc(_short(text))} · {esc(spread)}</h3>{whole}"
        f'<div class="osh-db-stages">{stages}</div></section>'
    )


def items_html(data: DebriefData, lang: str) -> str:
    """Return the results of a quiz, hazard spotting or control sorting, item by item."""
    exercise = data.exercise
    blocks = []
    for item in data.items:
        right = _("{right} of {n} right ({share})").format(
            right=item.right, n=item.answered, share=_share(item.right, item.answered)
        )
        bars = _choices_html(exercise, item, lang)
        blocks.append(
            f'<section class="osh-db-item" data-item="{esc(item.item_id)}">'
            f"<h4>{item.position}. {esc(item.text.get(lang))}</h4>"
            f'<p class="osh-db-spread">{esc(right)}</p>'
            f'<div class="osh-db-bars">{bars}</div></section>'
        )
    return "".join(blocks)


def _choices_html(exercise: Exercise, item: ItemDebrief, lang: str) -> str:
    correct_word = _("correct")
    names: dict[str, str] = {}
    if isinstance(exercise, HazardSpotting):
        names = {"hazard": _("Marked as a hazard"), "not-hazard": _("Not marked")}
    elif isinstance(exercise, ControlSorting):
        names = {level.id: level.label.get(lang) for level in hierarchy().levels}
    rows = []
    for choice in item.choices:
        text = choice.text.get(lang) if choice.text is not None else names.get(choice.id, choice.id)
        mark = f' <span class="osh-db-mark">✓ {esc(correct_word)}</span>' if choice.correct else ""
        rows.append(_bar(esc(text) + mark, choice.count, item.answered, choice.correct))
    return "".join(rows)


def _names(people: list[Someone]) -> str:
    if not people:
        return "<p>—</p>"
    listed = "".join(f"<li>{esc(p.name)} ({esc(p.enterprise)})</li>" for p in people)
    return f'<ul class="osh-db-people">{listed}</ul>'


def people_html(data: DebriefData) -> str:
    """Return who has not started, who has not checked, who has checked."""
    groups = [
        ("not-started", _("Not started ({n})"), data.not_started),
        ("not-checked", _("Started, not checked yet ({n})"), data.not_checked),
        ("checked", _("Checked ({n})"), data.checked),
    ]
    if data.unreadable:
        groups.append(
            ("unreadable", _("Saved work that no longer fits this exercise ({n})"), data.unreadable)
        )
    return "".join(
        f'<section class="osh-db-group" data-group="{key}">'
        f"<h3>{esc(title.format(n=len(people)))}</h3>{_names(people)}</section>"
        for key, title, people in groups
    )


def debrief_html(data: DebriefData, lang: str) -> str:
    """Return the whole debrief of one class and exercise as HTML."""
    exercise = data.exercise
    summary = _("{started} of {people} started · {checked} checked").format(
        started=data.started, people=len(data.people), checked=len(data.checked)
    )
    waiting = ""
    if data.not_started:
        names = ", ".join(p.name for p in data.not_started)
        waiting = esc(_("Not started: {names}").format(names=names))
    if not data.people:
        nobody = _("Nobody has joined this class yet.")
        body = f"<p>{esc(nobody)}</p>"
    elif data.hazards:
        body = hazards_html(data, lang)
    else:
        body = items_html(data, lang)
    return (
        f'<div class="osh-debrief" data-class="{esc(data.class_code)}" '
        f'data-exercise="{esc(exercise.id)}">'
        f"<h2>{esc(exercise.title.get(lang))} · {esc(data.class_code)}</h2>"
        f'<p class="osh-db-summary">{esc(summary)}</p><p>{waiting}</p>'
        f"{body}{people_html(data) if data.people else ''}</div>"
    )


def _message(text: str) -> str:
    return f'<div class="osh-debrief"><p class="osh-error" role="status">{esc(text)}</p></div>'


class Debrief(ipw.VBox):
    """The trainer's live debrief of one class and one exercise, to project.

    Parameters
    ----------
    every
        Seconds between automatic refreshes while *auto-refresh* is ticked.
    auto_refresh
        Whether auto-refresh starts ticked.
    folder
        The folder of exercise files (default: the workbook's ``exercises/``).
    """

    class_code = traitlets.Unicode(None, allow_none=True, help="The class shown (its code).")
    exercise_id = traitlets.Unicode(None, allow_none=True, help="The exercise shown (its id).")
    updated = traitlets.Unicode("", help="When the store was last read (HH:MM:SS, local time).")
    _task: asyncio.Task | None = None  # set here too: close() runs even if __init__ refused

    def __init__(
        self,
        every: float = 5,
        auto_refresh: bool = True,
        folder: Path | None = None,
        **kwargs,
    ):
        if not isinstance(every, int | float) or isinstance(every, bool) or every <= 0:
            raise ValueError(f"every={every!r}: expected a number of seconds above 0")
        super().__init__(**kwargs)
        self.add_class("osh-app")
        self.add_class("osh-debrief-app")
        self._every = float(every)
        self._folder = folder
        self._exercises: dict[str, Exercise] = {}
        self.debrief: DebriefData | None = None
        """The debrief last drawn (``None`` when there was nothing to draw)."""
        self._classes = ipw.Dropdown()
        self._exercise = ipw.Dropdown(layout=ipw.Layout(width="36rem", max_width="100%"))
        self._refresh = ipw.Button(button_style="primary")
        self._refresh.add_class("osh-action")
        self._auto = ipw.Checkbox(value=auto_refresh, indent=False)
        self._updated = ipw.HTML()
        self._content = ipw.HTML()
        for control in (self._classes, self._exercise):
            control.style = {"description_width": "initial"}
        bar = ipw.HBox(
            [self._classes, self._exercise, self._refresh, self._auto],
            layout=ipw.Layout(flex_flow="row wrap", align_items="center"),
        )
        bar.add_class("osh-debrief-bar")
        self.children = [
            stylesheet(),
            ipw.HTML(f"<style>{CSS}</style>", layout=ipw.Layout(display="none")),
            bar,
            self._updated,
            self._content,
        ]
        self._label()
        self._list_classes()
        self._list_exercises()
        self.class_code, self.exercise_id = self._classes.value, self._exercise.value
        self._classes.observe(self._on_classes_change, names="value")
        self._exercise.observe(self._on_exercise_change, names="value")
        self.observe(self._on_choice_change, names=["class_code", "exercise_id"])
        self._refresh.on_click(self._on_refresh_click)
        self._auto.observe(self._on_auto_change, names="value")
        self.refresh()
        if auto_refresh:
            self._start()
        on_language_change(self._on_language_change)

    # -- verbs --------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the class's answers again and redraw; a problem is shown, never raised."""
        self.updated = datetime.now().strftime("%H:%M:%S")
        stamp = _("Updated at {time}").format(time=self.updated)
        self._updated.value = f'<p class="osh-db-updated" role="status">{esc(stamp)}</p>'
        self.debrief = None
        if not self._classes.options and self.class_code is None:
            self._content.value = _message(
                _("There is no class yet: create one on the Classes page (trainer/class.ipynb).")
            )
            return
        if self.class_code is None:
            self._content.value = _message(_("Choose a class."))
            return
        if self.exercise_id is None:
            self._content.value = _message(_("Choose an exercise."))
            return
        try:
            data = load_debrief(session.store(), self.class_code, self.exercise_id, self._folder)
        except StoreError as exc:
            log.warning("debrief: %s", exc)
            text = (
                _("There is no class {code}.").format(code=self.class_code)
                if exc.kind in ("unknown-class", "class-code")
                else _("The class's answers could not be read: {problem}").format(problem=exc)
            )
            self._content.value = _message(text)
            return
        except ExerciseUnavailableError as exc:
            log.warning("debrief: %s", exc)
            problems = "; ".join(str(p) for p in exc.problems)
            self._content.value = _message(
                _("The exercise {id} cannot be read: {problems}").format(
                    id=self.exercise_id, problems=problems
                )
            )
            return
        except Exception:  # the projected page must survive anything; details go to the log
            log.exception("debrief of %s / %s failed", self.class_code, self.exercise_id)
            self._content.value = _message(
                _("The class's answers could not be read; the server log says why.")
            )
            return
        self.debrief = data
        self._content.value = debrief_html(data, language())

    @property
    def auto_refreshing(self) -> bool:
        """Whether the page is refreshing itself every few seconds now."""
        return self._task is not None and not self._task.done()

    def close(self) -> None:
        """Stop refreshing and close the page's widgets."""
        self._stop()
        discard(self.children)
        super().close()

    # -- auto-refresh -------------------------------------------------------------------
    def _start(self) -> None:
        self._stop()
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            # No event loop (plain Python, a test): refresh on demand only.
            log.info("debrief: no running event loop; auto-refresh is off")
            return
        self._task = loop.create_task(self._tick())

    def _stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self._task = None

    async def _tick(self) -> None:
        while True:
            await asyncio.sleep(self._every)
            try:
                self.refresh()
            except Exception:  # one bad tick must not end the refreshing
                log.exception("debrief: automatic refresh failed")

    # -- lists --------------------------------------------------------------------------
    def _list_classes(self) -> None:
        try:
            classes = session.store().classes()
        except Exception:
            log.exception("debrief: classes could not be listed")
            classes = []
        codes = [(f"{c['code']} · {c['name']}", c["code"]) for c in classes]
        current = self._classes.value
        self._classes.options = codes
        known = [code for _label, code in codes]
        self._classes.value = current if current in known else (known[-1] if known else None)

    def _list_exercises(self) -> None:
        found: dict[str, Exercise] = {}
        for path in exercise_files(self._folder):
            try:
                exercise = read_exercise(path)
            except ContentError as exc:
                log.warning("debrief: %s left out:\n%s", path.name, exc)
                continue
            found[exercise.id] = exercise
        self._exercises = found
        self._label_exercises()

    def _label_exercises(self) -> None:
        lang, types = language(), _type_words()
        ordered = sorted(
            self._exercises.values(),
            key=lambda e: (TYPE_ORDER.index(e.type), e.title.get(lang).casefold()),
        )
        current = self._exercise.value
        self._exercise.options = [(f"{types[e.type]}: {e.title.get(lang)}", e.id) for e in ordered]
        ids = [e.id for e in ordered]
        self._exercise.value = current if current in ids else (ids[0] if ids else None)

    def _label(self) -> None:
        self._classes.description = _("Class")
        self._exercise.description = _("Exercise")
        self._refresh.description = _("Refresh")
        self._auto.description = _("Refresh every {n} s").format(n=number(self._every))

    # -- callbacks ----------------------------------------------------------------------
    def _on_classes_change(self, change: dict) -> None:
        if change["new"] is not None:
            self.class_code = change["new"]

    def _on_exercise_change(self, change: dict) -> None:
        if change["new"] is not None:
            self.exercise_id = change["new"]

    def _on_choice_change(self, change: dict) -> None:
        control = self._classes if change["name"] == "class_code" else self._exercise
        known = [value for _label, value in control.options]
        if change["new"] in known and control.value != change["new"]:
            control.value = change["new"]
        self.refresh()

    def _on_refresh_click(self, _button: ipw.Button) -> None:
        self._list_classes()
        self._list_exercises()
        self.refresh()

    def _on_auto_change(self, change: dict) -> None:
        if change["new"]:
            self._start()
        else:
            self._stop()

    def _on_language_change(self, _lang: str) -> None:
        self._label()
        self._label_exercises()
        self.refresh()
