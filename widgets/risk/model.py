"""Risk-evaluation methods: scales, scoring rule and bands, read from ``data/methods/*.yaml``.

There is no single official risk matrix. Each method is a YAML file that states its
provenance, its factors and their values, how a score is made from them, and the bands the
score falls into, with what each band requires. Adding a file adds a method.

Scores are computed exactly (decimal arithmetic), so a Fine–Kinney score of 0.2 × 10 × 10 is
20 and falls on the right side of the boundary at 20.
"""

from __future__ import annotations

import itertools
import logging
import math
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator, model_validator

from widgets.content.errors import ContentError, Problem, display_path
from widgets.content.models import Colour, FieldError, Id, Provenance, Strict, Text, load_model
from widgets.errors import CodedError
from widgets.paths import data_dir

log = logging.getLogger(__name__)

Number = int | float
MAX_COMBINATIONS = 100_000
"""A method with more factor combinations than this is refused (it could not be shown anyway)."""


def _exact(value: Number) -> Decimal:
    return Decimal(str(value))


class FactorValue(Strict):
    """One point on a factor's scale, with its words."""

    value: Number = Field(gt=0)
    label: Text
    description: Text

    @field_validator("value", mode="before")
    @classmethod
    def _number(cls, value: object) -> object:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(f"{value!r} is not a number; expected a number above 0")
        return value


class Factor(Strict):
    """A factor of a rating (likelihood, severity, exposure…) and its allowed values."""

    id: Id
    label: Text
    description: Text
    values: list[FactorValue] = Field(min_length=2)

    @field_validator("values")
    @classmethod
    def _ascending(cls, values: list[FactorValue]) -> list[FactorValue]:
        numbers = [v.value for v in values]
        if any(b <= a for a, b in itertools.pairwise(numbers)):
            raise ValueError(f"values must go up strictly, lowest first; got {numbers}")
        return values

    def allowed(self) -> list[Number]:
        """Return the allowed values, lowest first."""
        return [v.value for v in self.values]

    def level(self, value: Number) -> FactorValue:
        """Return the scale point of ``value``."""
        return next(v for v in self.values if v.value == value)


class Band(Strict):
    """A risk band: a range of scores and what it requires."""

    id: Id
    label: Text
    colour: Colour
    max: Number | None = None
    below: Number | None = None
    requires: Text
    deadline: Text
    deadline_days: int | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _one_bound(self) -> Band:
        if self.max is not None and self.below is not None:
            raise ValueError("give either max (inclusive) or below (exclusive), not both")
        return self

    def upper(self) -> tuple[Decimal, bool] | None:
        """Return the band's upper bound and whether it is inclusive, or ``None`` if open."""
        if self.max is not None:
            return _exact(self.max), True
        if self.below is not None:
            return _exact(self.below), False
        return None

    def holds(self, score: Decimal) -> bool:
        """Return whether ``score`` is at or under this band's upper bound."""
        bound = self.upper()
        if bound is None:
            return True
        limit, inclusive = bound
        return score <= limit if inclusive else score < limit

    @property
    def text_colour(self) -> str:
        """Black or white, whichever reads better on :attr:`colour` (WCAG contrast)."""
        channels = [int(self.colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
        return "#000000" if (luminance + 0.05) / 0.05 >= 1.05 / (luminance + 0.05) else "#ffffff"


class Method(Strict):
    """A risk-evaluation method, as written in its YAML file."""

    schema_version: Literal[1]
    id: Id
    order: int = 100
    name: Text
    summary: Text
    provenance: Provenance
    score: Literal["product", "direct"]
    factors: list[Factor]
    bands: list[Band] = Field(min_length=2)

    @model_validator(mode="after")
    def _coherent(self) -> Method:
        _unique("factors", [f.id for f in self.factors])
        _unique("bands", [b.id for b in self.bands])
        if self.score == "direct":
            if self.factors:
                raise FieldError(
                    ("factors",), "a 'direct' method has no factors: the band is chosen directly"
                )
            for i, band in enumerate(self.bands):
                if band.upper():
                    raise FieldError(("bands", i), "a 'direct' method's bands have no max or below")
            return self
        if not self.factors:
            raise FieldError(("factors",), "a 'product' method needs at least one factor")
        if math.prod(len(f.values) for f in self.factors) > MAX_COMBINATIONS:
            raise FieldError(
                ("factors",), f"more than {MAX_COMBINATIONS} combinations of factor values"
            )
        last = len(self.bands) - 1
        for i, band in enumerate(self.bands):
            if i == last and band.upper() is not None:
                raise FieldError(
                    ("bands", i), f"the last band ({band.id}) must be open: remove its max/below"
                )
            if i < last and band.upper() is None:
                raise FieldError(
                    ("bands", i), f"band {band.id} needs max or below (only the last band is open)"
                )
            if 0 < i < last and band.upper()[0] <= self.bands[i - 1].upper()[0]:
                field = "max" if band.max is not None else "below"
                raise FieldError(
                    ("bands", i, field),
                    "bands must go from lowest to highest "
                    f"with rising bounds; {band.id} is not above "
                    f"{self.bands[i - 1].id}",
                )
        reached = {self.band_for(score).id for score in self._all_scores()}
        for i, band in enumerate(self.bands):
            if band.id not in reached:
                raise FieldError(
                    ("bands", i), f"no combination of factor values reaches band {band.id}"
                )
        return self

    def _all_scores(self) -> set[Decimal]:
        scales = [[_exact(v) for v in f.allowed()] for f in self.factors]
        return {math.prod(combo) for combo in itertools.product(*scales)}

    def all_evaluations(self) -> list[Evaluation]:
        """Rate every combination of factor values (none for a ``direct`` method)."""
        names = [f.id for f in self.factors]
        if self.score == "direct":
            return []
        return [
            self.evaluate(**dict(zip(names, combo, strict=True)))
            for combo in itertools.product(*(f.allowed() for f in self.factors))
        ]

    @property
    def is_matrix(self) -> bool:
        """Whether the method is drawn as a grid (exactly two factors)."""
        return len(self.factors) == 2

    def factor(self, factor_id: str) -> Factor:
        """Return the factor called ``factor_id``."""
        return next(f for f in self.factors if f.id == factor_id)

    def band(self, band_id: str) -> Band:
        """Return the band called ``band_id``.

        Raises
        ------
        RatingError
            When the method has no such band.
        """
        for band in self.bands:
            if band.id == band_id:
                return band
        raise RatingError(
            "band-unknown", method=self.id, band=band_id, allowed=[b.id for b in self.bands]
        )

    def band_for(self, score: Decimal) -> Band:
        """Return the band a score falls into (the first whose upper bound holds it)."""
        return next(b for b in self.bands if b.holds(score))

    def evaluate(self, **values: object) -> Evaluation:
        """Rate one hazard with this method.

        Parameters
        ----------
        **values
            One value per factor (``likelihood=3, severity=4``); for a ``direct`` method,
            ``band="high"``.

        Raises
        ------
        RatingError
            When a factor is missing, unknown, or not on its scale; the message names the
            factor and the allowed values.
        """
        if self.score == "direct":
            extra = sorted(set(values) - {"band"})
            if extra or "band" not in values:
                raise RatingError(
                    "band-required", method=self.id, allowed=[b.id for b in self.bands]
                )
            return Evaluation(self, {}, None, self.band(str(values["band"])))
        names = [f.id for f in self.factors]
        unknown = sorted(set(values) - set(names))
        if unknown:
            raise RatingError("factor-unknown", method=self.id, unknown=unknown, factors=names)
        missing = [n for n in names if n not in values]
        if missing:
            raise RatingError("factor-missing", method=self.id, missing=missing)
        chosen: dict[str, Number] = {}
        for factor in self.factors:
            value = values[factor.id]
            allowed = factor.allowed()
            if (
                isinstance(value, bool)
                or not isinstance(value, int | float)
                or value not in allowed
            ):
                raise RatingError(
                    "factor-off-scale",
                    factor=factor.id,
                    value=value if isinstance(value, int | float | str) else repr(value),
                    method=self.id,
                    allowed=[_plain(v) for v in allowed],
                )
            chosen[factor.id] = next(v for v in allowed if v == value)
        exact = math.prod(_exact(v) for v in chosen.values())
        score = int(exact) if exact == exact.to_integral_value() else float(exact)
        return Evaluation(self, chosen, score, self.band_for(exact))


def _unique(what: str, ids: list[str]) -> None:
    seen = [i for n, i in enumerate(ids) if i in ids[:n]]
    if seen:
        raise ValueError(f"{what}: id {seen[0]!r} is used twice")


def _plain(value: Number) -> str:
    return f"{value:g}"


# English lines for logs and ``make validate`` (exercise files name factors by id); pages
# say these codes in the reader's language through widgets.register.messages.
_ENGLISH = {
    "band-unknown": "{method} has no band {band!r}; its bands are {allowed}",
    "band-required": "{method} is rated by choosing a band: give band= one of {allowed}",
    "factor-unknown": "{method} has no factor {unknown}; its factors are {factors}",
    "factor-missing": "{method} needs a value for {missing}",
    "factor-off-scale": (
        "{factor}={value!r} is not on the {method} scale; allowed values: {allowed}"
    ),
    "method-unknown": "there is no method {method!r}; known methods: {known}",
    "method-broken": "method {method!r} cannot be used: {details}",
}


class RatingError(CodedError, ValueError):
    """A rating asked for something the method does not allow (a code and parameters).

    Codes: ``band-unknown``, ``band-required``, ``factor-unknown``, ``factor-missing``,
    ``factor-off-scale``; views translate them (:mod:`widgets.register.messages`).
    """

    english = _ENGLISH


class UnknownMethodError(CodedError, LookupError):
    """No usable method has that id: ``method-unknown`` or ``method-broken``."""

    english = _ENGLISH


@dataclass(frozen=True)
class Evaluation:
    """The result of rating one hazard: its score and its band.

    Attributes
    ----------
    method
        The method used.
    factors
        The value chosen for each factor (empty for a ``direct`` method).
    score
        The score (``None`` for a ``direct`` method).
    band
        The band, with ``.id``, ``.label.en`` and ``.label.mn``.
    """

    method: Method
    factors: dict[str, Number]
    score: Number | None
    band: Band
    rank: int = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "rank", self.method.bands.index(self.band))

    def as_dict(self) -> dict[str, object]:
        """Return the rating as plain data (for saving and exports)."""
        return {
            "method": self.method.id,
            "factors": dict(self.factors),
            "score": self.score,
            "band": self.band.id,
        }


class MethodRegistry:
    """The methods of one folder; broken files are set aside with their problems.

    Parameters
    ----------
    folder
        A folder of ``*.yaml`` method files; each file's name must be its ``id``.
    """

    def __init__(self, folder: Path):
        self.folder = folder
        self._methods: dict[str, Method] = {}
        self.problems: dict[str, list[Problem]] = {}
        for path in sorted(folder.glob("*.yaml")):
            try:
                method = self.load_file(path)
            except ContentError as exc:
                self.problems[path.stem] = exc.problems
                log.warning("method file set aside:\n%s", exc)
                continue
            self._methods[method.id] = method
        self._order = sorted(self._methods, key=lambda i: (self._methods[i].order, i))

    @staticmethod
    def load_file(path: Path) -> Method:
        """Read and check one method file.

        Raises
        ------
        ContentError
            With every problem found, each naming file, line and field.
        """
        method = load_model(Method, path)
        if method.id != path.stem:
            message = f"{method.id!r} must match the file name {path.stem!r}"
            raise ContentError([Problem(display_path(path), 1, "id", message)])
        return method

    def ids(self) -> list[str]:
        """Return the ids of the usable methods, in display order."""
        return list(self._order)

    def get(self, method_id: str) -> Method:
        """Return one method.

        Raises
        ------
        UnknownMethodError
            When there is no such method, or its file is broken (the message says why).
        """
        if method_id in self._methods:
            return self._methods[method_id]
        if method_id in self.problems:
            details = "; ".join(str(p) for p in self.problems[method_id])
            raise UnknownMethodError("method-broken", method=method_id, details=details)
        raise UnknownMethodError("method-unknown", method=method_id, known=list(self._order))


@cache
def registry() -> MethodRegistry:
    """Return the registry of the workbook's own ``data/methods`` folder (read once)."""
    return MethodRegistry(data_dir() / "methods")


def methods() -> list[str]:
    """Return the ids of the usable risk-evaluation methods, in display order."""
    return registry().ids()


def get_method(method_id: str) -> Method:
    """Return the method called ``method_id``."""
    return registry().get(method_id)


def evaluate(method_id: str, **factors: object) -> Evaluation:
    """Rate one hazard: ``evaluate("5x5", likelihood=3, severity=4).band.id == "medium"``."""
    return get_method(method_id).evaluate(**factors)
