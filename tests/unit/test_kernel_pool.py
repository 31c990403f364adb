"""Pool refills wait for a quiet machine and go a few at a time; other kernels start at once."""

from __future__ import annotations

import asyncio

import pytest
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager

from widgets.kernel_pool import PREHEAT, PacedKernelManager, Pacer

pytestmark = pytest.mark.unit


class FakeTime:
    """A clock that moves only when someone sleeps, and a CPU that reads from a script."""

    def __init__(self, cpu: list[float]):
        self.now = 0.0
        self.cpu = list(cpu)
        self.reads = 0

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds
        await asyncio.sleep(0)

    def cpu_percent(self) -> float:
        self.reads += 1
        return self.cpu.pop(0) if self.cpu else 0.0


def pacer(fake: FakeTime, **kwargs) -> Pacer:
    return Pacer(cpu_percent=fake.cpu_percent, clock=fake.clock, sleep=fake.sleep, **kwargs)


def test_a_refill_waits_while_the_machine_is_busy_and_goes_once_it_is_quiet():
    # The first read only starts the measuring interval; then busy, busy, quiet.
    fake = FakeTime([0.0, 95.0, 90.0, 20.0])

    async def start():
        return fake.now

    started_at = asyncio.run(pacer(fake, poll=0.5, max_wait=30).run(start))
    assert started_at == pytest.approx(1.5)
    assert fake.reads == 4


def test_a_refill_goes_in_after_the_longest_wait_however_busy_the_machine():
    fake = FakeTime([100.0] * 1000)

    async def start():
        return fake.now

    started_at = asyncio.run(pacer(fake, poll=0.5, max_wait=5).run(start))
    assert started_at == pytest.approx(5.0)


@pytest.mark.parametrize("slots", [1, 2])
def test_no_more_refills_start_at_once_than_there_are_slots(slots):
    fake = FakeTime([])
    inside = 0
    most = 0

    async def start():
        nonlocal inside, most
        inside += 1
        most = max(most, inside)
        await asyncio.sleep(0.01)
        inside -= 1
        return True

    async def many():
        gate = pacer(fake, slots=slots, poll=0.001)
        return await asyncio.gather(*(gate.run(start) for _ in range(6)))

    assert asyncio.run(many()) == [True] * 6
    assert most == slots


def test_a_pacer_needs_a_slot():
    with pytest.raises(ValueError, match="at least 1"):
        Pacer(slots=0)


class Recording(PacedKernelManager):
    """The paced manager over a fake kernel start that records when each kernel started."""

    def __init__(self, first_fill: int, fake: FakeTime, **kwargs):
        super().__init__(**kwargs)
        self._pools = {"course.ipynb": [object()] * first_fill}  # as Voila's pool manager
        self.fake = fake
        self.starts: list[tuple[str, float]] = []
        self._pacer = pacer(fake, poll=0.5, max_wait=30)


@pytest.fixture
def recording(monkeypatch):
    async def fake_start(self, *args, kernel_name="python3", **kwargs):
        self.starts.append((kwargs["env"].get(PREHEAT, "no"), self.fake.now))
        return f"kernel-{len(self.starts)}"

    monkeypatch.setattr(AsyncMappingKernelManager, "start_kernel", fake_start)
    return Recording


def test_the_first_fill_and_pages_without_a_pool_kernel_start_at_once(recording):
    fake = FakeTime([100.0] * 1000)  # a busy machine delays none of these
    manager = recording(first_fill=2, fake=fake)
    pool = {"env": {PREHEAT: "True"}}

    async def scenario():
        await manager.start_kernel(**pool)
        await manager.start_kernel(**pool)
        await manager.start_kernel(env={})  # a lesson page, or the pool was empty
        await manager.start_kernel(env={"OTHER": "1"})

    asyncio.run(scenario())
    assert manager.starts == [("True", 0.0), ("True", 0.0), ("no", 0.0), ("no", 0.0)]


def test_a_refill_after_the_first_fill_waits_for_a_quiet_machine(recording):
    fake = FakeTime([0.0, 90.0, 90.0, 90.0, 10.0])
    manager = recording(first_fill=1, fake=fake)

    async def scenario():
        first = await manager.start_kernel(env={PREHEAT: "True"})
        refill = await manager.start_kernel(env={PREHEAT: "True"})
        return first, refill

    assert asyncio.run(scenario()) == ("kernel-1", "kernel-2")
    assert manager.starts == [("True", 0.0), ("True", 2.0)]


def test_the_classroom_server_uses_the_paced_manager():
    import json
    from importlib import import_module

    from widgets.paths import project_root

    config = json.loads((project_root() / "voila.json").read_text(encoding="utf-8"))
    module, _, name = config["VoilaConfiguration"]["multi_kernel_manager_class"].rpartition(".")
    assert issubclass(getattr(import_module(module), name), PacedKernelManager)
    assert config["PacedKernelManager"]["refill_slots"] >= 1
