"""Problems found in content files, each located by file, line and field."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a content file.

    Parameters
    ----------
    file
        The file, as the trainer would name it (relative to the project when possible).
    line
        1-based line of the offending field, or ``None`` when the file as a whole is at fault.
    field
        Dotted path of the field (``bands[2].colour``), or ``""`` for the whole file.
    message
        What is wrong and what is expected.
    """

    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


class ContentError(ValueError):
    """A content file cannot be used; carries every problem found in it."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def display_path(path: Path) -> str:
    """Return ``path`` relative to the working directory when it lies below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
