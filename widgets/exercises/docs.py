"""Generated documentation: the exercise field reference and the README's lesson list.

``make docs`` rewrites the parts of ``exercises/README.md`` (from the schema) and
``README.md`` (from the lesson notebooks) between their markers; a test fails when either
no longer matches its source.
"""

from __future__ import annotations

import argparse
import json
import sys
import types
import typing
from pathlib import Path

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from widgets.content.models import ID_PATTERN, Text
from widgets.exercises.schema import (
    TYPES,
    Control,
    ExerciseBase,
    Feedback,
    HazardItem,
    Image,
    Measure,
    Observation,
    Option,
    Question,
    Source,
)
from widgets.paths import project_root

START = "<!-- field-reference:start (written by `make docs` from the schema; do not edit) -->"
END = "<!-- field-reference:end -->"
PARTS = [Image, Source, Feedback, HazardItem, Control, Observation, Measure, Question, Option]


def kind(annotation: object) -> str:
    """Say in words what a field holds."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Annotated:
        base = kind(args[0])
        pattern = next(
            (getattr(m, "pattern", None) for m in args[1:] if getattr(m, "pattern", None)), None
        )
        return "id: a-z, 0-9 and -" if pattern == ID_PATTERN else base
    if origin in (typing.Union, types.UnionType):
        named = [kind(a) for a in args if a is not type(None)]
        return " or ".join(named)
    if origin is typing.Literal:
        return "one of " + ", ".join(f"`{a}`" for a in args)
    if origin is list:
        return f"list of {kind(args[0])}"
    if origin is dict:
        return "mapping (name: value)"
    if annotation is Text:
        return "text in both languages `{en: …, mn: …}`"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return f"{annotation.__name__} (below)"
    return {int: "whole number", float: "number", str: "text", bool: "`true` or `false`"}.get(
        annotation, str(annotation)
    )


def table(model: type[BaseModel], skip: set[str] = frozenset()) -> str:
    """Return the fields of ``model`` as a Markdown table."""
    lines = ["| field | required | holds | meaning |", "|---|---|---|---|"]
    for name, info in model.model_fields.items():
        if name in skip:
            continue
        holds = kind(info.annotation)
        if any(getattr(m, "pattern", None) == ID_PATTERN for m in info.metadata):
            holds = "id: a-z, 0-9 and -"
        lines.append(f"| `{name}` | {_required(info)} | {holds} | {info.description or ''} |")
    return "\n".join(lines)


def _required(info: FieldInfo) -> str:
    return "yes" if info.is_required() else "no"


def field_reference() -> str:
    """Return the whole field reference as Markdown."""
    common = set(ExerciseBase.model_fields)
    out = ["### Fields of every exercise", "", table(ExerciseBase), ""]
    for name, model in TYPES.items():
        out += [
            f"### `type: {name}`",
            "",
            (model.__doc__ or "").strip(),
            "",
            table(model, skip=common),
            "",
        ]
    for part in PARTS:
        out += [f"### {part.__name__}", "", (part.__doc__ or "").strip(), "", table(part), ""]
    return "\n".join(out).rstrip() + "\n"


def guide_path() -> Path:
    """Return the trainer guide's path."""
    return project_root() / "exercises" / "README.md"


def rewrite(text: str) -> str:
    """Return the guide ``text`` with its field reference replaced by the current one."""
    return _between(text, START, END, field_reference())


LESSONS_START = "<!-- lessons:start (written by `make docs` from the notebooks; do not edit) -->"
LESSONS_END = "<!-- lessons:end -->"


def lesson_table() -> str:
    """Return the course's lessons with their time budgets, day by day, as Markdown."""
    from widgets.course import lessons

    rows = ["| day | lesson | minutes |", "|---|---|---|"]
    totals: dict[int, int] = {}
    for lesson in lessons():
        name = lesson.path.name
        rows.append(
            f"| {lesson.day} | [{lesson.title_en}](notebooks/{name}) · "
            f"{lesson.title_mn.split(' · ', 1)[-1]} | {lesson.minutes} |"
        )
        totals[lesson.day] = totals.get(lesson.day, 0) + lesson.minutes
    summary = ", ".join(
        f"day {day}: {minutes / 60:.1f} teaching hours" for day, minutes in sorted(totals.items())
    )
    return "\n".join(rows) + f"\n\n{summary}, plus breaks.\n"


def _between(text: str, start: str, end: str, body: str) -> str:
    if start not in text or end not in text:
        raise ValueError(f"the file lacks the markers {start!r} and {end!r}")
    head, rest = text.split(start, 1)
    _old, tail = rest.split(end, 1)
    return f"{head}{start}\n\n{body}\n{end}{tail}"


def readme_path() -> Path:
    """Return the project README's path."""
    return project_root() / "README.md"


def front_page_titles_path() -> Path:
    """Return the front page's lesson titles (a Jinja file of the ``osh`` Voila template)."""
    return project_root() / "share" / "jupyter" / "voila" / "templates" / "osh" / "lessons.j2"


def front_page_titles(_old: str = "") -> str:
    """Return the Jinja file that names each lesson notebook in Mongolian and in English.

    Voila's front page (``tree.html``) knows only file names: it imports these titles so
    that it lists the lessons in the page's language.
    """
    titles = {}
    for path in sorted((project_root() / "notebooks").glob("*.ipynb")):
        title = json.loads(path.read_text(encoding="utf-8"))["metadata"].get("title")
        if title:
            mn, _sep, en = title.partition(" / ")
            titles[path.name] = {"mn": mn.split(" · ", 1)[-1], "en": en or mn}
    return (
        "{#- Written by `make docs` from the notebooks' titles; do not edit. -#}\n"
        f"{{%- set titles = {json.dumps(titles, ensure_ascii=False, indent=1)} -%}}\n"
    )


def main(argv: list[str] | None = None) -> int:
    """Rewrite the guide (``--write``) or report whether it is up to date (``--check``)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the guide is stale")
    args = parser.parse_args(argv)
    stale = 0
    documents = (
        (guide_path(), rewrite),
        (readme_path(), rewrite_readme),
        (front_page_titles_path(), front_page_titles),
    )
    for path, fresh_of in documents:
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        fresh = fresh_of(text)
        if fresh == text:
            continue
        if args.check:
            print(f"{path}: out of date; run `make docs`")
            stale = 1
        else:
            path.write_text(fresh, encoding="utf-8")
            print(f"wrote {path}")
    return stale


def rewrite_readme(text: str) -> str:
    """Return the README ``text`` with its lesson table replaced by the current one."""
    return _between(text, LESSONS_START, LESSONS_END, lesson_table())


if __name__ == "__main__":
    sys.exit(main())
