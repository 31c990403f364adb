"""What every report of an assessment shares: the download, file names, values as written.

Also the characters the reports' font can draw (:func:`printable`, for Word and PDF) and the
simplest report, the whole assessment as a JSON file (:func:`json_export`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from widgets.measures.model import hazard_categories
from widgets.register.model import Assessment, Rating

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"
JSON = "application/json"


@dataclass(frozen=True)
class Download:
    """A file to offer for download."""

    data: bytes
    filename: str
    mime: str


def workbook_version() -> str:
    """Return the installed version of the ``osh-workbook`` distribution."""
    try:
        return version("osh-workbook")
    except PackageNotFoundError:  # running from a checkout that was never installed
        return "dev"


def file_stem(assessment: Assessment) -> str:
    """Return a file name stem: the enterprise (letters of any script kept) and the year."""
    name = re.sub(r"[^\w]+", "-", assessment.profile.enterprise.lower()).strip("-_")
    return f"{name[:60] or 'assessment'}-{assessment.year}"


def file_name(assessment: Assessment, what: str, suffix: str) -> str:
    """Return a report's file name: the stem, then ``what`` (already translated), then ``suffix``.

    The words are those of the report's language, kept safe for a file system: letters of any
    script, digits and hyphens only.
    """
    words = re.sub(r"[^\w]+", "-", what.lower()).strip("-_")
    return f"{file_stem(assessment)}-{words}{suffix}" if words else file_stem(assessment) + suffix


def _lang(assessment: Assessment, lang: str | None) -> str:
    return lang or assessment.profile.language


def _band(rating: Rating | None, lang: str) -> str:
    return rating.band_info.label.get(lang) if rating else ""


def _status(status: str, _: Callable[[str], str]) -> str:
    return {"planned": _("Planned"), "in-progress": _("In progress"), "done": _("Done")}[status]


def _category(category_id: str, lang: str) -> str:
    for category in hazard_categories().categories:
        if category.id == category_id:
            return category.label.get(lang)
    return category_id


def _day(value: date | None, lang: str) -> str:
    """Return a date as the reader writes it (Babel's medium format, never mm/dd/yyyy)."""
    from babel.dates import format_date

    return format_date(value, "medium", locale=lang) if value else ""


def _money(value: float | None) -> str:
    return "" if value is None else f"{value:,.0f}".replace(",", " ")


def _rating_text(rating: Rating | None, lang: str, _: Callable[[str], str]) -> str:
    if rating is None:
        return _("not rated yet")
    method = rating.method_info
    parts = [
        f"{method.factor(f).label.get(lang)} {v:g}"
        for f, v in rating.factors.items()
        if method.score == "product"
    ]
    text = rating.band_info.label.get(lang)
    if rating.score is not None:
        text += " (" + " × ".join(parts) + f" = {rating.score:g})"
    if rating.overridden:
        text += "; " + _("computed: {band}; reason: {reason}").format(
            band=method.band(rating.computed).label.get(lang), reason=rating.reason
        )
    return text


# -- the font of the Word and PDF reports ----------------------------------------------------------
def _fonts() -> Path:
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


@cache
def glyphs() -> frozenset[str]:
    """Return the characters both embedded fonts (DejaVu Sans and its bold) can draw."""
    from fontTools.ttLib import TTFont

    covered = None
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        with TTFont(_fonts() / name, lazy=True) as font:
            chars = {chr(code) for code in font.getBestCmap()}
        covered = chars if covered is None else covered & chars
    return frozenset(covered or ()) | {"\n"}


# Symbols a team may paste (from the app's own buttons, or a phone's keyboard) and their
# nearest printable form; any other character the fonts lack is left out.
_SUBSTITUTES = {"➕": "+", "➖": "-", "✅": "✓", "❌": "✗", "⚠": "!", "🔒": "", "⬇": "↓"}


def printable(text: str) -> str:
    """Return ``text`` with only characters the report's font has (emoji replaced or dropped)."""
    covered = glyphs()
    if all(char in covered for char in text):
        return text
    out = []
    for char in text:
        if char in covered:
            out.append(char)
        elif char in _SUBSTITUTES:
            out.append(_SUBSTITUTES[char])
        else:
            out.extend(c for c in unicodedata.normalize("NFKD", char) if c in covered)
    # A dropped symbol leaves no gap of its own (two spaces, or one before a closing mark).
    return re.sub(r" +(?=[»”.,;:)\]])", "", re.sub(r" {2,}", " ", "".join(out))).strip(" ")


# -- JSON ------------------------------------------------------------------------------------
def json_export(assessment: Assessment) -> Download:
    """Return the whole assessment as a JSON file (read back with ``Assessment.from_json``)."""
    return Download(assessment.to_json_bytes(), f"{file_stem(assessment)}.osh.json", JSON)
