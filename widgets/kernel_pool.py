"""A kernel manager whose preheated pool refills without slowing a class that arrives at once.

Voila refills its pool as soon as kernels are taken (``VoilaKernelManager.fill_delay``
later). When a whole class opens the app at the same moment, that means as many new
kernels starting as there are participants, while the kernels just handed out are still
answering their pages: on a 2-core laptop, 30 loads whose pages needed 1.4 s with no refill
took 15 s with it (``make bench``). So, once the first fill is done, a preheated kernel
starts only when the machine is quiet and only a few at a time. A page never waits for
this: its own kernel is already running; only pool refills do. A kernel that is not for
the pool (a page opened while the pool is empty, a lesson page) starts at once.

Voila builds its pooled kernel manager on top of ``VoilaConfiguration.multi_kernel_manager_class``
(``voila.json`` names this class), so the pacing sits under Voila's pool logic.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from traitlets import Float, Int

PREHEAT = "VOILA_PREHEAT"
"""The variable Voila sets in the environment of every kernel it starts for its pool."""


def _machine_cpu_percent() -> float:
    import psutil

    # Non-blocking: the share of CPU used by the whole machine since the previous call.
    return psutil.cpu_percent(interval=None)


class Pacer:
    """Let callers through a few at a time, each once the machine is quiet (or waited long).

    Parameters
    ----------
    slots
        How many may be inside at once.
    quiet_percent
        The machine counts as quiet when its CPU use over one ``poll`` is below this.
    max_wait
        Seconds after which a caller goes in however busy the machine is.
    poll
        Seconds between two looks at the CPU.
    cpu_percent, clock, sleep
        Where the CPU use, the time and the waiting come from (tests give their own).
    """

    def __init__(
        self,
        slots: int = 1,
        quiet_percent: float = 60.0,
        max_wait: float = 30.0,
        poll: float = 0.5,
        cpu_percent: Callable[[], float] = _machine_cpu_percent,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], object] = asyncio.sleep,
    ):
        if slots < 1:
            raise ValueError(f"slots must be at least 1, not {slots}")
        self._slots = asyncio.Semaphore(slots)
        self.quiet_percent = quiet_percent
        self.max_wait = max_wait
        self.poll = poll
        self._cpu_percent = cpu_percent
        self._clock = clock
        self._sleep = sleep

    async def run(self, start: Callable[[], object]) -> object:
        """Wait for a slot and a quiet machine, then return ``await start()``."""
        async with self._slots:
            deadline = self._clock() + self.max_wait
            self._cpu_percent()  # start a fresh measuring interval
            while self._clock() < deadline:
                await self._sleep(self.poll)
                if self._cpu_percent() < self.quiet_percent:
                    break
            return await start()


class PacedKernelManager(AsyncMappingKernelManager):
    """Start pool refills a few at a time, when the machine is quiet; anything else at once."""

    refill_slots = Int(1, config=True, help="Pool kernels that may start at the same time.")
    refill_quiet_percent = Float(
        60.0, config=True, help="Machine CPU use (percent) below which a refill may start."
    )
    refill_max_wait = Float(
        30.0, config=True, help="Seconds after which a refill starts however busy the machine."
    )

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._pacer: Pacer | None = None
        self._first_fill: int | None = None
        self._preheated = 0

    def _is_refill(self) -> bool:
        """Whether a pool kernel starting now refills the pool (not its first fill)."""
        if self._first_fill is None:
            # Voila's pool manager (a subclass) queued the whole first fill in its
            # constructor, before any kernel starts; without it, pace every pool kernel.
            pools = getattr(self, "_pools", None) or {}
            self._first_fill = sum(len(tasks) for tasks in pools.values())
        self._preheated += 1
        return self._preheated > self._first_fill

    async def start_kernel(self, *args, **kwargs) -> str:
        """Start a kernel; a pool refill waits its turn and for a quiet machine first."""
        env = kwargs.get("env") or {}
        if env.get(PREHEAT) != "True" or not self._is_refill():
            return await super().start_kernel(*args, **kwargs)
        if self._pacer is None:
            self._pacer = Pacer(self.refill_slots, self.refill_quiet_percent, self.refill_max_wait)
        self.log.debug("pool refill: waiting for a quiet machine")
        start = super().start_kernel
        return await self._pacer.run(lambda: start(*args, **kwargs))
