"""What the printable report says, already in its language: the outline Word and PDF share.

The cover (profile and team), the summary matrix, the action plan by priority with each
hazard's facts, measures and photos, the "still to do" list, the trainer's notes and the
worker consultation sign-off (:func:`outline`), so the Word and PDF reports say the same.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from widgets.hierarchy.model import hierarchy
from widgets.i18n import translator
from widgets.register.messages import todo_text
from widgets.register.model import Assessment, Hazard, Measure, Rating
from widgets.register.reports.common import (
    _category,
    _day,
    _lang,
    _money,
    _rating_text,
    _status,
    workbook_version,
)
from widgets.register.settings import settings


@dataclass
class HazardSection:
    """One hazard as a report shows it."""

    title: str
    facts: list[tuple[str, str]]
    colour: str | None
    text_colour: str | None
    measures: list[list[str]]
    photos: list[tuple[bytes, str]]
    comments: list[str]


@dataclass
class Cell:
    """One cell of a summary table: its text, and its band's colours if it has a band."""

    text: str
    colour: str | None = None
    text_colour: str | None = None


@dataclass
class Summary:
    """How many hazards fall in each cell of the method's matrix and in each band.

    Each count is "before measures / with measures done" (the residual rating of a hazard
    whose measure is done, else its rating). ``grid`` is empty for a method that is not a
    two-factor matrix; ``bands`` (highest first, then the unrated) is always there.
    """

    heading: str
    explanation: str
    grid_header: list[str]
    grid: list[list[Cell]]
    band_header: list[str]
    bands: list[list[Cell]]


@dataclass
class PriorityGroup:
    """The hazards of one band in the action plan (highest band first)."""

    heading: str
    requires: str
    colour: str | None
    text_colour: str | None
    hazards: list[HazardSection] = field(default_factory=list)


@dataclass
class Outline:
    """What the Word and PDF reports say, already in the report's language."""

    title: str
    subtitle: str
    profile: list[tuple[str, str]]
    team_header: list[str]
    team: list[list[str]]
    summary: Summary
    hazards_heading: str
    measure_header: list[str]
    groups: list[PriorityGroup] = field(default_factory=list)
    todo_heading: str = ""
    todo: list[str] = field(default_factory=list)
    notes_heading: str = ""
    notes: list[str] = field(default_factory=list)
    signoff_heading: str = ""
    signoff_text: str = ""
    signoff_header: list[str] = field(default_factory=list)
    signoff: list[str] = field(default_factory=list)
    footer: str = ""


def outline(assessment: Assessment, lang: str | None = None, today: date | None = None) -> Outline:
    """Return what the printable report says, in ``lang`` (the profile's by default).

    ``today`` is the date printed on the cover (today's by default).
    """
    lang = _lang(assessment, lang)
    _ = translator(lang)
    profile, config = assessment.profile, settings()
    labels = {c.id: c.label.get(lang) for c in [*config.sectors, *config.size_bands]}
    kinds = {c.id: c.label.get(lang) for c in config.area_kinds}
    method = assessment.method
    areas = ", ".join(f"{a.name} ({kinds[a.kind]})" if a.kind else a.name for a in profile.areas)
    result = Outline(
        title=_("Risk assessment"),
        subtitle=f"{profile.enterprise} — {assessment.year}",
        profile=[
            (_("Enterprise"), profile.enterprise),
            (_("Sector"), labels[profile.sector]),
            (_("Size"), labels[profile.size]),
            (_("Work areas"), areas or "—"),
            (_("Evaluation method"), method.name.get(lang)),
            (_("Year"), str(assessment.year)),
            (_("Date of the assessment"), _day(assessment.created_at.date(), lang)),
            (_("Date printed"), _day(today or date.today(), lang)),
        ],
        team_header=[_("Name"), _("Role")],
        team=[[m.name, config.role(m.role).label.get(lang)] for m in profile.team],
        summary=_summary(assessment, lang, _),
        hazards_heading=_("Action plan by priority"),
        measure_header=[
            _("Measure"),
            _("Level of control"),
            _("Responsible"),
            _("Budget"),
            _("Due"),
            _("Status"),
        ],
    )
    seen: list[Hazard] = []
    for hazard, _measure in assessment.action_plan():
        if hazard not in seen:
            seen.append(hazard)
    for number, hazard in enumerate(seen, 1):
        band = hazard.rating.band_info if hazard.rating else None
        label = band.label.get(lang) if band else _("not rated yet")
        if not result.groups or result.groups[-1].heading != _("Priority: {band}").format(
            band=label
        ):
            result.groups.append(
                PriorityGroup(
                    heading=_("Priority: {band}").format(band=label),
                    requires=(
                        band.requires.get(lang)
                        + " "
                        + _("Deadline: {deadline}.").format(
                            deadline=band.deadline.get(lang).rstrip(" .")
                        )
                        if band
                        else _("Rate these hazards to know how urgent they are.")
                    ),
                    colour=band.colour if band else None,
                    text_colour=band.text_colour if band else None,
                )
            )
        result.groups[-1].hazards.append(_section(number, hazard, lang, _))
    result.todo_heading = _("Still to do")
    result.todo = [todo_text(n, lang) for n in assessment.notices()]
    result.notes_heading = _("Trainer's visit notes")
    result.notes = [f"{_day(n.at.date(), lang)} {n.by}: {n.text}" for n in assessment.visit_notes]
    result.signoff_heading = _("Worker consultation")
    result.signoff_text = _(
        "The employer and the workers' representative confirm that workers were consulted "
        "on this assessment and its action plan."
    )
    result.signoff_header = [_("Name"), _("Signature")]
    result.signoff = [_("Employer"), _("Worker representative"), _("Date")]
    result.footer = _("OSH Workbook {version} · method: {method}").format(
        version=workbook_version(), method=method.name.get(lang)
    )
    return result


def _summary(assessment: Assessment, lang: str, _: Callable[[str], str]) -> Summary:
    method = assessment.method
    before = [h.rating for h in assessment.hazards]
    after = [h.current for h in assessment.hazards]

    def count(ratings: list[Rating | None], test: Callable[[Rating], bool]) -> int:
        return sum(1 for r in ratings if r is not None and test(r))

    grid_header: list[str] = []
    grid: list[list[Cell]] = []
    if method.is_matrix and method.score == "product":
        rows, columns = method.factors
        grid_header = [f"{rows.label.get(lang)} ↓ / {columns.label.get(lang)} →"]
        grid_header += [f"{c.value:g} {c.label.get(lang)}" for c in columns.values]
        for r in reversed(rows.values):
            line = [Cell(f"{r.value:g} {r.label.get(lang)}")]
            for c in columns.values:
                band = method.evaluate(**{rows.id: r.value, columns.id: c.value}).band

                def here(rating: Rating, r=r, c=c) -> bool:
                    return rating.method == method.id and (
                        rating.factors.get(rows.id),
                        rating.factors.get(columns.id),
                    ) == (r.value, c.value)

                text = f"{band.label.get(lang)}\n{count(before, here)} / {count(after, here)}"
                line.append(Cell(text, band.colour, band.text_colour))
            grid.append(line)
    bands = []
    for band in reversed(method.bands):

        def inside(rating: Rating, band=band) -> bool:
            return rating.method == method.id and rating.band == band.id

        bands.append(
            [
                Cell(band.label.get(lang), band.colour, band.text_colour),
                Cell(str(count(before, inside))),
                Cell(str(count(after, inside))),
            ]
        )
    unrated = sum(1 for r in before if r is None)
    bands.append([Cell(_("not rated yet")), Cell(str(unrated)), Cell(str(unrated))])
    return Summary(
        heading=_("Summary of the risks"),
        explanation=_(
            "Number of hazards in each cell: before measures / with the measures done so far."
        ),
        grid_header=grid_header,
        grid=grid,
        band_header=[_("Risk"), _("Before measures"), _("With measures done")],
        bands=bands,
    )


def _section(number: int, hazard: Hazard, lang: str, _: Callable[[str], str]) -> HazardSection:
    facts = [
        (_("Risk"), _rating_text(hazard.rating, lang, _)),
        (_("Category"), _category(hazard.category, lang)),
        (_("Location"), hazard.location or "—"),
        (_("Who might be harmed and how"), hazard.who or "—"),
        (_("Existing controls"), hazard.existing or "—"),
    ]
    if hazard.residual:
        facts.append((_("Residual risk"), _rating_text(hazard.residual, lang, _)))
    band = hazard.rating.band_info if hazard.rating else None
    measures: list[Measure] = hazard.measures
    return HazardSection(
        title=f"{number}. {hazard.title}",
        facts=facts,
        colour=band.colour if band else None,
        text_colour=band.text_colour if band else None,
        measures=[
            [
                m.text,
                hierarchy().level(m.level).label.get(lang),
                m.responsible,
                _money(m.budget),
                _day(m.due, lang),
                _status(m.status, _),
            ]
            for m in measures
        ],
        photos=[
            (
                p.data,
                " — ".join(
                    t
                    for t in (
                        _("Before") if p.kind == "before" else _("After"),
                        m.text,
                        p.caption,
                    )
                    if t
                ),
            )
            for m in measures
            for p in m.photos
        ],
        comments=[f"{_day(c.at.date(), lang)} {c.by}: {c.text}" for c in hazard.comments],
    )
