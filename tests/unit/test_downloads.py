"""Files handed to the classroom server for download: written whole, found by token, kept 30 min."""

from __future__ import annotations

import time

import pytest

from widgets import downloads
from widgets.server.downloads import disposition


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv(downloads.FOLDER_ENV, str(tmp_path))
    monkeypatch.delenv(downloads.URL_ENV, raising=False)
    return tmp_path


def test_without_a_server_nothing_is_offered_and_the_page_links_the_bytes(monkeypatch):
    from widgets.register.reports import Download
    from widgets.register.steps.reports import download_link

    monkeypatch.delenv(downloads.FOLDER_ENV, raising=False)
    assert downloads.offer(b"x", "a.json", "application/json") is None
    link = download_link(Download(b"{}", "a.json", "application/json"))
    assert 'href="data:application/json;base64,e30="' in link


def test_an_offered_file_is_found_by_its_token_under_the_server_route(folder):
    url = downloads.offer(b"PK\x03\x04 plan", "Бат ХХК-ийн төлөвлөгөө.xlsx", "application/x")
    assert url.startswith(downloads.ROUTE)
    token = url.removeprefix(downloads.ROUTE)
    assert downloads.TOKEN.fullmatch(token)
    found = downloads.find(folder, token)
    assert found.path.read_bytes() == b"PK\x03\x04 plan"
    assert found.filename == "Бат ХХК-ийн төлөвлөгөө.xlsx"
    assert found.kernel_id is None  # not in a kernel
    assert not list(folder.glob(".*.part"))
    another = downloads.offer(b"y", "b.pdf", "application/pdf")
    assert another != url


def test_the_page_links_the_server_route_when_a_server_takes_downloads(folder):
    from widgets.register.reports import Download
    from widgets.register.steps.reports import download_link

    link = download_link(Download(b"{}" * 10**6, "a.json", "application/json"))
    assert 'href="/osh/download/' in link
    assert "base64" not in link
    assert len(link) < 300


@pytest.mark.parametrize("token", ["../../etc/passwd", "short", "a" * 31 + "/", "", "a" * 33])
def test_a_token_that_is_not_one_finds_nothing(folder, token):
    assert downloads.find(folder, token) is None


def test_a_file_older_than_the_keeping_time_is_not_served_and_is_pruned(folder):
    token = downloads.offer(b"old", "old.pdf", "application/pdf").rsplit("/", 1)[1]
    later = time.time() + downloads.KEEP_SECONDS + 1
    assert downloads.find(folder, token, now=later) is None
    assert downloads.prune(folder, now=later) == 2  # the file and its description
    assert list(folder.iterdir()) == []


def test_the_download_keeps_a_mongolian_file_name():
    header = disposition('Бат "ХХК" тайлан.pdf')
    assert header.startswith('attachment; filename="')
    assert "filename*=UTF-8''%D0%91%D0%B0%D1%82%20%22" in header
    assert header.count('"') == 2  # the quotes in the name do not end the ASCII name
