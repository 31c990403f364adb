"""The trainer's live debrief, headless: what it draws, refreshing, and a clean stop."""

from __future__ import annotations

import asyncio
from html.parser import HTMLParser
from pathlib import Path

import pytest

import widgets
from widgets.exercises.catalog import find_exercise
from widgets.exercises.model import model_for
from widgets.i18n import set_language
from widgets.store.service import Store

pytestmark = pytest.mark.widgets
FIXTURES = Path(__file__).parents[1] / "exercise-files" / "exercises"


@pytest.fixture
def store(tmp_path, monkeypatch):
    """A fresh store for this page, with one class."""
    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    monkeypatch.setenv("OSH_DATABASE_URL", url)
    opened = Store(url)
    opened.create_class("UB-2026", "Ulaanbaatar")
    yield opened
    opened.close()


class Cells(HTMLParser):
    """Collect the heat-map cells of a page: (stage, item) → list of cell attributes."""

    def __init__(self, html: str):
        super().__init__()
        self.cells: dict[tuple[str, str], list[dict]] = {}
        self._item = self._stage = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section" and "data-item" in attrs:
            self._item = attrs["data-item"]
        elif tag == "figure" and "data-stage" in attrs:
            self._stage = attrs["data-stage"]
        elif tag == "td" and "data-count" in attrs:
            self.cells.setdefault((self._item, self._stage), []).append(attrs)

    def count(self, item: str, stage: str, likelihood: int, severity: int) -> int:
        label = f"Likelihood {likelihood}, Severity {severity}:"
        (cell,) = [c for c in self.cells[(item, stage)] if c["aria-label"].startswith(label)]
        return int(cell["data-count"])

    def reference(self, item: str, stage: str) -> list[str]:
        return [c["aria-label"] for c in self.cells[(item, stage)] if c["class"] == "osh-db-ref"]


def rate(store, person, cells, check=False):
    model = model_for(find_exercise("sample-rating", FIXTURES))
    for (item, stage), (likelihood, severity) in cells.items():
        model.rate(item, stage, {"likelihood": likelihood, "severity": severity})
    if check:
        model.check()
    store.save(person, "sample-rating", model.state())


def page(store, **kwargs):
    kwargs.setdefault("auto_refresh", False)
    debrief = widgets.Debrief(folder=FIXTURES, **kwargs)
    debrief.class_code, debrief.exercise_id = "UB-2026", "sample-rating"
    return debrief


def test_the_page_shows_every_participant_and_how_many_chose_each_cell(store):
    bat, _ = store.join("UB-2026", "Бат", "Khan Service", "worker")
    saraa, _ = store.join("UB-2026", "Сараа", "Erdenet Mining", "manager")
    store.join("UB-2026", "Дорж", "Gobi LLC", "other")
    rate(store, bat, {("sockets", "inherent"): (4, 4), ("doors", "inherent"): (3, 2)})
    rate(store, saraa, {("sockets", "inherent"): (4, 4), ("doors", "inherent"): (5, 4)}, True)
    debrief = page(store)
    html = debrief._content.value
    cells = Cells(html)
    assert cells.count("sockets", "inherent", 4, 4) == 2
    assert cells.count("doors", "inherent", 3, 2) == 1
    assert cells.count("doors", "inherent", 5, 4) == 1
    assert cells.count("doors", "inherent", 4, 2) == 0
    assert len(cells.cells[("sockets", "inherent")]) == 25
    # The reference cell is outlined and says so in words, not by colour alone.
    (reference,) = cells.reference("sockets", "residual")
    assert reference.startswith("Likelihood 1, Severity 4: Low")
    assert "reference" in reference
    assert "2 of 3 started · 1 checked" in html
    groups = html.split('data-group="')
    not_started = next(g for g in groups if g.startswith("not-started"))
    not_checked = next(g for g in groups if g.startswith("not-checked"))
    checked = next(g for g in groups if g.startswith("checked"))
    assert "Дорж (Gobi LLC)" in not_started
    assert "Бат" not in not_started
    assert "Бат (Khan Service)" in not_checked
    assert "Сараа" not in not_checked
    assert "Сараа (Erdenet Mining)" in checked
    # The doors split medium/high, the sockets agree: the doors come first.
    assert html.index('data-item="doors"') < html.index('data-item="sockets"')
    assert debrief.debrief.hazards[1].spread == pytest.approx(0.5)


def test_refresh_picks_up_a_new_save(store):
    bat, _ = store.join("UB-2026", "Бат", "Khan", "worker")
    debrief = page(store)
    assert Cells(debrief._content.value).count("sockets", "inherent", 2, 3) == 0
    assert "0 of 1 started" in debrief._content.value
    rate(store, bat, {("sockets", "inherent"): (2, 3)})
    assert Cells(debrief._content.value).count("sockets", "inherent", 2, 3) == 0
    before = debrief.updated
    debrief._refresh.click()
    assert Cells(debrief._content.value).count("sockets", "inherent", 2, 3) == 1
    assert "1 of 1 started" in debrief._content.value
    assert f"Updated at {debrief.updated}" in debrief._updated.value
    assert before  # a time was shown from the start


def test_switching_exercise_shows_quiz_results_per_question(store):
    bat, _ = store.join("UB-2026", "Бат", "Khan", "worker")
    saraa, _ = store.join("UB-2026", "Сараа", "Khan", "worker")
    quiz = find_exercise("sample-quiz", FIXTURES)
    for person, option in ((bat, "harm-source"), (saraa, "chance")):
        model = model_for(quiz)
        model.answer("what-is-hazard", [option])
        store.save(person, "sample-quiz", model.state())
    debrief = page(store)
    labels = dict(debrief._exercise.options)
    assert labels["Quiz: Sample quiz"] == "sample-quiz"
    debrief._exercise.value = "sample-quiz"
    assert debrief.exercise_id == "sample-quiz"
    html = debrief._content.value
    assert 'data-exercise="sample-quiz"' in html
    assert "osh-heat" not in html
    first = html.split('data-item="what-is-hazard"')[1].split("</section>")[0]
    assert "1 of 2 right (50%)" in first
    assert "Something that can cause harm" in first
    assert "✓ correct" in first
    second = html.split('data-item="risk-parts"')[1].split("</section>")[0]
    assert "0 of 0 right" in second


def test_an_unknown_class_gets_a_clear_message_not_a_traceback(store):
    debrief = page(store)
    debrief.class_code = "NOPE-404"
    assert "There is no class NOPE-404." in debrief._content.value
    assert "Traceback" not in debrief._content.value
    assert debrief.debrief is None
    debrief.class_code = "not a code!"
    assert "There is no class" in debrief._content.value


def test_a_class_nobody_joined_and_an_empty_store_say_so(store, tmp_path, monkeypatch):
    debrief = page(store)
    assert "Nobody has joined this class yet." in debrief._content.value
    monkeypatch.setenv("OSH_DATABASE_URL", f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    empty = widgets.Debrief(folder=FIXTURES, auto_refresh=False)
    assert empty.class_code is None
    assert "There is no class yet" in empty._content.value


def test_without_a_running_loop_auto_refresh_stays_off_quietly(store):
    debrief = widgets.Debrief(folder=FIXTURES)  # ticked by default
    assert debrief._auto.value is True
    assert debrief.auto_refreshing is False
    assert debrief._auto.description == "Refresh every 5 s"


def test_auto_refresh_redraws_on_the_loop_and_stops_when_closed(store):
    bat, _ = store.join("UB-2026", "Бат", "Khan", "worker")

    async def scenario():
        debrief = page(store, auto_refresh=True, every=0.05)
        task = debrief._task
        assert debrief.auto_refreshing
        rate(store, bat, {("doors", "residual"): (2, 2)})
        for _ in range(100):
            await asyncio.sleep(0.02)
            if Cells(debrief._content.value).count("doors", "residual", 2, 2) == 1:
                break
        assert Cells(debrief._content.value).count("doors", "residual", 2, 2) == 1
        debrief._auto.value = False
        await asyncio.sleep(0)
        assert task.cancelled()
        assert not debrief.auto_refreshing
        debrief._auto.value = True
        task = debrief._task
        assert debrief.auto_refreshing
        debrief.close()
        await asyncio.sleep(0)
        assert task.cancelled()
        assert not debrief.auto_refreshing

    asyncio.run(scenario())


def test_the_page_follows_the_language(store):
    debrief = page(store)
    set_language("mn")
    assert ("Жишээ үнэлгээ", "sample-rating") in [
        (label.split(": ", 1)[1], value) for label, value in debrief._exercise.options
    ]
    assert "Жишээ үнэлгээ" in debrief._content.value


def test_a_non_positive_interval_is_refused(store):
    with pytest.raises(ValueError, match="seconds"):
        widgets.Debrief(every=0, folder=FIXTURES)
