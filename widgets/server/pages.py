"""The short page a visitor gets when a cap refuses them: Mongolian first, then English.

It is a whole page of its own, not Voila's template: the refusal is decided before any
notebook is read or kernel taken, and it must cost the server next to nothing. No
traceback, no detail: those go to the server log. Nothing is fetched from another host.
"""

from __future__ import annotations

from widgets.server.owners import Refusal

RETRY_AFTER_S = 30
"""What the ``Retry-After`` header of a refusal says."""

MESSAGES: dict[Refusal, tuple[int, str, str]] = {
    # refusal: (HTTP status, Mongolian, English)
    "client": (
        429,
        "Энэ төхөөрөмж дээр хэт олон хуудас нээлттэй байна. Хуудсаа хаагаад дахин оролдоно уу.",
        "Too many pages are open on this device: close some and try again.",
    ),
    "total": (
        503,
        "Сервер дүүрсэн байна. Хэдэн минутын дараа дахин оролдоно уу, "
        "эсвэл сургагч багшдаа хэлнэ үү.",
        "The server is full: try again in a few minutes, or tell your trainer.",
    ),
}

_PAGE = """<!DOCTYPE html>
<html lang="mn">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Хуудас нээгдсэнгүй / The page did not open</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 0; padding: 1.5rem; color: #1b1b1b; }}
main {{ max-width: 36rem; margin: 2rem auto; border-left: 0.3rem solid #b35900;
        padding-left: 1rem; line-height: 1.5; font-size: 1.125rem; }}
p[lang="en"] {{ color: #444; }}
</style>
</head>
<body>
<main role="alert">
<p class="osh-refusal" lang="mn">{mn}</p>
<p class="osh-refusal" lang="en">{en}</p>
</main>
</body>
</html>
"""


def refusal_page(refusal: Refusal) -> tuple[int, str]:
    """Return the HTTP status and the HTML of the page for ``refusal``."""
    status, mn, en = MESSAGES[refusal]
    return status, _PAGE.format(mn=mn, en=en)
