"""Identity in the store: devices, enterprise records, sign-in attempts (SQLite and PostgreSQL)."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest

from widgets.register.model import Assessment
from widgets.register.store import RegisterStore
from widgets.store import service
from widgets.store.service import StoreError, device_hash
from widgets.store.tables import Device

pytestmark = pytest.mark.store
TOKEN = "k" * 43


def test_a_device_credential_is_kept_only_as_a_hash_and_can_be_revoked(store):
    bat, _ = store.join("UB-2026", "Бат", "Khan", "worker")
    store.remember_device(bat, TOKEN)
    assert store.device_person(TOKEN) == bat
    with store.engine.connect() as c:
        stored = c.execute(Device.__table__.select()).one()
    assert stored.token_hash == device_hash(TOKEN)
    assert TOKEN not in str(tuple(stored))
    assert store.devices(bat.id) == 1
    store.forget_device(TOKEN)
    assert store.device_person(TOKEN) is None
    assert store.devices(bat.id) == 0


@pytest.mark.parametrize("token", ["", "short", "x" * 200, "bad token!" * 5, None, 42])
def test_a_malformed_credential_signs_nobody_in(store, token):
    assert store.device_person(token) is None
    with pytest.raises(StoreError):
        store.remember_device(store.join("UB-2026", "Бат", "Khan", "worker")[0], token)


def test_a_shared_browser_signs_in_the_last_person_who_joined_on_it(store):
    bat, _ = store.join("UB-2026", "Бат", "Khan", "worker")
    saraa, _ = store.join("UB-2026", "Сараа", "Khan", "manager")
    store.remember_device(bat, TOKEN)
    store.remember_device(saraa, TOKEN)
    assert store.device_person(TOKEN) == saraa


def test_signing_out_everywhere_revokes_every_device_and_the_code(store):
    bat, old = store.join("UB-2026", "Бат", "Khan", "worker")
    store.remember_device(bat, TOKEN)
    store.remember_device(bat, "m" * 43)
    new = store.sign_out_everywhere(bat.id)
    assert store.device_person(TOKEN) is None
    assert store.device_person("m" * 43) is None
    assert store.resume(old) is None
    assert store.resume(new) == bat


def test_a_device_expires_after_the_configured_days(store, monkeypatch):
    monkeypatch.setenv("OSH_DEVICE_DAYS", "30")
    bat, _ = store.join("UB-2026", "Бат", "Khan", "worker")
    store.remember_device(bat, TOKEN)
    start = service.now()
    monkeypatch.setattr(service, "now", lambda: start + timedelta(days=29))
    assert store.device_person(TOKEN) == bat
    monkeypatch.setattr(service, "now", lambda: start + timedelta(days=30, seconds=1))
    assert store.device_person(TOKEN) is None


def test_two_participants_proposing_one_new_enterprise_at_once_make_one_record(store):
    barrier = threading.Barrier(4)
    people = []

    def join(n):
        barrier.wait()
        people.append(
            store.join("UB-2026", f"P{n}", f"  gobi FOOD {'' if n % 2 else ' '}", "worker")[0]
        )

    threads = [threading.Thread(target=join, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({p.enterprise_id for p in people}) == 1
    assert [r["name"] for r in store.enterprises("UB-2026")] == [people[0].enterprise]


def test_an_enterprise_of_another_class_cannot_be_joined_by_its_id(store):
    store.create_class("DKH-2026", "Darkhan")
    theirs = store.add_enterprise("DKH-2026", "Darkhan Steel")
    with pytest.raises(StoreError) as refused:
        store.join("UB-2026", "Бат", theirs["id"], "worker")
    assert refused.value.kind == "enterprise"


def test_the_class_export_carries_its_enterprise_records(store):
    store.add_enterprise("UB-2026", "Acme LLC", "food", "small")
    store.join("UB-2026", "Бат", "acme  llc", "worker")
    data = store.export_class("UB-2026")
    assert data["enterprises"][0]["name"] == "Acme LLC"
    assert data["participants"][0]["enterprise"] == "Acme LLC"
    data["class"]["code"] = "UB-2026-COPY"
    data["participants"][0]["resume_hash"] = None  # the same store: codes stay unique
    store.import_class(data)
    [record] = store.enterprises("UB-2026-COPY")
    assert (record["name"], record["sector"], record["participants"]) == ("Acme LLC", "food", 1)


def test_merging_keeps_every_assessment_and_one_per_year(store):
    a = store.add_enterprise("UB-2026", "Baganuur Food LLC")
    b = store.add_enterprise("UB-2026", "Багануур хүнс ХХК")
    register = RegisterStore(store)
    made = []
    for record, year in ((a, 2026), (b, 2026), (b, 2025)):
        x = Assessment.start(
            "Бат",
            year=year,
            enterprise=record["name"],
            sector="food",
            size="small",
            method="5x5",
            language="mn",
        )
        register.save(x, "UB-2026", enterprise_id=record["id"])
        made.append(x.id)
    # Both 2026 assessments saved at the same moment: the kept enterprise's stays.
    from sqlalchemy import update

    from widgets.register.tables import AssessmentRow

    with store.engine.begin() as c:
        c.execute(update(AssessmentRow).values(updated_at=service.now()))
    merged = store.merge_enterprises(a["id"], b["id"])
    assert merged["moved_assessments"] == 1  # b's 2025
    assert merged["set_aside"] == [made[1]]
    rows = {r["id"]: r["enterprise_id"] for r in register.assessments("UB-2026")}
    assert rows == {made[0]: a["id"], made[1]: None, made[2]: a["id"]}
    assert register.current(a["id"]).id == made[0]


def test_the_page_and_the_programme_reports_open_the_same_assessment(store):
    from widgets.programme.facts import read_facts

    register = RegisterStore(store)
    made = {}
    for name in ("Acme LLC", "Naran LLC"):
        record = store.add_enterprise("UB-2026", name)
        # Saved out of order: the older year last, so "latest saved" would pick it.
        for year in (2027, 2026) if name == "Acme LLC" else (2026,):
            x = Assessment.start(
                "Бат",
                year=year,
                enterprise=name,
                sector="food",
                size="small",
                method="5x5",
                language="mn",
            )
            register.save(x, "UB-2026", enterprise_id=record["id"])
            made[name, year] = x.id
        opened = register.current(record["id"]).id
        assert opened == made[name, max(y for n, y in made if n == name)]
    reported = sorted(read_facts(store, ["UB-2026"]).assessments["assessment_id"])
    assert reported == sorted([made["Acme LLC", 2027], made["Naran LLC", 2026]])


def test_attempts_are_counted_per_client_and_kind(store):
    since = service.now() - timedelta(minutes=1)
    for ok in (False, False, True):
        store.record_attempt("resume", "10.0.0.7", "k1", ok)
    store.record_attempt("class", "10.0.0.7", "k2", False)
    store.record_attempt("join", "10.0.0.8", "k3", True)
    assert store.attempts("10.0.0.7", ("resume", "class"), since, failed_only=True) == 3
    assert store.attempts("10.0.0.7", ("join",), since) == 0
    assert store.attempts("10.0.0.8", ("join",), since) == 1


def test_the_trainer_s_commands_enrol_list_merge_and_sign_out(database_url, tmp_path, capsys):
    from widgets.store.__main__ import main

    def run(*words):
        return main(["--database", database_url, *words])

    assert run("create-class", "UB-2026", "Ulaanbaatar") == 0
    enrolled = tmp_path / "enrolled.csv"
    enrolled.write_text("name,sector\nBaganuur Food LLC,food\nGobi,shipyard\n", encoding="utf-8")
    assert run("import-enterprises", "UB-2026", str(enrolled)) == 1  # one row refused
    assert "enrolled.csv:3: sector: unknown-sector 'shipyard'" in capsys.readouterr().err
    assert run("add-enterprise", "UB-2026", "Багануур хүнс ХХК") == 0
    assert run("enterprises", "UB-2026") == 0
    listed = capsys.readouterr().out
    assert "Baganuur Food LLC" in listed
    assert "Багануур хүнс ХХК" in listed
    assert run("merge-enterprises", "1", "2") == 0
    assert "merged into Baganuur Food LLC" in capsys.readouterr().out
    assert run("sign-out", "99") == 1
