"""Migration 0005 re-encodes photos kept before uploads were: no GPS, no 4,000 px, no tail."""

from __future__ import annotations

import io
import json
import logging
import tracemalloc
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from PIL import Image
from sqlalchemy import text

from tests.register_samples import image, kindergarten
from widgets.register.photos import clean_photo
from widgets.register.store import _NO_PHOTO_DATA, RegisterStore
from widgets.store import db
from widgets.store.service import Store

pytestmark = pytest.mark.store
GPS = 0x8825
ORIENTATION = 0x0112


def _upgrade(engine, revision: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(Path(db.__file__).with_name("migrations")))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def phone_photo(size=(4000, 3000), orientation: int = 6) -> bytes:
    """A JPEG as a phone writes it: EXIF with a GPS position and an orientation.

    The left half is red and the right half blue, so that turning it upright can be seen.
    """
    picture = Image.new("RGB", size, (20, 40, 220))
    picture.paste((230, 20, 20), (0, 0, size[0] // 2, size[1]))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[ORIENTATION] = orientation
    exif.get_ifd(GPS).update({1: "N", 2: (47.0, 55.0, 12.0), 3: "E", 4: (106.0, 55.0, 3.0)})
    out = io.BytesIO()
    picture.save(out, "JPEG", exif=exif, comment=b"secret comment", quality=90)
    return out.getvalue()


def zipped(data: bytes) -> bytes:
    """``data`` with a ZIP archive appended (a file that is both an image and a ZIP)."""
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("payload.html", "<script>alert(1)</script>")
    return data + archive.getvalue()


def transparent_png(size=(300, 200)) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", size, (0, 200, 0, 128)).save(out, "PNG")
    return out.getvalue()


# name: (file name, MIME type as stored, bytes as stored at revision 0004)
OLD = {
    "phone": ("IMG_0001.JPG", "image/jpeg", phone_photo()),
    "poly": ("plan.png", "image/png", zipped(transparent_png())),
    "opaque": ("site.png", "image/png", zipped(image("PNG", (640, 480)))),
    "clean": ("clean.jpg", "image/jpeg", image("JPEG", (1200, 900))),
    "clean-png": ("sign.png", "image/png", transparent_png((64, 48))),
    "uploaded": ("today.jpg", "image/jpeg", clean_photo(phone_photo((2400, 1800)), "t.jpg").data),
    "broken": ("broken.jpg", "image/jpeg", b"\xff\xd8\xff\xe1" + b"GPS secrets" * 50),
}


def _old_store(url: str):
    """A store at revision 0004 with two assessments whose photos were kept byte for byte.

    The assessments are made by today's model (its photos are replaced by the old files in
    the rows and the old names and types in the JSON), as the register saved them.
    """
    engine = db.make_engine(url)
    _upgrade(engine, "0004")
    ids: dict[str, tuple[str, str]] = {}  # name → (assessment id, photo id)
    with engine.begin() as c:
        kept = (["phone", "poly", "clean"], ["opaque", "clean-png", "uploaded"])
        for number, names in enumerate(kept):
            a = kindergarten()
            a.profile.enterprise = f"Enterprise {number}"
            hazard = a.add_hazard("Wet floor", "mechanical", by="Бат")
            measure = a.add_measure(hazard.id, "Бат", "Mop and sign", level="administrative")
            if number == 1:
                names = [*names, "broken"]
            for name in names:
                photo = a.add_photo(hazard.id, measure.id, image(), "x.png", "before", by="Бат")
                ids[name] = (a.id, photo.id)
            data = a.model_dump(mode="json", exclude=_NO_PHOTO_DATA)
            data["revision"] = 1
            for photo in data["hazards"][0]["measures"][0]["photos"]:
                name = next(n for n, key in ids.items() if key == (a.id, photo["id"]))
                photo["filename"], photo["mime"], _ = OLD[name]
            t = datetime(2026, 11, 2, 9, tzinfo=UTC)
            c.execute(
                text(
                    "INSERT INTO register_assessments (id, enterprise, year, locked, revision,"
                    " data, created_at, updated_at) VALUES (:id, :e, 2026, false, 1, :d, :t, :t)"
                ),
                {"id": a.id, "e": a.profile.enterprise, "d": json.dumps(data), "t": t},
            )
            for name in names:
                _, mime, blob = OLD[name]
                c.execute(
                    text(
                        "INSERT INTO register_photos (assessment_id, id, mime, size, data)"
                        " VALUES (:a, :id, :mime, :size, :data)"
                    ),
                    {"a": a.id, "id": ids[name][1], "mime": mime, "size": len(blob), "data": blob},
                )
    return engine, ids


def _rows(engine) -> dict[tuple[str, str], tuple[str, int, bytes]]:
    with engine.connect() as c:
        rows = c.execute(text("SELECT assessment_id, id, mime, size, data FROM register_photos"))
        return {(r.assessment_id, r.id): (r.mime, r.size, bytes(r.data)) for r in rows}


@pytest.fixture
def migrated(database_url, caplog):
    """The old store, migrated to the newest revision: its photos by name, and its warnings."""
    engine, ids = _old_store(database_url)
    with caplog.at_level(logging.WARNING, logger="widgets.store.migrations"):
        db.migrate(engine)
    warned = [r.getMessage() for r in caplog.records if r.name == "widgets.store.migrations"]
    rows = _rows(engine)
    store = Store(database_url)
    register = RegisterStore(store)
    loaded = {}
    for name, (aid, pid) in ids.items():
        assessment = register.load(aid)
        photo = next(p for p in assessment.hazards[0].measures[0].photos if p.id == pid)
        loaded[name] = (photo, rows[(aid, pid)])
    yield loaded, warned
    store.close()
    engine.dispose()


def test_a_phone_photo_comes_out_upright_at_2000_px_without_exif(migrated):
    loaded, _ = migrated
    photo, (mime, size, data) = loaded["phone"]
    assert (mime, size) == ("image/jpeg", len(data))
    with Image.open(io.BytesIO(data)) as kept:
        assert kept.format == "JPEG"
        # Stored 4000 × 3000 with orientation 6: upright it stands, 1500 × 2000.
        assert kept.size == (1500, 2000)
        assert not kept.getexif()
        assert {"exif", "comment", "icc_profile"}.isdisjoint(kept.info)
        # Turned 90° clockwise: the red left half is now the top.
        top, bottom = kept.convert("RGB").getpixel((750, 10)), kept.getpixel((750, 1990))
        assert top[0] > 200 > top[2]
        assert bottom[2] > 200 > bottom[0]
    for secret in (b"Exif", b"PhoneMaker", b"secret comment"):
        assert secret not in data
    assert len(data) < len(OLD["phone"][2])
    # The name already fits a JPEG: the participant's name is kept.
    assert (photo.mime, photo.filename, photo.data) == ("image/jpeg", "IMG_0001.JPG", data)


def test_a_png_with_a_zip_appended_comes_out_as_its_pixels_only(migrated):
    loaded, _ = migrated
    photo, (mime, _, data) = loaded["poly"]
    assert b"payload.html" not in data
    assert data.endswith(b"IEND\xaeB`\x82")
    # Transparent: still a PNG, with its name.
    assert (mime, photo.mime, photo.filename) == ("image/png", "image/png", "plan.png")
    with Image.open(io.BytesIO(data)) as kept:
        assert (kept.format, kept.size, kept.mode) == ("PNG", (300, 200), "RGBA")


def test_an_opaque_png_becomes_a_jpeg_and_its_json_entry_follows(migrated):
    loaded, _ = migrated
    photo, (mime, _, data) = loaded["opaque"]
    assert data[:3] == b"\xff\xd8\xff"
    assert b"payload.html" not in data
    assert (mime, photo.mime, photo.filename) == ("image/jpeg", "image/jpeg", "site.jpg")


def test_clean_photos_are_left_byte_for_byte(migrated):
    """Small photos without metadata, and photos re-encoded on upload, are not touched."""
    loaded, _ = migrated
    for name in ("clean", "clean-png", "uploaded"):
        photo, (mime, size, data) = loaded[name]
        filename, old_mime, old = OLD[name]
        assert (data, mime, size) == (old, old_mime, len(old))
        assert (photo.filename, photo.mime, photo.data) == (filename, old_mime, old)


def test_a_photo_that_does_not_decode_is_kept_and_named_on_the_log(migrated):
    loaded, warned = migrated
    photo, (mime, _, data) = loaded["broken"]
    assert (data, mime, photo.filename) == (OLD["broken"][2], "image/jpeg", "broken.jpg")
    assert len(warned) == 1
    assert photo.id in warned[0]
    assert "'broken.jpg' of Enterprise 1's assessment of 2026" in warned[0]


def test_the_photo_migration_runs_on_an_empty_store_and_downgrades_to_nothing(database_url):
    engine = db.make_engine(database_url)
    _upgrade(engine, "head")
    config = Config()
    config.set_main_option("script_location", str(Path(db.__file__).with_name("migrations")))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0004")
    _upgrade(engine, "head")
    assert db.at_head(engine)
    engine.dispose()


def test_the_migration_holds_one_photo_at_a_time(database_url):
    """Peak memory (Python's allocations) stays that of a few photos, never all of them."""
    engine = db.make_engine(database_url)
    _upgrade(engine, "0004")
    noise = Image.effect_noise((2400, 1800), 80).convert("RGB")
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    photo = io.BytesIO()
    noise.save(photo, "JPEG", exif=exif, quality=95)
    blob = photo.getvalue()
    count = 8
    t = datetime(2026, 11, 2, 9, tzinfo=UTC)
    with engine.begin() as c:
        c.execute(
            text(
                "INSERT INTO register_assessments (id, enterprise, year, locked, revision, data,"
                " created_at, updated_at) VALUES (:id, 'E', 2026, false, 1, '{}', :t, :t)"
            ),
            {"id": "a" * 32, "t": t},
        )
        for n in range(count):
            c.execute(
                text(
                    "INSERT INTO register_photos (assessment_id, id, mime, size, data)"
                    " VALUES (:a, :id, 'image/jpeg', :size, :data)"
                ),
                {"a": "a" * 32, "id": f"{n:016x}", "size": len(blob), "data": blob},
            )
    del noise, photo
    tracemalloc.start()
    try:
        db.migrate(engine)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    sizes = [size for _, size, _ in _rows(engine).values()]
    assert max(sizes) < len(blob)  # every photo was re-encoded
    # Measured: about twice one photo (the row's bytes and the new ones); all at once
    # would be eight times.
    assert peak < min(4, count / 2) * len(blob), (peak, len(blob))
    engine.dispose()


def test_the_trainer_s_migrate_command_upgrades_an_old_store(database_url, capsys):
    """``make serve`` runs it first, so that no participant's kernel waits for photos."""
    from widgets.store.__main__ import main

    engine, ids = _old_store(database_url)
    assert main(["--database", database_url, "migrate"]) == 0
    assert f"revision {db.HEAD}" in capsys.readouterr().out
    assert db.at_head(engine)
    aid, pid = ids["phone"]
    _, size, _ = _rows(engine)[(aid, pid)]
    assert size < len(OLD["phone"][2])
    engine.dispose()
