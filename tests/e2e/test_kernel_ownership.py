"""A kernel answers only the browser that opened it; one address cannot hoard kernels."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from tests.harness import RunningServer, classroom_server, kernel_processes
from widgets.server.pages import MESSAGES

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).parents[2]
LESSON = "/voila/render/03-risk-matrix.ipynb?lang=en"
# What a kernel learns of its page's request, without printing the secret: a hash prefix.
PROBE = """\
import hashlib, os
from http.cookies import SimpleCookie
from widgets.i18n.request import ensure_request
ensure_request()
jar = SimpleCookie()
jar.load(os.environ.get("HTTP_COOKIE", ""))
token = jar["osh-device"].value if "osh-device" in jar else ""
device = hashlib.sha256(token.encode()).hexdigest()[:12] if token else "none"
client = os.environ.get("HTTP_X_OSH_CLIENT", "none")
print(f"osh-probe device={device} client={client} preheated={os.environ.get('VOILA_PREHEAT')}")
"""
PROBE_LINE = re.compile(r"osh-probe device=(\S+) client=(\S+) preheated=(\S+)")


@pytest.fixture(scope="module")
def probe_root(tmp_path_factory) -> Path:
    """A lesson, and two probe notebooks: one served from the pool, one not."""
    root = tmp_path_factory.mktemp("owned") / "notebooks"
    root.mkdir()
    shutil.copy(ROOT / "notebooks" / "03-risk-matrix.ipynb", root)
    for name in ("probe-warm.ipynb", "probe-cold.ipynb"):
        notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(PROBE)])
        notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
        nbformat.write(notebook, root / name)
    return root


@pytest.fixture(scope="module")
def guarded(probe_root, store_url, tmp_path_factory) -> Iterator[RunningServer]:
    """The classroom server as voila.json sets it up, with a pool of one for the warm probe."""
    pools = {"default": {"pool_size": 0}, "probe-warm.ipynb": {"pool_size": 1}}
    with classroom_server(
        probe_root,
        tmp_path_factory.mktemp("owned-logs") / "voila.log",
        voila_options=[f"--VoilaKernelManager.kernel_pools_config={json.dumps(pools)}"],
        env={"OSH_DATABASE_URL": store_url},
    ) as server:
        yield server


def wait_for_the_pool(server: RunningServer, seconds: float = 90) -> None:
    """Wait until the warm probe's pool holds a kernel no page has taken."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        log = server.log.read_text(errors="replace")
        if log.count("is filled with") > log.count("Using pre-heated kernel"):
            return
        time.sleep(0.5)
    raise AssertionError("the pool did not fill")


def device_cookie(page) -> dict:
    (cookie,) = [c for c in page.context.cookies() if c["name"] == "osh-device"]
    return cookie


def fingerprint(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()[:12]


def probe(page, url: str) -> tuple[str, str, str]:
    """Open a probe page; return what its kernel saw (device hash, client, preheated)."""
    page.goto(url)
    page.wait_for_function("() => document.body.innerText.includes('osh-probe device=')")
    found = PROBE_LINE.search(page.inner_text("body"))
    assert found, page.inner_text("body")
    return found.group(1), found.group(2), found.group(3)


def kernel_id(page) -> str:
    return page.evaluate(
        "() => JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId"
    )


def open_lesson(page, server: RunningServer):
    page.goto(server.url + LESSON)
    page.locator(".osh-risk-cell").first.wait_for(state="visible")
    return page


def answers_a_click(page) -> None:
    matrix = page.locator(".osh-risk-matrix").first
    matrix.locator('.osh-risk-cell[title^="Likelihood 5 × Severity 5 = 25"]').click()
    matrix.locator(".osh-band-label").wait_for()
    assert matrix.locator(".osh-band-label").inner_text() == "High"


def socket_opens(page, url: str) -> str:
    """Open a websocket from ``page`` (its own cookies); say whether the server took it."""
    return page.evaluate(
        """(url) => new Promise((resolve) => {
            const socket = new WebSocket(url);
            socket.onopen = () => { socket.close(); resolve("open"); };
            socket.onerror = () => resolve("refused");
            setTimeout(() => resolve("no answer"), 15000);
        })""",
        url,
    )


def xsrf(page, server: RunningServer) -> str:
    """Return the context's own ``_xsrf`` token (any page of the server gives one)."""
    page.context.request.get(server.url + "/")
    (token,) = [c["value"] for c in page.context.cookies() if c["name"] == "_xsrf"]
    return token


@pytest.mark.parametrize(
    ("notebook", "preheated"), [("probe-warm.ipynb", "True"), ("probe-cold.ipynb", "False")]
)
def test_a_first_visit_gets_a_device_cookie_that_its_kernel_sees_with_the_true_address(
    guarded, page_factory, notebook, preheated
):
    if preheated == "True":
        wait_for_the_pool(guarded)
    # A forged address header: the kernel must see the server's word instead.
    page = page_factory(extra_http_headers={"X-Osh-Client": "203.0.113.7"})
    seen_device, seen_client, seen_preheated = probe(page, f"{guarded.url}/voila/render/{notebook}")
    cookie = device_cookie(page)
    assert seen_preheated == preheated, "the page took the kernel it was meant to"
    assert seen_device == fingerprint(cookie["value"]), "the kernel has the browser's cookie"
    assert seen_client == "127.0.0.1"
    assert cookie["httpOnly"] is True
    assert cookie["sameSite"] == "Lax"
    assert cookie["path"] == "/"
    assert 29 * 86400 < cookie["expires"] - time.time() <= 30 * 86400
    assert cookie["value"] not in guarded.log.read_text(errors="replace")


def test_a_preheated_kernels_request_info_goes_to_that_kernel_only(guarded, page_factory):
    wait_for_the_pool(guarded)
    page = page_factory()
    _, _, preheated = probe(page, f"{guarded.url}/voila/render/probe-warm.ipynb")
    taken = kernel_id(page)
    ws_url = guarded.url.replace("http", "ws")
    # Its kernel has had its page's request (and cookie): nobody else may ask for it,
    # nor for a kernel that does not exist.
    for kernel in (taken, "00000000-0000-0000-0000-000000000000"):
        with pytest.raises(InvalidStatus) as refused:
            connect(f"{ws_url}/voila/query/{kernel}", open_timeout=10).close()
        assert refused.value.response.status_code == 403
    assert preheated == "True", "the page was served from the pool"


def test_another_browser_can_neither_attach_to_nor_shut_down_a_kernel(guarded, page_factory):
    owner = open_lesson(page_factory(), guarded)
    kernel = kernel_id(owner)
    kernels_before = {k.pid for k in kernel_processes(guarded.process)}
    other = page_factory()
    other.goto(guarded.url + "/")  # any page of the server: its own cookie and _xsrf
    channels = f"{guarded.url.replace('http', 'ws')}/api/kernels/{kernel}/channels"

    assert socket_opens(other, channels) == "refused"
    assert socket_opens(owner, channels) == "open", "the owner's browser may attach"
    api = other.context.request
    headers = {"X-XSRFToken": xsrf(other, guarded)}
    assert api.delete(f"{guarded.url}/api/kernels/{kernel}", headers=headers).status == 403
    assert api.post(f"{guarded.url}/voila/api/shutdown/{kernel}", headers=headers).status == 403
    assert api.get(f"{guarded.url}/api/kernels/{kernel}").status == 403
    for action in ("restart", "interrupt"):
        status = api.post(f"{guarded.url}/api/kernels/{kernel}/{action}", headers=headers).status
        assert status in (403, 404, 405), action
    listing = api.get(f"{guarded.url}/api/kernels")
    assert listing.status != 200 or kernel not in listing.text()

    # The owner's kernel lives on, and its page still answers.
    assert {k.pid for k in kernel_processes(guarded.process)} >= kernels_before
    assert owner.context.request.get(f"{guarded.url}/api/kernels/{kernel}").status == 200
    answers_a_click(owner)
    log = guarded.log.read_text(errors="replace")
    refusals = [line for line in log.splitlines() if "Refused" in line and kernel in line]
    assert len(refusals) >= 4, log
    assert all("127.0.0.1" in line for line in refusals)
    for page in (owner, other):
        assert device_cookie(page)["value"] not in log, "no secret in the log"

    # The same request from the owner's browser is accepted: the 403s were about ownership.
    owner_headers = {"X-XSRFToken": xsrf(owner, guarded)}
    deleted = owner.context.request.delete(
        f"{guarded.url}/api/kernels/{kernel}", headers=owner_headers
    )
    assert deleted.status == 204


def refusal_shown(page, refusal: str) -> None:
    _, mn, en = MESSAGES[refusal]
    text = page.inner_text("body")
    assert mn in text
    assert en in text
    assert text.index(mn) < text.index(en), "Mongolian first"
    assert "Traceback" not in page.content()


def test_a_fifth_page_from_one_address_is_refused_and_a_reload_never_counts_twice(
    probe_root, store_url, tmp_path, page_factory
):
    with classroom_server(
        probe_root, tmp_path / "voila.log", env={"OSH_DATABASE_URL": store_url}
    ) as server:
        pages = [open_lesson(page_factory(), server) for _ in range(4)]
        assert len(kernel_processes(server.process)) == 4
        fifth = page_factory()
        assert fifth.goto(server.url + LESSON).status == 429
        refusal_shown(fifth, "client")
        assert len(kernel_processes(server.process)) == 4, "no kernel started for it"
        for page in pages:
            answers_a_click(page)

        # A reload at the cap works (its old page still holds its kernel meanwhile)…
        pages[0].reload()
        pages[0].locator(".osh-risk-cell").first.wait_for(state="visible")
        answers_a_click(pages[0])
        assert page_factory().goto(server.url + LESSON).status == 429
        # …and once a tab is closed there is room again: the reload left no extra count.
        pages[1].context.close()
        time.sleep(1)  # the closed tab's socket reaches the server
        open_lesson(page_factory(), server)
        assert "client cap" in server.log.read_text(errors="replace")


def test_when_the_server_is_full_a_page_gets_a_short_bilingual_503(
    probe_root, store_url, tmp_path, page_factory
):
    with classroom_server(
        probe_root,
        tmp_path / "voila.log",
        voila_options=["--ClassroomKernelManager.kernels_total=1"],
        env={"OSH_DATABASE_URL": store_url},
    ) as server:
        first = page_factory()
        probe(first, server.url + "/voila/render/probe-cold.ipynb")
        second = page_factory()
        assert second.goto(server.url + "/voila/render/probe-cold.ipynb").status == 503
        refusal_shown(second, "total")
        assert len(kernel_processes(server.process)) == 1
