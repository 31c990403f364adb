"""What a page costs a phone: bytes and requests on the wire, and time-to-interactive slowed down.

Both read Chromium's own accounting through the DevTools protocol (CDP), so they count what
crossed the network: ``Network.loadingFinished``'s ``encodedDataLength`` is the bytes received
for a response (headers and the body as sent, compressed or not); a response served from the
browser's cache costs no request on the wire and is counted apart.

- :func:`first_load_and_reload`: a page opened in a fresh context (empty cache), then reloaded.
- :func:`throttled_tti`: a cold load with the CPU slowed ``rate`` times
  (``Emulation.setCPUThrottlingRate``), as a mid-range phone runs the front end.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

MB = 1_000_000


@dataclass
class Wire:
    """What one page load fetched."""

    requests: int = 0  # sent over the network (not answered from the browser's cache)
    from_cache: int = 0
    bytes: int = 0  # received over HTTP
    gzip: int = 0  # responses that came compressed
    websocket_bytes: int = 0  # kernel messages received (widget state), for information
    _pending: dict = field(default_factory=dict, repr=False)

    def as_dict(self) -> dict:
        """Return the counts, the bytes also in MB."""
        return {
            "requests": self.requests,
            "from_cache": self.from_cache,
            "bytes": self.bytes,
            "mb": self.bytes / MB,
            "gzip_responses": self.gzip,
            "websocket_mb": self.websocket_bytes / MB,
        }


def _record(cdp, wire: Wire) -> None:
    def sent(event) -> None:
        wire._pending[event["requestId"]] = False

    def cached(event) -> None:
        wire._pending[event["requestId"]] = True

    def answered(event) -> None:
        headers = {k.lower(): v for k, v in event["response"].get("headers", {}).items()}
        if "gzip" in headers.get("content-encoding", ""):
            wire.gzip += 1
        if event["response"].get("fromDiskCache") or event["response"].get("fromPrefetchCache"):
            wire._pending[event["requestId"]] = True

    def finished(event) -> None:
        if event["requestId"] not in wire._pending:
            return
        if wire._pending.pop(event["requestId"]):
            wire.from_cache += 1
        else:
            wire.requests += 1
            wire.bytes += int(event.get("encodedDataLength", 0))

    def failed(event) -> None:
        if wire._pending.pop(event["requestId"], None) is False:
            wire.requests += 1

    def frame(event) -> None:
        wire.websocket_bytes += len(event["response"].get("payloadData", ""))

    cdp.on("Network.requestWillBeSent", sent)
    cdp.on("Network.requestServedFromCache", cached)
    cdp.on("Network.responseReceived", answered)
    cdp.on("Network.loadingFinished", finished)
    cdp.on("Network.loadingFailed", failed)
    cdp.on("Network.webSocketFrameReceived", frame)
    cdp.send("Network.enable")


def _quiet(page, seconds: float = 1.0) -> None:
    """Let late requests (fonts, lazy chunks) finish before the counts are read."""
    page.wait_for_load_state("networkidle")
    time.sleep(seconds)


def first_load_and_reload(browser, url: str, ready: str) -> dict:
    """Open ``url`` in an empty cache until ``ready`` shows, then reload it: what each fetched."""
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(300_000)
    cdp = context.new_cdp_session(page)
    first = Wire()
    _record(cdp, first)
    page.goto(url)
    page.locator(ready).first.wait_for(state="visible")
    _quiet(page)
    cdp.detach()
    cdp = context.new_cdp_session(page)
    again = Wire()
    _record(cdp, again)
    page.reload()
    page.locator(ready).first.wait_for(state="visible")
    _quiet(page)
    context.close()
    return {"first": first.as_dict(), "reload": again.as_dict()}


def throttled_tti(browser, url: str, ready: str, rate: float = 4) -> float:
    """Return the seconds from navigation until ``ready`` shows, CPU slowed ``rate`` times."""
    context = browser.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    page.set_default_timeout(300_000)
    cdp = context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": rate})
    start = time.perf_counter()
    page.goto(url)
    page.locator(ready).first.wait_for(state="visible")
    seconds = time.perf_counter() - start
    context.close()
    return seconds
