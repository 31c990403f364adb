"""Risk-evaluation methods and ratings (pure; never imports ipywidgets)."""

from widgets.risk.model import (
    Band,
    Evaluation,
    Method,
    MethodRegistry,
    RatingError,
    UnknownMethodError,
    evaluate,
    get_method,
    methods,
)

__all__ = [
    "Band",
    "Evaluation",
    "Method",
    "MethodRegistry",
    "RatingError",
    "UnknownMethodError",
    "evaluate",
    "get_method",
    "methods",
]
