"""The download route: a file a kernel offered (:mod:`widgets.downloads`), to its own browser.

``GET <base>osh/download/<token>`` streams the file in chunks (never read whole), as an
attachment under the name the page shows, to the browser that owns the kernel that made
it. An unknown, expired or malformed token is a 404; another browser's file is a 403,
logged like a refused kernel.
"""

from __future__ import annotations

from urllib.parse import quote

from jupyter_server.base.handlers import JupyterHandler
from tornado import web

from widgets import downloads

CHUNK = 256 * 1024


class DownloadHandler(JupyterHandler):
    """Serve an offered file to the browser whose kernel made it."""

    async def get(self, token: str) -> None:
        """Send the file offered under ``token``, or a 404/403."""
        where = downloads.folder()
        offered = downloads.find(where, token) if where is not None else None
        if offered is None:
            raise web.HTTPError(404, "this download has expired: make the file again")
        manager = self.settings.get("kernel_manager")
        device = getattr(self.current_user, "username", None)
        owner = None
        if offered.kernel_id and manager is not None and hasattr(manager, "owner"):
            owner = manager.owner(offered.kernel_id)
        if offered.kernel_id and owner != device:
            self.log.warning(
                "Refused download %s… to client %s (device %s): %s",
                token[:6],
                self.request.remote_ip,
                device,
                "another browser's file" if owner else "its page is gone",
            )
            raise web.HTTPError(403)
        self.set_header("Content-Type", offered.mime)
        self.set_header("Content-Disposition", disposition(offered.filename))
        self.set_header("Cache-Control", "no-store")
        self.set_header("X-Content-Type-Options", "nosniff")
        self.set_header("Content-Length", str(offered.path.stat().st_size))
        with offered.path.open("rb") as fh:
            while chunk := fh.read(CHUNK):
                self.write(chunk)
                await self.flush()


def disposition(filename: str) -> str:
    """Return a Content-Disposition header that keeps a Mongolian file name (RFC 6266)."""
    ascii_name = filename.encode("ascii", "replace").decode("ascii").replace('"', "'")
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
