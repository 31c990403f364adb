"""Light pages on the trainer's Wi-Fi: compressed text, versioned files cached, pages never cached.

A phone that accepts gzip gets text (HTML, JS, CSS, JSON) compressed; one that does not gets
it plain. A static file whose URL is versioned (``?v=<hash>``, or a content hash in its name)
is cached for a year and never revalidated; a page is never cached (it names its kernel).
"""

from __future__ import annotations

import gzip
import re
import urllib.request

import pytest

pytestmark = pytest.mark.e2e
PAGE = "/voila/render/course.ipynb?lang=en"
IMMUTABLE = "public, max-age=31536000, immutable"
JS = "/voila/static/voila.js"  # Voila's front end: no version in its URL
JSON = "/voila/labextensions/@voila-dashboards/widgets-manager8/package.json"
TEXT_TYPES = ("text/", "application/javascript", "application/json")


def get(url: str, accept_gzip: bool = True) -> tuple[dict[str, str], bytes]:
    """GET ``url``; return its headers (lower-case names) and its body as sent."""
    request = urllib.request.Request(url)
    if accept_gzip:
        request.add_header("Accept-Encoding", "gzip")
    with urllib.request.urlopen(request, timeout=60) as response:
        return {k.lower(): v for k, v in response.headers.items()}, response.read()


@pytest.fixture(scope="module")
def page_html(server) -> tuple[dict[str, str], str]:
    """The classroom app's page, fetched once, as a phone accepting gzip gets it."""
    headers, body = get(server.url + PAGE)
    assert headers.get("content-encoding") == "gzip", headers
    return headers, gzip.decompress(body).decode("utf-8")


def test_the_page_comes_compressed_and_is_never_cached(page_html):
    headers, html = page_html
    assert "jupyter-config-data" in html
    assert "no-cache" in headers["cache-control"]
    assert "no-store" in headers["cache-control"]


@pytest.mark.parametrize("path", [JS, JSON], ids=["javascript", "json"])
def test_text_is_compressed_only_for_a_browser_that_accepts_it(server, path):
    headers, body = get(server.url + path)
    assert headers.get("content-encoding") == "gzip"
    plain_headers, plain = get(server.url + path, accept_gzip=False)
    assert "content-encoding" not in plain_headers
    assert gzip.decompress(body) == plain
    assert len(body) < len(plain) / 2


def test_the_templates_versioned_css_is_compressed_and_cached_for_a_year(server, page_html):
    _headers, html = page_html
    css = re.findall(r'href="([^"]+\.css\?v=[0-9a-f]+)"', html)
    assert css, "the page links no versioned stylesheet"
    for url in css:
        headers, _body = get(server.url + url if url.startswith("/") else url)
        assert headers["cache-control"] == IMMUTABLE, url
        assert headers.get("content-encoding") == "gzip", url


def test_a_file_without_a_version_is_not_cached_for_a_year(server):
    for path in (JS, JSON):
        headers, _body = get(server.url + path)
        assert "immutable" not in headers.get("cache-control", ""), path


def test_in_chromium_every_text_file_is_compressed_and_every_versioned_one_immutable(
    page_factory, server
):
    page = page_factory()
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(server.url + PAGE)
    page.locator(".osh-map-lesson").first.wait_for(state="visible")
    page.wait_for_load_state("networkidle")

    plain, uncached, versioned = [], [], 0
    for response in responses:
        path = response.url.removeprefix(server.url)
        headers = response.headers
        kind = headers.get("content-type", "")
        size = int(headers.get("content-length") or 0)
        # tornado leaves bodies under 1 KB as they are; a compressed one has no length
        text = response.status == 200 and kind.startswith(TEXT_TYPES)
        if text and (size == 0 or size >= 1024) and headers.get("content-encoding") != "gzip":
            plain.append(path)
        if path.startswith(("/voila/static/", "/voila/templates/", "/voila/labextensions/")) and (
            "?v=" in path or re.search(r"\.[0-9a-f]{16,}\.js", path)
        ):
            versioned += 1
            if headers.get("cache-control") != IMMUTABLE:
                uncached.append(path)
    assert not plain, f"sent uncompressed: {plain}"
    assert versioned >= 10, "the page fetched fewer versioned files than Voila's front end has"
    assert not uncached, f"versioned but not cached for a year: {uncached}"
