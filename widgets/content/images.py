"""Pictures in content and uploads: accept real PNG, JPEG or WebP files only."""

from __future__ import annotations

import base64

SIGNATURES = {
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
}


def sniff(data: bytes) -> str | None:
    """Return the MIME type of a PNG, JPEG or WebP image by its first bytes, else ``None``."""
    for mime, starts in SIGNATURES.items():
        if data.startswith(starts):
            return mime
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def data_uri(data: bytes) -> str:
    """Return ``data`` as a ``data:`` URI, so a page shows it without fetching a file.

    Raises
    ------
    ValueError
        When ``data`` is not a PNG, JPEG or WebP image.
    """
    mime = sniff(data)
    if mime is None:
        raise ValueError("not a PNG, JPEG or WebP image")
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
