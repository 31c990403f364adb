"""A whole class saving at once loses nothing and meets no 'database is locked'."""

from __future__ import annotations

import pytest

from tests.loadtest import run

pytestmark = pytest.mark.store
PROCESSES, SAVES = 30, 200


def test_thirty_processes_saving_two_hundred_answers_each_lose_none(database_url):
    result = run(database_url, PROCESSES, SAVES)
    assert result.errors == []
    assert result.rows == PROCESSES * SAVES
    assert result.wrong_rows == 0
    assert len(result.seconds) == PROCESSES * SAVES
    print(
        f"\n{database_url.split(':')[0]}: one save under load: median "
        f"{result.median_ms:.1f} ms, p95 {result.p95_ms:.1f} ms, "
        f"{PROCESSES * SAVES} saves in {result.wall_seconds:.1f} s"
    )
