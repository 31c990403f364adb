"""What the register refuses, as exceptions with a code and parameters (see :mod:`widgets.errors`).

The view says each one in the reader's language (:mod:`widgets.register.messages`).
"""

from __future__ import annotations

from widgets.errors import CodedError


class RegisterError(CodedError, ValueError):
    """A change the register refuses: ``RegisterError("no-hazard", id=...)``."""


class LockedError(RegisterError):
    """The assessment was marked reviewed by the trainer and is locked until reopened."""


class PhotoError(RegisterError):
    """An upload that is not an acceptable photo (type, size, or not a real image)."""


class ReevaluationNeeded(RegisterError):
    """A measure marked done needs the residual rating of its hazard."""
