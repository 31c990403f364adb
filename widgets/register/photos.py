"""Photos attached to measures: JPEG or PNG only, size-limited, proved real, and re-encoded.

The first bytes must say JPEG or PNG (the file name is never trusted), the size must be
within ``photo_max_bytes`` of ``data/register.yaml``, and the image must decode with Pillow
(imported only when a photo is checked) within ``photo_max_pixels``. What is kept is never
the uploaded file: :func:`clean_photo` decodes it, turns it upright, scales it down to
``photo_max_side`` and encodes it again (JPEG, or PNG where it is transparent), so no
metadata (a phone's GPS position, the camera, comments) and nothing appended to the image
(a PNG that is also a ZIP) survives. An assessment holds at most ``photos_per_assessment``
photos and ``photo_bytes_per_assessment`` bytes of them (:func:`check_quota`).

Every refusal is a :class:`PhotoError` with a code (``photo-empty``, ``photo-too-large``,
``photo-not-jpeg-png``, ``photo-damaged``, ``photo-quota``) and the file's name.
"""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath

from widgets.content.images import sniff
from widgets.register.errors import PhotoError
from widgets.register.settings import settings

ACCEPTED = {"image/jpeg": "JPEG", "image/png": "PNG"}
"""The photo types the register keeps, with Pillow's name for each."""
JPEG_QUALITY = 85
"""Quality of a re-encoded photo: a label or a sign stays readable at a fraction of the size."""


@dataclass(frozen=True)
class CleanPhoto:
    """A photo as the register keeps it: re-encoded bytes, their MIME type, a safe name."""

    data: bytes
    mime: str
    filename: str


def safe_name(filename: str) -> str:
    """Return the base name of an uploaded file, without folders or odd characters."""
    base = PurePath(str(filename).replace("\\", "/")).name
    cleaned = re.sub(r"[^\w.\- ]+", "_", base).strip(" .")
    return cleaned[:120] or "photo"


def check_photo(data: bytes, filename: str) -> str:
    """Check an uploaded photo and return its MIME type.

    Parameters
    ----------
    data
        The file's bytes.
    filename
        The name it was uploaded with (used in messages only).

    Raises
    ------
    PhotoError
        When the file is empty, too large, not a JPEG or PNG by its content, or does not
        decode as an image.
    """
    name = safe_name(filename)
    mime = check_upload(data, name)
    if not _decodes(bytes(data), ACCEPTED[mime], settings().photo_max_pixels):
        raise PhotoError("photo-damaged", name=name)
    return mime


def check_upload(data: bytes, filename: str) -> str:
    """Check what can be checked without decoding (present, size, type); return the type.

    A view calls it as soon as an upload arrives, so a file over the limit is refused before
    anything decodes it.

    Raises
    ------
    PhotoError
        ``photo-empty``, ``photo-too-large`` or ``photo-not-jpeg-png``.
    """
    name = safe_name(filename)
    limits = settings()
    if not isinstance(data, bytes | bytearray) or not data:
        raise PhotoError("photo-empty", name=name)
    if len(data) > limits.photo_max_bytes:
        raise PhotoError(
            "photo-too-large",
            name=name,
            size=f"{len(data) / 2**20:.1f}",
            limit=f"{limits.photo_max_bytes / 2**20:g}",
        )
    mime = sniff(bytes(data[:16]))
    if mime not in ACCEPTED:
        raise PhotoError("photo-not-jpeg-png", name=name)
    return mime


def _decodes(data: bytes, kind: str, max_pixels: int) -> bool:
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.format != kind or image.width * image.height > max_pixels:
                    return False
                image.verify()
            # verify() leaves the image unusable and checks little of a JPEG: decode it all.
            with Image.open(io.BytesIO(data)) as image:
                image.load()
    except (OSError, ValueError, SyntaxError, UnidentifiedImageError, Image.DecompressionBombError):
        return False
    except Image.DecompressionBombWarning:
        return False
    return True


def clean_photo(data: bytes, filename: str) -> CleanPhoto:
    """Check an uploaded photo and return it re-encoded, as the register keeps it.

    The image is decoded (refused over ``photo_max_pixels``, before its pixels are read),
    turned upright by its EXIF orientation, scaled down to ``photo_max_side`` pixels on its
    longest side and encoded again: as PNG when it has transparent pixels, otherwise as
    JPEG. Nothing else of the file is kept (no EXIF, GPS, ICC profile, text chunks, or bytes
    after the image). The name keeps its stem with the new type's extension.

    Raises
    ------
    PhotoError
        As :func:`check_photo`.
    """
    name = safe_name(filename)
    mime = check_upload(data, name)
    limits = settings()
    try:
        out, kind = _reencode(
            bytes(data), ACCEPTED[mime], limits.photo_max_pixels, limits.photo_max_side
        )
    except _Refused:
        raise PhotoError("photo-damaged", name=name) from None
    suffix = ".png" if kind == "PNG" else ".jpg"
    stem = PurePath(name).stem or "photo"
    return CleanPhoto(
        data=out,
        mime="image/png" if kind == "PNG" else "image/jpeg",
        filename=safe_name(stem[:116] + suffix),
    )


def check_quota(kept: Sequence[bytes], adding: int, name: str) -> None:
    """Refuse a photo when the assessment would hold too many photos or bytes of them.

    Parameters
    ----------
    kept
        The photos the assessment holds (their bytes).
    adding
        How many bytes the new photos have (0 to check the photos ``kept`` alone).
    name
        The new photo's name, for the message.

    Raises
    ------
    PhotoError
        ``photo-quota`` with the ``count`` and ``size`` (MB) allowed per assessment.
    """
    limits = settings()
    count = len(kept) + (1 if adding else 0)
    total = sum(len(b) for b in kept) + adding
    if count > limits.photos_per_assessment or total > limits.photo_bytes_per_assessment:
        raise PhotoError(
            "photo-quota",
            name=safe_name(name),
            count=limits.photos_per_assessment,
            size=f"{limits.photo_bytes_per_assessment / 2**20:g}",
        )


class _Refused(Exception):
    """The image is damaged, too large in pixels, or not what its first bytes say."""


def _reencode(data: bytes, kind: str, max_pixels: int, side: int) -> tuple[bytes, str]:
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                # The header gives the size: refuse a bomb before any pixel is decoded.
                if image.format != kind or image.width * image.height > max_pixels:
                    raise _Refused
                if kind == "JPEG":
                    image.draft("RGB", (side, side))  # decode at 1/2, 1/4, 1/8 when larger
                image.load()
                upright = ImageOps.exif_transpose(image)
            transparent = _transparent(upright)
            picture = upright.convert("RGBA" if transparent else "RGB")
            picture.thumbnail((side, side), Image.Resampling.LANCZOS)
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
        UnidentifiedImageError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ):
        raise _Refused from None
    return out.getvalue(), "PNG" if transparent else "JPEG"


def _transparent(image) -> bool:
    """Whether any pixel of ``image`` is not fully opaque."""
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        alpha = image.convert("RGBA").getchannel("A")
        return alpha.getextrema()[0] < 255
    return False


THUMBNAIL_PX = 160
"""The longest side of a photo's thumbnail on the page."""


def thumbnail_uri(data: bytes, side: int = THUMBNAIL_PX) -> str:
    """Return a small JPEG of a kept photo as a ``data:`` URI, or "" if it cannot be made.

    A photo was checked when it was added; a thumbnail never lets one break the page.
    """
    import base64

    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            image.thumbnail((side, side))
            out = io.BytesIO()
            image.convert("RGB").save(out, "JPEG", quality=70)
    except Exception:
        return ""
    return "data:image/jpeg;base64," + base64.b64encode(out.getvalue()).decode()
