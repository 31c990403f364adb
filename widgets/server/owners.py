"""Which browser owns which kernel, and whether a page may take one more.

A kernel belongs to the browser (its ``osh-device`` id) whose page request took it: the
claim is recorded when Voila hands the kernel to the page, before the page's HTML (which
names the kernel) leaves the server. Preheated kernels waiting in the pool belong to
nobody and count towards no cap.

Caps, and why they count what they count
----------------------------------------
Memory is what a kernel costs (53-130 MB each), and one client once opened 26 pages in
10 s. So a page request is refused when its client address already has
``per_client`` kernels *in use*, or when the server holds ``total`` claimed kernels.

A kernel is **in use** while its page is being rendered, while a page is connected to it,
and for ``grace`` seconds after its page was served (the browser still has to load the
front end and connect). A kernel whose page has gone (its socket closed: tab closed,
reloaded, navigated away) is not in use: it waits for the idle culler (``voila.json``),
or goes sooner, as below. This keeps a reload from counting twice: the new page counts,
the old kernel stops counting as soon as its page lets go of it.

One wrinkle: a browser asks for the reloaded page *before* it unloads the old one, so at
that moment the old kernel is still connected. A device that re-opens a page it already
has open may therefore go one kernel above the per-client cap (a reload at the cap works;
a fifth new tab of the same page works, a sixth does not).

Kernels are shut down early ("reclaimed") when nobody can be using them:

- a device opens a page again whose earlier kernel it no longer uses (the reload case:
  the old kernel would otherwise live until culled);
- a kernel whose page never connected within ``grace`` seconds of being served (a
  script, or a page abandoned while loading);
- when the total cap is reached, the kernels no page uses, longest unused first, before
  anyone is refused: a participant at the door matters more than a closed tab.

A kernel in use is never reclaimed. Everything here is pure (a clock is injected);
:class:`widgets.server.kernels.ClassroomKernelManager` applies it to real kernels.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

Refusal = Literal["client", "total"]


@dataclass
class Claim:
    """One kernel taken by one page request."""

    kernel_id: str
    device: str
    client: str
    notebook: str
    claimed_at: float
    served_at: float | None = None
    connections: int = 0
    ever_connected: bool = False
    last_seen: float = 0.0
    ticket: int = 0

    def in_use(self, now: float, grace: float) -> bool:
        """Whether a page is (or may soon be) using this kernel."""
        if self.connections > 0:
            return True
        if self.ever_connected:
            return False  # its page has gone
        if self.served_at is None:
            return True  # its page is still being rendered
        return now - self.served_at < grace


@dataclass(frozen=True)
class Ticket:
    """A page request admitted and not yet given a kernel: it counts towards the caps."""

    number: int
    device: str
    client: str
    notebook: str


@dataclass(frozen=True)
class Admission:
    """The answer to a page request: go ahead (with a ticket) or a refusal, and what to reclaim.

    ``reclaim`` lists kernels nobody uses that the caller should shut down (they are
    already forgotten here). ``in_use`` and ``total`` are the counts the decision saw,
    for the log.
    """

    ticket: Ticket | None
    refusal: Refusal | None = None
    reclaim: tuple[str, ...] = ()
    in_use: int = 0
    total: int = 0

    @property
    def allowed(self) -> bool:
        """Whether the page may take a kernel."""
        return self.refusal is None


@dataclass
class KernelOwners:
    """The owners of the claimed kernels, and the page requests still waiting for one.

    Parameters
    ----------
    clock
        Where the time comes from (seconds; tests give their own).
    """

    clock: Callable[[], float] = time.monotonic
    claims: dict[str, Claim] = field(default_factory=dict)
    pending: dict[int, Ticket] = field(default_factory=dict)
    _numbers: itertools.count = field(default_factory=lambda: itertools.count(1))

    def owner(self, kernel_id: str) -> str | None:
        """Return the device that owns ``kernel_id``, or ``None`` (pooled, unknown, gone)."""
        claim = self.claims.get(kernel_id)
        return claim.device if claim else None

    def claim(self, kernel_id: str, ticket: Ticket) -> Claim:
        """Record that ``ticket``'s page took ``kernel_id``; the ticket is used up."""
        self.pending.pop(ticket.number, None)
        now = self.clock()
        claim = Claim(
            kernel_id,
            ticket.device,
            ticket.client,
            ticket.notebook,
            claimed_at=now,
            last_seen=now,
            ticket=ticket.number,
        )
        self.claims[kernel_id] = claim
        return claim

    def done(self, ticket: Ticket) -> None:
        """Record that the request of ``ticket`` has ended: its kernel's page is served."""
        if self.pending.pop(ticket.number, None) is not None:
            return  # it never took a kernel (an error, a redirect)
        now = self.clock()
        for claim in self.claims.values():
            if claim.ticket == ticket.number:
                claim.served_at = claim.last_seen = now
                return

    def connect(self, kernel_id: str) -> None:
        """Record that a page connected to ``kernel_id``."""
        claim = self.claims.get(kernel_id)
        if claim:
            claim.connections += 1
            claim.ever_connected = True
            claim.last_seen = self.clock()

    def disconnect(self, kernel_id: str) -> None:
        """Record that a page's connection to ``kernel_id`` closed."""
        claim = self.claims.get(kernel_id)
        if claim:
            claim.connections = max(claim.connections - 1, 0)
            claim.last_seen = self.clock()

    def forget(self, kernel_id: str) -> None:
        """Forget ``kernel_id``: it is shut down, or about to be."""
        self.claims.pop(kernel_id, None)

    def prune(self, alive: Callable[[str], bool]) -> None:
        """Forget the kernels that are no longer ``alive`` (died, culled)."""
        for kernel_id in [k for k in self.claims if not alive(k)]:
            self.forget(kernel_id)

    def admit(
        self, device: str, client: str, notebook: str, per_client: int, total: int, grace: float
    ) -> Admission:
        """Decide whether a page of ``notebook`` for ``device`` at ``client`` may take a kernel.

        Parameters
        ----------
        device, client, notebook
            Who asks (device id, client address) and for which page.
        per_client
            Kernels in use one client address may have (0: no cap).
        total
            Claimed kernels the server may hold (0: no cap).
        grace
            Seconds a served page has to connect to its kernel before it stops counting.

        Returns
        -------
        Admission
            With a ticket (which counts until :meth:`claim` or :meth:`done`) or a refusal.
        """
        now = self.clock()
        reclaim = []
        for claim in list(self.claims.values()):
            if claim.in_use(now, grace):
                continue
            same_page = (claim.device, claim.notebook) == (device, notebook)
            if same_page or not claim.ever_connected:
                reclaim.append(claim.kernel_id)
                self.forget(claim.kernel_id)

        in_use = [c for c in self.claims.values() if c.client == client and c.in_use(now, grace)]
        waiting = [t for t in self.pending.values() if t.client == client]
        count = len(in_use) + len(waiting)
        reload = any((c.device, c.notebook) == (device, notebook) for c in in_use)
        if per_client > 0 and count >= per_client + (1 if reload else 0):
            return Admission(None, "client", tuple(reclaim), count, self._total())

        if total > 0 and self._total() >= total:
            unused = sorted(
                (c for c in self.claims.values() if not c.in_use(now, grace)),
                key=lambda c: c.last_seen,
            )
            while unused and self._total() >= total:
                kernel_id = unused.pop(0).kernel_id
                reclaim.append(kernel_id)
                self.forget(kernel_id)
            if self._total() >= total:
                return Admission(None, "total", tuple(reclaim), count, self._total())

        ticket = Ticket(next(self._numbers), device, client, notebook)
        self.pending[ticket.number] = ticket
        return Admission(ticket, None, tuple(reclaim), count + 1, self._total())

    def _total(self) -> int:
        return len(self.claims) + len(self.pending)
