"""Photos attached to measures: JPEG or PNG only, size-limited, and proved to be real images.

The first bytes must say JPEG or PNG (the file name is never trusted), the size must be
within ``photo_max_bytes`` of ``data/register.yaml``, and the image must decode with Pillow
(imported only when a photo is checked). Every refusal is a :class:`PhotoError` with a code
(``photo-empty``, ``photo-too-large``, ``photo-not-jpeg-png``, ``photo-damaged``) and the
file's name.
"""

from __future__ import annotations

import io
import re
import warnings
from pathlib import PurePath

from widgets.content.images import sniff
from widgets.register.errors import PhotoError
from widgets.register.settings import settings

ACCEPTED = {"image/jpeg": "JPEG", "image/png": "PNG"}
"""The photo types the register keeps, with Pillow's name for each."""


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
    if not _decodes(bytes(data), ACCEPTED[mime], limits.photo_max_pixels):
        raise PhotoError("photo-damaged", name=name)
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
