"""The store's assessments as flat tables (pandas): one row per assessment, hazard and measure.

A programme report needs counts over thousands of assessments, not the assessments
themselves, so the rows are read straight from the store's JSON and flattened, one at a
time (never all at once: 10,000 assessments of 40 hazards are about 700 MB of JSON), without
rebuilding each through the register's model: every assessment was checked by that model
when it was saved. The few rules the reports share with the register are restated here
over plain data, and a test holds them equal to the model's on the demo programme: the
residual risk is the one given when the latest measure was marked done; a checklist
statement is open while it is unanswered or left for later.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from operator import itemgetter
from typing import TYPE_CHECKING, Any

import pandas as pd

from widgets.store.people import enterprise_key

if TYPE_CHECKING:
    from widgets.store.service import Store

READ_BATCH = 200
"""Assessments read from the database at a time."""


@dataclass
class Facts:
    """A programme as flat tables.

    Attributes
    ----------
    classes
        One row per class: ``code``, ``name``, ``starts_on``, ``ends_on``, ``synthetic``.
    people
        One row per participant: ``class_code``, ``enterprise``, ``key`` (the
        enterprise record, ``#<id>``; for a participant without one, the name as
        compared), ``role``.
    assessments
        The newest assessment of each enterprise record in each class (assessments set
        aside by a merge, linked to no record, are not counted).
    enterprises
        The classes' enterprise records: ``class_code``, ``enterprise``, ``key`` (enrolled
        ones count even before anyone of them joins).
    hazards, measures
        Their hazards and measures. Each table's ``row`` numbers its rows; a hazard's
        ``assessment`` and a measure's ``assessment`` and ``hazard`` are those numbers
        (integers join faster than the 32-character ids, which ``assessment_id`` and
        ``hazard_id`` keep).
    """

    classes: pd.DataFrame
    people: pd.DataFrame
    assessments: pd.DataFrame
    hazards: pd.DataFrame
    measures: pd.DataFrame
    enterprises: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=["class_code", "enterprise", "key"])
    )

    @property
    def synthetic(self) -> bool:
        """Whether any class of these facts is synthetic (made up by the demo generator)."""
        return bool(self.classes["synthetic"].any()) if len(self.classes) else False


@cache
def _statement_ids(sector: str, kinds: frozenset[str]) -> tuple[str, ...]:
    from widgets.register.settings import checklists

    return tuple(s.id for s in checklists().for_enterprise(sector, set(kinds)))


@cache
def _workers() -> frozenset[str]:
    from widgets.register.settings import settings

    return frozenset(r.id for r in settings().roles if r.worker)


@cache
def _ranks(method_id: str) -> dict[str, int]:
    from widgets.risk import get_method

    return {b.id: n for n, b in enumerate(get_method(method_id).bands)}


@cache
def _library_costs() -> dict[str, str]:
    from widgets.measures.model import library

    return {m.id: m.cost for m in library().measures}


def _moment(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


class _Tables:
    """Rows gathered as tuples (cheap per row), made into typed columns once at the end.

    Each column states its kind, so that pandas need not guess it value by value (at
    10,000 assessments guessing cost more than reading the JSON): ``int``, ``bool``,
    ``float`` (``None`` becomes NaN), ``cat`` (a categorical), ``text`` (Python strings),
    ``day`` (ISO dates, ``None`` becomes NaT) and ``time`` (datetimes).
    """

    def __init__(self, columns: tuple[tuple[str, str], ...]):
        self.columns = columns
        self.rows: list[tuple] = []
        self.add = self.rows.append

    def frame(self) -> pd.DataFrame:
        import numpy as np

        count = len(self.rows)
        data = {}
        for index, (name, kind) in enumerate(self.columns):
            column = list(map(itemgetter(index), self.rows))
            if kind in ("int", "bool"):
                dtype = np.int64 if kind == "int" else bool
                data[name] = np.fromiter(column, dtype=dtype, count=count)
            elif kind == "float":
                data[name] = np.array(column, dtype=float)
            elif kind == "cat":
                # Few distinct values: number them with a dict rather than hashing in pandas.
                numbers: dict = {}
                codes = [numbers.setdefault(v, len(numbers)) for v in column]
                known = [v for v in numbers if v is not None]
                order = {v: i for i, v in enumerate(known)}
                remap = np.array([order.get(v, -1) for v in numbers], dtype=np.int64)
                picked = remap[np.array(codes, dtype=np.int64)] if count else remap[:0]
                data[name] = pd.Categorical.from_codes(picked, categories=known)
            elif kind == "day":
                days = np.array(column, dtype="datetime64[D]")
                data[name] = pd.Series(days).astype("datetime64[s]")
            elif kind == "time":
                data[name] = pd.to_datetime(pd.Series(column, dtype=object), utc=True)
            else:
                data[name] = pd.Series(column, dtype=object)
        self.rows = []
        return pd.DataFrame(data)


ASSESSMENT_COLUMNS = (
    ("row", "int"),
    ("assessment_id", "text"),
    ("class_code", "text"),
    ("enterprise", "text"),
    ("key", "text"),
    ("year", "int"),
    ("sector", "cat"),
    ("size", "cat"),
    ("method", "cat"),
    ("language", "cat"),
    ("locked", "bool"),
    ("team", "int"),
    ("team_workers", "int"),
    ("statements", "int"),
    ("open_statements", "int"),
    ("hazards", "int"),
    ("visit_notes", "int"),
    ("created_at", "time"),
    ("reviewed_at", "time"),
)
HAZARD_COLUMNS = (
    ("assessment", "int"),
    ("row", "int"),
    ("hazard_id", "text"),
    ("category", "cat"),
    ("from_checklist", "bool"),
    ("method", "cat"),
    ("inherent_band", "cat"),
    ("inherent_rank", "int"),
    ("residual_band", "cat"),
    ("residual_rank", "int"),
    ("bands", "int"),
    ("measures", "int"),
    ("comments", "int"),
)
MEASURE_COLUMNS = (
    ("assessment", "int"),
    ("hazard", "int"),
    ("hazard_rank", "int"),
    ("level", "cat"),
    ("status", "cat"),
    ("start", "day"),
    ("due", "day"),
    ("done_on", "day"),
    ("library", "text"),
    ("cost", "cat"),
    ("budget", "float"),
    ("responsible", "bool"),
    ("photos_before", "int"),
    ("photos_after", "int"),
)


def flatten(rows: Iterable[tuple[str | None, dict[str, Any]]]) -> tuple[pd.DataFrame, ...]:
    """Flatten assessments into three tables: assessments, hazards, measures.

    Parameters
    ----------
    rows
        ``(class_code, data)`` pairs, ``data`` an assessment in the store's JSON form.
    """
    assessments = _Tables(ASSESSMENT_COLUMNS)
    hazards = _Tables(HAZARD_COLUMNS)
    measures = _Tables(MEASURE_COLUMNS)
    workers = _workers()
    costs = _library_costs()
    # Millions of small tuples, none of them in a cycle: the cyclic garbage collector
    # would only walk them again and again while they are made.
    collecting = gc.isenabled()
    gc.disable()
    try:
        _flatten_into(rows, assessments, hazards, measures, workers, costs)
    finally:
        if collecting:
            gc.enable()
    return assessments.frame(), hazards.frame(), measures.frame()


def _flatten_into(rows, assessments, hazards, measures, workers, costs) -> None:
    for class_code, data in rows:
        profile = data["profile"]
        method = profile["method"]
        ranks = _ranks(method)
        kinds = frozenset(a["kind"] for a in profile["areas"] if a.get("kind"))
        statements = _statement_ids(profile["sector"], kinds)
        answers = data["answers"]
        open_statements = sum(answers.get(s, "later") == "later" for s in statements)
        row = len(assessments.rows)
        assessments.add(
            (
                row,
                data["id"],
                class_code,
                profile["enterprise"],
                data.get("enterprise_key") or enterprise_key(profile["enterprise"]),
                data["year"],
                profile["sector"],
                profile["size"],
                method,
                profile["language"],
                data["reviewed_at"] is not None,
                len(profile["team"]),
                sum(m["role"] in workers for m in profile["team"]),
                len(statements),
                open_statements,
                len(data["hazards"]),
                len(data["visit_notes"]),
                _moment(data["created_at"]),
                _moment(data["reviewed_at"]),
            )
        )
        for hazard in data["hazards"]:
            rating = hazard["rating"]
            inherent_rank = ranks[rating["band"]] if rating else -1
            latest = None
            for measure in hazard["measures"]:
                library = measure["library"]
                photos = measure["photos"]
                before = sum(p["kind"] == "before" for p in photos) if photos else 0
                done_on = measure["done_on"]
                # As Hazard.residual: the rating given when the latest measure was done
                # (the first of those done on the same day, as max() picks it).
                if done_on is not None and (latest is None or done_on > latest["done_on"]):
                    latest = measure
                measures.add(
                    (
                        row,
                        len(hazards.rows),
                        inherent_rank,
                        measure["level"],
                        measure["status"],
                        measure["start"],
                        measure["due"],
                        done_on,
                        library,
                        costs.get(library) if library else None,
                        measure["budget"],
                        bool(measure["responsible"]),
                        before,
                        len(photos) - before,
                    )
                )
            residual = latest["residual"] if latest else None
            hazards.add(
                (
                    row,
                    len(hazards.rows),
                    hazard["id"],
                    hazard["category"],
                    hazard["statement"] is not None,
                    method,
                    rating["band"] if rating else None,
                    inherent_rank,
                    residual["band"] if residual else None,
                    ranks[residual["band"]] if residual else -1,
                    len(ranks),
                    len(hazard["measures"]),
                    len(hazard["comments"]),
                )
            )


def _newest(store: Store, codes: list[str] | None) -> list[str]:
    """Return the ids of the assessment each enterprise of the classes works on, sorted.

    The one the register's page opens (:func:`widgets.register.tables.current_assessments`).
    """
    from widgets.register.tables import current_assessments

    with store.engine.connect() as connection:
        return list(connection.scalars(current_assessments(class_codes=codes)))


def _rows(engine, wanted: list[str]) -> Iterator[tuple[str | None, dict[str, Any]]]:
    """Yield ``(class_code, data)`` of the assessments ``wanted``, in their order.

    ``data`` carries its enterprise record as ``enterprise_key`` (``#<id>``) and the
    record's name as the profile's (the trainer may have corrected it).
    """
    import orjson
    from sqlalchemy import Text, cast, select

    from widgets.register.tables import AssessmentRow
    from widgets.store.tables import Enterprise

    # The JSON as text, decoded by orjson: twice as fast as the standard library's json,
    # which SQLAlchemy's JSON type would use (decoding is half of a large report's time).
    data = cast(AssessmentRow.data, Text)
    for start in range(0, len(wanted), READ_BATCH):
        chunk = wanted[start : start + READ_BATCH]
        with engine.connect() as connection:
            for code, record, name, text in connection.execute(
                select(AssessmentRow.class_code, AssessmentRow.enterprise_id, Enterprise.name, data)
                .outerjoin(Enterprise, Enterprise.id == AssessmentRow.enterprise_id)
                .where(AssessmentRow.id.in_(chunk))
                .order_by(AssessmentRow.id)
            ):
                decoded = orjson.loads(text)
                if record is not None:
                    decoded["enterprise_key"] = f"#{record}"
                    decoded["profile"]["enterprise"] = name
                yield code, decoded


def flatten_store(store: Store, codes: list[str] | None) -> tuple[pd.DataFrame, ...]:
    """Flatten the newest assessment of each enterprise of the classes ``codes``."""
    return flatten(_rows(store.engine, _newest(store, codes)))


def read_facts(store: Store, codes: list[str] | None = None) -> Facts:
    """Read the classes ``codes`` (every class if ``None``) from ``store`` as flat tables."""
    from sqlalchemy import func, select

    from widgets.store.tables import Class, Enterprise, Participant

    with store.engine.connect() as connection:
        query = select(
            Class.id, Class.code, Class.name, Class.starts_on, Class.ends_on, Class.synthetic
        ).order_by(Class.created_at, Class.id)
        if codes is not None:
            query = query.where(Class.code.in_(codes))
        classes = pd.DataFrame(
            connection.execute(query).all(),
            columns=["id", "code", "name", "starts_on", "ends_on", "synthetic"],
        )
        people_query = (
            select(
                Class.code,
                func.coalesce(Enterprise.name, Participant.enterprise),
                Participant.enterprise_id,
                Participant.role,
            )
            .join(Participant, Participant.class_id == Class.id)
            .outerjoin(Enterprise, Enterprise.id == Participant.enterprise_id)
            .where(Class.id.in_([int(i) for i in classes["id"]]))
            .order_by(Participant.id)
        )
        people = pd.DataFrame(
            connection.execute(people_query).all(),
            columns=["class_code", "enterprise", "record", "role"],
        )
    people["key"] = [
        enterprise_key(name) if record is None or pd.isna(record) else f"#{int(record)}"
        for name, record in zip(people["enterprise"], people["record"], strict=True)
    ]
    people = people.drop(columns="record")
    with store.engine.connect() as connection:
        records = pd.DataFrame(
            connection.execute(
                select(Class.code, Enterprise.name, Enterprise.id)
                .join(Enterprise, Enterprise.class_id == Class.id)
                .where(Class.id.in_([int(i) for i in classes["id"]]))
                .order_by(Enterprise.id)
            ).all(),
            columns=["class_code", "enterprise", "id"],
        )
    records["key"] = [f"#{int(i)}" for i in records["id"]]
    records = records.drop(columns="id")
    known = list(classes["code"])
    assessments, hazards, measures = flatten_store(store, known)
    return Facts(classes.drop(columns="id"), people, assessments, hazards, measures, records)
