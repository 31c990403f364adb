"""Step 3 of the register: a hazard's rating with the profile's method, and overrides.

A band other than the computed one needs a written reason; a rating is checked again
whenever it is read (from JSON or the store).
"""

from __future__ import annotations

from typing import Any

from pydantic import model_validator
from pydantic_core import PydanticCustomError

from widgets.register.errors import RegisterError
from widgets.register.model.records import Key, Record, Words
from widgets.register.settings import settings
from widgets.risk.model import Band, Method, RatingError, UnknownMethodError, get_method


class Rating(Record):
    """A hazard's rating with a method: the factors, the computed band, the band used.

    ``band`` differs from ``computed`` only when the team overrode it, and then ``reason``
    says why. The rating is checked again whenever it is read (from JSON or the store).
    """

    method: Key
    factors: dict[str, int | float | str]
    score: int | float | None = None
    computed: Key
    band: Key
    reason: Words | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Rating:
        try:
            again = rate(self.method, self.factors, self.band, self.reason)
        except RegisterError as exc:
            raise PydanticCustomError(exc.code, str(exc), exc.params) from None
        if (again.computed, again.score) != (self.computed, self.score):
            raise PydanticCustomError(
                "rating-inconsistent",
                "the factors give band {computed} (score {score}), not {band} (score {given})",
                {
                    "method": self.method,
                    "computed": again.computed,
                    "score": again.score,
                    "band": self.computed,
                    "given": self.score,
                },
            )
        return self

    @property
    def overridden(self) -> bool:
        """Whether the team chose another band than the computed one."""
        return self.band != self.computed

    @property
    def method_info(self) -> Method:
        """The method the rating was made with."""
        return get_method(self.method)

    @property
    def band_info(self) -> Band:
        """The band used (with its label, colour and what it requires)."""
        return self.method_info.band(self.band)

    @property
    def rank(self) -> int:
        """The band's position in its method, lowest first (for sorting)."""
        return self.method_info.bands.index(self.band_info)


def rate(
    method_id: str,
    factors: dict[str, Any],
    band: str | None = None,
    reason: str | None = None,
) -> Rating:
    """Rate with ``method_id``; ``band`` overrides the computed band, with a ``reason``.

    Raises
    ------
    RegisterError
        When a factor is not on the method's scale, the band is unknown (the rating's codes:
        ``factor-off-scale``, ``band-unknown``…), or an override has no written reason of at
        least ``override_reason_min_length`` characters (``override-needs-reason``).
    """
    try:
        method = get_method(method_id)
        evaluation = method.evaluate(**factors)
        chosen = method.band(band).id if band else evaluation.band.id
    except (RatingError, UnknownMethodError) as exc:
        raise RegisterError(exc.code, **exc.params) from None
    text = " ".join((reason or "").split()) or None
    if chosen != evaluation.band.id:
        shortest = settings().override_reason_min_length
        if text is None or len(text) < shortest or len(text.split()) < 2:
            raise RegisterError(
                "override-needs-reason",
                method=method.id,
                computed=evaluation.band.id,
                band=chosen,
                count=shortest,
            )
    else:
        text = None
    return Rating.model_construct(
        method=method.id,
        factors=dict(evaluation.factors) if method.score == "product" else {"band": chosen},
        score=evaluation.score,
        computed=evaluation.band.id,
        band=chosen,
        reason=text,
    )
