"""What the register refuses, as exceptions whose messages are already translated."""

from __future__ import annotations


class RegisterError(ValueError):
    """A change the register refuses; the message says why, in the page's language."""


class LockedError(RegisterError):
    """The assessment was marked reviewed by the trainer and is locked until reopened."""


class PhotoError(RegisterError):
    """An upload that is not an acceptable photo (type, size, or not a real image)."""


class ReevaluationNeeded(RegisterError):
    """A measure marked done needs the residual rating of its hazard."""
