"""One class's report: who took part, how the exercises went, which topics to revisit (pandas).

Built on the live debrief's model (:mod:`widgets.debrief.model`), so the report judges every
answer exactly as the participants' pages and the debrief do. The topics to revisit are the
hazards of the risk-rating exercises where the class disagreed most: with the reference
(the share of ratings in another band than the trainer's) and with each other (the
debrief's spread: the share outside the band most of the class chose).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from widgets.i18n import DEFAULT_LANGUAGE, translator
from widgets.programme.charts import Chart, bar_chart
from widgets.programme.progress import part_of, percent, synthetic_note

if TYPE_CHECKING:
    from widgets.debrief.model import Debrief
    from widgets.store.service import Store


@dataclass
class ClassReport:
    """A class's participation, exercise results and topics to revisit.

    Parameters
    ----------
    info
        The class as :meth:`widgets.store.service.Store.classes` lists it.
    people
        Its participants as :meth:`~widgets.store.service.Store.participants` lists them.
    debriefs
        One debrief per exercise of the course, in course order, with the lesson day.
    lang
        ``mn`` or ``en`` for tables and charts (English by default). Never the page's
        implicitly: :func:`class_report`, which a trainer page calls, passes it.
    """

    info: dict
    people: list[dict]
    debriefs: list[tuple[int, Debrief]]
    lang: str | None = None

    def __post_init__(self):
        self.lang = self.lang or DEFAULT_LANGUAGE
        self._ = translator(self.lang)

    @classmethod
    def load(
        cls, code: str | None = None, lang: str | None = None, store: Store | None = None
    ) -> ClassReport:
        """Read a class (the newest one if ``code`` is ``None``) from the store.

        With no class in the store yet, the report is empty and its summary says how to
        create one.

        Raises
        ------
        widgets.store.service.StoreError
            ``unknown-class`` when ``code`` names no class.
        """
        from widgets.course_app.model import course_exercises
        from widgets.debrief.model import load_debrief
        from widgets.store.service import StoreError, class_code, open_store

        store = store or open_store()
        classes = store.classes()
        if code is None and not classes:
            return cls({"code": "", "name": "", "synthetic": False}, [], [], lang)
        if code is None:
            info = classes[-1]
        else:
            wanted = class_code(code)
            found = [c for c in classes if c["code"] == wanted]
            if not found:
                raise StoreError("unknown-class", f"there is no class {code!r}")
            info = found[0]
        debriefs = [
            (day, load_debrief(store, info["code"], key)) for day, key in course_exercises()
        ]
        return cls(info, store.participants(info["code"]), debriefs, lang)

    @property
    def synthetic(self) -> bool:
        """Whether the class's data is synthetic (made up by the demo generator)."""
        return bool(self.info.get("synthetic"))

    def _title(self, text) -> str:
        return text.get(self.lang)

    # -- tables -----------------------------------------------------------------------------
    def _started(self) -> tuple[dict[int, int], dict[int, int]]:
        """Return, by participant id, how many exercises each started and checked."""
        started = {p["id"]: 0 for p in self.people}
        checked = dict(started)
        for _day, debrief in self.debriefs:
            absent = {p.id for p in debrief.not_started}
            for person in debrief.people:
                started[person.id] += person.id not in absent
            for person in debrief.checked:
                checked[person.id] += 1
        return started, checked

    def summary(self) -> pd.DataFrame:
        """Return the class at a glance."""
        _ = self._
        if not self.info["code"]:
            text = _("There is no class yet: create one on the Classes page (trainer/class.ipynb).")
            return pd.DataFrame([(_("Class"), text)], columns=[_("Figure"), _("Value")]).set_index(
                _("Figure")
            )
        started, _checked = self._started()
        everyone = len(self.people)
        rows = [
            (_("Class"), f"{self.info['code']} · {self.info['name']}"),
            (_("Participants"), str(everyone)),
            (_("Enterprises"), str(len({p["enterprise"].casefold() for p in self.people}))),
            (_("Workers"), str(sum(p["role"] == "worker" for p in self.people))),
            (_("Managers"), str(sum(p["role"] == "manager" for p in self.people))),
            (_("Exercises in the course"), str(len(self.debriefs))),
            (
                _("Did at least one exercise"),
                part_of(_, sum(n > 0 for n in started.values()), everyone),
            ),
        ]
        if self.synthetic:
            rows.insert(0, (_("Data"), synthetic_note(_)))
        return pd.DataFrame(rows, columns=[_("Figure"), _("Value")]).set_index(_("Figure"))

    def participation(self) -> pd.DataFrame:
        """One row per participant: exercises started and checked, and when they last saved."""
        _ = self._
        roles = {"manager": _("Manager"), "worker": _("Worker"), "other": _("Other")}
        started, checked = self._started()
        total = len(self.debriefs)
        rows = [
            {
                _("Name"): p["name"],
                _("Enterprise"): p["enterprise"],
                _("Role"): roles.get(p["role"], p["role"]),
                _("Exercises done"): f"{started[p['id']]} / {total}",
                _("Checked"): checked[p["id"]],
                _("Last saved (UTC)"): p["last_saved"].strftime("%Y-%m-%d %H:%M")
                if p["last_saved"]
                else "",
            }
            for p in self.people
        ]
        columns = [_("Name"), _("Enterprise"), _("Role"), _("Exercises done"), _("Checked")]
        return pd.DataFrame(rows, columns=[*columns, _("Last saved (UTC)")]).set_index(_("Name"))

    def exercises(self) -> pd.DataFrame:
        """One row per exercise of the course: who started and checked it, the mean score."""
        _ = self._
        kinds = {
            "risk_rating": _("Risk rating"),
            "hazard_spotting": _("Hazard spotting"),
            "control_sorting": _("Control sorting"),
            "quiz": _("Quiz"),
        }
        columns = [_("Day"), _("Exercise"), _("Kind"), _("Started"), _("Checked")]
        columns.append(_("Right answers, %"))
        rows = [
            (
                day,
                self._title(d.exercise.title),
                kinds.get(d.exercise.type, d.exercise.type),
                d.started,
                len(d.checked),
                self._share_right(d),
            )
            for day, d in self.debriefs
        ]
        return pd.DataFrame(rows, columns=columns).set_index([_("Day"), _("Exercise")])

    @staticmethod
    def _share_right(debrief: Debrief) -> float | None:
        """Return the share of the class's answers the exercise judges right, in percent.

        A rating is right in the reference's band (same cell or same band), a question or
        item when the debrief counts it right; ``None`` when nobody answered.
        """
        if debrief.hazards:
            stages = [s for item in debrief.hazards for s in item.stages.values()]
            good = sum(s.verdicts["same-cell"] + s.verdicts["same-band"] for s in stages)
            answered = sum(s.rated for s in stages)
        else:
            good = sum(i.right for i in debrief.items)
            answered = sum(i.answered for i in debrief.items)
        return round(percent(good, answered)) if answered else None

    def questions(self) -> pd.DataFrame:
        """Every quiz question: how many answered it, the share right (the hardest first)."""
        _ = self._
        rows = []
        for _day, d in self.debriefs:
            if d.exercise.type != "quiz":
                continue
            for item in d.items:
                rows.append(
                    {
                        _("Quiz"): self._title(d.exercise.title),
                        _("Question"): _short(self._title(item.text), 90),
                        _("Answered"): item.answered,
                        _("Right, %"): percent(item.right, item.answered),
                    }
                )
        table = pd.DataFrame(rows, columns=[_("Quiz"), _("Question"), _("Answered"), _("Right, %")])
        return table.sort_values(_("Right, %"), kind="stable").reset_index(drop=True)

    def _disagreements(self) -> list[dict]:
        out = []
        for _day, d in self.debriefs:
            for item in d.hazards:
                for stage, s in item.stages.items():
                    if not s.rated:
                        continue
                    off = s.verdicts["higher"] + s.verdicts["lower"]
                    out.append(
                        {
                            "exercise": self._title(d.exercise.title),
                            "hazard": self._title(item.hazard),
                            "stage": stage,
                            "rated": s.rated,
                            "off": percent(off, s.rated),
                            "spread": round(100 * s.spread, 1),
                            "reference": s.reference.band.label.get(self.lang),
                            "modal": s.method.band(s.modal_band).label.get(self.lang),
                        }
                    )
        return sorted(out, key=lambda r: (-(r["off"] + r["spread"]), r["exercise"], r["hazard"]))

    def to_revisit(self, limit: int = 10) -> pd.DataFrame:
        """Return the hazards rated least like the reference and least like each other."""
        _ = self._
        stages = {"inherent": _("now"), "residual": _("with controls")}
        rows = [
            {
                _("Exercise"): r["exercise"],
                _("Hazard"): _short(r["hazard"], 70),
                _("Rating"): stages[r["stage"]],
                _("Rated"): r["rated"],
                _("Other band than the reference, %"): r["off"],
                _("Outside the class's usual band, %"): r["spread"],
                _("Reference band"): r["reference"],
                _("Band most chose"): r["modal"],
            }
            for r in self._disagreements()[:limit]
        ]
        return pd.DataFrame(rows).reset_index(drop=True)

    # -- charts -----------------------------------------------------------------------------
    def _note(self) -> str | None:
        return synthetic_note(self._) if self.synthetic else None

    def chart_exercises(self) -> Chart:
        """Chart how many started and checked each exercise, in course order."""
        _ = self._
        t = self.exercises()
        return bar_chart(
            "exercises",
            _("Who did each exercise"),
            [f"{day}·{n + 1}" for n, (day, _title) in enumerate(t.index)],
            {_("Started"): list(t[_("Started")]), _("Checked"): list(t[_("Checked")])},
            (_("Exercise (day · number in the course)"), _("Participants")),
            (self._note(), self.info["code"]),
            size=(9, 4.2),
        )

    def chart_revisit(self, limit: int = 8) -> Chart:
        """Chart the hazards to revisit: disagreement with the reference and in the class."""
        _ = self._
        top = self._disagreements()[:limit]
        stages = {"inherent": _("now"), "residual": _("with controls")}
        chart = bar_chart(
            "to-revisit",
            _("Where the class disagreed most"),
            [f"{_short(r['hazard'], 38)} ({stages[r['stage']]})" for r in top],
            {
                _("Other band than the reference"): [r["off"] for r in top],
                _("Outside the class's usual band"): [r["spread"] for r in top],
            },
            (_("Share of the class's ratings, %"), _("Hazard")),
            (self._note(), self.info["code"]),
            size=(9, 1.4 + 0.5 * max(1, len(top))),
            horizontal=True,
            value_format=lambda v: f"{v:.0f} %",
        )
        chart.figure.axes[0].set_xlim(0, 100)
        return chart


def _short(text: str, length: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def class_report(code: str | None = None, lang: str | None = None) -> ClassReport:
    """Return the report of one class (the newest, unless ``code`` names another).

    ``lang`` is the language of tables and charts: by default the trainer page's.
    """
    if lang is None:
        from widgets.i18n import language

        lang = language()
    return ClassReport.load(code, lang)
