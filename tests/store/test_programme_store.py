"""The trainer's reports read the same programme from SQLite and from PostgreSQL."""

from __future__ import annotations

import pytest

from widgets.programme.demo import DemoOptions, generate
from widgets.programme.facts import read_facts
from widgets.programme.progress import ProgrammeProgress
from widgets.store.service import Store

pytestmark = pytest.mark.store
SMALL = DemoOptions(enterprises=8, participants=6)


def test_a_class_is_synthetic_only_when_made_so_and_the_flag_survives_export(store):
    store.create_class("DEMO-1", "Made up", synthetic=True)
    flags = {c["code"]: c["synthetic"] for c in store.classes()}
    assert flags == {"UB-2026": False, "DEMO-1": True}
    exported = store.export_class("DEMO-1")
    assert exported["class"]["synthetic"] is True
    exported["class"]["code"] = "DEMO-2"
    store.import_class(exported)
    assert {c["code"]: c["synthetic"] for c in store.classes()}["DEMO-2"] is True


def test_the_demo_programme_reports_alike_on_every_database(database_url, tmp_path):
    generate(database_url, SMALL)
    reference = f"sqlite:///{tmp_path / 'reference.sqlite3'}"
    generate(reference, SMALL)
    reports = []
    for url in (database_url, reference):
        store = Store(url)
        try:
            reports.append(ProgrammeProgress(read_facts(store), lang="en"))
        finally:
            store.close()
    here, there = reports
    assert here.status_counts() == there.status_counts()
    assert here.summary().equals(there.summary())
    assert here.bands().equals(there.bands())
    assert here.weekly().equals(there.weekly())
    assert len(here.facts.measures) == len(there.facts.measures) > 0
