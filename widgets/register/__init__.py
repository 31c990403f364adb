"""The enterprise's own risk assessment: register, action plan, imports and reports (pure)."""

from widgets.register.errors import LockedError, PhotoError, ReevaluationNeeded, RegisterError
from widgets.register.model import (
    Assessment,
    Comment,
    DueMeasure,
    Hazard,
    Measure,
    Member,
    Notice,
    Photo,
    Profile,
    Rating,
    WorkArea,
    rate,
)
from widgets.register.photos import check_photo
from widgets.register.settings import checklists, settings

__all__ = [
    "Assessment",
    "Comment",
    "DueMeasure",
    "Hazard",
    "LockedError",
    "Measure",
    "Member",
    "Notice",
    "Photo",
    "PhotoError",
    "Profile",
    "Rating",
    "ReevaluationNeeded",
    "RegisterError",
    "WorkArea",
    "check_photo",
    "checklists",
    "rate",
    "settings",
]
