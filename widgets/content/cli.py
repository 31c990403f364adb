"""``make validate``: check method, course and exercise files and report every problem.

Each problem is printed as ``file:line: field: what is wrong; what is expected``; the exit
status is 1 when any file has a problem, so the command can guard a commit or a CI run.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

from widgets.content.errors import ContentError, Problem, display_path
from widgets.paths import data_dir, project_root


def _check_method(path: Path) -> None:
    from widgets.risk.model import MethodRegistry

    MethodRegistry.load_file(path)


def _check_exercise(path: Path) -> None:
    from widgets.exercises.catalog import read_exercise

    read_exercise(path)


def _check_data(model_name: str) -> Callable[[Path], None]:
    def check(path: Path) -> None:
        from widgets.content.models import load_model
        from widgets.course import Course
        from widgets.hierarchy.model import Hierarchy
        from widgets.measures.model import HazardCategories, MeasuresLibrary
        from widgets.programme.settings import DemoWords, ProgrammeSettings
        from widgets.register.settings import Checklists, RegisterSettings

        models = {
            "course": Course,
            "hierarchy": Hierarchy,
            "hazards": HazardCategories,
            "measures": MeasuresLibrary,
            "register": RegisterSettings,
            "checklists": Checklists,
            "programme": ProgrammeSettings,
            "demo": DemoWords,
        }
        load_model(models[model_name], path)

    return check


DATA_FILES = (
    "course",
    "hierarchy",
    "hazards",
    "measures",
    "register",
    "checklists",
    "programme",
    "demo",
)


def checker(path: Path) -> Callable[[Path], None] | None:
    """Return how to check ``path`` (by where it lies), or None if the workbook never reads it."""
    resolved = path.resolve()
    if resolved.parent.name == "methods":
        return _check_method
    if resolved.parent == data_dir().resolve() and path.stem in DATA_FILES:
        return _check_data(path.stem)
    if "exercises" in resolved.parent.parts:
        return _check_exercise
    return None


def default_paths() -> list[Path]:
    """Return every content file of the workbook."""
    data = data_dir()
    return [
        *sorted((data / "methods").glob("*.yaml")),
        *(data / f"{name}.yaml" for name in DATA_FILES),
        *sorted((project_root() / "exercises").rglob("*.yaml")),
    ]


def check(paths: Iterable[Path]) -> tuple[int, list[Problem]]:
    """Check ``paths`` and return how many files were read and every problem found."""
    from widgets.exercises.catalog import duplicate_ids

    paths = list(paths)
    problems: list[Problem] = []
    for path in paths:
        kind = checker(path)
        if not path.is_file():
            problems.append(Problem(display_path(path), None, "", "no such file"))
        elif kind is None:
            problems.append(
                Problem(
                    display_path(path),
                    None,
                    "",
                    "is not a file the workbook reads (data/methods/, "
                    f"data/{{{','.join(DATA_FILES)}}}.yaml, exercises/)",
                )
            )
        else:
            try:
                kind(path)
            except ContentError as exc:
                problems.extend(exc.problems)
    problems += duplicate_ids([p for p in paths if checker(p) is _check_exercise])
    return len(paths), problems


def main(argv: list[str] | None = None) -> int:
    """Check the given files (all content files by default); return the exit status."""
    parser = argparse.ArgumentParser(prog="make validate", description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, help="files or folders to check")
    args = parser.parse_args(argv)
    paths: list[Path] = []
    for path in args.paths or default_paths():
        paths.extend(sorted(path.rglob("*.yaml")) if path.is_dir() else [path])
    count, problems = check(paths)
    for problem in problems:
        print(problem)
    files = len({p.file for p in problems})
    if problems:
        print(f"{count} file(s) checked: {len(problems)} problem(s) in {files} file(s)")
        return 1
    print(f"{count} file(s) checked: no problems")
    return 0


def run() -> None:
    """Console entry point: exit with :func:`main`'s status."""
    sys.exit(main())


if __name__ == "__main__":
    run()
