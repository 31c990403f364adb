"""Charts of the trainer's reports: matplotlib figures with titles, axis labels and legends.

Figures are built with matplotlib's object API (``Figure``), never pyplot: no backend is
switched and no figure lingers in a global list, in JupyterLab as in Voila. A chart shows
itself in a notebook as a PNG (``_repr_png_``) and as one line of text naming it (what
nbval compares, since pictures differ by a pixel between machines). Text is drawn in
DejaVu Sans, which matplotlib ships and which has Cyrillic. A chart built from synthetic
data says so across its foot.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FONT = {"font.family": "DejaVu Sans", "font.size": 10}
# Distinguishable for colour-blind readers (Okabe–Ito), and every series is labelled too.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
SYNTHETIC_COLOUR = "#B00020"


@dataclass
class Chart:
    """A finished figure with its name (the file name on export) and what it shows (alt text)."""

    name: str
    title: str
    figure: Any
    alt: str = ""

    def png(self, dpi: int = 110) -> bytes:
        """Return the chart as PNG bytes."""
        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
        return buffer.getvalue()

    def save(self, path: Path, dpi: int = 150) -> Path:
        """Write the chart as a PNG file; return its path."""
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(self.png(dpi))
        return path

    def _repr_png_(self) -> bytes:
        return self.png()

    def __repr__(self) -> str:
        # Also what nbval compares: the numbers drawn, not the pixels.
        return (
            f"<Chart {self.name}: {self.title}. {self.alt}>"
            if self.alt
            else f"<Chart {self.name}: {self.title}>"
        )


def style():
    """Return the context every chart is drawn in (the reports' font): ``with style(): ...``."""
    from matplotlib import rc_context

    return rc_context(FONT)


def figure(width: float = 8.0, height: float = 4.2):
    """Return a new figure (object API, no pyplot); draw on it inside :func:`style`."""
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


def describe(categories: Sequence[str], series: dict[str, Sequence[float]]) -> str:
    """Return what a chart shows, in words and numbers (its alt text)."""
    return "; ".join(
        f"{label}: " + ", ".join(f"{c} {v:g}" for c, v in zip(categories, values, strict=True))
        for label, values in series.items()
    )


def finish(
    fig,
    name: str,
    title: str,
    synthetic_note: str | None,
    source_note: str | None = None,
    alt: str = "",
) -> Chart:
    """Put the title and the notes on a figure (inside :func:`style`); return the chart."""
    fig.suptitle(title, fontsize=13, fontweight="bold")
    if synthetic_note:
        fig.text(
            0.5,
            0.005,
            synthetic_note,
            ha="center",
            va="bottom",
            fontsize=9,
            color=SYNTHETIC_COLOUR,
            fontweight="bold",
        )
        fig.get_layout_engine().set(rect=(0, 0.05, 1, 0.95))
    if source_note:
        bottom = 0.04 if synthetic_note else 0.005
        fig.text(0.99, bottom, source_note, ha="right", va="bottom", fontsize=7, color="#555555")
    return Chart(name, title, fig, alt)


def bars(
    ax,
    categories: Sequence[str],
    series: dict[str, Sequence[float]],
    *,
    horizontal: bool = False,
    stacked: bool = False,
    colours: Sequence[str] | None = None,
    value_format: Callable[[float], str] = lambda v: f"{v:g}",
) -> str:
    """Draw labelled bars of one or more series over ``categories`` on ``ax``.

    Draw inside :func:`style`. Returns what the bars show (:func:`describe`), for the
    chart's alt text.
    """
    colours = list(colours or PALETTE)
    count = len(series)
    positions = list(range(len(categories)))
    width = 0.8 if stacked or count == 1 else 0.8 / count
    base = [0.0] * len(categories)
    draw = ax.barh if horizontal else ax.bar
    for n, (label, values) in enumerate(series.items()):
        offset = 0.0 if stacked else (n - (count - 1) / 2) * width
        where = [p + offset for p in positions]
        extra = {("left" if horizontal else "bottom"): base} if stacked else {}
        bar = draw(
            where, list(values), width, label=label, color=colours[n % len(colours)], **extra
        )
        if stacked:
            base = [b + v for b, v in zip(base, values, strict=True)]
        else:
            labels = [value_format(v) if v else "" for v in values]
            ax.bar_label(bar, labels=labels, fontsize=8, padding=2)
    (ax.set_yticks if horizontal else ax.set_xticks)(positions, list(categories))
    if horizontal:
        ax.invert_yaxis()
    elif max((len(c) for c in categories), default=0) > 12:
        ax.tick_params(axis="x", labelrotation=30)
        for label in ax.get_xticklabels():
            label.set_horizontalalignment("right")
    ax.spines[["top", "right"]].set_visible(False)
    if count > 1:
        ax.legend(frameon=False, fontsize=9)
    return describe(categories, series)


def bar_chart(
    name: str,
    title: str,
    categories: Sequence[str],
    series: dict[str, Sequence[float]],
    labels: tuple[str, str],
    notes: tuple[str | None, str | None],
    size: tuple[float, float] = (8.0, 4.2),
    **options: Any,
) -> Chart:
    """Return a one-panel bar chart.

    ``labels`` are the x and y axis labels, ``notes`` the synthetic-data line and the source
    line; ``options`` go to :func:`bars`.
    """
    with style():
        fig = figure(*size)
        ax = fig.add_subplot()
        alt = bars(ax, categories, series, **options)
        ax.set_xlabel(labels[0])
        ax.set_ylabel(labels[1])
        return finish(fig, name, title, notes[0], notes[1], alt=alt)
