"""The risk-matrix apps: rate a hazard on a method's grid, and compare methods on one hazard."""

from __future__ import annotations

import logging

import ipywidgets as ipw
import traitlets

from widgets.i18n import _, language, on_language_change
from widgets.risk.model import (
    Band,
    Evaluation,
    Method,
    RatingError,
    UnknownMethodError,
    get_method,
    methods,
)
from widgets.risk_matrix.model import Comparison, Rating, grid, score_ranges
from widgets.store import session
from widgets.store.people import Person
from widgets.ui import discard, forms
from widgets.ui.bands import band_chip
from widgets.ui.style import esc, number, stylesheet

log = logging.getLogger(__name__)
MAX_PATTERN_RANK = 4


class RiskMatrix(ipw.VBox):
    """Rate one hazard with a risk-evaluation method.

    Two-factor methods are drawn as a grid of clickable cells (first factor as rows, most
    likely on top); three-factor methods get one picker per factor; the ``estimated``
    method lets the learner choose the band itself. The result shows the score, the band
    (label on its colour) and what the band requires.

    Parameters
    ----------
    method
        A method id from :func:`widgets.methods`.
    compact
        Leave out the method's name, summary and legend (when the matrix is part of an
        exercise that shows them once).
    """

    value = traitlets.Dict(
        help="The chosen factor values, e.g. {'likelihood': 3, 'severity': 4}; assign to rate."
    )
    score = traitlets.Any(None, allow_none=True, help="The score of the rating, or None.")
    band = traitlets.Unicode(None, allow_none=True, help="The id of the rated band, or None.")
    method = traitlets.Unicode(help="The id of the method in use.")

    def __init__(self, method: str = "5x5", *, compact: bool = False, **kwargs):
        super().__init__(**kwargs)
        self._compact = compact
        self.add_class("osh-app")
        self.add_class("osh-risk-matrix")
        self.method = method
        self._method: Method | None = None
        self._rating: Rating | None = None
        self._buttons: dict[int, tuple[ipw.Button, dict[str, object]]] = {}
        self._pickers: dict[str, ipw.Dropdown] = {}
        self._activity: str | None = None
        self._result = ipw.HTML()
        try:
            self._method = get_method(method)
        except UnknownMethodError as exc:
            log.error("RiskMatrix: %s", exc)
            self.children = [stylesheet(), self._result]
            message = _(
                "This activity cannot be shown: the risk method {method!r} is missing or "
                "broken. Please tell your trainer."
            ).format(method=method)
            self._result.value = f'<p class="osh-error" role="alert">{esc(message)}</p>'
            return
        self._rating = Rating(self._method)
        self._render()
        self.observe(self._on_value_change, names="value")
        on_language_change(self._on_language_change)

    @property
    def rating(self) -> Evaluation | None:
        """The full rating (method, factors, score, band), or None before one is made."""
        return self._rating.result if self._rating else None

    # -- verbs -------------------------------------------------------------------------
    def select(self, **values: object) -> Evaluation | None:
        """Choose factor values (or ``band=`` for the estimated method) and show the rating.

        Raises
        ------
        RatingError
            When a value is not on its scale; nothing changes.
        """
        if self._rating is None:
            raise RatingError("method-unknown", method=self.method, known=methods())
        result = self._rating.choose(**values)
        self.value = dict(self._rating.choices)
        return result

    def reset(self) -> None:
        """Clear the rating."""
        if self._rating is not None:
            self._rating.clear()
            self.value = {}

    def save_as(self, activity: str) -> None:
        """Keep this rating as the participant's work on ``activity``, and bring it back now.

        A matrix on its own in a lesson is an activity; inside an exercise, a comparison or
        a register it is not (they save their own work), so saving is asked for, not assumed.
        """
        self._activity = activity
        if not self._restore_saved():
            self._save()
        self.observe(self._on_value_save, names="value")
        session.on_sign_in(self._on_sign_in)

    def _restore_saved(self) -> bool:
        person = session.current()
        if person is None or self._activity is None:
            return False
        try:
            saved = session.store().load(person, self._activity)
        except Exception:  # the matrix still works; the trainer's log says why
            log.exception("%s of participant %s not loaded", self._activity, person.id)
            return False
        values = saved.get("value") if isinstance(saved, dict) else None
        if not values or not isinstance(values, dict):
            return False
        try:
            self.value = values
        except traitlets.TraitError as exc:
            log.warning("%s: saved rating dropped: %s", self._activity, exc)
            return False
        return True

    def _save(self) -> None:
        person = session.current()
        if person is None or self._activity is None or not self.value:
            return
        try:
            session.store().save(person, self._activity, {"value": dict(self.value)})
        except Exception:  # the page keeps working; the trainer's log says what failed
            log.exception("%s: saving for participant %s failed", self._activity, person.id)

    def _on_value_save(self, _change: dict) -> None:
        self._save()

    def _on_sign_in(self, person: Person | None) -> None:
        if person is not None and not self._restore_saved():
            self._save()  # a rating made before joining is theirs

    # -- trait handling ----------------------------------------------------------------
    @traitlets.validate("value")
    def _valid_value(self, proposal: dict) -> dict:
        if self._method is None:
            raise traitlets.TraitError(f"method {self.method!r} is not available")
        if not all(isinstance(key, str) for key in proposal["value"]):
            raise traitlets.TraitError("factor names must be text")
        try:
            Rating(self._method).choose(**proposal["value"])
        except RatingError as exc:
            raise traitlets.TraitError(str(exc)) from exc
        return dict(proposal["value"])

    def _on_value_change(self, change: dict) -> None:
        assert self._rating is not None
        if change["new"] != self._rating.choices:
            self._rating.clear()
            self._rating.choose(**change["new"])
        result = self._rating.result
        self.score = result.score if result else None
        self.band = result.band.id if result else None
        self._show_selection()

    def _on_language_change(self, _lang: str) -> None:
        self._render()

    def _on_cell_click(self, button: ipw.Button) -> None:
        entry = self._buttons.get(id(button))
        if entry is not None:
            self.select(**entry[1])

    def _on_picker_change(self, change: dict) -> None:
        factor = next(f for f, picker in self._pickers.items() if picker is change["owner"])
        if change["new"] is not None:
            self.select(**{factor: change["new"]})

    # -- drawing -----------------------------------------------------------------------
    def _render(self) -> None:
        assert self._method is not None
        lang = language()
        method = self._method
        header = ipw.HTML(
            f'<div class="osh-title"><h3>{esc(method.name.get(lang))}</h3>'
            f'<p class="osh-hint">{esc(method.summary.get(lang))}</p></div>'
        )
        self._buttons.clear()
        self._pickers.clear()
        if method.score == "direct":
            body = self._band_choice(lang)
        elif method.is_matrix:
            body = self._grid(lang)
        else:
            body = self._picker_list(lang)
        legend = ipw.HTML(self._legend(lang))
        old = [child for child in self.children if child is not self._result]
        parts = [body] if self._compact else [header, body, legend]
        self.children = [stylesheet(), *parts, self._result]
        discard(old)
        self._show_selection()

    def _cell(self, text: str, tooltip: str, band: Band, values: dict[str, object]) -> ipw.Button:
        assert self._method is not None
        rank = min(self._method.bands.index(band), MAX_PATTERN_RANK)
        button = ipw.Button(description=text, tooltip=tooltip, layout=ipw.Layout(width="auto"))
        button.style.button_color = band.colour
        button.style.text_color = band.text_colour
        for name in ("osh-risk-cell", f"osh-band-{band.id}", f"osh-rank-{rank}"):
            button.add_class(name)
        button.on_click(self._on_cell_click)
        self._buttons[id(button)] = (button, values)
        return button

    def _grid(self, lang: str) -> ipw.GridBox:
        assert self._method is not None
        layout = grid(self._method)
        rows, columns = layout.rows, layout.columns
        corner = ipw.HTML(
            f'<div class="osh-axis osh-axis-title">{esc(rows.label.get(lang))} ↓<br>'
            f"{esc(columns.label.get(lang))} →</div>"
        )
        heads = [
            ipw.HTML(
                f'<div class="osh-axis osh-axis-column"><b>{number(v.value)}</b> '
                f"{esc(v.label.get(lang))}</div>"
            )
            for v in columns.values
        ]
        children: list[ipw.Widget] = [corner, *heads]
        for line in layout.cells:
            level = rows.level(line[0].row)
            children.append(
                ipw.HTML(
                    f'<div class="osh-axis"><b>{number(level.value)}</b> '
                    f"{esc(level.label.get(lang))}</div>"
                )
            )
            for cell in line:
                rating = cell.rating
                tooltip = _("{rows} {r} × {columns} {c} = {score}: {band}").format(
                    rows=rows.label.get(lang),
                    r=number(cell.row),
                    columns=columns.label.get(lang),
                    c=number(cell.column),
                    score=number(rating.score),
                    band=rating.band.label.get(lang),
                )
                values = {rows.id: cell.row, columns.id: cell.column}
                children.append(self._cell(number(rating.score), tooltip, rating.band, values))
        box = ipw.GridBox(
            children,
            layout=ipw.Layout(
                grid_template_columns=(
                    f"minmax(5.2rem, 1.4fr) repeat({len(columns.values)}, minmax(0, 1fr))"
                ),
                width="100%",
            ),
        )
        box.add_class("osh-grid")
        return box

    def _band_choice(self, lang: str) -> ipw.Box:
        assert self._method is not None
        cells = [
            self._cell(b.label.get(lang), b.requires.get(lang), b, {"band": b.id})
            for b in self._method.bands
        ]
        box = ipw.GridBox(
            cells,
            layout=ipw.Layout(
                grid_template_columns=f"repeat({len(cells)}, minmax(0, 1fr))", width="100%"
            ),
        )
        box.add_class("osh-grid")
        return box

    def _picker_list(self, lang: str) -> ipw.VBox:
        assert self._method is not None
        parts: list[ipw.Widget] = []
        for factor in self._method.factors:
            picker = ipw.Dropdown(
                options=[
                    (f"{number(v.value)} — {v.label.get(lang)}", v.value) for v in factor.values
                ],
                value=None,
                description=factor.label.get(lang),
                style={"description_width": "initial"},
                layout=ipw.Layout(width="100%"),
            )
            picker.add_class("osh-picker")
            picker.observe(self._on_picker_change, names="value")
            self._pickers[factor.id] = picker
            parts.append(picker)
            parts.append(ipw.HTML(f'<p class="osh-hint">{esc(factor.description.get(lang))}</p>'))
        return ipw.VBox(parts)

    def _legend(self, lang: str) -> str:
        assert self._method is not None
        ranges = score_ranges(self._method)
        items = []
        for rank, band in enumerate(self._method.bands):
            span = ranges.get(band.id)
            scores = ""
            if span:
                low, high = span
                scores = f" ({number(low)}–{number(high)})" if low != high else f" ({number(low)})"
            items.append(
                f'<li><span class="osh-swatch osh-rank-{min(rank, MAX_PATTERN_RANK)}" '
                f'style="background-color:{band.colour}"></span>'
                f"{esc(band.label.get(lang))}{scores}</li>"
            )
        title = esc(_("Bands"))
        return f'<ul class="osh-legend" aria-label="{title}">{"".join(items)}</ul>'

    def _show_selection(self) -> None:
        assert self._rating is not None
        chosen = self._rating.choices
        for button, values in self._buttons.values():
            if values.items() <= chosen.items():
                button.add_class("osh-selected")
            else:
                button.remove_class("osh-selected")
        for factor, picker in self._pickers.items():
            picker.value = chosen.get(factor)
        self._result.value = self._describe(self._rating.result)

    def _describe(self, result: Evaluation | None) -> str:
        lang = language()
        if result is None:
            hint = (
                _("Choose a value for each factor.")
                if self._pickers
                else _("Choose the cell that fits the hazard.")
            )
            return (
                f'<div class="osh-result" role="status"><p class="osh-hint">{esc(hint)}</p></div>'
            )
        band = result.band
        score_word, requires_word, when_word = _("Score"), _("What this requires"), _("When to act")
        formula = ""
        if result.score is not None:
            parts = " × ".join(
                f"{esc(self._method.factor(f).label.get(lang))} {number(v)}"
                for f, v in result.factors.items()
            )
            formula = (
                f'<span class="osh-score">{esc(score_word)} {number(result.score)} = {parts}</span>'
            )
        return (
            f'<div class="osh-result" role="status" aria-live="polite">'
            f"<p>{band_chip(band, lang)} {formula}</p>"
            f"<p><b>{esc(requires_word)}:</b> {esc(band.requires.get(lang))}</p>"
            f"<p><b>{esc(when_word)}:</b> {esc(band.deadline.get(lang))}</p></div>"
        )


class MethodComparison(ipw.VBox):
    """Rate one hazard with several methods and see where they agree.

    Every rating is saved as it is given (for a participant who has joined) and comes back
    after a reload.

    Parameters
    ----------
    method_ids
        The methods to compare; all usable methods by default.
    """

    ratings = traitlets.Dict(help="The band id given under each method rated so far.")

    def __init__(self, method_ids: list[str] | None = None, **kwargs):
        super().__init__(**kwargs)
        self.add_class("osh-app")
        self.add_class("osh-method-comparison")
        self._ids = list(method_ids or methods())
        # The course app's key for this activity (widgets.course_app.model.Activity.key).
        self.activity = "methodcomparison" + "".join(f":{m}" for m in (method_ids or []))
        self._comparison = Comparison()
        self._matrices: dict[str, RiskMatrix] = {}
        self._restoring = False
        self._picker = ipw.Dropdown(layout=ipw.Layout(width="100%"))
        self._picker.add_class("osh-picker")
        self._holder = ipw.VBox()
        self._summary = ipw.HTML()
        self._saving = ipw.HTML()
        self._saves = 0
        self.children = [stylesheet(), self._picker, self._holder, self._summary, self._saving]
        self._label_picker()
        self._restore_saved()
        self._picker.observe(self._on_picker_change, names="value")
        self._open(self._picker.value)
        on_language_change(self._on_language_change)
        session.on_sign_in(self._on_sign_in)

    def state(self) -> dict:
        """Return the factor values chosen under each method, as plain data (to save)."""
        return {
            "ratings": {
                method_id: dict(matrix.value)
                for method_id, matrix in self._matrices.items()
                if matrix.value
            }
        }

    def _matrix(self, method_id: str) -> RiskMatrix:
        if method_id not in self._matrices:
            matrix = RiskMatrix(method_id)
            matrix.observe(self._on_rating_change, names="value")
            self._matrices[method_id] = matrix
        return self._matrices[method_id]

    def _restore_saved(self) -> None:
        """Bring back the signed-in participant's saved ratings, if any."""
        person = session.current()
        if person is None:
            return
        try:
            saved = session.store().load(person, self.activity) or {}
        except Exception:  # the activity still works; the trainer's log says why
            log.exception("%s of participant %s not loaded", self.activity, person.id)
            return
        ratings = saved.get("ratings") if isinstance(saved, dict) else None
        if not isinstance(ratings, dict):
            return
        self._restoring = True
        try:
            for method_id, values in ratings.items():
                if method_id not in self._ids or not isinstance(values, dict):
                    continue
                try:
                    self._matrix(method_id).value = values
                except traitlets.TraitError as exc:
                    log.warning(
                        "%s: saved rating under %s dropped: %s", self.activity, method_id, exc
                    )
        finally:
            self._restoring = False

    def _save(self) -> None:
        person = session.current()
        if person is None or self._restoring:
            return
        try:
            session.store().save(person, self.activity, self.state())
        except Exception:  # the page keeps working; the trainer's log says what failed
            log.exception("%s: saving for participant %s failed", self.activity, person.id)
            self._saving.value = forms.not_saved_line()
        else:
            self._saves += 1
            self._saving.value = forms.saved_line(self._saves)

    def _on_sign_in(self, person: Person | None) -> None:
        if person is None:
            return
        if self._comparison.ratings:
            self._save()  # work done before joining is theirs
        else:
            self._restore_saved()
            self._open(self._picker.value)

    def _label_picker(self) -> None:
        lang = language()
        options = []
        for method_id in self._ids:
            try:
                options.append((get_method(method_id).name.get(lang), method_id))
            except UnknownMethodError as exc:
                log.error("MethodComparison: %s", exc)
        self._picker.description = _("Method")
        self._picker.style = {"description_width": "initial"}
        current = self._picker.value
        self._picker.options = options
        ids = [method_id for _label, method_id in options]
        self._picker.value = current if current in ids else (ids[0] if ids else None)

    def _open(self, method_id: str | None) -> None:
        if method_id is None:
            return
        self._holder.children = [self._matrix(method_id)]
        self._show_summary()

    def _on_picker_change(self, change: dict) -> None:
        self._open(change["new"])

    def _on_rating_change(self, change: dict) -> None:
        matrix: RiskMatrix = change["owner"]
        result = matrix.rating
        if result is None:
            self._comparison.forget(matrix.method)
        else:
            self._comparison.record(result)
        self.ratings = {m: r.band.id for m, r in self._comparison.ratings.items()}
        self._save()
        self._show_summary()

    def _on_language_change(self, _lang: str) -> None:
        self._label_picker()
        self._show_summary()

    def _show_summary(self) -> None:
        lang = language()
        rows = []
        for result in self._comparison.ratings.values():
            rows.append(
                f"<tr><td>{esc(result.method.name.get(lang))}</td>"
                f"<td>{number(result.score) if result.score is not None else '—'}</td>"
                f"<td>{band_chip(result.band, lang)}</td></tr>"
            )
        if not rows:
            text = _(
                "Rate the hazard with one method, then choose another method and rate it again."
            )
            self._summary.value = f'<p class="osh-hint">{esc(text)}</p>'
            return
        agree = self._comparison.agree()
        verdict = {
            None: _("Now rate the same hazard with another method."),
            True: _("The methods put this hazard at the same level."),
            False: _("The methods disagree about this hazard. Discuss why with your group."),
        }[agree]
        heads = "".join(f"<th>{esc(word)}</th>" for word in (_("Method"), _("Score"), _("Band")))
        self._summary.value = (
            f'<table class="osh-table"><thead><tr>{heads}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>"
            f'<p class="osh-verdict" role="status">{esc(verdict)}</p>'
        )
