"""A signal that calls its listeners weakly, so that a closed view is never kept alive."""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any


class Signal:
    """Listeners to call when something changes (the page's language, who is signed in)."""

    def __init__(self) -> None:
        self._listeners: list[weakref.ref] = []

    def connect(self, callback: Callable[..., Any]) -> None:
        """Call ``callback`` on every :meth:`emit`; a bound method is held weakly."""
        ref = (
            weakref.WeakMethod(callback) if hasattr(callback, "__self__") else weakref.ref(callback)
        )
        self._listeners.append(ref)

    def emit(self, *args: Any) -> None:
        """Call every listener still alive with ``args``; forget the dead ones."""
        for ref in list(self._listeners):
            callback = ref()
            if callback is None:
                self._listeners.remove(ref)
            else:
                callback(*args)

    def __len__(self) -> int:
        return sum(1 for ref in self._listeners if ref() is not None)
