"""Who owns which kernel, and when a page may take one more (the pure rules)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from widgets.server.owners import KernelOwners
from widgets.server.pages import MESSAGES, refusal_page

pytestmark = pytest.mark.unit
CAP, TOTAL, GRACE = 4, 10, 60.0


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def owners(clock) -> KernelOwners:
    return KernelOwners(clock=clock)


def admit(owners, device="dev-a", client="10.0.0.5", notebook="course.ipynb", **caps):
    limits = {"per_client": CAP, "total": TOTAL, "grace": GRACE, **caps}
    return owners.admit(device, client, notebook, **limits)


def open_page(owners, kernel_id, connect=True, **who):
    """A page admitted, given ``kernel_id``, served, and (usually) connected to it."""
    admission = admit(owners, **who)
    assert admission.allowed, admission
    owners.claim(kernel_id, admission.ticket)
    owners.done(admission.ticket)
    if connect:
        owners.connect(kernel_id)
    return admission


def test_a_kernel_belongs_to_the_device_whose_page_took_it(owners):
    open_page(owners, "k1", device="dev-a")
    assert owners.owner("k1") == "dev-a"
    assert owners.owner("pooled-kernel") is None
    owners.forget("k1")
    assert owners.owner("k1") is None


def test_a_fifth_page_from_one_address_is_refused_and_another_address_still_gets_one(owners):
    for n in range(CAP):
        open_page(owners, f"k{n}", device=f"dev-{n}")
    refused = admit(owners, device="dev-new")
    assert refused.refusal == "client"
    assert refused.ticket is None
    assert refused.in_use == CAP
    assert admit(owners, device="dev-x", client="10.0.0.6").allowed


def test_pages_still_loading_count_so_a_burst_cannot_slip_past_the_cap(owners):
    admissions = [admit(owners, device=f"dev-{n}") for n in range(CAP + 3)]
    assert [a.allowed for a in admissions] == [True] * CAP + [False] * 3
    # One of them fails before taking a kernel: its place is free again.
    owners.done(admissions[0].ticket)
    assert admit(owners, device="dev-late").allowed


def test_a_reload_at_the_cap_works_and_does_not_count_twice_once_its_old_page_lets_go(
    owners, clock
):
    for n in range(CAP):
        open_page(owners, f"k{n}", device=f"dev-{n}")
    # The browser asks for the reloaded page while the old one is still connected.
    reload = admit(owners, device="dev-0")
    assert reload.allowed
    owners.claim("k0-new", reload.ticket)
    owners.done(reload.ticket)
    assert not admit(owners, device="dev-0").allowed, "only one page above the cap"
    owners.disconnect("k0")  # the old page unloads
    owners.connect("k0-new")
    clock.now += 1
    assert not admit(owners, device="dev-new").allowed, "four pages are open"
    owners.disconnect("k3")  # a tab is closed
    assert admit(owners, device="dev-new").allowed


def test_the_old_kernel_of_a_reloaded_page_is_shut_down_at_the_next_load_of_that_page(owners):
    open_page(owners, "old", device="dev-a", notebook="course.ipynb")
    open_page(owners, "lesson", device="dev-a", notebook="03-risk-matrix.ipynb")
    owners.disconnect("old")
    owners.disconnect("lesson")  # a tab of another page, closed: left to the culler
    admission = admit(owners, device="dev-a", notebook="course.ipynb")
    assert admission.reclaim == ("old",)
    assert owners.owner("old") is None
    assert owners.owner("lesson") == "dev-a"


def test_another_devices_unused_kernel_is_left_alone_while_there_is_room(owners):
    open_page(owners, "theirs", device="dev-b")
    owners.disconnect("theirs")  # a phone whose socket dropped: it may come back
    assert admit(owners, device="dev-a").reclaim == ()
    assert owners.owner("theirs") == "dev-b"


def test_a_page_that_never_connects_counts_for_the_grace_time_then_its_kernel_goes(owners, clock):
    for n in range(CAP):
        open_page(owners, f"k{n}", connect=False, device=f"script-{n}")
    assert admit(owners, device="script-x").refusal == "client"
    clock.now += GRACE + 1
    admission = admit(owners, device="script-x")
    assert admission.allowed
    assert sorted(admission.reclaim) == ["k0", "k1", "k2", "k3"]


def test_a_page_still_being_rendered_counts_however_long_it_takes(owners, clock):
    admission = admit(owners)
    owners.claim("slow", admission.ticket)
    clock.now += 10 * GRACE
    assert admit(owners, device="dev-b").reclaim == ()
    assert owners.owner("slow") == "dev-a"


def test_at_the_total_cap_unused_kernels_go_first_longest_unused_first(owners, clock):
    for n in range(TOTAL):
        open_page(owners, f"k{n}", device=f"dev-{n}", client=f"10.0.1.{n}")
        clock.now += 1
    owners.disconnect("k7")
    clock.now += 1
    owners.disconnect("k2")
    admission = admit(owners, device="dev-new", client="10.0.2.1")
    assert admission.allowed
    assert admission.reclaim == ("k7",)
    owners.claim("k-new", admission.ticket)
    assert admit(owners, device="dev-new2", client="10.0.2.2").reclaim == ("k2",)


def test_at_the_total_cap_with_every_kernel_in_use_the_server_is_full(owners):
    for n in range(TOTAL):
        open_page(owners, f"k{n}", device=f"dev-{n}", client=f"10.0.1.{n}")
    refused = admit(owners, device="dev-new", client="10.0.2.1")
    assert refused.refusal == "total"
    assert refused.reclaim == ()


def test_zero_means_no_cap(owners):
    for n in range(TOTAL + 5):
        open_page(owners, f"k{n}", device=f"dev-{n}", per_client=0, total=0)
    assert admit(owners, per_client=0, total=0).allowed


def test_kernels_that_died_are_forgotten(owners):
    open_page(owners, "alive")
    open_page(owners, "dead")
    owners.prune(lambda kernel_id: kernel_id == "alive")
    assert owners.owner("dead") is None
    assert owners.owner("alive") == "dev-a"


def test_the_refusal_pages_say_it_in_mongolian_first_then_english():
    assert refusal_page("client")[0] == 429
    assert refusal_page("total")[0] == 503
    for refusal, (_, mn, en) in MESSAGES.items():
        html = refusal_page(refusal)[1]
        assert html.index(mn) < html.index(en)
        assert '<html lang="mn">' in html
        assert "://" not in html, "nothing is fetched from another host"
    assert "Too many pages are open on this device" in refusal_page("client")[1]


# One address's page loads, connections, closes and time passing, in any order.
EVENTS = st.lists(
    st.tuples(
        st.sampled_from(["open", "finish", "connect", "disconnect", "wait", "die"]),
        st.integers(0, 5),  # which device (or kernel) the event is about
        st.integers(0, 2),  # which notebook
    ),
    max_size=60,
)


@settings(max_examples=200, deadline=None)
@given(EVENTS)
def test_a_page_is_admitted_only_below_the_cap_or_one_above_it_for_a_reload(events):
    clock = Clock()
    owners = KernelOwners(clock=clock)
    loading: list = []
    kernels: list[str] = []
    for event, who, notebook in events:
        if event == "open":
            before = [c for c in owners.claims.values() if c.in_use(clock.now, GRACE)]
            admission = admit(owners, device=f"dev-{who}", notebook=f"nb-{notebook}")
            if admission.allowed:
                # Counting the new page: at most the cap, or one more for a reload.
                reload = any(
                    (c.device, c.notebook) == (f"dev-{who}", f"nb-{notebook}") for c in before
                )
                assert admission.in_use <= CAP + (1 if reload else 0)
                kernel_id = f"k{len(kernels)}"
                kernels.append(kernel_id)
                owners.claim(kernel_id, admission.ticket)
                loading.append(admission.ticket)
            else:
                assert admission.in_use >= CAP
        elif event == "finish" and loading:
            owners.done(loading.pop(0))
        elif event == "connect" and kernels:
            owners.connect(kernels[who % len(kernels)])
        elif event == "disconnect" and kernels:
            owners.disconnect(kernels[who % len(kernels)])
        elif event == "wait":
            clock.now += who * 20
        elif event == "die" and kernels:
            owners.forget(kernels[who % len(kernels)])
        assert len(owners.claims) + len(owners.pending) <= TOTAL
