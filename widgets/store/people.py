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
    """A participant, as the rest of the workbook sees them."""

    id: int
    class_code: str
    name: str
    enterprise: str
    role: str
