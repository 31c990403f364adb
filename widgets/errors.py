"""Errors that carry a code and its parameters, never translated text.

Models decide and raise; views translate. A model refuses with ``SomeError("code", **params)``
where the code names the rule (``locked``, ``photo-too-large``…) and the parameters are
plain values (names, numbers, ids). A view turns the code into a sentence in the reader's
language (:mod:`widgets.register.messages`); ``str(exc)`` is an English line for the log
(and for ``make validate``, whose readers are trainers editing English-keyed files).
"""

from __future__ import annotations

from typing import Any, ClassVar


class CodedError(Exception):
    """A refusal as a code and plain parameters.

    Parameters
    ----------
    code
        What was refused, as a key (``^[a-z0-9-]+$``); every code has a message in the view.
    **params
        The values the message needs: plain text, numbers, ids, and lists or dicts of them.
    """

    english: ClassVar[dict[str, str]] = {}
    """English lines for ``str()`` by code, where the bare code would not do (never shown
    to participants: the view says each code in their language)."""

    def __init__(self, code: str, /, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params

    def __str__(self) -> str:
        template = self.english.get(self.code)
        if template is not None:
            values = {
                key: ", ".join(map(str, value)) if isinstance(value, list) else value
                for key, value in self.params.items()
            }
            try:
                return template.format(**values)
            except (KeyError, IndexError, ValueError):
                pass
        if not self.params:
            return self.code
        values = "; ".join(f"{key}={value!r}" for key, value in self.params.items())
        return f"{self.code}: {values}"

    def __reduce__(self) -> tuple:
        return (_rebuild, (type(self), self.code, self.params))


def _rebuild(kind: type[CodedError], code: str, params: dict[str, Any]) -> CodedError:
    return kind(code, **params)
