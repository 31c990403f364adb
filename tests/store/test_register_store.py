"""The register in the store, on SQLite and PostgreSQL: lossless, guarded, photos as blobs."""

from __future__ import annotations

import pytest
from sqlalchemy import null, select, update

from tests.register_samples import filled, image
from widgets.register.store import RegisterStore
from widgets.register.tables import ChangeRow, PhotoRow
from widgets.store.service import StoreError

pytestmark = pytest.mark.store


@pytest.fixture
def register(store) -> RegisterStore:
    """The register on a fresh store of each kind."""
    return RegisterStore(store)


def test_an_assessment_reads_back_equal_with_photos_and_history(register):
    a = filled()
    assert register.save(a, "UB-2026") == 1
    again = register.load(a.id)
    assert again == a
    photo = again.hazards[0].measures[0].photos[0]
    # Kept as re-encoded on upload (an opaque PNG becomes a JPEG without metadata).
    assert photo.data == a.hazards[0].measures[0].photos[0].data
    assert photo.data.startswith(b"\xff\xd8")
    assert photo.data != image()
    assert [c.action for c in again.history] == [c.action for c in a.history]
    listed = register.assessments("UB-2026")
    assert [(r["id"], r["enterprise"], r["year"], r["revision"]) for r in listed] == [
        (a.id, "Нарлаг цэцэрлэг", 2026, 1)
    ]
    assert register.assessments("OTHER-CLASS") == []


def test_photos_are_blobs_and_the_history_only_grows(register):
    a = filled()
    register.save(a)
    hazard, measure = a.hazards[0], a.hazards[0].measures[0]
    after = a.add_photo(hazard.id, measure.id, image("JPEG"), "after.jpg", "after", by="Бат")
    before = measure.photos[0]
    a.remove_photo(hazard.id, measure.id, before.id, by="Бат")
    register.save(a)
    with register.engine.connect() as connection:
        photos = connection.execute(select(PhotoRow.id, PhotoRow.mime, PhotoRow.size)).all()
        history = connection.execute(
            select(ChangeRow.position, ChangeRow.action).order_by(ChangeRow.position)
        ).all()
    assert photos == [(after.id, "image/jpeg", len(after.data))]
    assert [p for p, _ in history] == list(range(len(a.history)))
    assert [action for _, action in history][-2:] == ["photo-added", "photo-removed"]
    assert register.load(a.id) == a


def test_a_stale_copy_cannot_overwrite_a_newer_save(register):
    a = filled()
    register.save(a)
    mine, theirs = register.load(a.id), register.load(a.id)
    mine.add_hazard("Шинэ аюул", "physical", by="Бат")
    register.save(mine)
    theirs.add_hazard("Өөр аюул", "chemical", by="Дорж")
    with pytest.raises(StoreError) as refused:
        register.save(theirs)
    assert refused.value.kind == "conflict"
    assert [h.title for h in register.load(a.id).hazards][-1] == "Шинэ аюул"


def test_the_lock_is_kept_and_a_deleted_assessment_leaves_nothing(register):
    a = filled()
    a.mark_reviewed(by="Оюун")
    register.save(a)
    assert register.load(a.id).locked
    assert register.assessments()[0]["locked"]
    register.delete(a.id)
    with pytest.raises(StoreError) as missing:
        register.load(a.id)
    assert missing.value.kind == "unknown-assessment"
    with register.engine.connect() as connection:
        assert connection.execute(select(PhotoRow.id)).all() == []
        assert connection.execute(select(ChangeRow.id)).all() == []


def test_the_history_is_stored_as_data_and_read_back_as_it_was(register):
    a = filled()
    register.save(a)
    with register.engine.connect() as connection:
        rows = connection.execute(
            select(ChangeRow.action, ChangeRow.params, ChangeRow.what).order_by(ChangeRow.position)
        ).all()
    assert [(action, params) for action, params, _what in rows] == [
        (c.action, c.params) for c in a.history
    ]
    assert {what for _action, _params, what in rows} == {""}, "no translated text is stored"
    assert rows[6] == ("hazard-added", {"hazard": "Халуун зуух"}, "")


def test_history_rows_written_as_text_before_migration_0004_load_as_legacy_entries(register):
    from widgets.register.messages import describe

    a = filled()
    register.save(a)
    with register.engine.begin() as connection:
        first = connection.execute(select(ChangeRow.id).where(ChangeRow.position == 0)).scalar_one()
        # A row of the time: translated text in ``what``, and SQL NULL (not JSON null) params.
        connection.execute(
            update(ChangeRow)
            .where(ChangeRow.id == first)
            .values(what="Нарлаг цэцэрлэг-ийн эрсдэлийн үнэлгээг эхлүүлэв", params=null())
        )
    again = register.load(a.id)
    old = again.history[0]
    assert (old.legacy, old.action, old.params) == (True, "created", None)
    assert describe(old, "en") == describe(old, "mn") == old.what
    assert not any(c.legacy for c in again.history[1:])
    again.add_hazard("Шинэ аюул", "physical", by="Бат")
    register.save(again)
    assert register.load(a.id).history == again.history
