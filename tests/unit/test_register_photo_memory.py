"""Large phone photos end at the quota, scaled down and bare, within bounded memory.

Measured in a fresh interpreter (Linux ``VmHWM``, the whole program's peak, Python and the
workbook's modules included): adding the photos one by one as a team would, then the JSON
export and reading it back, which once took a kernel to 1.5 GiB.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from widgets.register.session import MAX_JSON_BYTES
from widgets.register.settings import settings

pytestmark = pytest.mark.unit
ROOT = Path(__file__).parents[2]
PEAK_MIB = 300
PHOTOS = 45

MEASURE = """
import json, sys, time
from pathlib import Path
from PIL import Image
import io
from tests.register_samples import kindergarten
from widgets.register import PhotoError
from widgets.register.model import Assessment
from widgets.register.reports import json_export

data = Path(sys.argv[1]).read_bytes()
count = int(sys.argv[2])
start = time.perf_counter()
a = kindergarten()
hazard = a.add_hazard("Wet floor", "mechanical", by="Bench")
refused = None
for index in range(count):
    if index % 20 == 0:  # a measure holds 20 photos at most
        measure = a.add_measure(hazard.id, "Bench", f"Measure {index}", level="engineering")
    try:
        a.add_photo(hazard.id, measure.id, data, f"IMG_{index}.jpg", "before", by="Bench")
    except PhotoError as exc:
        refused = exc.code
        break
kept = [p.data for m in a.hazards[0].measures for p in m.photos]
exported = json_export(a).data
back = Assessment.from_json(exported.decode("utf-8"))
seconds = time.perf_counter() - start
sides = [max(Image.open(io.BytesIO(k)).size) for k in kept]
status = Path("/proc/self/status").read_text()
peak = int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM")))
print(json.dumps({
    "kept": len(kept),
    "refused": refused,
    "largest_side": max(sides),
    "metadata": sum(b"PhoneMaker" in k or b"GPS" in k for k in kept),
    "kept_mib": sum(map(len, kept)) / 2**20,
    "export_mib": len(exported) / 2**20,
    "back": sum(len(m.photos) for h in back.hazards for m in h.measures),
    "seconds": seconds,
    "peak_mib": peak / 1024,
}))
"""


def large_phone_photo(limit: int) -> bytes:
    """A 12-megapixel JPEG of noise just under the upload limit, with camera and GPS data."""
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif.get_ifd(0x8825).update({1: "N", 2: (47.0, 55.0, 12.0), 3: "E", 4: (106.0, 55.0, 3.0)})
    size = (4000, 3000)
    noise = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))
    for quality in (75, 60, 45, 30, 20):
        out = io.BytesIO()
        noise.save(out, "JPEG", quality=quality, exif=exif)
        if out.tell() <= limit:
            return out.getvalue()
    raise AssertionError("no quality makes the photo fit under the limit")


def test_large_photos_end_at_the_quota_scaled_down_without_metadata(tmp_path):
    rules = settings()
    photo = large_phone_photo(rules.photo_max_bytes)
    assert photo.count(b"PhoneMaker")
    assert len(photo) > rules.photo_max_bytes * 0.6
    path = tmp_path / "IMG.jpg"
    path.write_bytes(photo)
    result = subprocess.run(
        [sys.executable, "-c", MEASURE, str(path), str(PHOTOS)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        timeout=600,
    )
    found = json.loads(result.stdout)
    print(found)
    assert found["refused"] == "photo-quota"
    assert 0 < found["kept"] < PHOTOS
    assert found["kept_mib"] <= rules.photo_bytes_per_assessment / 2**20
    assert found["largest_side"] <= rules.photo_max_side
    assert found["metadata"] == 0
    assert found["back"] == found["kept"]
    assert found["export_mib"] * 2**20 < MAX_JSON_BYTES  # what is exported can be imported
    assert found["peak_mib"] < PEAK_MIB, found


def test_an_assessment_at_its_photo_quota_fits_in_a_file_an_import_reads():
    rules = settings()
    base64 = 4 / 3
    assert rules.photo_bytes_per_assessment * base64 + 2 * 2**20 < MAX_JSON_BYTES
