"""A page object for headless view tests: finds widgets as a reader does, by their words.

A control is found by its visible label (a field's ``description``), a button by its words,
an upload by its words; where a control has no words of its own (a checklist answer, an
"Open" button of one hazard, a live region) by the stable class its view adds on purpose,
``osh-field-<name>`` (:func:`widgets.ui.forms.testid`). Never by a view's private attributes.
Only hidden controls are skipped (``layout.display == "none"``); disabled ones are found,
so that a test can fire them as a hostile viewer would.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import ipywidgets as ipw

from widgets.risk_matrix.view import RiskMatrix

SELECTIONS = (ipw.Dropdown, ipw.ToggleButtons, ipw.RadioButtons, ipw.Select)


def walk(widget: ipw.Widget) -> Iterator[ipw.Widget]:
    """Yield ``widget`` and all its descendants, depth first."""
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child)


def shown(widget: ipw.Widget) -> bool:
    """Whether ``widget`` is not hidden by its layout."""
    layout = getattr(widget, "layout", None)
    return getattr(layout, "display", None) != "none"


class RegisterPage:
    """Drive an app (the register, the join form …) the way a reader would.

    Parameters
    ----------
    app
        The widget of the page.
    """

    def __init__(self, app: ipw.Widget):
        self.app = app

    # -- finding -----------------------------------------------------------------------
    def widgets(self) -> list[ipw.Widget]:
        """Return every widget of the page that is not hidden."""
        return [w for w in walk(self.app) if shown(w)]

    def _one(self, found: list[ipw.Widget], what: str) -> Any:
        if len(found) != 1:
            raise LookupError(f"{len(found)} widgets are {what}")
        return found[0]

    def field(self, label: str) -> Any:
        """Return the one field (not a choice, not a button) labelled ``label``."""
        found = [
            w
            for w in self.widgets()
            if isinstance(w, ipw.ValueWidget)
            and not isinstance(w, SELECTIONS)
            and getattr(w, "description", None) == label
        ]
        return self._one(found, f"fields labelled {label!r}")

    def choice(self, label: str) -> Any:
        """Return the one choice (dropdown, toggle buttons) labelled ``label``."""
        found = [
            w
            for w in self.widgets()
            if isinstance(w, SELECTIONS) and getattr(w, "description", None) == label
        ]
        return self._one(found, f"choices labelled {label!r}")

    def buttons(self, words: str | None = None) -> list[ipw.Button]:
        """Return the buttons that say ``words`` (all buttons without it)."""
        return [
            w
            for w in self.widgets()
            if isinstance(w, ipw.Button) and (words is None or w.description == words)
        ]

    def button(self, words: str) -> ipw.Button:
        """Return the one button that says ``words``."""
        return self._one(self.buttons(words), f"buttons saying {words!r}")

    def has_button(self, words: str) -> bool:
        """Whether a button says ``words``."""
        return bool(self.buttons(words))

    def by_id(self, name: str) -> Any:
        """Return the one widget marked ``osh-field-<name>`` on purpose."""
        css = f"osh-field-{name}"
        found = [w for w in self.widgets() if css in getattr(w, "_dom_classes", ())]
        return self._one(found, f"marked {css!r}")

    def with_class(self, css: str) -> list[ipw.Widget]:
        """Return the widgets of class ``css``."""
        return [w for w in self.widgets() if css in getattr(w, "_dom_classes", ())]

    def matrix(self) -> RiskMatrix:
        """Return the one risk matrix shown."""
        return self._one([w for w in self.widgets() if isinstance(w, RiskMatrix)], "risk matrices")

    def upload(self, words: str) -> ipw.FileUpload:
        """Return the one file upload that says ``words``."""
        found = [
            w for w in self.widgets() if isinstance(w, ipw.FileUpload) and w.description == words
        ]
        return self._one(found, f"uploads saying {words!r}")

    # -- acting ------------------------------------------------------------------------
    def fill(self, label: str, value: Any) -> None:
        """Write ``value`` in the field labelled ``label`` (a text, a date, a checkbox)."""
        self.field(label).value = value

    def choose(self, label: str, value: Any) -> None:
        """Choose the option of value ``value`` in the choice labelled ``label``."""
        choice = self.choice(label)
        values = [v for _label, v in choice.options]
        if value not in values:
            raise LookupError(f"{label!r} offers no {value!r}")
        choice.value = value

    def click(self, words: str) -> None:
        """Click the one button that says ``words`` (a disabled one too, as a viewer can)."""
        self.button(words).click()

    def send_file(self, words: str, name: str, data: bytes) -> None:
        """Give the upload that says ``words`` one file, as the browser sends it."""
        self.upload(words).value = (file_entry(name, data),)

    def change(self, action: Callable) -> Any:
        """Make a change through the app's one path for changes (what every control does)."""
        return self.app._change(action)

    def forge_shown(self, assessment: Any) -> None:
        """Swap the assessment the page shows, as if a forged id had been sent."""
        self.app._session.assessment = assessment

    # -- reading -----------------------------------------------------------------------
    def text(self) -> str:
        """Return the text of every HTML piece shown."""
        return " ".join(w.value for w in self.widgets() if isinstance(w, ipw.HTML))

    def options(self, label: str) -> tuple:
        """Return the (label, value) options of the choice labelled ``label``."""
        return tuple(self.choice(label).options)

    def values(self, label: str) -> list:
        """Return the values offered by the choice labelled ``label``."""
        return [v for _label, v in self.choice(label).options]

    def message(self) -> str:
        """Return the message line (refusals, notices)."""
        return self.by_id("message").value

    def saving(self) -> str:
        """Return the status line that says the last save."""
        return self.by_id("saving").value

    def header(self) -> str:
        """Return the header (the title, the lock)."""
        return self.by_id("header").value

    def step_choice(self) -> ipw.ToggleButtons:
        """Return the list of steps (found even while it is hidden)."""
        [steps] = [w for w in walk(self.app) if "osh-register-steps" in w._dom_classes]
        return steps


def file_entry(name: str, data: bytes) -> dict:
    """Return one file as a FileUpload's value holds it."""
    return {
        "name": name,
        "type": "",
        "size": len(data),
        "content": memoryview(data),
        "last_modified": datetime(2026, 11, 2, tzinfo=UTC),
    }
