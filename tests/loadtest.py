"""A class saving at once: many processes, each a participant saving many answers.

Used by the store tests (nothing lost, no "database is locked") and by ``make bench`` (how
long one save takes under that load). Each process stands for one participant's kernel.
"""

from __future__ import annotations

import multiprocessing
import statistics
import time
from dataclasses import dataclass

from sqlalchemy import func, select

from widgets.store.service import Store
from widgets.store.tables import Answer

CLASS_CODE = "LOAD-TEST"


def _participant(url: str, index: int, saves: int, start, results) -> None:
    store = Store(url)
    person, _code = store.join(CLASS_CODE, f"Participant {index}", "Load test", "worker")
    start.wait()
    times, errors = [], []
    for n in range(saves):
        began = time.perf_counter()
        try:
            store.save(
                person,
                f"activity-{n}",
                {"participant": person.id, "answer": n, "text": "Хариулт " * 8},
            )
        except Exception as exc:  # counted and reported, not hidden
            errors.append(repr(exc))
        times.append(time.perf_counter() - began)
    store.close()
    results.put((person.id, times, errors))


@dataclass
class LoadResult:
    """What a load run saw."""

    processes: int
    saves: int
    errors: list[str]
    rows: int
    wrong_rows: int
    seconds: list[float]
    wall_seconds: float

    @property
    def median_ms(self) -> float:
        """Median time of one save, in milliseconds."""
        return statistics.median(self.seconds) * 1000

    @property
    def p95_ms(self) -> float:
        """95th percentile of one save's time, in milliseconds."""
        return statistics.quantiles(self.seconds, n=20)[-1] * 1000


def run(url: str, processes: int = 30, saves: int = 200, timeout: float = 600) -> LoadResult:
    """Have ``processes`` participants save ``saves`` answers each, all at once."""
    store = Store(url)
    store.create_class(CLASS_CODE, "Load test")
    context = multiprocessing.get_context("spawn")
    start, results = context.Event(), context.Queue()
    workers = [
        context.Process(target=_participant, args=(url, i, saves, start, results))
        for i in range(processes)
    ]
    for worker in workers:
        worker.start()
    time.sleep(0.5)
    began = time.perf_counter()
    start.set()
    collected = [results.get(timeout=timeout) for _ in workers]
    wall = time.perf_counter() - began
    for worker in workers:
        worker.join(timeout=30)
    errors = [e for _pid, _times, errs in collected for e in errs]
    seconds = [t for _pid, times, _errs in collected for t in times]
    with store.engine.connect() as connection:
        rows = connection.scalar(select(func.count(Answer.id)))
        states = connection.execute(
            select(Answer.participant_id, Answer.activity, Answer.state)
        ).all()
    wrong = sum(
        1
        for pid, activity, state in states
        if state["participant"] != pid or f"activity-{state['answer']}" != activity
    )
    store.close()
    return LoadResult(processes, saves, errors, rows, wrong, seconds, wall)
