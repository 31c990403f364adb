"""OSH Workbook: risk methods, exercises and the ipywidgets apps that teach them.

Everything is imported when first used: the apps (``RiskMatrix`` …), so that code which
needs no widgets never loads ipywidgets, and the risk API (``methods``, ``evaluate``), so
that a participant's kernel starts without the content models until a lesson needs them.
"""

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from widgets.course_app.view import CourseApp
    from widgets.debrief.view import Debrief
    from widgets.exercises.preview import TrainerPreview
    from widgets.exercises.view import Exercise
    from widgets.i18n.view import LanguageBar
    from widgets.join.admin import ClassAdmin
    from widgets.join.view import JoinClass
    from widgets.pitfalls.view import PitfallsLab
    from widgets.programme.class_report import class_report
    from widgets.programme.progress import programme_progress
    from widgets.register.view import RiskAssessment
    from widgets.risk import RatingError, UnknownMethodError, evaluate, get_method, methods
    from widgets.risk_matrix.view import MethodComparison, RiskMatrix

_APPS = {
    "ClassAdmin": "widgets.join.admin",
    "CourseApp": "widgets.course_app.view",
    "Debrief": "widgets.debrief.view",
    "Exercise": "widgets.exercises.view",
    "JoinClass": "widgets.join.view",
    "LanguageBar": "widgets.i18n.view",
    "MethodComparison": "widgets.risk_matrix.view",
    "PitfallsLab": "widgets.pitfalls.view",
    "RiskAssessment": "widgets.register.view",
    "RiskMatrix": "widgets.risk_matrix.view",
    "TrainerPreview": "widgets.exercises.preview",
}

__all__ = [
    "ClassAdmin",
    "CourseApp",
    "Debrief",
    "Exercise",
    "JoinClass",
    "LanguageBar",
    "MethodComparison",
    "PitfallsLab",
    "RatingError",
    "RiskAssessment",
    "RiskMatrix",
    "TrainerPreview",
    "UnknownMethodError",
    "class_report",
    "evaluate",
    "get_method",
    "methods",
    "programme_progress",
]


_PURE = {
    name: "widgets.risk"
    for name in ("RatingError", "UnknownMethodError", "evaluate", "get_method", "methods")
}
# The trainer's data reports (pandas and matplotlib): never loaded by a participant's page.
_PURE["class_report"] = "widgets.programme.class_report"
_PURE["programme_progress"] = "widgets.programme.progress"


def __getattr__(name: str) -> object:
    if name in _APPS:
        return getattr(import_module(_APPS[name]), name)
    if name in _PURE:
        return getattr(import_module(_PURE[name]), name)
    raise AttributeError(f"module 'widgets' has no attribute {name!r}")
