"""Step 3, evaluation: each hazard rated on the method's matrix, a band overridden with a reason."""

from __future__ import annotations

import logging
from typing import Any

import ipywidgets as ipw

from widgets.i18n import _, language
from widgets.register.model import Assessment, Hazard, Rating
from widgets.register.steps.base import FAILED, Step, chip, hazard_card, hazard_options
from widgets.risk_matrix.view import RiskMatrix
from widgets.ui import forms
from widgets.ui.style import esc

log = logging.getLogger("widgets.register.view")


class EvaluateStep(Step):
    """The hazard chosen, its matrix (saved at once) and a band to use instead."""

    def build(self, a: Assessment, lang: str) -> list[ipw.Widget]:
        """Return the choice of hazard, its card, matrix, override and saved rating."""
        hazard = self.selected_hazard(a)
        if hazard is None:
            return [forms.html(forms.p(_("Add hazards in step 2 first; then rate each one here.")))]
        self.picker = self.hazard_picker(a, lang)
        parts: list[ipw.Widget] = [self.picker, forms.html(hazard_card(hazard))]
        matrix = RiskMatrix(a.profile.method)
        if hazard.rating is not None:
            try:
                matrix.select(**factors(hazard.rating))
            except Exception as exc:  # a rating the matrix cannot show is still kept
                log.warning("register: rating of %s not shown: %s", hazard.id, exc)
        matrix.observe(self._on_matrix_change, names="value")
        self.matrix = matrix
        bands = [(b.label.get(lang), b.id) for b in a.method.bands]
        overridden = hazard.rating is not None and hazard.rating.overridden
        self.band = forms.dropdown(
            _("Band to use (only with a written reason)"),
            [(_("As computed"), ""), *bands],
            hazard.rating.band if overridden else "",
        )
        self.reason = forms.text(
            _("Why another band than the computed one?"),
            (hazard.rating.reason or "") if overridden else "",
            area=True,
        )
        use = forms.button(_("Use this band"), self._on_use_band_click)
        self.rating = forms.testid(forms.html(rating_html(hazard, lang)), "rating")
        return [*parts, matrix, self.band, self.reason, use, self.rating]

    def _on_matrix_change(self, _change: dict) -> None:
        if self.matrix.band is not None:  # a three-factor method: wait for all three
            self.rate()

    def _on_use_band_click(self, _button: ipw.Button) -> None:
        self.rate()

    def rate(self) -> None:
        """Save the rating chosen on the matrix (with the band and reason, if any)."""
        hazard_id = self.picked.hazard_id
        if self.matrix.band is None or hazard_id is None:
            self.app._clear()
            self.app._error(_("Choose the cell that fits the hazard first."))
            return
        factors_ = dict(self.matrix.value)
        band = self.band.value or None
        reason = self.reason.value or None
        done = self.app._change(
            lambda a, by: a.rate(hazard_id, factors_, by, band=band, reason=reason), redraw=False
        )
        a = self.app.assessment
        if done is not FAILED and a is not None:
            self.rating.value = rating_html(a.hazard(hazard_id), language())
            self.picker.unobserve(self._on_hazard_pick, names="value")
            self.picker.options = hazard_options(a, language())
            self.picker.value = hazard_id
            self.picker.observe(self._on_hazard_pick, names="value")
        self.app.show_saved()


def factors(rating: Rating) -> dict[str, Any]:
    """Return what the matrix selects to show ``rating``."""
    if rating.method_info.score == "direct":
        return {"band": rating.computed}
    return dict(rating.factors)


def rating_html(hazard: Hazard, lang: str) -> str:
    """Return the hazard's saved rating (and the computed band when overridden)."""
    if hazard.rating is None:
        return forms.p(_("Choose the cell that fits the hazard: the rating is saved at once."))
    saved = _("Saved rating")
    text = f"<p><b>{esc(saved)}:</b> {chip(hazard.rating, lang)}</p>"
    if hazard.rating.overridden:
        computed = _("Computed: {band}; reason: {reason}").format(
            band=hazard.rating.method_info.band(hazard.rating.computed).label.get(lang),
            reason=hazard.rating.reason,
        )
        text += forms.p(computed, "osh-reason")
    return f'<div class="osh-result" role="status">{text}</div>'
