"""The join address: built from the LAN address or the centre's URL, and its QR code."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest
import segno
from PIL import Image

from widgets.join import invite
from widgets.join.invite import join_address, qr_code, qr_png, qr_svg
from widgets.store.people import StoreError

pytestmark = pytest.mark.unit
LAN = "http://192.168.1.20:8866/voila/render/course.ipynb?class=UB-2026-11"


@pytest.fixture(autouse=True)
def laptop_on_wifi(monkeypatch):
    """A laptop on the class Wi-Fi (and a container bridge), with no centre address set."""
    monkeypatch.delenv(invite.CLASSROOM_URL_ENV, raising=False)
    monkeypatch.setattr(invite, "lan_addresses", lambda: ["192.168.1.20", "172.17.0.1"])


def test_the_address_names_the_first_lan_address_the_port_the_course_and_the_class():
    address = join_address("ub-2026-11")
    assert address.url == str(address) == LAN
    assert address.class_code == "UB-2026-11"
    assert address.network_found
    assert not address.configured


def test_a_given_host_and_port_are_used():
    assert join_address("UB-2026", host="10.0.0.5", port=9000).url == (
        "http://10.0.0.5:9000/voila/render/course.ipynb?class=UB-2026"
    )
    assert join_address("UB-2026", host="fe80::1").url.startswith("http://[fe80::1]:8866/")
    assert join_address("UB-2026", host="Trainer-Laptop.local").url.startswith(
        "http://trainer-laptop.local:8866/"
    )


@pytest.mark.parametrize("host", ["evil.example/x?", "a b", "", "http://x"])
def test_a_host_that_is_not_one_is_refused(host):
    with pytest.raises(ValueError, match="not a host"):
        join_address("UB-2026", host=host)


@pytest.mark.parametrize("port", [0, 70000, "8866", True])
def test_a_port_that_is_not_one_is_refused(port):
    with pytest.raises(ValueError, match="TCP port"):
        join_address("UB-2026", host="10.0.0.5", port=port)


@pytest.mark.parametrize(
    "code", ["", "AB", "UB 2026", "UB/2026", "UB-2026&lang=en", "X" * 25, None, "улаан-2026"]
)
def test_a_class_code_is_checked_as_the_store_checks_it(code):
    with pytest.raises(StoreError) as caught:
        join_address(code)
    assert caught.value.kind == "class-code"


def test_the_class_code_is_url_quoted(monkeypatch):
    # Codes allowed today need no quoting; the address must stay right if the rule widens.
    monkeypatch.setattr(invite, "checked_class_code", lambda code: "UB 26&x=1")
    assert join_address("whatever").url.endswith("?class=UB+26%26x%3D1")


def test_without_a_network_the_address_is_localhost_and_says_so(monkeypatch):
    monkeypatch.setattr(invite, "lan_addresses", list)
    address = join_address("UB-2026")
    assert address.url == "http://localhost:8866/voila/render/course.ipynb?class=UB-2026"
    assert not address.network_found


@pytest.mark.parametrize(
    ("base", "url"),
    [
        (
            "https://osh.example.mn",
            "https://osh.example.mn/voila/render/course.ipynb?class=UB-2026",
        ),
        (
            "https://osh.example.mn/workbook/",
            "https://osh.example.mn/workbook/voila/render/course.ipynb?class=UB-2026",
        ),
        (
            "https://hub.example.mn/hub/user-redirect/voila/render/course.ipynb?lang=mn&class=OLD",
            "https://hub.example.mn/hub/user-redirect/voila/render/course.ipynb?lang=mn&class=UB-2026",
        ),
    ],
)
def test_the_centre_address_overrides_the_whole_base(monkeypatch, base, url):
    monkeypatch.setenv(invite.CLASSROOM_URL_ENV, base)
    address = join_address("ub-2026")
    assert address.url == url
    assert address.configured
    assert address.network_found


def test_a_centre_address_that_is_not_http_is_ignored(monkeypatch, caplog):
    monkeypatch.setenv(invite.CLASSROOM_URL_ENV, "javascript:alert(1)")
    assert join_address("UB-2026-11").url == LAN
    assert invite.CLASSROOM_URL_ENV in caplog.text


# -- QR code ---------------------------------------------------------------------------------
def test_the_qr_code_holds_the_address_at_error_correction_q():
    code = qr_code(join_address("UB-2026-11"))
    assert code.error == "Q"
    assert not code.is_micro
    expected = segno.make(LAN, error="q", boost_error=False, micro=False)
    assert code.matrix == expected.matrix
    assert code.designator == expected.designator


def modules_of_png(data: bytes, scale: int, border: int = 4) -> tuple[tuple[int, ...], ...]:
    image = Image.open(io.BytesIO(data)).convert("L")
    size = image.width // scale - 2 * border

    def dark(row: int, column: int) -> int:
        centre = ((border + column) * scale + scale // 2, (border + row) * scale + scale // 2)
        return int(image.getpixel(centre) < 128)

    return tuple(tuple(dark(r, c) for c in range(size)) for r in range(size))


def modules_of_svg(svg: str, border: int = 4) -> tuple[tuple[int, ...], ...]:
    root = ET.fromstring(svg)
    side = int(root.get("viewBox").split()[2]) - 2 * border
    dark = [[0] * side for _ in range(side)]
    lines = [p for p in root.iter() if p.tag.endswith("path") and p.get("stroke")]
    assert len(lines) == 1
    x = y = 0.0
    for command, args in re.findall(r"([MmHh])([-\d. ]+)", lines[0].get("d")):
        numbers = [float(n) for n in args.split()]
        if command in "Mm":
            x, y = (numbers[0], numbers[1]) if command == "M" else (x + numbers[0], y + numbers[1])
        else:
            for column in range(int(x), int(x + numbers[0])):
                dark[int(y) - border][column - border] = 1
            x += numbers[0]
    return tuple(tuple(row) for row in dark)


def matrix(address) -> tuple[tuple[int, ...], ...]:
    return tuple(tuple(int(bool(m)) for m in row) for row in qr_code(address).matrix)


def test_the_png_is_a_png_that_draws_exactly_the_address_s_code():
    address = join_address("UB-2026-11")
    data = qr_png(address, scale=6)
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert modules_of_png(data, 6) == matrix(address)


def test_the_svg_is_inline_scalable_and_draws_exactly_the_address_s_code():
    address = join_address("UB-2026-11")
    svg = qr_svg(address, title="QR <code> & address")
    root = ET.fromstring(svg)  # well-formed, the title escaped
    assert root.tag.endswith("svg")
    assert root.get("role") == "img"
    assert root.get("viewBox")
    assert root.get("width") is None
    assert root.get("height") is None
    assert "<?xml" not in svg  # inline in a page
    assert "href" not in svg  # nothing fetched
    assert [t.text for t in root.iter() if t.tag.endswith("title")] == ["QR <code> & address"]
    assert modules_of_svg(svg) == matrix(address)


def test_the_qr_code_decodes_back_to_the_address():
    import zxingcpp

    address = join_address("UB-2026-11")
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(qr_png(address))))
    assert [r.text for r in found] == [address.url]


# -- The printable sheet ---------------------------------------------------------------------
def pdf_text(data: bytes) -> tuple[int, str]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return len(reader.pages), " ".join(" ".join(p.extract_text().split()) for p in reader.pages)


def test_the_sheet_is_one_a4_page_with_code_address_and_steps_in_both_languages():
    from pypdf import PdfReader

    data = invite.join_sheet_pdf(join_address("UB-2026-11"), "Ulaanbaatar, November")
    assert data.startswith(b"%PDF-")
    page = PdfReader(io.BytesIO(data)).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
    pages, text = pdf_text(data)
    assert pages == 1
    for expected in ("UB-2026-11", LAN, "Ulaanbaatar, November", "Ангийн код", "Class code"):
        assert expected in text
    for lang in ("mn", "en"):
        words = invite.sheet_text(lang)
        for step in words.steps:
            assert " ".join(step.split()) in text
    mn_step, en_step = invite.sheet_text("mn").steps[0], invite.sheet_text("en").steps[0]
    assert mn_step != en_step
    assert text.index(mn_step) < text.index(en_step)
    assert "No network" not in text


def test_the_sheet_warns_in_both_languages_when_no_network_was_found(monkeypatch):
    monkeypatch.setattr(invite, "lan_addresses", list)
    pages, text = pdf_text(invite.join_sheet_pdf(join_address("UB-2026"), "x" * 200))
    assert pages == 1
    assert "localhost" in text
    for lang in ("mn", "en"):
        assert " ".join(invite.sheet_text(lang).no_network.split())[:30] in text


def test_the_sheet_s_qr_code_is_at_least_ten_centimetres_wide_and_square():
    from pypdf import PdfReader

    data = invite.join_sheet_pdf(join_address("UB-2026-11"))
    content = PdfReader(io.BytesIO(data)).pages[0].get_contents().get_data().decode("latin-1")
    boxes = [
        tuple(map(float, m))
        for m in re.findall(r"([\d.]+) ([\d.-]+) ([\d.]+) ([\d.-]+) re", content)
    ]
    assert len(boxes) > 100  # the dark modules, drawn as vector rectangles
    left, right = min(b[0] for b in boxes), max(b[0] + b[2] for b in boxes)
    ys = [b[1] for b in boxes] + [b[1] + b[3] for b in boxes]
    width_mm, height_mm = (right - left) * 25.4 / 72, (max(ys) - min(ys)) * 25.4 / 72
    assert width_mm >= 100
    assert abs(width_mm - height_mm) < 0.5


def test_the_model_never_imports_ipywidgets():
    code = "import sys, widgets.join.invite; print('ipywidgets' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
