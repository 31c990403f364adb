"""The device cookie, the identity it gives a browser, and who may use a kernel."""

from __future__ import annotations

import asyncio
import json
import logging
import subprocess
import sys
from http.cookies import SimpleCookie
from pathlib import Path
from types import SimpleNamespace

import pytest
from tornado import httpclient, web
from tornado.httpserver import HTTPServer
from tornado.testing import bind_unused_port

from widgets.server import device
from widgets.server.authorizer import KernelOwnerAuthorizer
from widgets.server.handlers import _ClaimingKernelManager, is_notebook_path
from widgets.server.identity import DeviceIdentityProvider
from widgets.server.owners import KernelOwners

pytestmark = pytest.mark.unit
ROOT = Path(__file__).parents[2]
TOKEN = "A" * 43


def test_a_device_token_is_random_url_safe_and_long_enough():
    tokens = {device.new_token() for _ in range(50)}
    assert len(tokens) == 50
    assert all(device.is_token(t) and len(t) == 43 for t in tokens)
    assert not device.is_token("short")
    assert not device.is_token("x" * 30 + ";" + "y" * 10)


def test_the_device_id_is_stable_short_and_not_the_secret():
    assert device.device_id(TOKEN) == device.device_id(TOKEN)
    assert len(device.device_id(TOKEN)) == 16
    assert device.device_id(TOKEN) != device.device_id("B" * 43)
    assert TOKEN[:16] not in device.device_id(TOKEN)


def test_the_kernel_reads_the_device_cookie_first_and_only_once():
    headers = ['_xsrf=2|ab|cd|12; osh-device=forged"value; theme=dark', "osh-device=old"]
    value = device.with_device_cookie(headers, TOKEN)
    assert value.startswith(f"osh-device={TOKEN}; ")
    assert value.count("osh-device=") == 1
    assert "_xsrf=2|ab|cd|12" in value
    assert "theme=dark" in value
    # What widgets.store.session parses it with:
    jar = SimpleCookie()
    jar.load(value)
    assert jar["osh-device"].value == TOKEN


def test_only_a_well_formed_device_cookie_is_read():
    assert device.token_from([f"a=1; osh-device={TOKEN}"]) == TOKEN
    assert device.token_from(["osh-device=not valid!"]) is None
    assert device.token_from([]) is None


class Echo(web.RequestHandler):
    """What the identity provider leaves in a request, as the page handler would see it."""

    def prepare(self):
        self.user = self.settings["provider"].get_user(self)
        self.settings["provider"].get_user(self)  # asked twice: the answers agree

    def get(self):
        headers = self.request.headers
        self.write({"user": self.user.username, "cookie": headers.get("Cookie")})
        self.write({"client": headers.get(device.CLIENT_HEADER)})
        self.write({"new": headers.get(device.NEW_DEVICE_HEADER)})


def fetch_all(requests: list[dict]) -> list[httpclient.HTTPResponse]:
    """Send ``requests`` (fetch keyword arguments) to a server that runs the provider."""

    async def scenario():
        provider = DeviceIdentityProvider(token="")
        app = web.Application([(r"/.*", Echo)], provider=provider)
        sock, port = bind_unused_port()
        server = HTTPServer(app)
        server.add_sockets([sock])
        client = httpclient.AsyncHTTPClient()
        try:
            return [await client.fetch(f"http://127.0.0.1:{port}/", **r) for r in requests]
        finally:
            server.stop()

    return asyncio.run(scenario())


def test_a_first_request_gets_a_device_cookie_that_its_own_request_already_carries():
    (response,) = fetch_all([{"headers": {"X-Osh-Client": "6.6.6.6", "Cookie": "a=1"}}])
    set_cookie = response.headers.get_list("Set-Cookie")
    assert len(set_cookie) == 1
    jar = SimpleCookie(set_cookie[0])
    token = jar["osh-device"].value
    assert device.is_token(token)
    morsel = jar["osh-device"]
    assert morsel["httponly"]
    assert morsel["samesite"] == "Lax"
    assert morsel["path"] == "/"
    assert morsel["max-age"] == str(30 * 24 * 3600)
    seen = response.body.decode()
    assert f'"cookie": "osh-device={token}; a=1"' in seen
    assert '"client": "127.0.0.1"' in seen, "the address is the server's word, not the client's"
    assert f'"user": "{device.device_id(token)}"' in seen


def test_a_browser_with_its_cookie_keeps_it_and_its_identity():
    first, again = fetch_all(
        [{"headers": {"Cookie": f"osh-device={TOKEN}"}}, {"headers": {"Cookie": "osh-device=bad"}}]
    )
    assert "Set-Cookie" not in first.headers
    assert f'"user": "{device.device_id(TOKEN)}"' in first.body.decode()
    replaced = SimpleCookie(again.headers["Set-Cookie"])["osh-device"].value
    assert replaced != "bad"
    assert device.is_token(replaced)


def test_only_a_cookie_given_on_this_request_is_new_whatever_the_browser_says():
    first, known = fetch_all(
        [
            {"headers": {device.NEW_DEVICE_HEADER: "0"}},
            {"headers": {"Cookie": f"osh-device={TOKEN}", device.NEW_DEVICE_HEADER: "1"}},
        ]
    )
    assert '"new": "1"' in first.body.decode()
    assert '"new": "0"' in known.body.decode()


def test_the_provider_refuses_a_token_it_would_not_check():
    with pytest.raises(ValueError, match="checks no token"):
        DeviceIdentityProvider(token="secret")


def fake_request(kernel_id: str | None, owners: KernelOwners, method: str = "DELETE"):
    manager = SimpleNamespace(owner=owners.owner)
    return SimpleNamespace(
        settings={"kernel_manager": manager},
        path_kwargs={"kernel_id": kernel_id} if kernel_id else {},
        path_args=[],
        request=SimpleNamespace(method=method, remote_ip="10.0.0.9"),
    )


@pytest.fixture
def owned() -> KernelOwners:
    owners = KernelOwners()
    admission = owners.admit("dev-owner", "10.0.0.5", "course.ipynb", 4, 60, 60)
    owners.claim("k-1", admission.ticket)
    return owners


def test_only_the_owner_may_use_a_kernel_and_a_refusal_is_logged(owned, caplog):
    authorizer = KernelOwnerAuthorizer()
    owner, other = SimpleNamespace(username="dev-owner"), SimpleNamespace(username="dev-other")
    handler = fake_request("k-1", owned)
    assert authorizer.is_authorized(handler, owner, "write", "kernels")
    with caplog.at_level(logging.WARNING):
        assert not authorizer.is_authorized(handler, other, "write", "kernels")
    assert "k-1" in caplog.text
    assert "10.0.0.9" in caplog.text
    assert "DELETE" in caplog.text
    # A pooled kernel (nobody's yet) and a request about no kernel admit nobody.
    assert not authorizer.is_authorized(fake_request("k-pool", owned), owner, "read", "kernels")
    assert not authorizer.is_authorized(fake_request(None, owned), owner, "read", "kernels")
    assert authorizer.is_authorized(handler, other, "read", "contents")


def test_the_kernel_voila_hands_a_page_is_claimed_for_that_page():
    claims = []

    class Manager:
        pool_size = 3

        def claim(self, kernel_id, ticket):
            claims.append((kernel_id, ticket))

        async def start_kernel(self, **kwargs):
            return "k-started"

        async def get_rendered_notebook(self, **kwargs):
            return "task", [], "k-pooled"

    page = _ClaimingKernelManager(Manager(), "ticket-1")

    async def scenario():
        await page.start_kernel(kernel_name="python3")
        await page.get_rendered_notebook(notebook_name="course.ipynb")

    asyncio.run(scenario())
    assert claims == [("k-started", "ticket-1"), ("k-pooled", "ticket-1")]
    assert page.pool_size == 3, "everything else is the manager's own"


def test_only_notebooks_are_counted_as_pages():
    assert is_notebook_path("course.ipynb")
    assert is_notebook_path("sub/Lesson.IPYNB")
    assert is_notebook_path("script.py", [".py"])
    assert not is_notebook_path("images/pixel.png")
    assert not is_notebook_path(None)


def test_voila_json_turns_on_the_identity_the_authorizer_and_the_headers():
    config = json.loads((ROOT / "voila.json").read_text(encoding="utf-8"))
    assert config["Voila"]["identity_provider_class"].endswith("DeviceIdentityProvider")
    assert config["Voila"]["authorizer_class"].endswith("KernelOwnerAuthorizer")
    headers = set(config["VoilaConfiguration"]["http_header_envs"])
    assert {"Cookie", device.CLIENT_HEADER, device.NEW_DEVICE_HEADER} <= headers
    caps = config["ClassroomKernelManager"]
    assert caps["kernels_per_client"] == 4
    assert caps["kernels_total"] == 60


def loaded_after(imports: str, prefixes: tuple[str, ...]) -> list[str]:
    """Return the modules starting with ``prefixes`` that ``imports`` loads, in a fresh Python."""
    found = f"sorted(m for m in sys.modules if m.startswith({prefixes!r}))"
    code = f"import sys\n{imports}\nprint({found})"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return json.loads(result.stdout.replace("'", '"'))


def test_a_participant_kernel_loads_none_of_the_server_side_code():
    kernel_side = "import widgets, widgets.i18n.request, widgets.store.session"
    assert loaded_after(kernel_side, ("widgets.server",)) == []


def test_the_rules_and_the_cookie_are_pure():
    pure = "import widgets.server.owners, widgets.server.device, widgets.server.pages"
    assert loaded_after(pure, ("tornado", "jupyter_server", "voila")) == []
