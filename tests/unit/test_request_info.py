"""A preheated kernel learns its page's language from Voila's request-info socket."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from websockets.sync.server import serve

from widgets import i18n
from widgets.i18n import request
from widgets.i18n.request import ensure_request, wait_for_request

pytestmark = pytest.mark.unit
ROOT = Path(__file__).parents[2]


@pytest.fixture
def voila_query_socket(monkeypatch):
    """A stand-in for Voila's /voila/query/<kernel> socket that sends one request's info."""
    sent = {"QUERY_STRING": "lang=mn", "HTTP_ACCEPT_LANGUAGE": "en-US"}
    paths = []

    def handler(connection):
        paths.append(connection.request.path)
        connection.send(json.dumps(sent))

    monkeypatch.setattr(request, "_waited", False)
    with serve(handler, "127.0.0.1", 0) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        port = server.socket.getsockname()[1]
        for key, value in {
            "VOILA_PREHEAT": "True",
            "VOILA_KERNEL_ID": "k-123",
            "VOILA_APP_PORT": str(port),
            "VOILA_SERVER_URL": "/",
        }.items():
            monkeypatch.setenv(key, value)
        for key in sent:
            # setenv first, so that monkeypatch records the key's absence and takes away
            # what wait_for_request() writes (delenv of a missing key records nothing).
            monkeypatch.setenv(key, "")
            monkeypatch.delenv(key)
        yield sent, paths
        server.shutdown()


def test_the_request_info_reaches_the_environment(voila_query_socket):
    sent, paths = voila_query_socket
    assert wait_for_request() == sent
    assert paths == ["/voila/query/k-123"]
    assert os.environ["QUERY_STRING"] == "lang=mn"


def test_a_preheated_page_gets_the_language_of_its_request(voila_query_socket, monkeypatch):
    monkeypatch.setattr(i18n, "_current", None)
    monkeypatch.delenv("OSH_LANG", raising=False)
    assert i18n.language() == "mn"


def test_the_request_is_awaited_once_whoever_asks_first(voila_query_socket):
    # The language and the device credential both need it; Voila sends it only once.
    sent, paths = voila_query_socket
    ensure_request()
    ensure_request()
    assert paths == ["/voila/query/k-123"]
    assert os.environ["QUERY_STRING"] == sent["QUERY_STRING"]


def test_outside_a_preheated_kernel_nothing_is_awaited(monkeypatch):
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    assert wait_for_request() is None


def test_an_unreachable_server_leaves_the_defaults(monkeypatch, caplog):
    monkeypatch.setenv("VOILA_PREHEAT", "True")
    monkeypatch.setenv("VOILA_KERNEL_ID", "k-1")
    monkeypatch.setenv("VOILA_APP_PORT", "1")
    assert wait_for_request() is None
    assert "no request info" in caplog.text


def test_a_participant_kernel_loads_nothing_heavy():
    code = (
        "import sys, widgets\n"
        "widgets.LanguageBar(); widgets.RiskMatrix('5x5'); widgets.MethodComparison()\n"
        "heavy = ['voila', 'jupyter_server', 'jupyterlab_server', 'pandas', 'matplotlib',"
        " 'nbconvert']\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert result.stdout.strip() == "[]"
