"""The register's reference data: ``data/register.yaml`` and ``data/checklists.yaml``.

Sectors, size bands, kinds of work area, team roles, upload limits and the checklist
statements are data a trainer can adapt without touching code; both files are checked by
``make validate``.
"""

from __future__ import annotations

from functools import cache

from pydantic import Field, model_validator

from widgets.content.models import FieldError, Id, Provenance, Strict, Text, load_model
from widgets.measures.model import hazard_categories
from widgets.paths import data_dir


class Choice(Strict):
    """One choice of a list (a sector, a size band, a kind of work area)."""

    id: Id
    label: Text


class Role(Choice):
    """A role in the assessment team; ``worker`` marks the roles that count as workers."""

    worker: bool


def _unique(field: str, ids: list[str]) -> None:
    seen: set[str] = set()
    for i, item in enumerate(ids):
        if item in seen:
            raise FieldError((field, i, "id"), f"id {item!r} is used twice")
        seen.add(item)


class RegisterSettings(Strict):
    """The register's choices and limits (``data/register.yaml``)."""

    schema_version: int = Field(ge=1, le=1)
    provenance: Provenance
    sectors: list[Choice] = Field(min_length=1)
    size_bands: list[Choice] = Field(min_length=1)
    area_kinds: list[Choice] = Field(min_length=1)
    roles: list[Role] = Field(min_length=2)
    photo_max_bytes: int = Field(gt=0, description="Largest photo accepted, in bytes.")
    photo_max_pixels: int = Field(gt=0, description="Largest photo accepted, in pixels.")
    photo_max_side: int = Field(gt=0, description="Longest side a photo is kept at, in pixels.")
    photos_per_assessment: int = Field(gt=0, description="Most photos in one assessment.")
    photo_bytes_per_assessment: int = Field(
        gt=0, description="Most bytes of photos (as kept) in one assessment."
    )
    override_reason_min_length: int = Field(ge=1, description="Shortest reason for an override.")
    default_due_days: int = Field(ge=0, description="Due days when a band names none.")
    review_window_days: int = Field(ge=1, description="How far ahead the review looks.")
    import_max_bytes: int = Field(gt=0, description="Largest hazard list imported, in bytes.")
    import_max_rows: int = Field(gt=0, description="Most rows of a hazard list imported.")
    import_max_unpacked_bytes: int = Field(
        gt=0, description="Largest .xlsx hazard list imported, unpacked, in bytes."
    )

    @model_validator(mode="after")
    def _coherent(self) -> RegisterSettings:
        for field in ("sectors", "size_bands", "area_kinds", "roles"):
            _unique(field, [c.id for c in getattr(self, field)])
        if not any(r.worker for r in self.roles):
            raise FieldError(("roles",), "at least one role must be a worker role")
        return self

    @staticmethod
    def ids(choices: list[Choice] | list[Role]) -> list[str]:
        """Return the ids of a list of choices."""
        return [c.id for c in choices]

    def role(self, role_id: str) -> Role:
        """Return one role.

        Raises
        ------
        KeyError
            When there is no such role.
        """
        for role in self.roles:
            if role.id == role_id:
                return role
        raise KeyError(role_id)


PROBLEM_MAX = 200
"""The longest problem text: a hazard's title (``widgets.register.model.Name``)."""


class Statement(Strict):
    """A checklist statement: how things should be; a "no" means a problem found.

    ``text`` is the positive statement the team answers; ``problem`` names the hazard a
    "no" creates (as OiRA does), and ``where`` and ``who`` suggest its location and who
    may be harmed, which the team can edit.
    """

    id: Id
    sectors: list[Id] = Field(description="Sectors it applies to; empty for every sector.")
    areas: list[Id] = Field(default=[], description="Kinds of work area; empty for any.")
    category: Id = Field(description="The hazard category (data/hazards.yaml).")
    text: Text
    problem: Text = Field(
        description="What a 'no' finds, in negative words: the title of its hazard."
    )
    where: Text | None = Field(
        default=None, description="Where the problem is usually found (the hazard's location)."
    )
    who: Text | None = Field(
        default=None, description="Who may be harmed, and how (the hazard's who)."
    )

    def applies(self, sector: str, area_kinds: set[str]) -> bool:
        """Whether the statement concerns an enterprise of ``sector`` with these areas.

        An enterprise that names no kind of area sees every area's statements.
        """
        in_sector = not self.sectors or sector in self.sectors
        in_area = not self.areas or not area_kinds or bool(area_kinds & set(self.areas))
        return in_sector and in_area


class Checklists(Strict):
    """The identification checklist (``data/checklists.yaml``)."""

    schema_version: int = Field(ge=1, le=1)
    provenance: Provenance
    statements: list[Statement] = Field(min_length=1)

    @model_validator(mode="after")
    def _coherent(self) -> Checklists:
        _unique("statements", [s.id for s in self.statements])
        known = {
            "sectors": settings().ids(settings().sectors),
            "areas": settings().ids(settings().area_kinds),
        }
        kinds = hazard_categories().ids()
        for i, statement in enumerate(self.statements):
            for lang in ("en", "mn"):
                if len(statement.problem.get(lang)) > PROBLEM_MAX:
                    raise FieldError(
                        ("statements", i, "problem", lang),
                        f"a problem is a hazard's title: at most {PROBLEM_MAX} characters",
                    )
            if statement.category not in kinds:
                raise FieldError(
                    ("statements", i, "category"),
                    f"{statement.category!r} is not a hazard category; "
                    f"expected one of {', '.join(kinds)}",
                )
            for field, allowed in known.items():
                for j, value in enumerate(getattr(statement, field)):
                    if value not in allowed:
                        raise FieldError(
                            ("statements", i, field, j),
                            f"{value!r} is not in data/register.yaml; "
                            f"expected one of {', '.join(allowed)}",
                        )
        return self

    def get(self, statement_id: str) -> Statement:
        """Return one statement.

        Raises
        ------
        KeyError
            When there is no such statement.
        """
        for statement in self.statements:
            if statement.id == statement_id:
                return statement
        raise KeyError(statement_id)

    def for_enterprise(self, sector: str, area_kinds: set[str]) -> list[Statement]:
        """Return the statements that apply to an enterprise, general ones first."""
        chosen = [s for s in self.statements if s.applies(sector, area_kinds)]
        return sorted(chosen, key=lambda s: bool(s.sectors))


@cache
def settings() -> RegisterSettings:
    """Return the register's settings (read once)."""
    return load_model(RegisterSettings, data_dir() / "register.yaml")


@cache
def checklists() -> Checklists:
    """Return the identification checklist (read once)."""
    return load_model(Checklists, data_dir() / "checklists.yaml")
