"""Saying the register's codes and history in a language: the page's, or one asked for.

Ids in the parameters are said with their labels in that language (a band, a status, an
answer, a checklist statement, a method); what the team wrote (a hazard's title, a measure)
is said as written. The sentences themselves are in :mod:`widgets.register.messages.templates`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from widgets.i18n import language, translator
from widgets.register.messages.templates import (
    Translate,
    _errors,
    _fields,
    _history,
    _missing,
    _notices,
    _problems,
    _todos,
    _words,
)
from widgets.register.model import ANSWERS, STATUSES, Change, Missing, Notice

if TYPE_CHECKING:
    from widgets.errors import CodedError
    from widgets.register.importer import RowProblem


# -- public ---------------------------------------------------------------------------------
def missing_text(item: Missing, lang: str | None = None) -> str:
    """Say what is missing before printing, and what to do (one item of the list)."""
    lang = _lang(lang)
    templates = _missing(translator(lang))
    return _format(templates.get(item.code, item.code), {"count": item.count}, lang)


def error_text(error: CodedError, lang: str | None = None) -> str:
    """Say a refusal (a :class:`~widgets.errors.CodedError`) in ``lang`` (the page's by default)."""
    return _say_error(error.code, error.params, _lang(lang))


def problem_text(problem: Mapping[str, Any], lang: str | None = None) -> str:
    """Say one invalid value, as :func:`widgets.register.model.explain` gives it."""
    lang = _lang(lang)
    _ = translator(lang)
    kind, context = str(problem.get("type")), dict(problem.get("ctx") or {})
    # A refusal inside a check (a stored rating off its method's scale) keeps its own code.
    template = _problems(_).get(kind) or _errors(_).get(kind) or _("this is not valid")
    sentence = _format(template, context, lang)
    where = _field_name(str(problem.get("field") or ""), _)
    return _("{field}: {problem}").format(field=where, problem=sentence) if where else sentence


def row_problem_text(problem: RowProblem, lang: str | None = None) -> str:
    """Say why one row of an imported hazard list was not imported."""
    return _say_error(problem.code, problem.params, _lang(lang))


def notice_text(notice: Notice, lang: str | None = None) -> str:
    """Say a notice (something the team should look at)."""
    lang = _lang(lang)
    templates = _notices(translator(lang))
    return _format(templates.get(notice.kind, notice.kind), notice.params, lang)


def todo_text(notice: Notice, lang: str | None = None) -> str:
    """Say a notice as one sentence of a report's "still to do" list."""
    lang = _lang(lang)
    templates = _todos(translator(lang))
    return _format(templates.get(notice.kind, notice.kind), notice.params, lang)


def describe(change: Change, lang: str | None = None) -> str:
    """Say one history entry in ``lang`` (the page's by default).

    A legacy entry (written as text before the history was data) is said as written.
    """
    if change.legacy:
        return change.what or ""
    lang = _lang(lang)
    templates = _history(translator(lang))
    params = dict(change.params or {})
    action = change.action
    if action == "created" and "previous" in params:
        return _format(templates["created:review"], params, lang)
    if action == "photo-added" and f"photo-added:{params.get('kind')}" in templates:
        return _format(templates[f"photo-added:{params['kind']}"], params, lang)
    if action not in templates:
        values = ", ".join(f"{k}: {_shown(k, v, params, lang)}" for k, v in params.items())
        return f"{action} ({values})" if values else action
    text = _format(templates[action], params, lang)
    if action == "rated" and params.get("computed"):
        text += " " + _format(templates["rated:override"], params, lang)
    if action == "status" and params.get("residual"):
        residual = {"band": params["residual"], "method": params.get("method")}
        text += " " + _format(templates["status:residual"], residual, lang)
    return text


def sentences(lang: str) -> dict[str, dict[str, str]]:
    """Return every sentence of this module in ``lang``, by kind and code (for checks).

    Kinds: ``errors`` (refusal codes), ``problems`` (kinds of invalid value), ``notices``
    and ``history`` (actions; a variant of one is keyed ``action:variant``).
    """
    _ = translator(lang)
    return {
        "errors": _errors(_),
        "problems": _problems(_),
        "notices": _notices(_),
        "missing": _missing(_),
        "history": _history(_),
    }


# -- saying parameters ------------------------------------------------------------------------
def _lang(lang: str | None) -> str:
    return lang or language()


def _say_error(code: str, params: Mapping[str, Any], lang: str) -> str:
    _ = translator(lang)
    templates = _errors(_)
    if code == "invalid":
        return "; ".join(problem_text(p, lang) for p in params.get("problems", []))
    if code == "not-an-assessment-file":
        problems = "; ".join(problem_text(p, lang) for p in params.get("problems", []))
        return templates[code].format(problems=problems)
    if code == "columns-missing":
        return "; ".join(
            _format(templates[code], {**missing, "row": params.get("row")}, lang)
            for missing in params.get("missing", [])
        )
    template = templates.get(code)
    if template is None:
        # A code without a sentence is a bug (a test guards against it): say something.
        return _("This change could not be made ({code}).").format(code=code)
    return _format(template, params, lang)


class _Values(dict):
    def __missing__(self, key: str) -> str:
        return ""


def _format(template: str, params: Mapping[str, Any], lang: str) -> str:
    values = _Values({key: _shown(key, value, params, lang) for key, value in params.items()})
    try:
        return template.format_map(values)
    except (ValueError, IndexError):
        return template


def _shown(key: str, value: Any, params: Mapping[str, Any], lang: str) -> str:
    """Return a parameter as the reader sees it: ids as labels in ``lang``, lists joined."""
    _ = translator(lang)
    if key in ("band", "computed", "residual") and params.get("method"):
        return _band_label(str(params["method"]), str(value), lang)
    if key == "method" and isinstance(value, str):
        return _method_name(value, lang)
    if key == "fields" and isinstance(value, list):
        names = _fields(_)
        return ", ".join(names.get(str(v), str(v)) for v in value)
    if key == "status" and value in STATUSES:
        return _words(_)["status"][value]
    if key == "answer" and value in ANSWERS:
        return _words(_)["answer"][value]
    if key == "statement" and isinstance(value, str):
        return _statement(value, lang)
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    if isinstance(value, float):
        return f"{value:g}"
    return "" if value is None else value if isinstance(value, str) else str(value)


def _field_name(path: str, _: Translate) -> str:
    last = [part for part in path.split(".") if part and not part.isdigit()]
    if not last:
        return path
    return _fields(_).get(last[-1], path)


def _band_label(method_id: str, band_id: str, lang: str) -> str:
    from widgets.risk.model import RatingError, UnknownMethodError, get_method

    try:
        return get_method(method_id).band(band_id).label.get(lang)
    except (RatingError, UnknownMethodError):
        return band_id


def _method_name(method_id: str, lang: str) -> str:
    from widgets.risk.model import UnknownMethodError, get_method

    try:
        return get_method(method_id).name.get(lang)
    except UnknownMethodError:
        return method_id


def _statement(statement_id: str, lang: str) -> str:
    from widgets.register.settings import checklists

    try:
        return checklists().get(statement_id).text.get(lang).rstrip(" .")
    except KeyError:
        return statement_id
