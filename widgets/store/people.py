"""Who the store knows, and how it refuses: light types the views import at page load.

Kept apart from :mod:`widgets.store.service` so that a participant's page can show the
join form before SQLAlchemy is loaded (a kernel holds less memory until someone joins).
"""

from __future__ import annotations

from dataclasses import dataclass

ROLES = ("manager", "worker", "other")


class StoreError(ValueError):
    """A request the store refuses; ``kind`` says which rule (for a translated message)."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True)
class Person:
    """A participant, as the rest of the workbook sees them.

    ``enterprise`` is the name of their enterprise record (``enterprise_id``), which decides
    whose assessments they may open; ``None`` only for people kept from before records.
    """

    id: int
    class_code: str
    name: str
    enterprise: str
    role: str
    enterprise_id: int | None = None


def enterprise_key(name: str) -> str:
    """Return an enterprise's name as compared: spaces collapsed, case folded.

    "Нарлаг  цэцэрлэг" and "нарлаг цэцэрлэг" are one enterprise record of a class: a name
    typed at join that matches a record's key joins that record instead of making another.
    """
    return " ".join(str(name).split()).casefold()
