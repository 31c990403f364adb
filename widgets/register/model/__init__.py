"""The enterprise's own risk assessment (the register), following the ILO five steps.

1. **Profile**: who the enterprise is and who took part (at least one worker).
2. **Identification**: checklist statements of ``data/checklists.yaml`` answered yes / no /
   not applicable / later (a "no" is a problem found, so it becomes a hazard), plus the
   team's own hazards.
3. **Evaluation** with the profile's method (``data/methods/``); a band other than the
   computed one needs a written reason.
4. **Action plan**: measures from the library or the team's own, each with its level in the
   hierarchy of controls, who does it, budget, dates and status; marking one done asks for
   the residual rating; before-and-after photos attach to it.
5. **Review**: what is overdue or due soon, and a copy to start next year's review from.

The trainer adds visit notes and comments and may mark the assessment reviewed, which
locks it until reopened. Every change goes through a verb of :class:`Assessment` that
checks the lock, validates the whole new state, and records who changed what and when.
Pure: never imports ipywidgets and never translates. A refusal is a :class:`RegisterError`
with a code and parameters, and a history entry is data (an action and its parameters); the
view says both in the reader's language (:mod:`widgets.register.messages`).

The modules: :mod:`~.records` (vocabularies, field types, validation), :mod:`~.profile`,
:mod:`~.ratings`, :mod:`~.hazards` (measures, photos, comments), :mod:`~.assessment` (the
assessment and its history) with the verbs of its steps in :mod:`~.identify`,
:mod:`~.plan`, :mod:`~.completeness` and :mod:`~.review`. Everything is imported from here.
"""

from widgets.register.model.assessment import Assessment, Change
from widgets.register.model.completeness import DueMeasure, Missing, Notice
from widgets.register.model.hazards import Comment, Hazard, Measure, Photo
from widgets.register.model.profile import Member, Profile, WorkArea
from widgets.register.model.ratings import Rating, rate
from widgets.register.model.records import (
    ANSWERS,
    EXPORT_FORMAT,
    EXPORT_VERSION,
    PHOTO_KINDS,
    STATUSES,
    Answer,
    Key,
    Name,
    Param,
    ParamKey,
    Person,
    Plain,
    R,
    Record,
    Status,
    Words,
    build,
    enterprise_key,
    explain,
    new_id,
    now,
)

# Importable from here as when the model was one module: the checklists (a browser test
# reads them), and the photo cleaner, which the verbs look up here when they call it.
from widgets.register.photos import clean_photo as clean_photo
from widgets.register.settings import checklists as checklists

__all__ = [
    "ANSWERS",
    "EXPORT_FORMAT",
    "EXPORT_VERSION",
    "PHOTO_KINDS",
    "STATUSES",
    "Answer",
    "Assessment",
    "Change",
    "Comment",
    "DueMeasure",
    "Hazard",
    "Key",
    "Measure",
    "Member",
    "Missing",
    "Name",
    "Notice",
    "Param",
    "ParamKey",
    "Person",
    "Photo",
    "Plain",
    "Profile",
    "R",
    "Rating",
    "Record",
    "Status",
    "Words",
    "WorkArea",
    "build",
    "enterprise_key",
    "explain",
    "new_id",
    "now",
    "rate",
]
