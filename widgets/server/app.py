"""Voila as the classroom serves it: compressed text, and versioned files cached for a year.

``python -m widgets.server.app`` is Voila (``python -m voila``) with two things a phone on the
trainer's Wi-Fi feels (about 5 MB uncompressed on a first load otherwise):

- **Compression.** ``"compress_response": true`` in ``voila.json``'s ``tornado_settings``
  compresses text responses (HTML, JS, CSS, JSON) with gzip for browsers that accept it.
  Voila applies its ``tornado_settings`` only after tornado's ``Application`` was built, and
  tornado reads ``compress_response`` only there, so the setting alone does nothing: this
  application adds tornado's gzip transform itself when the setting asks for it.
- **Caching.** A static file whose URL is versioned (a ``?v=`` hash, or a content hash in its
  name, as the front end's ``remoteEntry.<hash>.js``) cannot change under that URL, so it is
  served with ``Cache-Control: public, max-age=31536000, immutable``: a returning phone does
  not ask again. Voila's own labextension route says ``no-cache`` for every file, and its
  template files ``max-age`` without ``immutable``. Files without a version keep what Voila
  gives them; pages keep ``no-cache, no-store`` (Voila's page handler).

Everything else (settings, routes, handlers) is Voila's own; routes are swapped for the
subclasses below by class, not by URL.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from jupyter_server.base.handlers import FileFindHandler
from tornado import web
from voila.app import Voila
from voila.static_file_handler import MultiStaticFileHandler, TemplateStaticFileHandler

IMMUTABLE = "public, max-age=31536000, immutable"
# A content hash in a file name, as webpack writes them: "remoteEntry.c8c9eed2cdefdeac.js".
_HASHED_NAME = re.compile(r"(?:^|[.-])[0-9a-f]{16,}(?:[.-]|$)")


def is_versioned(path: str, arguments: dict) -> bool:
    """Whether a static file's URL changes when its content does (``?v=`` or a hashed name)."""
    return bool(arguments.get("v")) or bool(_HASHED_NAME.search(PurePosixPath(path).name))


class _LongCache:
    """Mixin: versioned URLs are cached for a year and never revalidated."""

    def set_extra_headers(self, path: str) -> None:
        super().set_extra_headers(path)  # type: ignore[misc]
        if is_versioned(path, self.request.arguments):  # type: ignore[attr-defined]
            self.set_header("Cache-Control", IMMUTABLE)  # type: ignore[attr-defined]


class CachedTemplateStaticFileHandler(_LongCache, TemplateStaticFileHandler):
    """The template's static files (``voila/templates/<name>/static/…?v=<hash>``)."""


class CachedMultiStaticFileHandler(_LongCache, MultiStaticFileHandler):
    """Voila's front end (``voila/static/…``)."""


class CachedFileFindHandler(FileFindHandler):
    """The labextensions (``voila/labextensions/…``): widget managers, their chunks."""

    def set_headers(self) -> None:
        """Set Voila's headers, then a year's cache if the URL is versioned."""
        super().set_headers()  # sets no-cache for everything under Voila's route
        if is_versioned(self.request.path, self.request.arguments):
            self.set_header("Cache-Control", IMMUTABLE)


_CACHED = {
    TemplateStaticFileHandler: CachedTemplateStaticFileHandler,
    MultiStaticFileHandler: CachedMultiStaticFileHandler,
    FileFindHandler: CachedFileFindHandler,
}


class ClassroomVoila(Voila):
    """Voila, with compressed responses and long-cached versioned files."""

    def init_handlers(self) -> list:
        """Return Voila's routes with the caching handlers; turn compression on if asked."""
        # Voila calls this after it built ``self.app`` (see the module's docstring).
        app = getattr(self, "app", None)
        settings = self.tornado_settings
        if (
            app is not None
            and (settings.get("compress_response") or settings.get("gzip"))
            and web.GZipContentEncoding not in app.transforms
        ):
            app.transforms.append(web.GZipContentEncoding)
        handlers = []
        for route in super().init_handlers():
            cls = route[1]
            if cls in _CACHED:
                route = (route[0], _CACHED[cls], *route[2:])
            handlers.append(route)
        return handlers


main = ClassroomVoila.launch_instance

if __name__ == "__main__":
    main()
