"""Translation of user-interface strings, and the language of the current page.

UI strings are written in English in the code and wrapped in ``_()``; their translations
live in gettext catalogs kept with Babel: ``locale/mn/LC_MESSAGES/osh.po`` for Mongolian,
and ``locale/en/…`` where a trainer may reword the English without touching the code.
Content (methods, exercises) carries both languages itself, as ``{en: ..., mn: ...}``.

The page's language comes from ``?lang=`` in its address, else from the browser's
``Accept-Language`` header, else English. Views register with :func:`on_language_change`
so that a page switches language without a reload.
"""

from __future__ import annotations

import gettext
import io
import logging
import os
from collections.abc import Callable
from functools import cache
from pathlib import Path
from urllib.parse import parse_qs

from widgets.signals import Signal

LANGUAGES = ("mn", "en")
DEFAULT_LANGUAGE = "en"
DOMAIN = "osh"
LOCALE_DIR = Path(__file__).with_name("locale")

log = logging.getLogger(__name__)

_current: str | None = None
_changed = Signal()


def detect_language(query_string: str | None = None, accept_language: str | None = None) -> str:
    """Choose the page language from a query string and an ``Accept-Language`` header.

    ``lang=mn`` or ``lang=en`` in the query wins; otherwise the highest-weighted supported
    language of the header; otherwise English.

    >>> detect_language("lang=mn")
    'mn'
    >>> detect_language("", "ru;q=0.9, mn-MN;q=0.8, en;q=0.5")
    'mn'
    >>> detect_language(None, None)
    'en'
    """
    for value in parse_qs(query_string or "").get("lang", []):
        code = value.strip().lower()[:2]
        if code in LANGUAGES:
            return code
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate((accept_language or "").split(",")):
        tag, _sep, params = part.strip().partition(";")
        weight = 1.0
        if params.strip().startswith("q="):
            try:
                weight = float(params.strip()[2:])
            except ValueError:
                weight = 0.0
        code = tag.strip().lower()[:2]
        if code in LANGUAGES and weight > 0:
            ranked.append((-weight, position, code))
    return min(ranked)[2] if ranked else DEFAULT_LANGUAGE


def language() -> str:
    """Return the current page language, detecting it from the request on first use."""
    global _current
    if _current is None:
        _current = _language_from_request()
    return _current


def set_language(lang: str) -> None:
    """Switch the page to ``lang`` and tell every registered view.

    Raises
    ------
    ValueError
        When ``lang`` is not one of :data:`LANGUAGES`.
    """
    global _current
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; expected one of {', '.join(LANGUAGES)}")
    changed = lang != _current
    _current = lang
    if changed:
        _changed.emit(lang)


def on_language_change(callback: Callable[[str], None]) -> None:
    """Call ``callback(lang)`` whenever the language changes; held weakly, so views can die."""
    _changed.connect(callback)


def _(message: str) -> str:
    """Translate ``message`` into the current language."""
    return translate(message, language())


def translate(message: str, lang: str) -> str:
    """Translate ``message`` into ``lang``."""
    return _catalog(lang).gettext(message)


def translator(lang: str | None) -> Callable[[str], str]:
    """Return ``_`` for ``lang`` (a report in its own language), or the page's ``_``.

    Bind it to ``_`` where it is used (``_ = translator(lang)``) so that Babel still finds
    the strings.
    """
    if lang is None:
        return _
    return lambda message: translate(message, lang)


def _language_from_request() -> str:
    # A preheated kernel starts before anyone asks for the page: wait for the request so
    # that its query string and headers are known (a no-op in any other kernel).
    from widgets.i18n.request import ensure_request

    ensure_request()
    explicit = os.environ.get("OSH_LANG")
    query = os.environ.get("QUERY_STRING", "")
    if explicit and "lang=" not in query:
        query = f"lang={explicit}"
    return detect_language(query, os.environ.get("HTTP_ACCEPT_LANGUAGE"))


@cache
def _catalog(lang: str) -> gettext.NullTranslations:
    mo = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
    po = mo.with_suffix(".po")
    if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as fh:
            return gettext.GNUTranslations(fh)
    if po.exists():
        # No compiled catalog (a fresh checkout): compile the .po in memory.
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        with po.open("rb") as fh:
            catalog = read_po(fh, locale=lang)
        buffer = io.BytesIO()
        write_mo(buffer, catalog)
        buffer.seek(0)
        return gettext.GNUTranslations(buffer)
    log.warning("no translations for %s in %s", lang, LOCALE_DIR)
    return gettext.NullTranslations()
