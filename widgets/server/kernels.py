"""The classroom's kernel manager: paced pool refills, plus who owns each kernel, and caps.

``voila.json`` names this class as ``VoilaConfiguration.multi_kernel_manager_class``;
Voila builds its preheated-pool manager on top of it, so everything here sees every
kernel Voila starts, culls or shuts down. The rules themselves are in
:mod:`widgets.server.owners`; this class feeds them the live kernels and their
connections, and shuts down the kernels they reclaim.
"""

from __future__ import annotations

import asyncio

from traitlets import Float, Int

from widgets.kernel_pool import PacedKernelManager
from widgets.server.owners import Admission, KernelOwners, Ticket

KERNEL_EXTENSIONS = ("widgets.i18n.callback_errors",)
"""IPython extensions every classroom kernel loads: errors in widget callbacks stay on the
server (:mod:`widgets.i18n.callback_errors`)."""


class ClassroomKernelManager(PacedKernelManager):
    """Know which browser owns each kernel; cap kernels per client address and in total."""

    kernels_per_client = Int(
        4,
        config=True,
        help="Kernels in use that one client address may have (0: no cap). Behind a "
        "reverse proxy every participant has the proxy's address: raise it or set 0.",
    )
    kernels_total = Int(
        60,
        config=True,
        help="Kernels that pages may hold at once, in use or not yet culled (0: no cap); "
        "preheated kernels waiting in the pool are not counted.",
    )
    connect_grace = Float(
        60.0,
        config=True,
        help="Seconds a served page has to connect to its kernel; after that a kernel no "
        "page ever connected to is shut down.",
    )

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.owners = KernelOwners()
        # Reclaiming shutdowns run in the background; keep them referenced until done.
        self._reclaiming: set[asyncio.Future] = set()

    def admit_page(self, device: str, client: str, notebook: str) -> Admission:
        """Decide whether a page may take a kernel; shut down what nobody uses.

        An admitted page holds a ticket: pass it to :meth:`claim` with the kernel the page
        takes, and to :meth:`page_done` when the request ends, whatever happened.
        """
        self.owners.prune(lambda kernel_id: kernel_id in self)
        admission = self.owners.admit(
            device,
            client,
            notebook,
            per_client=self.kernels_per_client,
            total=self.kernels_total,
            grace=self.connect_grace,
        )
        for kernel_id in admission.reclaim:
            self.log.info("Shutting down kernel %s: no page uses it", kernel_id)
            task = asyncio.ensure_future(self._reclaim(kernel_id))
            self._reclaiming.add(task)
            task.add_done_callback(self._reclaiming.discard)
        return admission

    async def start_kernel(self, *args, **kwargs):
        """Start a kernel (for a page or the pool) with the classroom's kernel extensions."""
        extra = list(kwargs.pop("extra_arguments", None) or [])
        extra += [f"--IPKernelApp.extensions={name}" for name in KERNEL_EXTENSIONS]
        return await super().start_kernel(*args, extra_arguments=extra, **kwargs)

    def claim(self, kernel_id: str, ticket: Ticket) -> None:
        """Record that the page of ``ticket`` took ``kernel_id``."""
        self.owners.claim(kernel_id, ticket)
        self.log.info(
            "Kernel %s belongs to device %s at %s (%s)",
            kernel_id,
            ticket.device,
            ticket.client,
            ticket.notebook,
        )

    def page_done(self, ticket: Ticket) -> None:
        """Record that the page request of ``ticket`` has ended, whatever happened."""
        self.owners.done(ticket)

    def owner(self, kernel_id: str) -> str | None:
        """Return the device id that owns ``kernel_id`` (``None``: pooled, unknown or gone)."""
        return self.owners.owner(kernel_id) if kernel_id in self else None

    def notify_connect(self, kernel_id):
        """Notice a page's connection to a kernel."""
        super().notify_connect(kernel_id)
        self.owners.connect(kernel_id)

    def notify_disconnect(self, kernel_id):
        """Notice that a page's connection to a kernel closed."""
        super().notify_disconnect(kernel_id)
        self.owners.disconnect(kernel_id)

    async def shutdown_kernel(self, kernel_id, *args, **kwargs):
        """Shut down a kernel, and forget who owned it."""
        self.owners.forget(kernel_id)
        return await super().shutdown_kernel(kernel_id, *args, **kwargs)

    async def _reclaim(self, kernel_id: str) -> None:
        if kernel_id not in self:
            return
        try:
            await self.shutdown_kernel(kernel_id)
        except Exception:
            # A kernel that died meanwhile is gone anyway; anything else is for the log.
            self.log.warning("Could not shut down kernel %s", kernel_id, exc_info=True)
