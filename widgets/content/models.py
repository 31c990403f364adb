"""Shared pieces of every content schema: bilingual text and file validation."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, ConfigDict, StringConstraints, ValidationError

from widgets.content.errors import ContentError, Problem, display_path
from widgets.content.yamlio import Locator, dotted, load_yaml

LANGUAGES = ("mn", "en")
"""Languages of every content field; Mongolian first, as the course is taught."""

ID_PATTERN = r"^[a-z0-9-]+$"
COLOUR_PATTERN = r"^#[0-9a-fA-F]{6}$"
PATTERN_WORDS = {
    r"^[A-Za-z0-9_][A-Za-z0-9_./-]*$": "expected a path inside the folder, such as "
    "images/kitchen.jpg (letters, digits, _ . / -)",
    ID_PATTERN: "use lower-case letters, digits and '-'",
    COLOUR_PATTERN: "expected a colour written #rrggbb, such as #2e7d32",
}
"""How to say what a pattern expects, for the people who edit the files."""

Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, min_length=1, max_length=64)]
Colour = Annotated[str, StringConstraints(pattern=COLOUR_PATTERN)]
NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class FieldError(ValueError):
    """A problem found by a whole-file check that still belongs to one field.

    Raise it from a ``model_validator`` so that the report names that field and its line
    (``bands[1].max``) instead of the whole file.
    """

    def __init__(self, loc: tuple[str | int, ...], message: str):
        super().__init__(message)
        self.loc = loc


class Strict(BaseModel):
    """Base of every content model: unknown fields are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(Strict):
    """A text in both languages of the course."""

    en: NonEmpty
    mn: NonEmpty

    def get(self, lang: str) -> str:
        """Return the text in ``lang`` (``"mn"`` or ``"en"``), English for any other."""
        return self.mn if lang == "mn" else self.en


class Provenance(Strict):
    """Where a data file's content comes from: every file in ``data/`` states it."""

    source: NonEmpty
    url: NonEmpty | None = None
    notes: NonEmpty | None = None


M = TypeVar("M", bound=BaseModel)
LANGUAGE_NAMES = {"mn": "Mongolian (mn)", "en": "English (en)"}
WRONG_TYPE = {
    "int_parsing": "a whole number; expected a whole number such as 15",
    "int_type": "a whole number; expected a whole number such as 15",
    "int_from_float": "a whole number; expected a whole number such as 15",
    "float_parsing": "a number; expected a number such as 2.5",
    "float_type": "a number; expected a number such as 2.5",
    "bool_parsing": "yes or no; expected true or false",
    "bool_type": "yes or no; expected true or false",
    "string_type": "text; expected text",
    "list_type": "a list; expected a list of entries, each starting with '- '",
    "dict_type": "a mapping; expected fields written 'name: value'",
    "model_type": "a mapping; expected fields written 'name: value'",
    "model_attributes_type": "a mapping; expected fields written 'name: value'",
}
"""How to say what a field of the wrong kind should have been, for people editing files."""


def load_model(model: type[M], path: Path) -> M:
    """Read ``path`` as YAML and validate it against ``model``.

    Raises
    ------
    ContentError
        With one problem per invalid field, each naming file, line and field.
    """
    data, locate = load_yaml(path)
    return validate_data(model, data, display_path(path), locate)


def validate_data(model: type[M], data: Any, name: str, locate: Locator) -> M:
    """Validate data read from the file ``name`` against ``model``.

    Raises
    ------
    ContentError
        With one problem per invalid field, each naming ``name``, line and field.
    """
    if not isinstance(data, dict):
        raise ContentError([Problem(name, 1, "", "must be a mapping of fields (key: value)")])
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors(include_url=False):
            cause = err.get("ctx", {}).get("error")
            loc = (*err["loc"], *cause.loc) if isinstance(cause, FieldError) else err["loc"]
            problems.append(Problem(name, locate(loc), dotted(loc), _message(err)))
        raise ContentError(problems) from None


def _message(err: dict) -> str:
    kind = err["type"]
    if kind == "extra_forbidden":
        return "is not a known field (check its spelling and indentation)"
    if kind == "missing":
        language = LANGUAGE_NAMES.get(str(err["loc"][-1])) if err["loc"] else None
        return f"is missing: give the {language} text" if language else "is missing"
    if kind in WRONG_TYPE:
        return f"{err['input']!r} is not {WRONG_TYPE[kind]}"
    if kind == "string_pattern_mismatch":
        pattern = err.get("ctx", {}).get("pattern", "")
        expected = PATTERN_WORDS.get(pattern, f"expected text matching {pattern}")
        return f"{err['input']!r} is not allowed: {expected}"
    msg = err["msg"]
    if msg.startswith("Value error, "):
        msg = msg.removeprefix("Value error, ")
    return msg[:1].lower() + msg[1:]
