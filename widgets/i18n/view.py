"""A language switch for the page: Монгол / English, and the style that shows one language."""

from __future__ import annotations

import ipywidgets as ipw
import traitlets

from widgets.i18n import LANGUAGES, _, language, on_language_change, set_language
from widgets.i18n.callback_errors import notice
from widgets.ui.style import stylesheet

NAMES = {"mn": "Монгол", "en": "English"}


def _hide_other_languages(lang: str) -> str:
    # Lesson markdown comes in one cell per language, tagged lang-mn / lang-en; nbconvert
    # turns the tags into "celltag_lang-xx" classes. Show only the page's language.
    # data-osh-lang tells the page's own script (the osh template) the language too.
    hidden = ", ".join(f".celltag_lang-{other}" for other in LANGUAGES if other != lang)
    return f'<style data-osh-lang="{lang}">{hidden} {{ display: none !important; }}</style>'


class LanguageBar(ipw.VBox):
    """Choose the page language; every workbook view on the page follows it.

    The starting language is the request's (``?lang=``, then the browser's preference).
    """

    value = traitlets.Enum(LANGUAGES, help="The page language: 'mn' or 'en'.")

    def __init__(self, **kwargs):
        self._style = ipw.HTML(_hide_other_languages(language()))
        self._choice = ipw.ToggleButtons(
            options=[(NAMES[lang], lang) for lang in LANGUAGES],
            value=language(),
            description=_("Language"),
            style={"description_width": "auto"},
        )
        # Every page has a language bar: it carries the page's notice of callback errors.
        children = [stylesheet(), self._style, self._choice, notice()]
        super().__init__(children=children, **kwargs)
        self.add_class("osh-langbar")
        self.value = language()
        self._choice.observe(self._on_choice_change, names="value")
        on_language_change(self._on_language_change)

    def _on_choice_change(self, change: dict) -> None:
        if change["new"] in LANGUAGES:
            set_language(change["new"])

    def _on_language_change(self, lang: str) -> None:
        self.value = lang
        self._choice.value = lang
        self._choice.description = _("Language")
        self._style.value = _hide_other_languages(lang)
