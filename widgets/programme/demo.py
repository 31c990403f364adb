"""A synthetic programme for the trainer's data notebooks: classes, answers, assessments.

``make demo-data`` (``python -m widgets.programme.demo``) fills a store with a made-up
programme shaped like a real one: by default one class of 30 participants from 25
enterprises, who did the course's exercises and then, over six consulting weeks, their own
risk assessments, more than half of them complete. Everything is marked synthetic: each
class is flagged in the store (and its name says so), every enterprise's name ends in
``(demo NN)``, and every chart built from it says so.

The same seed always gives the same programme, to the byte: ids, names, dates and answers
come from seeded generators and fixed dates, never from the clock, so the data notebooks'
committed outputs can be compared. Each enterprise has its own generator (seeded with the
seed and its number), so enterprise 7 is the same whether 25 or 10,000 are made.

Assessments are written as the register's JSON form. Every assessment of a programme of up
to :data:`VALIDATE_ALL` enterprises is first read back through the register's model
(:class:`~widgets.register.model.Assessment`), which checks every field and rating; larger
programmes (the scale benchmark) check one in :data:`VALIDATE_EVERY`.
"""

from __future__ import annotations

import argparse
import io
import math
import random
import sys
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cache
from typing import Any

from widgets.programme.settings import demo_words

VALIDATE_ALL = 200
"""Up to this many enterprises, every generated assessment is checked by the model."""
VALIDATE_EVERY = 97
"""Beyond :data:`VALIDATE_ALL`, one assessment in this many is checked."""
START = date(2026, 10, 5)
"""The first classroom day of the demo programme (a Monday)."""
WEEKS = 6
"""Consulting weeks after the two classroom days."""
CLASS_SIZE = 25
"""Enterprises per demo class (a class of the programme this workbook follows)."""
UTC_OFFSET = timedelta(hours=8)  # Ulaanbaatar: a 09:00 class starts at 01:00 UTC
LEVEL_WEIGHTS = {
    "elimination": 1,
    "substitution": 1,
    "engineering": 3,
    "administrative": 4,
    "ppe": 2,
}
BUDGETS = {"none": (0, 0), "low": (20_000, 150_000), "medium": (300_000, 900_000)}
BUDGETS["high"] = (1_500_000, 5_000_000)
OVERRIDE_REASON = {
    "mn": "Ажилчид өдөр бүр үүнтэй тулгардаг тул эрсдэлийг өндөрт тооцов",
    "en": "Workers face this every day, so the team rated it one band higher",
}
WHO = {
    "mn": "Ажилчид, зочид; гэмтэж бэртэх",
    "en": "Workers and visitors: injuries",
}


@dataclass(frozen=True)
class DemoOptions:
    """What to generate.

    Attributes
    ----------
    enterprises
        How many enterprises (25 a class).
    participants
        How many participants in all; ``None`` gives 30 for every 25 enterprises.
    hazards
        Hazards in every assessment; ``None`` lets each enterprise find its own number.
    seed
        The same seed gives the same programme.
    photos
        Whether done measures get small before-and-after pictures.
    every_enterprise
        Whether every enterprise has started an assessment (the scale benchmark's
        "N enterprises with 40 hazards each"); otherwise a few have not started.
    """

    enterprises: int = 25
    participants: int | None = None
    hazards: int | None = None
    seed: int = 2026
    photos: bool = True
    every_enterprise: bool = False

    def __post_init__(self):
        if not 1 <= self.enterprises <= 100_000:
            raise ValueError(f"enterprises: {self.enterprises} is not between 1 and 100000")
        if self.participants is not None and not 0 <= self.participants <= 200_000:
            raise ValueError(f"participants: {self.participants} is not between 0 and 200000")
        if self.hazards is not None and not 1 <= self.hazards <= 500:
            raise ValueError(f"hazards: {self.hazards} is not between 1 and 500")

    @property
    def people(self) -> int:
        """How many participants to make."""
        if self.participants is not None:
            return self.participants
        return round(self.enterprises * 30 / 25)


@dataclass
class DemoSummary:
    """What a run made, and how long it took."""

    classes: int = 0
    participants: int = 0
    answers: int = 0
    assessments: int = 0
    hazards: int = 0
    measures: int = 0
    photos: int = 0
    validated: int = 0
    seconds: float = 0.0


# -- dates -------------------------------------------------------------------------------------
def class_dates(index: int) -> tuple[date, date]:
    """Return the first classroom day and the last consulting day of demo class ``index``."""
    return START, START + timedelta(days=1 + 7 * WEEKS)


def at(day: date, hour: float = 9.0) -> datetime:
    """Return the UTC time of ``hour`` o'clock on ``day`` in Ulaanbaatar."""
    local = datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(hours=hour)
    return local - UTC_OFFSET


def iso(moment: datetime) -> str:
    """Return a UTC time as the register's JSON writes it."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def class_code_of(index: int, classes: int) -> str:
    """Return the code of demo class ``index`` of ``classes``."""
    return f"DEMO-{START.year}" if classes == 1 else f"DEMO-{index + 1:04d}"


# -- ratings -----------------------------------------------------------------------------------
@cache
def _rating(method_id: str, factors: tuple, band: str | None, lang: str) -> dict[str, Any]:
    from widgets.register.model import rate

    reason = OVERRIDE_REASON[lang] if band else None
    return rate(method_id, dict(factors), band, reason).model_dump(mode="json")


@cache
def _method(method_id: str):
    from widgets.risk import get_method

    return get_method(method_id)


def _pick_factors(rng: random.Random, method_id: str, severe: bool) -> tuple:
    """Choose factor values of a method, a little higher for ``severe`` hazards."""
    method = _method(method_id)
    if method.score != "product":
        bands = [b.id for b in method.bands]
        weights = [1, 3, 2] if len(bands) == 3 else [1] * len(bands)
        return (("band", rng.choices(bands, weights=weights[: len(bands)])[0]),)
    chosen = []
    for n, factor in enumerate(method.factors):
        values = [v.value for v in factor.values]
        top = len(values) - 1
        centre = top * (0.62 if severe and n == len(method.factors) - 1 else 0.5)
        index = min(top, max(0, round(rng.triangular(0, top, centre))))
        chosen.append((factor.id, values[index]))
    return tuple(chosen)


def _lower(method_id: str, factors: tuple, level: str) -> tuple:
    """Return the factors after a measure of ``level`` (a stronger level lowers them more)."""
    method = _method(method_id)
    if method.score != "product":
        bands = [b.id for b in method.bands]
        steps = 2 if level in ("elimination", "substitution", "engineering") else 1
        return (("band", bands[max(0, bands.index(factors[0][1]) - steps)]),)
    steps = {"elimination": 4, "substitution": 2, "engineering": 2, "administrative": 1, "ppe": 1}
    # Elimination and engineering make harm less likely; substitution and PPE less severe.
    which = {"substitution": -1, "ppe": -1}.get(level, 0)
    out = []
    for n, (factor_id, value) in enumerate(factors):
        values = [v.value for v in method.factors[n].values]
        index = values.index(value)
        if level == "elimination" or n == (which % len(factors)):
            index = max(0, index - steps[level])
        out.append((factor_id, values[index]))
    return tuple(out)


# -- pictures ----------------------------------------------------------------------------------
@cache
def _picture(kind: str) -> bytes:
    """Return a small PNG: grey for "before", green for "after" (a stand-in for a photo)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (96, 64), (150, 150, 150) if kind == "before" else (70, 150, 90))
    ImageDraw.Draw(image).rectangle((8, 8, 88, 56), outline=(255, 255, 255), width=3)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


# -- one enterprise ----------------------------------------------------------------------------
@dataclass
class Enterprise:
    """A made-up enterprise of the demo and what became of its assessment."""

    number: int
    name: str
    sector: str
    size: str
    areas: list[str]
    outcome: str
    class_index: int
    people: list[tuple[str, str]]


def _hex(rng: random.Random, digits: int) -> str:
    return f"{rng.getrandbits(4 * digits):0{digits}x}"


def make_enterprises(options: DemoOptions) -> list[Enterprise]:
    """Return the programme's enterprises, each with its sector, outcome and people."""
    words = demo_words()
    width = max(2, len(str(options.enterprises)))
    sectors = list(words.sectors)
    outcomes = list(words.outcomes)
    found = []
    for n in range(options.enterprises):
        rng = random.Random(f"{options.seed}-enterprise-{n}")
        sector = rng.choices(sectors, weights=[words.sectors[s].weight for s in sectors])[0]
        size = rng.choices(list(words.sizes), weights=list(words.sizes.values()))[0]
        kinds = words.sectors[sector].areas
        areas = kinds[:2] + [k for k in kinds[2:] if rng.random() < 0.5]
        name = (
            f"{rng.choice(words.name_words)} {words.sector_words[sector]} "
            f"({words.mark} {n + 1:0{width}d})"
        )
        outcome = rng.choices(outcomes, weights=[words.outcomes[o] for o in outcomes])[0]
        if options.every_enterprise and outcome == "not-started":
            outcome = "started"
        found.append(Enterprise(n + 1, name, sector, size, areas, outcome, n // CLASS_SIZE, []))
    # Participants: one from each enterprise of a class, then a second from some.
    rng = random.Random(f"{options.seed}-people")
    order = list(range(options.enterprises))
    for k in range(options.people):
        if k < options.enterprises:
            enterprise = found[order[k]]
        else:
            enterprise = found[rng.randrange(options.enterprises)]
        first = not enterprise.people
        role = (
            "manager" if first and rng.random() < 0.6 else rng.choice(["worker", "worker", "other"])
        )
        name = f"{rng.choice(words.given_names)} {chr(0x410 + rng.randrange(32))}."
        enterprise.people.append((name, role))
    return found


def _label(choices, choice_id: str, lang: str) -> str:
    return next(c.label.get(lang) for c in choices if c.id == choice_id)


def make_assessment(enterprise: Enterprise, options: DemoOptions, method_id: str) -> dict:
    """Return the register's JSON form of one enterprise's assessment (photos as bytes)."""
    from widgets.measures.model import library
    from widgets.register.settings import checklists, settings

    words = demo_words()
    register = settings()
    rng = random.Random(f"{options.seed}-assessment-{enterprise.number}")
    lang = "en" if rng.random() < 0.15 else "mn"
    first_day, last_day = class_dates(enterprise.class_index)
    consulting = first_day + timedelta(days=2)
    complete = enterprise.outcome in ("complete", "reviewed")

    team = [{"name": name, "role": role} for name, role in enterprise.people]
    roles = [r.id for r in register.roles]
    while len(team) < 2 + rng.randrange(3):
        team.append({"name": f"{rng.choice(words.given_names)} (demo)", "role": rng.choice(roles)})
    workers = {r.id for r in register.roles if r.worker}
    if complete and not any(m["role"] in workers for m in team):
        team[-1] = {**team[-1], "role": "worker"}
    elif not complete and rng.random() < 0.4:
        team = [m if m["role"] not in workers else {**m, "role": "manager"} for m in team]
    areas = [
        {"name": _label(register.area_kinds, kind, lang), "kind": kind} for kind in enterprise.areas
    ]
    profile = {
        "enterprise": enterprise.name,
        "sector": enterprise.sector,
        "size": enterprise.size,
        "areas": areas,
        "team": team,
        "method": method_id,
        "language": lang,
    }
    # Teams start within the first two consulting weeks; the trainer visits after that.
    created = at(consulting + timedelta(days=rng.randrange(12)), 10 + rng.random() * 6)
    statements = checklists().for_enterprise(enterprise.sector, set(enterprise.areas))
    share_answered = 1.0 if complete else rng.uniform(0.3, 0.9)

    # Which statements are "no" (a hazard), and how many hazards the team adds itself.
    if options.hazards is None:
        nos = [s for s in statements if rng.random() < 0.3]
        own_count = rng.randrange(4)
    else:
        nos = rng.sample(statements, min(options.hazards, round(0.45 * len(statements))))
        own_count = options.hazards - len(nos)
    answers: dict[str, str] = {}
    for statement in statements:
        if statement in nos:
            answers[statement.id] = "no"
        elif rng.random() < share_answered:
            answers[statement.id] = "yes" if rng.random() < 0.85 else "not-applicable"
        elif rng.random() < 0.5:
            answers[statement.id] = "later"

    own = words.own_hazards.get("all", []) + words.own_hazards.get(enterprise.sector, [])
    # A "no" is named by its problem, as the register names it (never the good practice).
    hazard_seeds = [(s.problem.get(lang), s.category, s.id) for s in nos]
    for k in range(own_count):
        choice = own[k % len(own)]
        text = choice.text.get(lang)
        if k >= len(own):
            text = f"{text} ({areas[k % len(areas)]['name']})"
        hazard_seeds.append((text[:200], choice.category, None))

    by_category: dict[str, list] = {}
    for m in library().measures:
        for category in m.hazards:
            by_category.setdefault(category, []).append(m)
    method = _method(method_id)
    bands = {b.id: b for b in method.bands}
    history = [
        {
            "at": iso(created),
            "by": team[0]["name"],
            "action": "created",
            "params": {"enterprise": enterprise.name},
        }
    ]
    share_rated = 1.0 if complete else rng.uniform(0.2, 1.0)
    begun = (created + UTC_OFFSET).date()
    done_chance = {"reviewed": 0.6, "complete": 0.45}.get(enterprise.outcome, 0.2)
    hazards = []
    for title, category, statement in hazard_seeds:
        hazard: dict[str, Any] = {
            "id": _hex(rng, 16),
            "title": title,
            "category": category,
            "location": areas[rng.randrange(len(areas))]["name"] if statement is None else "",
            "who": WHO[lang] if rng.random() < 0.7 else "",
            "existing": "",
            "statement": statement,
            "rating": None,
            "measures": [],
            "comments": [],
        }
        if statement is not None:  # the checklist's suggestions, as the register fills them
            found = checklists().get(statement)
            hazard["location"] = found.where.get(lang) if found.where else ""
            if hazard["who"] and found.who:
                hazard["who"] = found.who.get(lang)
        hazards.append(hazard)
        if rng.random() >= share_rated:
            continue
        severe = category in ("electrical", "fire-explosion", "mechanical")
        factors = _pick_factors(rng, method_id, severe)
        computed = _rating(method_id, factors, None, lang)
        override = None
        ids = list(bands)
        if rng.random() < 0.03 and computed["band"] != ids[-1]:
            override = ids[ids.index(computed["band"]) + 1]
        hazard["rating"] = _rating(method_id, factors, override, lang) if override else computed
        rank = ids.index(hazard["rating"]["band"])
        wanted = 0
        if rank > 0 or rng.random() < 0.2:
            wanted = rng.choices([1, 2, 3], weights=[6, 3, 1])[0]
            if not complete and rng.random() < 0.35:
                wanted = 0
        for _m in range(wanted):
            measure = _measure(rng, complete, lang, team, category, by_category, bands, hazard)
            _progress(
                rng, measure, method_id, factors, done_chance, begun, last_day, lang, complete
            )
            if measure["status"] == "done":
                history.append(
                    {
                        "at": iso(at(date.fromisoformat(measure["done_on"]), 16)),
                        "by": measure["responsible"] or team[0]["name"],
                        "action": "status",
                        "params": {
                            "measure": measure["text"],
                            "status": "done",
                            "method": method_id,
                            "residual": measure["residual"]["band"],
                        },
                    }
                )
                if options.photos and rng.random() < 0.4:
                    measure["photos"] = [
                        _photo(rng, kind, measure, team, lang) for kind in ("before", "after")
                    ]
            hazard["measures"].append(measure)

    visit_notes = []
    visits = {"reviewed": 3, "complete": 2, "started": 1}.get(enterprise.outcome, 0)
    for v in range(rng.randrange(visits + 1) if enterprise.outcome == "started" else visits):
        note = words.visit_notes[v % len(words.visit_notes)]
        day = min(last_day, begun + timedelta(days=5 + 7 * v + rng.randrange(3)))
        moment = at(day, 11)
        visit_notes.append(
            {"id": _hex(rng, 16), "at": iso(moment), "by": words.trainer, "text": note.get(lang)}
        )
        history.append(
            {"at": iso(moment), "by": words.trainer, "action": "visit-note", "params": {}}
        )
    if visit_notes:
        for hazard in hazards:
            if rng.random() < 0.1:
                comment = words.comments[rng.randrange(len(words.comments))]
                first_visit = datetime.fromisoformat(visit_notes[0]["at"].replace("Z", "+00:00"))
                moment = first_visit + timedelta(hours=1)
                hazard["comments"].append(
                    {
                        "id": _hex(rng, 16),
                        "at": iso(moment),
                        "by": words.trainer,
                        "text": comment.get(lang),
                    }
                )
    reviewed_at = None
    if enterprise.outcome == "reviewed":
        reviewed_at = at(last_day - timedelta(days=rng.randrange(8)), 15)
        history.append(
            {
                "at": iso(reviewed_at),
                "by": words.trainer,
                "action": "reviewed",
                "params": {},
            }
        )
    history.sort(key=lambda change: change["at"])
    return {
        "format": "osh-workbook-assessment",
        "version": 1,
        "id": _hex(rng, 32),
        "year": first_day.year,
        "profile": profile,
        "answers": answers,
        "hazards": hazards,
        "visit_notes": visit_notes,
        "reviewed_by": words.trainer if reviewed_at else None,
        "reviewed_at": iso(reviewed_at) if reviewed_at else None,
        "previous": None,
        "created_at": iso(created),
        "history": history,
        "revision": 1,
    }


def _measure(rng, complete, lang, team, category, by_category, bands, hazard) -> dict:
    words = demo_words()
    fitting = by_category.get(category, [])
    if fitting and rng.random() < 0.7:
        known = fitting[rng.randrange(len(fitting))]
        text, level, library_id = known.text.get(lang), known.level, known.id
        low, high = BUDGETS[known.cost]
    else:
        levels = list(LEVEL_WEIGHTS)
        level = rng.choices(levels, weights=list(LEVEL_WEIGHTS.values()))[0]
        text, library_id = words.own_measures[level].get(lang), None
        low, high = (0, 2_000_000)
    budget = None if rng.random() < 0.15 else float(round(rng.uniform(low, high), -3))
    return {
        "id": _hex(rng, 16),
        "text": text,
        "library": library_id,
        "level": level,
        "responsible": team[rng.randrange(len(team))]["name"]
        if complete or rng.random() < 0.92
        else "",
        "budget": budget,
        "start": None,
        "due": None,
        "status": "planned",
        "done_on": None,
        "residual": None,
        "photos": [],
        "_band": hazard["rating"]["band"],
        "_deadline": bands[hazard["rating"]["band"]].deadline_days,
    }


def _progress(
    rng, measure, method_id, factors, done_chance, consulting, last_day, lang, complete
) -> None:
    """Date a measure and move it along: planned, in progress or done (re-rated)."""
    from widgets.register.settings import settings

    band = measure.pop("_band")
    deadline = measure.pop("_deadline")
    days = settings().default_due_days if deadline is None else deadline
    start = consulting + timedelta(days=rng.randrange(21))
    due = start + timedelta(days=max(days, 7) if rng.random() < 0.6 else days)
    if complete or rng.random() > 0.08:
        measure["start"], measure["due"] = start.isoformat(), due.isoformat()
    chance = done_chance * (1.4 if band == _method(method_id).bands[-1].id else 1.0)
    roll = rng.random()
    if roll < chance and start < last_day:
        done = start + timedelta(days=rng.randrange(max(1, (last_day - start).days)))
        measure["status"] = "done"
        measure["done_on"] = done.isoformat()
        measure["residual"] = _rating(
            method_id, _lower(method_id, factors, measure["level"]), None, lang
        )
    elif roll < chance + 0.25:
        measure["status"] = "in-progress"


def _photo(rng, kind, measure, team, lang) -> dict:
    caption = {
        "before": {"mn": "Өмнө нь", "en": "Before"},
        "after": {"mn": "Дараа нь", "en": "After"},
    }
    return {
        "id": _hex(rng, 16),
        "kind": kind,
        "filename": f"{kind}-{measure['id'][:6]}.png",
        "mime": "image/png",
        "caption": caption[kind][lang],
        "added_at": iso(at(date.fromisoformat(measure["done_on"]), 17)),
        "added_by": team[0]["name"],
        "data": _picture(kind),
    }


# -- participants' answers ---------------------------------------------------------------------
def answer_exercise(rng: random.Random, exercise, skill: float) -> dict[str, Any]:
    """Return a participant's saved state of one exercise, answered as someone of ``skill``."""
    from widgets.exercises.model import model_for
    from widgets.exercises.schema import ControlSorting, HazardSpotting, Quiz, RiskRating
    from widgets.hierarchy.model import hierarchy

    model = model_for(exercise)

    def hardness(item_id: str) -> float:
        # Some items are harder for everyone: the class disagrees about them.
        return random.Random(f"difficulty-{exercise.id}-{item_id}").random()

    def right(item_id: str, base: float = 0.72) -> bool:
        return rng.random() < base - 0.5 * hardness(item_id) + 0.12 * skill

    if isinstance(exercise, RiskRating):
        for item in exercise.items:
            for stage in ("inherent", "residual"):
                values = dict(getattr(item, stage))
                if not right(item.id, 0.8):
                    factor = model.method.factors[rng.randrange(len(model.method.factors))]
                    scale = [v.value for v in factor.values]
                    # On the hardest hazards most of a class errs the same way (upwards).
                    step = 1 if hardness(item.id) > 0.8 else rng.choice([-1, 1, 1])
                    i = scale.index(values[factor.id]) + step
                    values[factor.id] = scale[min(len(scale) - 1, max(0, i))]
                model.rate(item.id, stage, values)
            chosen = [c for c in item.recommended if rng.random() < 0.8]
            chosen += [c.id for c in item.controls if c.id not in chosen and rng.random() < 0.15]
            model.choose_controls(item.id, chosen)
    elif isinstance(exercise, Quiz):
        for question in exercise.items:
            correct = [o.id for o in question.options if o.correct]
            wrong = [o.id for o in question.options if not o.correct]
            if right(question.id) or not wrong:
                model.answer(question.id, correct)
            elif question.kind == "single":
                model.answer(question.id, [rng.choice(wrong)])
            else:
                model.answer(question.id, [*correct[:-1], rng.choice(wrong)])
    elif isinstance(exercise, HazardSpotting):
        model.mark([o.id for o in exercise.items if (o.hazard == right(o.id, 0.85))])
    elif isinstance(exercise, ControlSorting):
        levels = hierarchy().ids()
        for measure in exercise.items:
            level = measure.level
            if not right(measure.id):
                i = levels.index(level) + rng.choice([-1, 1])
                level = levels[min(len(levels) - 1, max(0, i))]
            model.place(measure.id, level)
        model.choose([m.id for m in exercise.items if m.level in levels[:3]])
    if rng.random() < 0.88:
        model.check()
        if rng.random() < 0.3 and exercise.hints:
            model.reveal_hint()
    return model.state()


# -- writing -----------------------------------------------------------------------------------
def _validated(raw: dict) -> dict:
    """Return ``raw`` read back through the register's model and dumped as the store keeps it."""
    from widgets.register.model import Assessment
    from widgets.register.store import _NO_PHOTO_DATA

    return Assessment.model_validate(raw).model_dump(mode="json", exclude=_NO_PHOTO_DATA)


def _store_form(raw: dict) -> tuple[dict, list[tuple[str, bytes]]]:
    """Split an assessment into the JSON the store keeps and its photos' bytes."""
    photos = []
    data = {k: v for k, v in raw.items() if k != "history"}
    hazards = []
    for hazard in raw["hazards"]:
        measures = []
        for measure in hazard["measures"]:
            kept = []
            for photo in measure["photos"]:
                photos.append((photo["id"], photo["data"]))
                kept.append({k: v for k, v in photo.items() if k != "data"})
            measures.append({**measure, "photos": kept})
        hazards.append({**hazard, "measures": measures})
    data["hazards"] = hazards
    return data, photos


def generate(url: str | None = None, options: DemoOptions | None = None) -> DemoSummary:
    """Fill the store at ``url`` with a synthetic programme; return what was made.

    Demo classes already in the store (codes ``DEMO-…`` marked synthetic) are replaced;
    nothing else in the store is touched.
    """
    from sqlalchemy import delete, select
    from sqlalchemy.orm import Session

    from widgets.course import course
    from widgets.course_app.model import course_exercises
    from widgets.exercises.catalog import find_exercise
    from widgets.register.tables import AssessmentRow, ChangeRow, PhotoRow
    from widgets.store.service import Store
    from widgets.store.tables import Class

    options = options or DemoOptions()
    started = time.perf_counter()
    summary = DemoSummary()
    store = Store(url)
    try:
        enterprises = make_enterprises(options)
        classes = math.ceil(options.enterprises / CLASS_SIZE)
        codes = [class_code_of(i, classes) for i in range(classes)]
        with Session(store.engine) as session, session.begin():
            old = session.scalars(select(Class.code).where(Class.synthetic.is_(True))).all()
            old_ids = select(AssessmentRow.id).where(AssessmentRow.class_code.in_(old))
            for table in (PhotoRow, ChangeRow):
                session.execute(delete(table).where(table.assessment_id.in_(old_ids)))
            session.execute(delete(AssessmentRow).where(AssessmentRow.class_code.in_(old)))
            session.execute(delete(Class).where(Class.synthetic.is_(True)))
        method_id = course().default_method
        for i, code in enumerate(codes):
            first, last = class_dates(i)
            name = f"Synthetic demo class {i + 1} · Жишээ анги (made up by make demo-data)"
            store.create_class(code, name[:200], method_id, first, last, synthetic=True)
        summary.classes = classes

        exercises = [(day, find_exercise(key)) for day, key in course_exercises()]
        records: dict[int, int] = {}
        for enterprise in enterprises:
            code = codes[enterprise.class_index]
            # The trainer enrols the enterprises; their people join them from the list.
            records[enterprise.number] = store.add_enterprise(
                code, enterprise.name, enterprise.sector, enterprise.size
            )["id"]
            for k, (name, role) in enumerate(enterprise.people):
                person, _resume = store.join(code, name, records[enterprise.number], role)
                summary.participants += 1
                rng = random.Random(f"{options.seed}-answers-{enterprise.number}-{k}")
                skill = rng.gauss(0, 1)
                for n, (day, exercise) in enumerate(exercises):
                    if rng.random() > (0.97 if day == 1 else 0.9):
                        continue
                    state = answer_exercise(rng, exercise, skill)
                    moment = at(START + timedelta(days=day - 1), 9.5 + 0.4 * n)
                    store.save(person, exercise.id, state, at=moment)
                    summary.answers += 1

        batch: list[tuple[str, int, dict, dict, list]] = []
        for k, enterprise in enumerate(e for e in enterprises if e.outcome != "not-started"):
            raw = make_assessment(enterprise, options, method_id)
            check = options.enterprises <= VALIDATE_ALL or k % VALIDATE_EVERY == 0
            data, photos = _store_form(raw)
            if check:
                if _validated(raw) != data:
                    raise AssertionError(f"{enterprise.name}: not the register's JSON form")
                summary.validated += 1
            summary.hazards += len(raw["hazards"])
            summary.measures += sum(len(h["measures"]) for h in raw["hazards"])
            summary.photos += len(photos)
            batch.append(
                (codes[enterprise.class_index], records[enterprise.number], raw, data, photos)
            )
            if len(batch) >= 500:
                _write(store, batch)
                batch = []
            summary.assessments += 1
        if batch:
            _write(store, batch)
    finally:
        store.close()
    summary.seconds = time.perf_counter() - started
    return summary


def _write(store, batch: list[tuple[str, int, dict, dict, list]]) -> None:
    """Insert ``(class code, enterprise id, assessment, its JSON, photos)`` in one go."""
    from sqlalchemy import insert
    from sqlalchemy.orm import Session

    from widgets.register.tables import AssessmentRow, ChangeRow, PhotoRow

    rows, changes, pictures = [], [], []
    for code, record, raw, data, photos in batch:
        created = datetime.fromisoformat(raw["created_at"])
        last = datetime.fromisoformat(raw["history"][-1]["at"])
        rows.append(
            {
                "id": raw["id"],
                "enterprise": raw["profile"]["enterprise"],
                "year": raw["year"],
                "class_code": code,
                "enterprise_id": record,
                "locked": raw["reviewed_at"] is not None,
                "revision": raw["revision"],
                "data": data,
                "created_at": created,
                "updated_at": last,
            }
        )
        for position, change in enumerate(raw["history"]):
            changes.append(
                {
                    "assessment_id": raw["id"],
                    "position": position,
                    "at": datetime.fromisoformat(change["at"]),
                    "by": change["by"],
                    "action": change["action"],
                    "params": change["params"],
                    "what": "",
                }
            )
        for photo_id, blob in photos:
            pictures.append(
                {
                    "assessment_id": raw["id"],
                    "id": photo_id,
                    "mime": "image/png",
                    "size": len(blob),
                    "data": blob,
                }
            )
    with Session(store.engine) as session, session.begin():
        session.execute(insert(AssessmentRow), rows)
        if changes:
            session.execute(insert(ChangeRow), changes)
        if pictures:
            session.execute(insert(PhotoRow), pictures)


# -- command line ------------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    """Generate the demo programme into a store (``make demo-data``)."""
    from widgets.paths import project_root

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = project_root() / "var" / "demo.sqlite3"
    parser.add_argument("--url", help=f"the store (default: sqlite:///{default})")
    parser.add_argument("--enterprises", type=int, default=25)
    parser.add_argument("--participants", type=int, help="default: 30 for every 25 enterprises")
    parser.add_argument("--hazards", type=int, help="hazards in every assessment (default: varies)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--no-photos", action="store_true", help="no before/after pictures")
    args = parser.parse_args(argv)
    try:
        options = DemoOptions(
            args.enterprises, args.participants, args.hazards, args.seed, not args.no_photos
        )
    except ValueError as exc:
        parser.error(str(exc))
    url = args.url or f"sqlite:///{default}"
    summary = generate(url, options)
    print(
        f"synthetic demo programme (seed {options.seed}) in {url}:\n"
        f"  {summary.classes} class(es), {summary.participants} participants, "
        f"{summary.answers} exercise answers\n"
        f"  {summary.assessments} assessments, {summary.hazards} hazards, "
        f"{summary.measures} measures, {summary.photos} photos "
        f"({summary.validated} checked by the register's model)\n"
        f"  in {summary.seconds:.1f} s"
    )
    if not args.url:
        print("see it: make trainer DEMO=1  (the trainer pages on this demo store)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
