"""``make validate``: check method files (and, later, exercise files) and report every problem.

Each problem is printed as ``file:line: field: what is wrong``; the exit status is 1 when
any file has a problem, so the command can guard a commit or a CI run.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

from widgets.content.errors import ContentError, Problem, display_path
from widgets.paths import data_dir


def _check_method(path: Path) -> list[Problem]:
    from widgets.risk.model import MethodRegistry

    MethodRegistry.load_file(path)
    return []


CHECKS: dict[str, Callable[[Path], list[Problem]]] = {"methods": _check_method}
"""What each kind of file is checked with, by the name of the folder it lies in."""


def default_paths() -> list[Path]:
    """Return every content file of the workbook."""
    return sorted((data_dir() / "methods").glob("*.yaml"))


def check(paths: Iterable[Path]) -> tuple[int, list[Problem]]:
    """Check ``paths`` and return how many files were read and every problem found."""
    problems: list[Problem] = []
    count = 0
    for path in paths:
        count += 1
        kind = CHECKS.get(path.parent.name)
        if not path.is_file():
            problems.append(Problem(display_path(path), None, "", "no such file"))
        elif kind is None:
            known = ", ".join(f"{k}/" for k in CHECKS)
            problems.append(
                Problem(
                    display_path(path), None, "", f"is not in a folder the workbook reads ({known})"
                )
            )
        else:
            try:
                problems.extend(kind(path))
            except ContentError as exc:
                problems.extend(exc.problems)
    return count, problems


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
