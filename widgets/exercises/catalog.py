"""Finding exercise files and checking what they refer to (methods, levels, pictures)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from widgets.content.errors import ContentError, Problem, display_path
from widgets.content.images import sniff
from widgets.content.yamlio import dotted, load_yaml
from widgets.course import course
from widgets.exercises.schema import (
    IMAGE_SUFFIXES,
    MAX_IMAGE_BYTES,
    ControlSorting,
    Exercise,
    RiskRating,
    parse_exercise,
)
from widgets.hierarchy.model import hierarchy
from widgets.measures.model import hazard_categories
from widgets.paths import project_root
from widgets.risk.model import RatingError, UnknownMethodError, get_method

log = logging.getLogger(__name__)


def exercises_dir() -> Path:
    """Return the folder of exercise files."""
    return project_root() / "exercises"


def exercise_files(folder: Path | None = None) -> list[Path]:
    """Return every exercise file below ``folder`` (default: the workbook's), sorted."""
    return sorted((folder or exercises_dir()).rglob("*.yaml"))


def read_exercise(path: Path) -> Exercise:
    """Read one exercise file and check it and everything it refers to.

    Raises
    ------
    ContentError
        With every problem, each naming file, line and field.
    """
    data, locate = load_yaml(path)
    name = display_path(path)
    exercise = parse_exercise(data, name, locate)
    problems = []
    if exercise.id != path.stem:
        problems.append(
            Problem(
                name,
                locate(("id",)),
                "id",
                f"{exercise.id!r} must match the file name {path.stem!r}",
            )
        )
    problems += _check_references(exercise, path, name, locate)
    if problems:
        raise ContentError(problems)
    return exercise


def picture_file(folder: Path, relative: str, lang: str) -> Path:
    """Return the picture ``relative`` to ``folder`` drawn for ``lang``, if there is one.

    A picture with words in it comes once per language: ``images/plan.png`` and beside it
    ``images/plan.mn.png``. Without a file for ``lang`` the named file is the picture.
    """
    named = folder / relative
    drawn = named.with_name(f"{named.stem}.{lang}{named.suffix}")
    return drawn if drawn.is_file() else named


def _check_references(exercise: Exercise, path: Path, name: str, locate: Callable) -> list[Problem]:
    problems: list[Problem] = []

    def report(loc: tuple, message: str) -> None:
        problems.append(Problem(name, locate(loc), dotted(loc), message))

    pictures = [
        (loc, image, picture_file(path.parent, image.path, lang))
        for loc, image in exercise.images()
        for lang in ("en", "mn")
    ]
    for loc, image, file in dict.fromkeys(pictures):
        if file.suffix.lower() not in IMAGE_SUFFIXES:
            report(
                (*loc, "path"),
                f"{image.path!r} is not a picture; expected a {', '.join(IMAGE_SUFFIXES)} file",
            )
        elif not file.is_file():
            report((*loc, "path"), f"{image.path!r} does not exist next to the exercise file")
        elif file.stat().st_size > MAX_IMAGE_BYTES:
            report((*loc, "path"), f"{image.path!r} is larger than 2 MiB; make it smaller")
        elif sniff(file.read_bytes()[:16]) is None:
            report((*loc, "path"), f"{image.path!r} is not a real PNG, JPEG or WebP image")

    levels = hierarchy().ids()
    if isinstance(exercise, RiskRating | ControlSorting):
        method_id = exercise.method or course().default_method
        try:
            method = get_method(method_id)
        except UnknownMethodError as exc:
            report(("method",), str(exc))
            return problems
    if isinstance(exercise, RiskRating):
        for i, item in enumerate(exercise.items):
            ranks = {}
            for key in ("inherent", "residual"):
                try:
                    ranks[key] = method.evaluate(**getattr(item, key)).rank
                except RatingError as exc:
                    report(("items", i, key), str(exc))
            if len(ranks) == 2 and ranks["residual"] > ranks["inherent"]:
                report(
                    ("items", i, "residual"),
                    "the residual risk is in a higher band than "
                    "the inherent risk; controls should lower it",
                )
            if item.category and item.category not in hazard_categories().ids():
                report(
                    ("items", i, "category"),
                    f"{item.category!r} is not a hazard category; "
                    f"expected one of {', '.join(hazard_categories().ids())}",
                )
            for j, control in enumerate(item.controls):
                if control.level not in levels:
                    report(
                        ("items", i, "controls", j, "level"),
                        f"{control.level!r} is not a "
                        f"level of the hierarchy; expected one of {', '.join(levels)}",
                    )
    if isinstance(exercise, ControlSorting):
        if exercise.risk_band not in [b.id for b in method.bands]:
            report(
                ("risk_band",),
                f"{exercise.risk_band!r} is not a band of {method.id}; "
                f"expected one of {', '.join(b.id for b in method.bands)}",
            )
        for i, measure in enumerate(exercise.items):
            if measure.level not in levels:
                report(
                    ("items", i, "level"),
                    f"{measure.level!r} is not a level of the "
                    f"hierarchy; expected one of {', '.join(levels)}",
                )
    return problems


def duplicate_ids(paths: list[Path]) -> list[Problem]:
    """Report every exercise file whose name (its id) is already used by another file."""
    first: dict[str, Path] = {}
    problems = []
    for path in paths:
        if path.stem in first:
            problems.append(
                Problem(
                    display_path(path),
                    1,
                    "id",
                    f"{path.stem!r} is also the "
                    f"id of {display_path(first[path.stem])}; ids must be "
                    "unique",
                )
            )
        else:
            first[path.stem] = path
    return problems


class ExerciseUnavailableError(LookupError):
    """An exercise cannot be shown: no file has its id, or its file has problems."""

    def __init__(self, exercise_id: str, problems: list[Problem]):
        self.exercise_id = exercise_id
        self.problems = problems
        details = "; ".join(str(p) for p in problems)
        super().__init__(f"exercise {exercise_id!r} cannot be used: {details}")


def find_exercise_file(exercise_id: str, folder: Path | None = None) -> Path:
    """Return the file of the exercise called ``exercise_id``.

    Raises
    ------
    ExerciseUnavailableError
        When no file has that name, or two files do.
    """
    folder = folder or exercises_dir()
    matches = sorted(folder.rglob(f"{exercise_id}.yaml")) if exercise_id else []
    if not matches:
        problem = Problem(display_path(folder), None, "", f"no file {exercise_id}.yaml")
        raise ExerciseUnavailableError(exercise_id, [problem])
    if len(matches) > 1:
        raise ExerciseUnavailableError(exercise_id, duplicate_ids(matches))
    return matches[0]


def find_exercise(exercise_id: str, folder: Path | None = None) -> Exercise:
    """Find and read the exercise called ``exercise_id``.

    Raises
    ------
    ExerciseUnavailableError
        When there is no such file, two files share the id, or the file has problems.
    """
    path = find_exercise_file(exercise_id, folder)
    try:
        return read_exercise(path)
    except ContentError as exc:
        raise ExerciseUnavailableError(exercise_id, exc.problems) from None
