"""Programme progress: each enterprise's risk assessment over the consulting weeks (pure; pandas).

What a coordinator asks of a programme: how many enterprises completed a first risk
assessment, which hazards are most common, how far risk came down, which measures are
overdue, how many measures were low-cost, whether workers took part. Everything is
computed from :class:`~widgets.programme.facts.Facts` as of one day, so a report can be
re-made for any day (and the demo programme's reports are the same every time).

**Complete** follows the register's own notices and the ILO five steps: at least one hazard;
no checklist statement left open; at least one worker (or worker representative) in the
team; every hazard rated; every hazard above the lowest band with at least one measure; every
measure with a responsible person and a due date. These are the rules of
:meth:`widgets.register.model.Assessment.missing` (the participant's "before you print" list),
computed here over the flat tables; a test checks on the demo programme that both agree.
Only these rules decide it: an assessment
the trainer marked **reviewed** (and locked) is counted as reviewed beside its status, never
instead of it, so a reviewed assessment with unrated hazards is still only started.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from widgets.i18n import DEFAULT_LANGUAGE, translator
from widgets.programme.charts import Chart, bar_chart, bars, describe, figure, finish, style
from widgets.programme.facts import Facts, read_facts
from widgets.register.model.completeness import MISSING_CODES

if TYPE_CHECKING:
    from widgets.programme.export import Export
    from widgets.store.service import Store

STATUSES = ("not-started", "started", "complete")
"""An enterprise's assessment status, in the order of progress (the rules above only)."""
MEASURE_STATES = ("planned", "in-progress", "done", "overdue")
"""How measures are counted: ``overdue`` is a planned or started measure past its due date."""


def status_words(_) -> dict[str, str]:
    """Return the assessment statuses in the report's language."""
    return {
        "not-started": _("Not started"),
        "started": _("Started"),
        "complete": _("Complete"),
    }


def measure_words(_) -> dict[str, str]:
    """Return the measure states in the report's language."""
    return {
        "planned": _("Planned"),
        "in-progress": _("In progress"),
        "done": _("Done"),
        "overdue": _("Overdue"),
    }


def synthetic_note(_) -> str:
    """Return the line every chart and table of synthetic data carries."""
    return _("SYNTHETIC DEMO DATA (make demo-data): not a real programme")


def percent(part: float, whole: float) -> float:
    """Return ``part`` of ``whole`` in percent, to one decimal (0 of nothing)."""
    return round(100.0 * part / whole, 1) if whole else 0.0


def part_of(_, part: int, whole: int) -> str:
    """Return "3 of 5" in the report's language."""
    return _("{part} of {whole}").format(part=part, whole=whole)


@dataclass
class ProgrammeProgress:
    """A programme's progress as of one day.

    Parameters
    ----------
    facts
        The programme's classes, participants and assessments as flat tables.
    as_of
        The day the report describes. By default today, except that synthetic data is
        described on the last day of its classes (the demo is a snapshot of that day).
    lang
        ``mn`` or ``en`` for tables and charts (English by default). Never the page's
        implicitly: :func:`programme_progress`, which a trainer page calls, passes it.
    """

    facts: Facts
    as_of: date | None = None
    lang: str | None = None
    _cache: dict = field(default_factory=dict, repr=False)

    def __post_init__(self):
        self.lang = self.lang or DEFAULT_LANGUAGE
        if self.as_of is None:
            ends = self.facts.classes["ends_on"].dropna()
            if self.facts.synthetic and len(ends):
                self.as_of = max(ends)
            else:
                self.as_of = date.today()
        self._ = translator(self.lang)

    @classmethod
    def load(
        cls,
        classes: list[str] | None = None,
        as_of: date | None = None,
        lang: str | None = None,
        store: Store | None = None,
    ) -> ProgrammeProgress:
        """Read the programme (every class, or those given) from the store and report on it."""
        from widgets.store.service import class_code, open_store

        codes = None if classes is None else [class_code(c) for c in classes]
        store = store or open_store()
        return cls(read_facts(store, codes), as_of, lang)

    # -- computations (ids, not words) ------------------------------------------------------
    @property
    def synthetic(self) -> bool:
        """Whether the report is built on synthetic data."""
        return self.facts.synthetic

    def _measures(self) -> pd.DataFrame:
        """Return the measures with their state as of the report's day (``state``)."""
        if "measures" not in self._cache:
            m = self.facts.measures.copy()
            status = m["status"].astype(str)
            today = pd.Timestamp(self.as_of)
            late = (status != "done") & m["due"].notna() & (m["due"] < today)
            m["state"] = status.where(~late, "overdue")
            self._cache["measures"] = m
        return self._cache["measures"]

    def _low_cost(self) -> pd.Series:
        """Whether each measure is low-cost: True, False, or NA when nothing says."""
        from widgets.programme.settings import programme_settings

        rule = programme_settings().low_cost
        m = self.facts.measures
        by_cost = m["cost"].astype(object).map(lambda c: None if c is None else c in rule.costs)
        by_budget = m["budget"].map(lambda b: None if pd.isna(b) else b <= rule.budget_max)
        return by_cost.where(m["library"].notna(), by_budget)

    def enterprise_table(self) -> pd.DataFrame:
        """One row per enterprise of the programme, with ids and counts (for computing)."""
        if "enterprises" in self._cache:
            return self._cache["enterprises"]
        a = self.facts.assessments.copy()
        h = self.facts.hazards
        m = self._measures()
        unrated = (h["inherent_rank"] < 0).groupby(h["assessment"]).sum()
        unplanned = ((h["inherent_rank"] > 0) & (h["measures"] == 0)).groupby(h["assessment"]).sum()
        top = h["inherent_rank"] == h["bands"] - 1
        high = top.groupby(h["assessment"]).sum()
        unplanned_high = (top & (h["measures"] == 0)).groupby(h["assessment"]).sum()
        vague = (~m["responsible"] | m["due"].isna()).groupby(m["assessment"]).sum()
        states = pd.crosstab(m["assessment"], m["state"]).reindex(
            columns=list(MEASURE_STATES), fill_value=0
        )
        low = self._low_cost()
        low_share = low.astype("float").groupby(m["assessment"]).mean()
        a = a.set_index("row")
        a["unrated"] = unrated.reindex(a.index, fill_value=0)
        a["unplanned"] = unplanned.reindex(a.index, fill_value=0)
        a["high"] = high.reindex(a.index, fill_value=0)
        a["unplanned_high"] = unplanned_high.reindex(a.index, fill_value=0)
        a["vague_measures"] = vague.reindex(a.index, fill_value=0)
        for state in MEASURE_STATES:
            a[state] = states[state].reindex(a.index, fill_value=0)
        a["measures"] = a[list(MEASURE_STATES)].sum(axis=1)
        a["low_cost_share"] = low_share.reindex(a.index)
        # The register's rules of a complete assessment, code by code (Assessment.missing).
        lacking = {
            "no-hazard": a["hazards"] == 0,
            "open-statements": a["open_statements"] > 0,
            "no-worker": a["team_workers"] == 0,
            "unrated": a["unrated"] > 0,
            "high-no-measure": a["unplanned_high"] > 0,
            "no-measure": a["unplanned"] > a["unplanned_high"],
            "measure-vague": a["vague_measures"] > 0,
        }
        a["missing"] = [
            [code for code in MISSING_CODES if lacking[code].iloc[i]] for i in range(len(a))
        ]
        a["complete"] = pd.Series([not m for m in a["missing"]], index=a.index, dtype=bool)
        a["status"] = "started"
        a.loc[a["complete"], "status"] = "complete"
        a["reviewed"] = a["locked"].astype(bool)  # beside the status, never overriding it
        a = a.reset_index()
        # Enterprises enrolled or whose people joined a class, with no assessment in it.
        people = pd.concat(
            [self.facts.enterprises[["class_code", "enterprise", "key"]], self.facts.people],
            ignore_index=True,
        )
        known = set(zip(a["class_code"], a["key"], strict=True))
        missing = people[
            [(c, k) not in known for c, k in zip(people["class_code"], people["key"], strict=True)]
        ].drop_duplicates(["class_code", "key"])
        if len(missing):
            extra = pd.DataFrame(
                {
                    "class_code": missing["class_code"].to_numpy(),
                    "enterprise": missing["enterprise"].to_numpy(),
                    "key": missing["key"].to_numpy(),
                    "status": "not-started",
                    "complete": False,
                    "reviewed": False,
                }
            )
            a = pd.concat([a, extra], ignore_index=True)
        a["reviewed"] = a["reviewed"].fillna(False).astype(bool)
        a["status"] = pd.Categorical(a["status"], categories=list(STATUSES), ordered=True)
        # By name, as people read a list (a record's key is its id).
        a["order"] = [" ".join(str(n).split()).casefold() for n in a["enterprise"]]
        a = a.sort_values(["class_code", "order"], kind="stable").reset_index(drop=True)
        a = a.drop(columns="order")
        self._cache["enterprises"] = a
        return a

    def status_counts(self) -> dict[str, int]:
        """How many enterprises are at each status (reviewed or not)."""
        counts = self.enterprise_table()["status"].value_counts()
        return {s: int(counts.get(s, 0)) for s in STATUSES}

    def reviewed_counts(self) -> dict[str, int]:
        """How many enterprises at each status the trainer marked reviewed."""
        e = self.enterprise_table()
        counts = e.loc[e["reviewed"].astype(bool), "status"].value_counts()
        return {s: int(counts.get(s, 0)) for s in STATUSES}

    def band_counts(self) -> pd.DataFrame:
        """Hazards by band, before (inherent) and after measures (current), per method."""
        from widgets.risk import get_method

        h = self.facts.hazards[self.facts.hazards["inherent_rank"] >= 0]
        rows = []
        for method_id in sorted(h["method"].astype(str).unique()):
            one = h[h["method"] == method_id]
            current = (
                one["residual_band"]
                .astype(object)
                .where(one["residual_band"].notna(), one["inherent_band"].astype(object))
            )
            for band in get_method(method_id).bands:
                rows.append(
                    {
                        "method": method_id,
                        "band": band.id,
                        "inherent": int((one["inherent_band"] == band.id).sum()),
                        "current": int((current == band.id).sum()),
                    }
                )
        return pd.DataFrame(rows, columns=["method", "band", "inherent", "current"])

    def weekly(self) -> pd.DataFrame:
        """Cumulative counts by consulting week: assessments started, measures done, reviewed."""
        starts = self.facts.classes["starts_on"].dropna()
        if not len(starts):
            return pd.DataFrame(columns=["week", "started", "done", "reviewed"])
        first = min(starts)
        last_week = max(0, (self.as_of - first).days // 7)
        a = self.facts.assessments
        origin = pd.Timestamp(first)

        def by_week(moments: pd.Series) -> list[int]:
            """Return how many moments fall in each week or before, cumulatively."""
            days = pd.to_datetime(moments.dropna())
            if getattr(days.dt, "tz", None) is not None:
                days = days.dt.tz_convert(None)
            weeks = ((days - origin).dt.days // 7).clip(lower=0)
            counts = weeks.value_counts().reindex(range(last_week + 1), fill_value=0)
            return [int(n) for n in counts.cumsum()]

        return pd.DataFrame(
            {
                "week": list(range(last_week + 1)),
                "started": by_week(a["created_at"]),
                "done": by_week(self.facts.measures["done_on"]),
                "reviewed": by_week(a["reviewed_at"]),
            }
        )

    # -- tables in words --------------------------------------------------------------------
    def summary(self) -> pd.DataFrame:
        """Return the headline figures of the programme, one per row."""
        _ = self._
        e = self.enterprise_table()
        counts = self.status_counts()
        reviewed = self.reviewed_counts()
        total = len(e)
        done_first = counts["complete"]
        m = self._measures()
        h = self.facts.hazards
        rated = h[h["inherent_rank"] >= 0]
        top = rated["inherent_rank"] == rated["bands"] - 1
        lowered = rated["residual_rank"].between(0, rated["inherent_rank"] - 1)
        low = self._low_cost()
        known_cost = low.notna()
        assessed = e[e["status"] != "not-started"]
        rows = [
            (_("Report as of"), self.as_of.isoformat()),
            (_("Classes"), str(len(self.facts.classes))),
            (_("Enterprises"), str(total)),
            (
                _("First risk assessment complete"),
                f"{done_first} ({percent(done_first, total):g} %)",
            ),
            (_("Reviewed by the trainer"), str(sum(reviewed.values()))),
            (_("Reviewed by the trainer but not complete"), str(reviewed["started"])),
            (_("Not started"), str(counts["not-started"])),
            (_("Hazards recorded"), str(len(h))),
            (_("Hazards in the highest band"), str(int(top.sum()))),
            (
                _("Rated hazards whose risk came down"),
                f"{int(lowered.sum())} ({percent(lowered.sum(), len(rated)):g} %)",
            ),
            (_("Measures planned in all"), str(len(m))),
            (_("Measures done"), str(int((m["state"] == "done").sum()))),
            (_("Measures overdue"), str(int((m["state"] == "overdue").sum()))),
            (
                _("Low-cost measures"),
                f"{percent(low[known_cost].astype(bool).sum(), known_cost.sum()):g} %",
            ),
            (
                _("Done measures with before-and-after photos"),
                str(
                    int(
                        (
                            (m["state"] == "done")
                            & (m["photos_before"] > 0)
                            & (m["photos_after"] > 0)
                        ).sum()
                    )
                ),
            ),
            (
                _("Assessments with a worker in the team"),
                part_of(_, int((assessed["team_workers"] > 0).sum()), len(assessed)),
            ),
        ]
        if self.synthetic:
            rows.insert(0, (_("Data"), synthetic_note(_)))
        return pd.DataFrame(rows, columns=[_("Figure"), _("Value")]).set_index(_("Figure"))

    def enterprises(self) -> pd.DataFrame:
        """One row per enterprise: status, hazards, measures by state, low-cost share, workers."""
        from widgets.register.settings import settings

        _ = self._
        e = self.enterprise_table()
        words, states = status_words(_), measure_words(_)
        sectors = {s.id: s.label.get(self.lang) for s in settings().sectors}
        table = pd.DataFrame(
            {
                _("Class"): e["class_code"],
                _("Enterprise"): e["enterprise"],
                _("Sector"): [
                    sectors.get(s, "") if isinstance(s, str) else "" for s in e["sector"]
                ],
                _("Status"): [words[s] for s in e["status"]],
                _("Reviewed by the trainer"): [_("yes") if r else _("no") for r in e["reviewed"]],
                _("Hazards"): e["hazards"].fillna(0).astype(int),
                _("Highest band"): e["high"].fillna(0).astype(int),
                **{states[s]: e[s].fillna(0).astype(int) for s in MEASURE_STATES},
                _("Low-cost, %"): (100 * e["low_cost_share"]).round(0),
                _("Workers in the team"): e["team_workers"].fillna(0).astype(int),
            }
        )
        return table.set_index([_("Class"), _("Enterprise")])

    def hazards_by_category(self) -> pd.DataFrame:
        """Hazards by category, most common first, with how many enterprises found each."""
        from widgets.measures.model import hazard_categories

        _ = self._
        h = self.facts.hazards
        labels = {c.id: c.label.get(self.lang) for c in hazard_categories().categories}
        count = h["category"].astype(str).value_counts()
        reach = h.groupby(h["category"].astype(str))["assessment"].nunique()
        assessed = max(1, len(self.facts.assessments))
        rows = [
            (labels.get(c, c), int(count.get(c, 0)), percent(reach.get(c, 0), assessed))
            for c in labels
        ]
        table = pd.DataFrame(
            rows, columns=[_("Category"), _("Hazards"), _("Enterprises that found it, %")]
        )
        return table.sort_values(_("Hazards"), ascending=False, kind="stable").set_index(
            _("Category")
        )

    def bands(self) -> pd.DataFrame:
        """Hazards by band before and after measures, in words."""
        from widgets.risk import get_method

        _ = self._
        b = self.band_counts()
        labels = [
            get_method(m).band(band).label.get(self.lang)
            for m, band in zip(b["method"], b["band"], strict=True)
        ]
        table = pd.DataFrame(
            {
                _("Method"): b["method"],
                _("Band"): labels,
                _("Before measures"): b["inherent"],
                _("Now"): b["current"],
            }
        )
        return table.set_index([_("Method"), _("Band")])

    def measures(self) -> pd.DataFrame:
        """Measures by state and by level of the hierarchy of controls."""
        from widgets.hierarchy.model import hierarchy

        _ = self._
        m = self._measures()
        states = measure_words(_)
        levels = {lv.id: lv.label.get(self.lang) for lv in hierarchy().levels}
        cross = pd.crosstab(m["level"].astype(str), m["state"]).reindex(
            index=list(levels), columns=list(MEASURE_STATES), fill_value=0
        )
        cross.index = [levels[i] for i in cross.index]
        cross.columns = [states[c] for c in cross.columns]
        cross.index.name = _("Level of control")
        cross.loc[_("All")] = cross.sum()
        return cross

    def overdue(self, limit: int | None = 20) -> pd.DataFrame:
        """Return the overdue measures, latest first, and who is responsible.

        At most ``limit`` rows (all of them with ``None``).
        """
        _ = self._
        m = self._measures()
        late = m[m["state"] == "overdue"].copy()
        names = self.facts.assessments.set_index("row")["enterprise"]
        late["days"] = (pd.Timestamp(self.as_of) - late["due"]).dt.days
        late = late.sort_values(["days", "assessment"], ascending=[False, True])
        if limit is not None:
            late = late.head(limit)
        return pd.DataFrame(
            {
                _("Enterprise"): [names[a] for a in late["assessment"]],
                _("Due"): late["due"].dt.strftime("%Y-%m-%d"),
                _("Days late"): late["days"].astype(int),
                _("Someone responsible"): [_("yes") if r else _("no") for r in late["responsible"]],
            }
        ).reset_index(drop=True)

    # -- charts -----------------------------------------------------------------------------
    def _note(self) -> str | None:
        return synthetic_note(self._) if self.synthetic else None

    def _source(self) -> str:
        return self._("As of {day}").format(day=self.as_of.isoformat())

    def chart_status(self) -> Chart:
        """Enterprises by assessment status."""
        _ = self._
        counts, words = self.status_counts(), status_words(_)
        reviewed = self.reviewed_counts()
        return bar_chart(
            "status",
            _("Where each enterprise's risk assessment stands"),
            [words[s] for s in STATUSES],
            {
                _("Enterprises"): [counts[s] for s in STATUSES],
                _("Of them reviewed by the trainer"): [reviewed[s] for s in STATUSES],
            },
            (_("Enterprises"), _("Assessment status")),
            (self._note(), self._source()),
            size=(8, 3.6),
            horizontal=True,
            colours=["#888888", "#0072B2"],
        )

    def chart_bands(self) -> Chart:
        """Hazards by band before and after measures (the before/after chart)."""
        from widgets.course import course
        from widgets.risk import get_method

        _ = self._
        b = self.band_counts()
        # One panel per method rated with (the course's method when nothing is rated yet).
        methods = list(dict.fromkeys(b["method"])) or [course().default_method]
        alts = []
        with style():
            fig = figure(8, 3.8 * len(methods) ** 0.7)
            for n, method_id in enumerate(methods):
                ax = fig.add_subplot(len(methods), 1, n + 1)
                one = b[b["method"] == method_id]
                method = get_method(method_id)
                labels = [method.band(x).label.get(self.lang) for x in one["band"]]
                series = {
                    _("Before measures"): list(one["inherent"]),
                    _("Now"): list(one["current"]),
                }
                alts.append(bars(ax, labels, series))
                name = method.name.get(self.lang)
                ax.set_xlabel(_("Risk band ({method})").format(method=name))
                ax.set_ylabel(_("Hazards"))
            return finish(
                fig,
                "bands-before-after",
                _("Risk before and after the measures"),
                self._note(),
                self._source(),
                alt=" | ".join(alts),
            )

    def chart_categories(self) -> Chart:
        """Hazards by category, most common first."""
        _ = self._
        t = self.hazards_by_category()
        return bar_chart(
            "hazards-by-category",
            _("The most common hazards"),
            list(t.index),
            {_("Hazards"): list(t[_("Hazards")])},
            (_("Hazards recorded"), _("Category")),
            (self._note(), self._source()),
            horizontal=True,
            colours=["#0072B2"],
        )

    def chart_measures(self) -> Chart:
        """Measures by level of the hierarchy of controls, stacked by state."""
        _ = self._
        t = self.measures().drop(index=_("All"))
        return bar_chart(
            "measures",
            _("Measures by level of control and state"),
            list(t.index),
            {c: list(t[c]) for c in t.columns},
            (_("Level of control"), _("Measures")),
            (self._note(), self._source()),
            stacked=True,
            colours=["#56B4E9", "#E69F00", "#009E73", "#D55E00"],
        )

    def chart_weekly(self) -> Chart:
        """Assessments started, measures done and assessments reviewed, week by week."""
        from widgets.programme.charts import PALETTE

        _ = self._
        w = self.weekly()
        with style():
            fig = figure(8, 3.8)
            ax = fig.add_subplot()
            series = {
                "started": _("Assessments started"),
                "done": _("Measures done"),
                "reviewed": _("Assessments reviewed"),
            }
            for n, (key, label) in enumerate(series.items()):
                ax.plot(
                    w["week"],
                    w[key],
                    marker="o",
                    label=label,
                    color=PALETTE[n],
                    linestyle=("-", "--", ":")[n],
                )
            ax.set_xlabel(_("Week since the first classroom day"))
            ax.set_ylabel(_("Count, cumulative"))
            ax.set_xticks(list(w["week"]))
            ax.spines[["top", "right"]].set_visible(False)
            ax.legend(frameon=False)
            alt = describe([str(k) for k in w["week"]], {series[k]: list(w[k]) for k in series})
            return finish(
                fig,
                "weekly",
                _("Progress over the consulting weeks"),
                self._note(),
                self._source(),
                alt=alt,
            )

    def charts(self) -> list[Chart]:
        """Every chart of the report."""
        return [
            self.chart_status(),
            self.chart_bands(),
            self.chart_categories(),
            self.chart_measures(),
            self.chart_weekly(),
        ]

    # -- export -----------------------------------------------------------------------------
    def export(self, folder: Path | None = None) -> Export:
        """Write the charts (PNG) and the tables (one Excel workbook) for a coordinator."""
        from widgets.programme.export import write_report

        name = f"programme-progress-{self.as_of.isoformat()}"
        tables = {
            self._("Summary"): self.summary(),
            self._("Enterprises"): self.enterprises(),
            self._("Hazards by category"): self.hazards_by_category(),
            self._("Risk bands"): self.bands(),
            self._("Measures"): self.measures(),
            self._("Overdue"): self.overdue(limit=None),
        }
        return write_report(
            name, tables, self.charts(), folder, self._("Programme progress"), self._note()
        )


def programme_progress(
    classes: list[str] | None = None, as_of: date | None = None, lang: str | None = None
) -> ProgrammeProgress:
    """Return the progress of the programme's enterprises (every class, or those given).

    ``as_of`` is the day described (today; a synthetic programme's last day); ``lang`` the
    language of tables and charts (by default the language of the trainer page calling it).
    """
    if lang is None:
        from widgets.i18n import language

        lang = language()
    return ProgrammeProgress.load(classes, as_of, lang)
