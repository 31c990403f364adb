"""OSH Workbook: risk methods, exercises and the ipywidgets apps that teach them.

The pure API (``methods``, ``evaluate``) is imported at once; the apps (``RiskMatrix`` …)
only when first used, so that code which needs no widgets never loads ipywidgets.
"""

from importlib import import_module
from typing import TYPE_CHECKING

from widgets.risk import RatingError, UnknownMethodError, evaluate, get_method, methods

if TYPE_CHECKING:
    from widgets.exercises.preview import TrainerPreview
    from widgets.exercises.view import Exercise
    from widgets.i18n.view import LanguageBar
    from widgets.join.admin import ClassAdmin
    from widgets.join.view import JoinClass
    from widgets.pitfalls.view import PitfallsLab
    from widgets.risk_matrix.view import MethodComparison, RiskMatrix

_APPS = {
    "ClassAdmin": "widgets.join.admin",
    "Exercise": "widgets.exercises.view",
    "JoinClass": "widgets.join.view",
    "LanguageBar": "widgets.i18n.view",
    "MethodComparison": "widgets.risk_matrix.view",
    "PitfallsLab": "widgets.pitfalls.view",
    "RiskMatrix": "widgets.risk_matrix.view",
    "TrainerPreview": "widgets.exercises.preview",
}

__all__ = [
    "ClassAdmin",
    "Exercise",
    "JoinClass",
    "LanguageBar",
    "MethodComparison",
    "PitfallsLab",
    "RatingError",
    "RiskMatrix",
    "TrainerPreview",
    "UnknownMethodError",
    "evaluate",
    "get_method",
    "methods",
]


def __getattr__(name: str) -> object:
    if name in _APPS:
        return getattr(import_module(_APPS[name]), name)
    raise AttributeError(f"module 'widgets' has no attribute {name!r}")
