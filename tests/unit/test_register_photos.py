"""Photos are kept re-encoded: upright, scaled down, without metadata, within a quota."""

from __future__ import annotations

import io
import zipfile

import pytest
from PIL import Image

from tests.register_samples import image, kindergarten
from widgets.register import PhotoError
from widgets.register.model import Assessment
from widgets.register.photos import clean_photo
from widgets.register.settings import settings

pytestmark = pytest.mark.unit
GPS = 0x8825
ORIENTATION = 0x0112


def phone_photo(size=(3000, 2000), orientation: int = 1) -> bytes:
    """A JPEG as a phone writes it: EXIF with the camera, a GPS position, an orientation."""
    picture = Image.new("RGB", size, (30, 120, 200))
    picture.paste((250, 250, 0), (0, 0, size[0] // 3, size[1] // 3))  # a yellow corner
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[ORIENTATION] = orientation
    exif.get_ifd(GPS).update({1: "N", 2: (47.0, 55.0, 12.0), 3: "E", 4: (106.0, 55.0, 3.0)})
    out = io.BytesIO()
    picture.save(out, "JPEG", exif=exif, comment=b"secret comment", quality=90)
    return out.getvalue()


def filled() -> Assessment:
    """An assessment with one hazard and one measure (no checklist answers needed)."""
    a = kindergarten()
    hazard = a.add_hazard("Wet floor", "mechanical", by="Бат")
    a.add_measure(hazard.id, "Бат", "Mop and sign", level="administrative")
    return a


def test_a_phone_photo_is_kept_without_its_exif_and_gps_and_scaled_to_2000_px():
    data = phone_photo()
    with Image.open(io.BytesIO(data)) as original:
        assert original.getexif().get_ifd(GPS), "the sample carries a GPS position"
    kept = clean_photo(data, "IMG_0001.JPG")
    assert (kept.mime, kept.filename) == ("image/jpeg", "IMG_0001.jpg")
    with Image.open(io.BytesIO(kept.data)) as photo:
        assert photo.format == "JPEG"
        assert photo.size == (2000, 1333)
        assert not photo.getexif()
        assert "exif" not in photo.info
        assert "comment" not in photo.info
        assert "icc_profile" not in photo.info
    for secret in (b"PhoneMaker", b"secret comment", b"Exif"):
        assert secret not in kept.data
    assert len(kept.data) < len(data)


def test_a_photo_taken_sideways_is_turned_upright_before_its_orientation_is_dropped():
    kept = clean_photo(phone_photo((1200, 800), orientation=6), "side.jpg")
    with Image.open(io.BytesIO(kept.data)) as photo:
        assert photo.size == (800, 1200)
        # Orientation 6: turned 90° clockwise, the yellow corner is now at the top right.
        assert photo.convert("RGB").getpixel((790, 10))[2] < 100


def test_a_png_that_is_also_a_zip_is_kept_as_its_pixels_only():
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("payload.html", "<script>alert(1)</script>")
    polyglot = image("PNG", (64, 48)) + archive.getvalue()
    kept = clean_photo(polyglot, "poly.png")
    assert b"payload.html" not in kept.data
    assert b"PK\x03\x04" not in kept.data
    with pytest.raises(zipfile.BadZipFile):
        zipfile.ZipFile(io.BytesIO(kept.data))
    # An opaque PNG is kept as a JPEG; a transparent one stays PNG, its alpha kept.
    assert (kept.mime, kept.filename) == ("image/jpeg", "poly.jpg")
    see_through = Image.new("RGBA", (40, 30), (255, 0, 0, 0))
    out = io.BytesIO()
    see_through.save(out, "PNG")
    kept = clean_photo(out.getvalue(), "sign.png")
    assert kept.mime == "image/png"
    with Image.open(io.BytesIO(kept.data)) as photo:
        assert photo.mode == "RGBA"
        assert photo.getpixel((0, 0))[3] == 0


def test_a_decompression_bomb_is_refused_before_its_pixels_are_decoded():
    out = io.BytesIO()
    Image.new("1", (20_000, 20_000)).save(out, "PNG")  # 400 megapixels in a few hundred KB
    assert len(out.getvalue()) < settings().photo_max_bytes
    with pytest.raises(PhotoError) as caught:
        clean_photo(out.getvalue(), "bomb.png")
    assert caught.value.code == "photo-damaged"


def test_the_register_keeps_the_re_encoded_bytes_of_an_added_photo():
    a = filled()
    hazard, measure = a.hazards[0], a.hazards[0].measures[0]
    data = phone_photo()
    photo = a.add_photo(hazard.id, measure.id, data, "IMG.jpg", "before", by="Бат")
    assert photo.data != data
    assert b"PhoneMaker" not in photo.data
    assert photo.data == clean_photo(data, "IMG.jpg").data


def test_an_assessment_holds_at_most_its_quota_of_photos():
    a = filled()
    hazard, measure = a.hazards[0], a.hazards[0].measures[0]
    limit = settings().photos_per_assessment
    png = image("PNG")
    added = sum(len(m.photos) for h in a.hazards for m in h.measures)
    # Measures hold 20 photos at most: spread them over more measures.
    while added < limit:
        target = a.add_measure(hazard.id, "Бат", f"Measure {added}", level="engineering")
        for _ in range(min(20, limit - added)):
            a.add_photo(hazard.id, target.id, png, "p.png", "before", by="Бат")
            added += 1
    with pytest.raises(PhotoError) as caught:
        a.add_photo(hazard.id, measure.id, png, "one-more.png", "after", by="Бат")
    assert caught.value.code == "photo-quota"
    assert (caught.value.params["count"], caught.value.params["size"]) == (limit, "24")
    assert limit == 40
    # A file with one photo more is not read either.
    one_more = a.hazards[0].measures[-1].photos[0].model_copy()
    measure = a.hazards[0].measures[0]
    measure.photos = [*measure.photos, one_more]
    with pytest.raises(PhotoError) as caught:
        Assessment.from_json(a.to_json())
    assert caught.value.code == "photo-quota"
