"""The two Voila routes the classroom server answers itself: pages, and request info.

:class:`widgets.server.identity.DeviceIdentityProvider` adds these routes; Voila places
an identity provider's routes before its own ``voila/query`` and ``voila/render`` routes,
and tornado answers with the first route that matches, so these subclasses of Voila's
handlers answer instead, without patching Voila. (The kernel manager alone cannot do it:
Voila's pool manager subclasses it and hands out a pooled kernel without calling it, and
it never sees the request.)

- **Pages** (:class:`OwnedPageHandler`): before Voila renders a notebook, the caps are
  checked (a refused page gets :mod:`widgets.server.pages`, and no kernel is taken or
  started); whichever kernel Voila then takes from the pool or starts for the page is
  recorded as the page's browser's, *before* the HTML naming the kernel is sent. No
  websocket can be first to a kernel: a kernel without an owner admits nobody.
- **Request info** (:class:`OneShotRequestInfoHandler`): Voila sends a preheated kernel its
  page's request (query string and headers, which now include the device cookie) over
  ``voila/query/<kernel_id>``, to the last socket opened there; Voila's handler accepts
  anyone, and keeps undelivered info forever. Here only this machine may connect (kernels
  run here), only for a running kernel, and only once per kernel: the kernel connects
  while it is preheated, before its id has left the server, so nobody can take its place;
  once delivered, the info is dropped and the route closed for that kernel.
"""

from __future__ import annotations

import ipaddress
from pathlib import PurePosixPath
from typing import Any, ClassVar

from jupyter_core.utils import ensure_async
from jupyter_server.base.handlers import log as app_log
from tornado import web
from voila.request_info_handler import RequestInfoSocketHandler
from voila.tornado.handler import TornadoVoilaHandler

from widgets.server.owners import Ticket
from widgets.server.pages import RETRY_AFTER_S, refusal_page


class _ClaimingKernelManager:
    """The kernel manager as one page request sees it: the kernel it hands out is claimed.

    Voila's page handler takes its kernel with ``get_rendered_notebook`` (preheated) or
    ``start_kernel`` (not); both are wrapped, everything else is the manager's own.
    """

    def __init__(self, manager: Any, ticket: Ticket):
        self._manager = manager
        self._ticket = ticket

    def __getattr__(self, name: str) -> Any:
        return getattr(self._manager, name)

    async def get_rendered_notebook(self, *args, **kwargs):
        render_task, rendered, kernel_id = await self._manager.get_rendered_notebook(
            *args, **kwargs
        )
        self._manager.claim(kernel_id, self._ticket)
        return render_task, rendered, kernel_id

    async def start_kernel(self, *args, **kwargs):
        kernel_id = await ensure_async(self._manager.start_kernel(*args, **kwargs))
        self._manager.claim(kernel_id, self._ticket)
        return kernel_id


def is_notebook_path(path: str | None, extensions: list[str] | tuple[str, ...] = ()) -> bool:
    """Whether a page path names something Voila would run in a kernel."""
    suffix = PurePosixPath(path or "").suffix.lower()
    return suffix == ".ipynb" or suffix in {e.lower() for e in extensions}


class OwnedPageHandler(TornadoVoilaHandler):
    """Voila's page handler, with caps checked first and the page's kernel claimed."""

    _ticket: Ticket | None = None

    @property
    def kernel_manager(self):
        """Return the kernel manager, claiming for this page what it hands out."""
        manager = self.settings["kernel_manager"]
        return _ClaimingKernelManager(manager, self._ticket) if self._ticket else manager

    @web.authenticated
    async def get(self, path=None):
        """Render a notebook page, if the caps allow it; refuse it politely if not."""
        notebook = self.notebook_path or path
        extensions = list(self.voila_configuration.extension_language_mapping)
        if not is_notebook_path(notebook, extensions):
            return await super().get(path=path)  # Voila redirects it to the file
        manager = self.settings["kernel_manager"]  # a ClassroomKernelManager (see identity)
        OneShotRequestInfoHandler.prune(lambda kernel_id: kernel_id in manager)
        device, client = self.current_user.username, self.request.remote_ip
        admission = manager.admit_page(device, client, notebook)
        if not admission.allowed:
            self.log.warning(
                "Refused a page of %s to client %s (device %s): %s cap "
                "(%d in use by the client, %d held in all)",
                notebook,
                client,
                device,
                admission.refusal,
                admission.in_use,
                admission.total,
            )
            status, html = refusal_page(admission.refusal)
            self.set_status(status)
            self.set_header("Content-Type", "text/html; charset=UTF-8")
            self.set_header("Cache-Control", "no-store")
            self.set_header("Retry-After", str(RETRY_AFTER_S))
            self.finish(html)
            return
        self._ticket = admission.ticket
        try:
            return await super().get(path=path)
        finally:
            manager.page_done(admission.ticket)


class OneShotRequestInfoHandler(RequestInfoSocketHandler):
    """Voila's request-info socket, for this machine's kernels only, once per kernel."""

    _opened: ClassVar[set[str]] = set()

    async def get(self, *args, **kwargs):
        """Open the socket if the peer may have this kernel's request info; else 403."""
        kernel_id = kwargs.get("kernel_id") or (args[0] if args else "")
        peer = self.request.remote_ip
        manager = self.application.settings["kernel_manager"]
        if not _is_local(peer) or kernel_id not in manager or kernel_id in self._opened:
            app_log().warning("Refused the request info of kernel %s to client %s", kernel_id, peer)
            self.set_status(403)
            self.finish()
            return
        self._opened.add(kernel_id)
        return await super().get(*args, **kwargs)

    def open(self, kernel_id: str) -> None:
        """Register the kernel's socket, and send the request info if it is already here."""
        super().open(kernel_id)
        # Delivered (or to be sent straight to this socket): it holds the page's
        # cookies, so keep no copy.
        RequestInfoSocketHandler._cache.pop(kernel_id, None)

    @classmethod
    def prune(cls, alive) -> None:
        """Forget what is kept for kernels that are no longer ``alive``."""
        for kernel_id in [k for k in cls._opened if not alive(k)]:
            cls._opened.discard(kernel_id)
        for kernel_id in [k for k in RequestInfoSocketHandler._cache if not alive(k)]:
            RequestInfoSocketHandler._cache.pop(kernel_id, None)


def _is_local(address: str) -> bool:
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False
