"""The pitfalls lab: four small demonstrations of how a risk matrix misleads (Cox 2008)."""

from __future__ import annotations

import io

import ipywidgets as ipw

from widgets.i18n import _, language, on_language_change
from widgets.pitfalls.model import (
    MATRIX,
    band_moved,
    compress,
    expected_harm,
    high_cells,
    level,
    pitfalls,
    rankings,
    reversals,
    severity_views,
)
from widgets.risk.model import get_method, methods
from widgets.ui import discard
from widgets.ui.bands import band_chip
from widgets.ui.style import esc, stylesheet

COMPARED = ["5x5", "3x3", "oira-kinney", "fine-kinney"]


def _illustrative() -> str:
    note = _("The yearly numbers are illustrative, not statistics.")
    return f'<p class="osh-hint">{esc(note)}</p>'


def comparison_chart(method_ids: list[str], lang: str) -> bytes:
    """Draw each hazard's band level under each method, as a PNG (matplotlib, loaded now)."""
    from matplotlib.figure import Figure

    ranked = rankings(method_ids)
    hazards = pitfalls().comparison
    figure = Figure(
        figsize=(6.4, 0.7 + 0.55 * len(hazards) * max(1, len(method_ids)) / 2),
        dpi=100,
        layout="constrained",
    )
    axes = figure.add_subplot()
    height = 0.8 / max(1, len(method_ids))
    for n, method_id in enumerate(method_ids):
        levels = {h: level(e) for h, e in ranked[method_id]}
        ys = [i + n * height for i in range(len(hazards))]
        axes.barh(
            ys,
            [max(levels.get(h.id, 0), 0.02) for h in hazards],  # the lowest band stays seen
            height=height,
            label=get_method(method_id).name.get(lang),
        )
    axes.set_yticks(
        [i + 0.4 - height / 2 for i in range(len(hazards))], [h.label.get(lang) for h in hazards]
    )
    axes.invert_yaxis()
    axes.set_xlim(0, 1)
    axes.set_xticks([0, 0.5, 1], [_("lowest band"), _("middle"), _("highest band")])
    axes.set_xlabel(_("Where the hazard's band sits in each method"))
    axes.set_title(_("The same hazards, rated with different methods"))
    axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=2, fontsize="small")
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


class PitfallsLab(ipw.VBox):
    """Move the inputs and see how a risk matrix can mislead (after Cox 2008).

    Four tabs: range compression, ranking reversal between methods (with a chart), where
    band edges are drawn, and worst-case versus typical severity. Each tab is built when it
    is opened.
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.add_class("osh-app")
        self.add_class("osh-pitfalls")
        self._tabs = ipw.Tab()
        self._builders = [self._compression, self._ranking, self._edges, self._severity]
        self.children = [stylesheet(), self._tabs]
        self._tabs.observe(self._on_tab_change, names="selected_index")
        self._render()
        on_language_change(self._on_language_change)

    def _render(self) -> None:
        titles = [_("Same band?"), _("Which is worse?"), _("Band edges"), _("Worst case")]
        old = list(self._tabs.children)
        index = self._tabs.selected_index or 0
        self._tabs.children = [ipw.VBox() for _title in titles]
        self._tabs.titles = titles
        discard(old)
        self._tabs.selected_index = index
        self._open(index)

    def _on_tab_change(self, change: dict) -> None:
        if change["new"] is not None:
            self._open(change["new"])

    def _on_language_change(self, _lang: str) -> None:
        self._render()

    def _open(self, index: int) -> None:
        panel = self._tabs.children[index]
        if not panel.children:
            panel.children = self._builders[index](language())

    # -- 1. range compression ------------------------------------------------------------
    def _compression(self, lang: str) -> list[ipw.Widget]:
        data = pitfalls().compression
        self._sliders = {}
        intro = _(
            "Two very different hazards can land in the same band. Move the sliders and "
            "compare the yearly harm you would expect."
        )
        parts: list[ipw.Widget] = [ipw.HTML(f"<p>{esc(intro)}</p>")]
        for key, hazard in (("first", data.first), ("second", data.second)):
            sliders = []
            for factor in get_method(MATRIX).factors:
                slider = ipw.IntSlider(
                    value=hazard.factors[factor.id],
                    min=1,
                    max=5,
                    description=factor.label.get(lang),
                    style={"description_width": "initial"},
                    layout=ipw.Layout(width="100%"),
                )
                slider.observe(self._on_compression_change, names="value")
                sliders.append(slider)
            self._sliders[key] = sliders
            parts += [ipw.HTML(f"<h4>{esc(hazard.label.get(lang))}</h4>"), *sliders]
        self._compression_out = ipw.HTML()
        self._show_compression()
        return [*parts, self._compression_out]

    def _on_compression_change(self, _change: dict) -> None:
        self._show_compression()

    def _show_compression(self) -> None:
        lang = language()
        factors = [f.id for f in get_method(MATRIX).factors]
        chosen = {
            key: dict(zip(factors, (s.value for s in sliders), strict=True))
            for key, sliders in self._sliders.items()
        }
        result = compress(chosen["first"], chosen["second"])
        harm = _("about {harm:g} harm points a year")
        rows = "".join(
            f"<li>{band_chip(r.band, lang)} {r.score:g} · "
            f"{esc(harm.format(harm=expected_harm(**f)))}</li>"
            for r, f in ((result.first, chosen["first"]), (result.second, chosen["second"]))
        )
        if result.same_band:
            verdict = _("Same band, yet one is about {ratio:g} times worse.").format(
                ratio=round(result.harm_ratio)
            )
        else:
            verdict = _("Different bands here: try other values.")
        self._compression_out.value = (
            f'<ul class="osh-verdicts">{rows}</ul><p><b>{esc(verdict)}</b></p>{_illustrative()}'
        )

    # -- 2. ranking reversal -------------------------------------------------------------
    def _ranking(self, lang: str) -> list[ipw.Widget]:
        available = [m for m in COMPARED if m in methods()]
        self._method_boxes = {}
        for method_id in available:
            box = ipw.Checkbox(
                value=True,
                description=get_method(method_id).name.get(lang),
                indent=False,
                layout=ipw.Layout(width="100%"),
            )
            box.add_class("osh-option")
            box.observe(self._on_ranking_change, names="value")
            self._method_boxes[method_id] = box
        self._chart = ipw.Image(format="png", layout=ipw.Layout(width="100%", max_width="40rem"))
        self._ranking_out = ipw.HTML()
        self._show_ranking()
        intro = _(
            "Five hazards, rated with several methods. Does each method put them in the same order?"
        )
        return [
            ipw.HTML(f"<p>{esc(intro)}</p>"),
            *self._method_boxes.values(),
            self._chart,
            self._ranking_out,
        ]

    def _on_ranking_change(self, _change: dict) -> None:
        self._show_ranking()

    def _show_ranking(self) -> None:
        lang = language()
        chosen = [m for m, box in self._method_boxes.items() if box.value]
        labels = {h.id: h.label.get(lang) for h in pitfalls().comparison}
        self._chart.value = comparison_chart(chosen, lang) if chosen else b""
        lines = []
        for h1, h2, m1, m2 in reversals(chosen)[:4]:
            lines.append(
                _("{m1} puts “{a}” above “{b}”; {m2} puts it below.").format(
                    m1=get_method(m1).name.get(lang),
                    m2=get_method(m2).name.get(lang),
                    a=labels[h1],
                    b=labels[h2],
                )
            )
        if not lines:
            lines = [_("These methods agree on the order.")]
        items = "".join(f"<li>{esc(line)}</li>" for line in lines)
        self._ranking_out.value = f'<ul class="osh-verdicts">{items}</ul>'

    # -- 3. band edges -------------------------------------------------------------------
    def _edges(self, lang: str) -> list[ipw.Widget]:
        method = get_method(MATRIX)
        usual = int(max(b.max for b in method.bands[:-1] if b.max is not None)) + 1
        self._edge = ipw.IntSlider(
            value=usual,
            min=5,
            max=25,
            description=_("High from score"),
            style={"description_width": "initial"},
            layout=ipw.Layout(width="100%"),
        )
        self._edge.observe(self._on_edge_change, names="value")
        self._edge_out = ipw.HTML()
        self._show_edges()
        intro = _("Someone decided where 'high' begins. Move the edge and see what changes.")
        return [ipw.HTML(f"<p>{esc(intro)}</p>"), self._edge, self._edge_out]

    def _on_edge_change(self, _change: dict) -> None:
        self._show_edges()

    def _show_edges(self) -> None:
        lang = language()
        edge = self._edge.value
        high = get_method(MATRIX).bands[-1]
        rows = "".join(
            "<tr>"
            + "".join(
                f'<td style="background:{high.colour if lk * sv >= edge else "#e0e0e0"};'
                f'color:{high.text_colour if lk * sv >= edge else "#000"}">{lk * sv}</td>'
                for sv in range(1, 6)
            )
            + "</tr>"
            for lk in range(5, 0, -1)
        )
        changed = []
        for hazard in pitfalls().comparison:
            before, after = band_moved(hazard.ratings[MATRIX], edge)
            if before != after:
                word = _("becomes high") if after else _("is no longer high")
                changed.append(f"<li>{esc(hazard.label.get(lang))}: {esc(word)}</li>")
        count = _("{n} of 25 cells are high.").format(n=high_cells(edge))
        moved = f'<ul class="osh-verdicts">{"".join(changed)}</ul>' if changed else ""
        self._edge_out.value = (
            f'<table class="osh-mini" role="img" aria-label="{esc(count)}">'
            f"{rows}</table><p><b>{esc(count)}</b></p>{moved}"
        )

    # -- 4. worst case versus typical ----------------------------------------------------
    def _severity(self, lang: str) -> list[ipw.Widget]:
        self._view = ipw.ToggleButtons(
            options=[(_("Typical"), "typical"), (_("Worst case"), "worst"), (_("Mixed"), "mixed")],
            style={"button_width": "auto"},
        )
        self._view.observe(self._on_view_change, names="value")
        self._severity_out = ipw.HTML()
        self._show_severity()
        label = pitfalls().severity.label.get(lang)
        return [ipw.HTML(f"<p><b>{esc(label)}</b></p>"), self._view, self._severity_out]

    def _on_view_change(self, _change: dict) -> None:
        self._show_severity()

    def _show_severity(self) -> None:
        lang = language()
        rating = severity_views()[self._view.value]
        words = {
            "typical": _("How it usually goes: a small cut, often."),
            "worst": _("The worst that could happen: a deep cut, rarely."),
            "mixed": _(
                "The worst severity with the usual likelihood: this overrates the "
                "hazard. Rate one scenario at a time."
            ),
        }
        self._severity_out.value = (
            f"<p>{band_chip(rating.band, lang)} {rating.score:g}</p>"
            f"<p>{esc(words[self._view.value])}</p>"
        )
