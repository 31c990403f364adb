"""Every UI string is translated, and the page language is chosen as promised."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from widgets import i18n
from widgets.i18n import detect_language, translate
from widgets.signals import Signal

pytestmark = pytest.mark.unit
ROOT = Path(__file__).parents[2]
LOCALES = ROOT / "widgets" / "i18n" / "locale"
PO = LOCALES / "mn" / "LC_MESSAGES" / "osh.po"
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def source_messages() -> set[str]:
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        ROOT / "widgets", method_map=[("**.py", "python")]
    ):
        found.update([message] if isinstance(message, str) else message)
    return found


def catalog(lang: str = "mn"):
    with (LOCALES / lang / "LC_MESSAGES" / "osh.po").open("rb") as fh:
        return read_po(fh, locale=lang)


def test_every_ui_string_has_a_mongolian_translation():
    translated = {m.id: m for m in catalog() if m.id}
    missing = sorted(source_messages() - set(translated))
    assert not missing, f"not in {PO.name} (run `make i18n-update`, then translate): {missing}"
    empty = sorted(m for m in source_messages() if not translated[m].string)
    assert not empty, f"untranslated in {PO.name}: {empty}"
    fuzzy = sorted(m for m in source_messages() if translated[m].fuzzy)
    assert not fuzzy, f"fuzzy (needs checking) in {PO.name}: {fuzzy}"


def test_the_english_catalog_lists_every_string_for_trainers_to_reword():
    listed = {m.id for m in catalog("en") if m.id}
    assert source_messages() <= listed, sorted(source_messages() - listed)


def test_translations_keep_every_placeholder():
    for message in catalog():
        if message.id and message.string:
            assert sorted(PLACEHOLDER.findall(message.id)) == sorted(
                PLACEHOLDER.findall(message.string)
            ), message.id


def test_strings_inside_f_strings_are_not_hidden_from_extraction():
    # Babel cannot see _() inside an f-string: such a string would never be translated.
    pattern = re.compile(r"""f(["']).*?\{[^}]*\b_\(""")
    offenders = [
        f"{p.relative_to(ROOT)}:{n}"
        for p in (ROOT / "widgets").rglob("*.py")
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert not offenders


def test_a_known_string_is_translated_into_mongolian():
    assert translate("Score", "mn") == "Оноо"
    assert translate("Score", "en") == "Score"


@pytest.mark.parametrize(
    ("query", "header", "expected"),
    [
        ("lang=mn", None, "mn"),
        ("lang=en", "mn", "en"),
        ("foo=1&lang=MN", None, "mn"),
        ("lang=fr", "mn-MN,mn;q=0.9", "mn"),
        ("", "ru-RU,ru;q=0.9,mn;q=0.8,en;q=0.7", "mn"),
        ("", "en-GB,en;q=0.9,mn;q=0.8", "en"),
        ("", "mn;q=0.2,en;q=0.8", "en"),
        ("", "mn;q=0", "en"),
        ("", "de", "en"),
        (None, None, "en"),
        ("", "mn;q=oops", "en"),
    ],
)
def test_language_comes_from_the_query_then_the_browser_then_english(query, header, expected):
    assert detect_language(query, header) == expected


def test_the_request_environment_sets_the_language(monkeypatch):
    monkeypatch.setattr(i18n, "_current", None)
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    monkeypatch.delenv("OSH_LANG", raising=False)
    monkeypatch.setenv("QUERY_STRING", "")
    monkeypatch.setenv("HTTP_ACCEPT_LANGUAGE", "mn-MN,mn;q=0.9")
    assert i18n.language() == "mn"


def test_listeners_hear_a_language_change_and_may_be_collected(monkeypatch):
    monkeypatch.setattr(i18n, "_current", "en")
    monkeypatch.setattr(i18n, "_changed", Signal())
    heard = []

    class View:
        def on_change(self, lang):
            heard.append(lang)

    view = View()
    i18n.on_language_change(view.on_change)
    i18n.set_language("mn")
    del view
    i18n.set_language("en")
    assert heard == ["mn"]
    assert len(i18n._changed) == 0
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        i18n.set_language("fr")


def test_every_ui_string_draws_with_the_fonts_every_laptop_has():
    # DejaVu Sans comes with Debian and Ubuntu desktops and with the workbook's reports; an
    # emoji such as "➕" drew as an empty box on a Linux laptop's page.
    from widgets.register.reports.common import glyphs

    drawable = glyphs()
    for lang in ("en", "mn"):
        for message in catalog(lang):
            if not message.id:
                continue
            texts = [message.id, message.string] if lang == "mn" else [message.id]
            for text in texts:
                for part in text if isinstance(text, tuple) else (text,):
                    lacking = {c for c in part if c not in drawable and not c.isspace()}
                    assert not lacking, (lang, part, lacking)


def test_the_pages_own_symbols_draw_with_those_fonts():
    from widgets.register.reports.common import glyphs

    drawable = glyphs()
    root = Path(i18n.__file__).parents[1]
    for path in root.rglob("*.py"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if "_SUBSTITUTES" in line:
                continue  # the reports' table of symbols they replace
            lacking = {c for c in line if ord(c) > 127 and c not in drawable}
            assert not lacking, f"{path.relative_to(root)}:{number}: {lacking}"
