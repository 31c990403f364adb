"""The steps of the register's app, one view each, built from the page's session.

Each step is a :class:`~widgets.register.steps.base.Step`: it builds its widgets from the
assessment shown and acts through the app shell (:class:`~widgets.register.view.RiskAssessment`),
which makes the change through its :class:`~widgets.register.session.RegisterSession` and says
the outcome.
"""

from __future__ import annotations

from widgets.register.steps.base import Step
from widgets.register.steps.controls import ControlsStep
from widgets.register.steps.evaluate import EvaluateStep
from widgets.register.steps.identify import IdentifyStep
from widgets.register.steps.import_ import ImportStep
from widgets.register.steps.profile import ProfileStep
from widgets.register.steps.reports import ReportsStep
from widgets.register.steps.review import ReviewStep
from widgets.register.steps.trainer import TrainerStep

STEP_VIEWS: dict[str, type[Step]] = {
    "profile": ProfileStep,
    "identify": IdentifyStep,
    "evaluate": EvaluateStep,
    "controls": ControlsStep,
    "review": ReviewStep,
    "trainer": TrainerStep,
    "import": ImportStep,
    "reports": ReportsStep,
}
"""The view of each step, by the step's name."""

__all__ = ["STEP_VIEWS", "Step"]
