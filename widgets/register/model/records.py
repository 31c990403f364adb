"""The register's building blocks: its vocabularies, field types, records and validation.

Every record of the register is a :class:`Record` (unknown fields are errors); :func:`build`
validates fields into one and turns pydantic's refusal into a :class:`RegisterError` whose
problems are data (:func:`explain`), said by the view in the reader's language.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Annotated, Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, StringConstraints, ValidationError
from pydantic_core import PydanticCustomError

from widgets.register.errors import RegisterError

ANSWERS = ("yes", "no", "not-applicable", "later")
STATUSES = ("planned", "in-progress", "done")
PHOTO_KINDS = ("before", "after")
EXPORT_FORMAT = "osh-workbook-assessment"
EXPORT_VERSION = 1

Answer = Literal["yes", "no", "not-applicable", "later"]
Status = Literal["planned", "in-progress", "done"]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Words = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)]
Person = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
Key = Annotated[str, StringConstraints(pattern=r"^[a-z0-9-]{1,64}$")]
Plain = Annotated[str, StringConstraints(max_length=2000)]
Param = Plain | int | float | bool | None | list[Plain]
"""A value of a history entry or an error: plain text, a number, or a list of texts."""
ParamKey = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,31}$")]


def now() -> datetime:
    """Return the current time in UTC, to the second."""
    return datetime.now(UTC).replace(microsecond=0)


def enterprise_key(name: str) -> str:
    """Return an enterprise's name as compared: spaces collapsed, case folded.

    "Нарлаг  цэцэрлэг" and "нарлаг цэцэрлэг" are one enterprise (the participant's join,
    the register and the trainer's reports all compare names this way).
    """
    return " ".join(str(name).split()).casefold()


def new_id() -> str:
    """Return a fresh identifier for an assessment, hazard, measure or photo."""
    return uuid.uuid4().hex[:16]


def _one_of(value: str, allowed: list[str], what: str) -> str:
    if value not in allowed:
        raise PydanticCustomError(
            "unknown-choice",
            "{value} is not a known {what}; expected one of {allowed}",
            {"value": value, "what": what, "allowed": list(allowed)},
        )
    return value


class Record(BaseModel):
    """Base of the register's records: unknown fields are errors; bytes travel as base64."""

    model_config = ConfigDict(extra="forbid", ser_json_bytes="base64", val_json_bytes="base64")


R = TypeVar("R", bound=Record)


def build(model: type[R], **fields: Any) -> R:
    """Validate ``fields`` into ``model``; a refusal is a :class:`RegisterError`."""
    try:
        return model.model_validate(fields)
    except ValidationError as exc:
        raise RegisterError("invalid", problems=explain(exc)) from None


def explain(exc: ValidationError, limit: int = 20) -> list[dict[str, Any]]:
    """Return pydantic's errors as data: each one's field path, error type and context.

    ``type`` is pydantic's error type (``string_too_long``, ``missing``…) or one of the
    register's own (``unknown-choice``, ``due-before-start``…); ``ctx`` holds its plain
    values (``max_length``, ``allowed``…). The view says each in the reader's language.
    """
    return [
        {
            "field": ".".join(str(p) for p in err["loc"]),
            "type": err["type"],
            "ctx": {k: _plain(v) for k, v in (err.get("ctx") or {}).items() if k != "error"},
        }
        for err in exc.errors(include_url=False)[:limit]
    ]


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple | set):
        return [str(v) for v in value]
    return str(value)


def _person(by: object) -> str:
    text = " ".join(str(by).split()) if isinstance(by, str) else ""
    if not text or len(text) > 100:
        raise RegisterError("who-missing")
    return text
