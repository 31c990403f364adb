"""Photos kept before re-encoding on upload are re-encoded: no GPS position, no 4,000 px.

Until photos were re-encoded on upload, the register kept them byte for byte: a phone's
EXIF (the GPS position of a participant's workplace, the camera), 3–8 MB at 4,000 px, and
anything appended after the image (a PNG that is also a ZIP). This migration gives every
stored photo the treatment a new upload gets, one photo at a time:

- A photo is **clean**, and left byte for byte, when its bytes are the type its row says
  (JPEG or PNG), its longest side is at most 2,000 px, it holds no metadata (JPEG: nothing
  but a JFIF header without thumbnail, tables and scans; PNG: nothing but image data,
  palette, transparency and colour or density chunks) and nothing follows the image's end.
- Any other photo is decoded, turned upright by its EXIF orientation, scaled down to
  2,000 px on its longest side and encoded again: PNG when it has transparent pixels, else
  JPEG (quality 85), without any metadata. Its row gets the new bytes, size and type; in
  its assessment's JSON the photo gets the new ``mime`` and, where its name's extension
  does not fit the new type, the new type's (``site.png`` → ``site.jpg``).
- A photo that cannot be decoded (damaged, not what its first bytes say, over 40
  megapixels) is **kept as it is** and named in a warning on the log (file name,
  enterprise, year and ids): it was a participant's work, and a trainer would rather see
  a photo without a thumbnail and remove it than find it gone. Nothing is deleted here.

The rule is a frozen copy of the one of the time (``widgets.register.photos.clean_photo``
with ``data/register.yaml``'s limits): a migration must give the same result whatever the
code becomes. Rows are read one photo at a time (only the keys are listed first), so memory
stays that of one photo, within the upgrade's transaction. Revisions are not changed: a
migration runs when the workbook is updated, before anyone opens an assessment.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import io
import logging
import re
import struct
import warnings
from pathlib import PurePath

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

log = logging.getLogger("widgets.store.migrations")

MAX_SIDE = 2000
MAX_PIXELS = 40_000_000
JPEG_QUALITY = 85
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# PNG chunks that say nothing about who took the photo, where or with what.
PNG_KEPT = {b"IHDR", b"PLTE", b"tRNS", b"IDAT", b"IEND", b"gAMA", b"cHRM", b"sRGB", b"sBIT"}
PNG_KEPT |= {b"pHYs", b"bKGD"}

photos = sa.table(
    "register_photos",
    sa.column("assessment_id", sa.String),
    sa.column("id", sa.String),
    sa.column("mime", sa.String),
    sa.column("size", sa.Integer),
    sa.column("data", sa.LargeBinary),
)
assessments = sa.table(
    "register_assessments",
    sa.column("id", sa.String),
    sa.column("enterprise", sa.String),
    sa.column("year", sa.Integer),
    sa.column("data", sa.JSON),
)


def upgrade() -> None:
    """Re-encode every stored photo that is not clean; update its row and its JSON entry."""
    bind = op.get_bind()
    keys = bind.execute(
        sa.select(photos.c.assessment_id, photos.c.id).order_by(photos.c.assessment_id, photos.c.id)
    ).all()
    changed: dict[str, str] = {}  # photo id → new MIME type, for the current assessment
    current = None
    for assessment_id, photo_id in keys:
        if assessment_id != current:
            _update_json(bind, current, changed)
            current, changed = assessment_id, {}
        new_mime = _clean_one(bind, assessment_id, photo_id)
        if new_mime:
            changed[photo_id] = new_mime
    _update_json(bind, current, changed)


def _clean_one(bind, assessment_id: str, photo_id: str) -> str | None:
    """Re-encode one photo unless it is clean; return its new MIME type, or None.

    A function of its own, so that the photo's bytes are freed before the next is read.
    """
    where = sa.and_(photos.c.assessment_id == assessment_id, photos.c.id == photo_id)
    mime, data = bind.execute(sa.select(photos.c.mime, photos.c.data).where(where)).one()
    data = bytes(data)
    if _clean(data, mime):
        return None
    try:
        out, new_mime = _reencode(data)
    except _Undecodable:
        log.warning(
            "%s does not decode as JPEG or PNG: kept as it was (photo %s, assessment %s)",
            _described(bind, assessment_id, photo_id),
            photo_id,
            assessment_id,
        )
        return None
    bind.execute(photos.update().where(where).values(data=out, size=len(out), mime=new_mime))
    return new_mime


def _described(bind, assessment_id: str, photo_id: str) -> str:
    """Say which photo it is as a trainer knows it: file name, enterprise and year."""
    row = bind.execute(
        sa.select(assessments.c.enterprise, assessments.c.year, assessments.c.data).where(
            assessments.c.id == assessment_id
        )
    ).one()
    names = [
        photo.get("filename")
        for hazard in (row.data or {}).get("hazards") or []
        for measure in hazard.get("measures") or []
        for photo in measure.get("photos") or []
        if photo.get("id") == photo_id
    ]
    return f"Photo {names[0] if names else '?'!r} of {row.enterprise}'s assessment of {row.year}"


def _update_json(bind, assessment_id: str | None, changed: dict[str, str]) -> None:
    """Give the re-encoded photos of an assessment's JSON their new type and extension."""
    if assessment_id is None or not changed:
        return
    where = assessments.c.id == assessment_id
    data = bind.execute(sa.select(assessments.c.data).where(where)).scalar()
    if not isinstance(data, dict):
        return
    for hazard in data.get("hazards") or []:
        for measure in hazard.get("measures") or []:
            for photo in measure.get("photos") or []:
                if photo.get("id") in changed:
                    photo["mime"] = changed[photo["id"]]
                    photo["filename"] = _renamed(str(photo.get("filename", "")), photo["mime"])
    bind.execute(assessments.update().where(where).values(data=data))


def _renamed(filename: str, mime: str) -> str:
    """Return the name with the extension of ``mime`` (kept when it has one that fits)."""
    fits = (".png",) if mime == "image/png" else (".jpg", ".jpeg")
    if PurePath(filename).suffix.lower() in fits:
        return filename
    stem = PurePath(filename).stem or "photo"
    name = re.sub(r"[^\w.\- ]+", "_", stem[:116] + fits[0]).strip(" .")
    return name or "photo" + fits[0]


def _clean(data: bytes, mime: str) -> bool:
    """Whether a photo is as an upload is kept now: its type, small, no metadata, no tail."""
    if mime == "image/jpeg" and data[:3] == b"\xff\xd8\xff":
        size = _clean_jpeg(data)
    elif mime == "image/png" and data[:8] == PNG_SIGNATURE:
        size = _clean_png(data)
    else:
        return False
    return size is not None and 0 < max(size) <= MAX_SIDE


def _clean_jpeg(data: bytes) -> tuple[int, int] | None:
    """Return the size of a JPEG of a bare JFIF header, tables and scans only, else None."""
    pos, size, end = 2, None, len(data)
    while pos + 2 <= end:
        if data[pos] != 0xFF:
            return None
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker == 0xD9:  # end of image: nothing may follow
            return size if pos + 2 == end else None
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:  # restart markers, TEM: no length
            pos += 2
            continue
        if pos + 4 > end:
            return None
        (length,) = struct.unpack(">H", data[pos + 2 : pos + 4])
        body = data[pos + 4 : pos + 2 + length]
        if length < 2 or pos + 2 + length > end:
            return None
        if marker == 0xE0:
            # JFIF without a thumbnail; any other APP0 (JFXX holds a thumbnail) is not.
            if not (body[:5] == b"JFIF\x00" and length == 16):
                return None
        elif 0xE1 <= marker <= 0xEF or marker == 0xFE:  # EXIF, XMP, ICC, Adobe…, comments
            return None
        elif marker in (0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE):
            height, width = struct.unpack(">HH", body[1:5])
            size = (width, height)
        pos += 2 + length
        if marker == 0xDA:  # a scan: entropy-coded data up to the next real marker
            while True:
                pos = data.find(b"\xff", pos)
                if pos < 0 or pos + 1 >= end:
                    return None
                following = data[pos + 1]
                if following == 0x00 or 0xD0 <= following <= 0xD7:
                    pos += 2
                    continue
                break
    return None


def _clean_png(data: bytes) -> tuple[int, int] | None:
    """Return the size of a PNG of image chunks only, ending at its IEND, else None."""
    pos, size, end = 8, None, len(data)
    while pos + 12 <= end:
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        if kind not in PNG_KEPT or pos + 12 + length > end:
            return None
        if kind == b"IHDR" and length >= 8:
            size = struct.unpack(">II", data[pos + 8 : pos + 16])
        pos += 12 + length
        if kind == b"IEND":
            return size if pos == end else None
    return None


class _Undecodable(Exception):
    """The photo is damaged, over the pixel limit, or neither JPEG nor PNG."""


def _reencode(data: bytes) -> tuple[bytes, str]:
    """Decode, turn upright, scale to MAX_SIDE, encode without metadata: bytes and type."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=["JPEG", "PNG"]) as image:
                if image.width * image.height > MAX_PIXELS:
                    raise _Undecodable
                if image.format == "JPEG":
                    image.draft("RGB", (MAX_SIDE, MAX_SIDE))  # decode at 1/2, 1/4, 1/8
                image.load()
                upright = ImageOps.exif_transpose(image)
            transparent = _transparent(upright)
            picture = upright.convert("RGBA" if transparent else "RGB")
            del upright
            picture.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
            picture.info = {}  # nothing of the file's metadata travels with the pixels
            out = io.BytesIO()
            if transparent:
                picture.save(out, "PNG", optimize=False)
            else:
                picture.save(out, "JPEG", quality=JPEG_QUALITY)
    except (
        OSError,
        ValueError,
        SyntaxError,
        struct.error,
        UnidentifiedImageError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ):
        raise _Undecodable from None
    return out.getvalue(), "image/png" if transparent else "image/jpeg"


def _transparent(image) -> bool:
    """Whether any pixel of ``image`` is not fully opaque."""
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        return image.convert("RGBA").getchannel("A").getextrema()[0] < 255
    return False


def downgrade() -> None:
    """Do nothing: the original files are gone on purpose.

    Their metadata (GPS positions of workplaces) and their size are what this migration
    removes; the re-encoded photos are valid photos for the code of revision 0004 too.
    """
