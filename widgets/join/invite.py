"""The address a class joins from: as text, as a QR code, and as a printable A4 sheet.

Participants' phones are on the trainer laptop's Wi-Fi, so the address is the laptop's LAN
address and the classroom server's port, with the class code in it
(``http://192.168.1.20:8866/voila/render/course.ipynb?class=UB-2026-11``): the course app
reads ``?class=`` and the participant only chooses their enterprise and writes their name.
A training centre whose server has a name sets ``OSH_CLASSROOM_URL`` instead.

Pure: no ipywidgets. segno makes the QR code (pure Python, offline); fpdf2 and matplotlib's
DejaVu fonts (which cover Mongolian Cyrillic) are imported only when a sheet is made.
"""

from __future__ import annotations

import io
import ipaddress
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import segno

from widgets.i18n import translator
from widgets.serve import COURSE_APP, DEFAULT_PORT, lan_addresses
from widgets.store.service import class_code as checked_class_code

log = logging.getLogger(__name__)

# The classroom app's page under the server's root (``make serve`` serves notebooks/).
COURSE_PAGE = f"voila/render/{COURSE_APP}"
# A centre's own address for the classroom server, e.g. ``https://osh.example.mn/``, or the
# whole page (``…/voila/render/course.ipynb``); it wins over the laptop's LAN address.
CLASSROOM_URL_ENV = "OSH_CLASSROOM_URL"
# Q restores a quarter of the code: a projected code seen at an angle, or a creased sheet,
# still scans. Never boosted, so that every sheet of a class carries the same symbol.
ERROR_CORRECTION = "q"
# The QR code's size on the printed sheet (without its quiet zone of 4 modules, kept free of
# text): at least 10 cm, so that a phone scans it from across a room when pinned to a wall.
SHEET_QR_MM = 110.0
HOST = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$")


@dataclass(frozen=True)
class JoinAddress:
    """The address participants open to join a class.

    Attributes
    ----------
    url
        The whole address, class code included.
    class_code
        The class's code, as the store spells it.
    network_found
        False when the computer has no network address: ``url`` then names ``localhost``,
        which only this computer can open.
    configured
        True when the address comes from ``OSH_CLASSROOM_URL`` (a centre's server).
    """

    url: str
    class_code: str
    network_found: bool = True
    configured: bool = False

    def __str__(self) -> str:
        return self.url


def join_address(class_code: str, host: str | None = None, port: int = DEFAULT_PORT) -> JoinAddress:
    """Return the address that opens the course app for ``class_code``.

    Parameters
    ----------
    class_code
        The class's code (checked and upper-cased as the store does; ``StoreError`` if it is
        not one).
    host
        The server's host name or IP address. By default ``OSH_CLASSROOM_URL`` when it is set
        (its scheme, host, port and path are kept), else this computer's first LAN address,
        private ones first (:func:`widgets.serve.lan_addresses`), else ``localhost`` with
        ``network_found`` False.
    port
        The classroom server's port (``make serve``'s by default); not used with
        ``OSH_CLASSROOM_URL``.
    """
    code = checked_class_code(class_code)
    query = urlencode({"class": code})
    if host is None:
        configured = configured_base()
        if configured is not None:
            return JoinAddress(_with_class(configured, code), code, configured=True)
        found = lan_addresses()
        if not found:
            return JoinAddress(_url("localhost", port, query), code, network_found=False)
        host = found[0]
    return JoinAddress(_url(_host(host), port, query), code)


def lan_hosts() -> list[str]:
    """Return the addresses participants may reach this computer on, the likeliest first."""
    return lan_addresses()


def _url(host: str, port: int, query: str) -> str:
    if not isinstance(port, int) or isinstance(port, bool) or not 0 < port < 65536:
        raise ValueError(f"{port!r} is not a TCP port")
    return f"http://{host}:{port}/{COURSE_PAGE}?{query}"


def _host(host: str) -> str:
    text = str(host).strip().strip("[]")
    try:
        ip = ipaddress.ip_address(text)
    except ValueError:
        if not HOST.match(text):
            raise ValueError(f"{host!r} is not a host name or IP address") from None
        return text.lower()
    return f"[{ip}]" if ip.version == 6 else str(ip)


def configured_base() -> str | None:
    """Return ``OSH_CLASSROOM_URL`` when it is set to an http(s) address, else None."""
    value = os.environ.get(CLASSROOM_URL_ENV, "").strip()
    if not value:
        return None
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        log.warning(
            "%s=%r is not an http(s) address: using the LAN address", CLASSROOM_URL_ENV, value
        )
        return None
    return value


def _with_class(base: str, code: str) -> str:
    parts = urlsplit(base)
    path = parts.path
    if not path.endswith(".ipynb"):
        path = f"{path.rstrip('/')}/{COURSE_PAGE}"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "class"]
    return urlunsplit((parts.scheme, parts.netloc, path, urlencode([*query, ("class", code)]), ""))


# -- QR code ---------------------------------------------------------------------------------
def qr_code(address: JoinAddress | str) -> segno.QRCode:
    """Return the QR code of ``address`` (error correction Q, never a Micro QR code)."""
    return segno.make(str(address), error=ERROR_CORRECTION, boost_error=False, micro=False)


def qr_svg(address: JoinAddress | str, title: str = "") -> str:
    """Return the QR code as inline SVG text: black on white, sized by its container.

    The SVG has a ``viewBox`` but no width or height, so CSS decides its size; ``title``
    is its accessible name.
    """
    svg = qr_code(address).svg_inline(
        omitsize=True, border=4, dark="#000", light="#fff", title=title or None
    )
    return svg.replace("<svg ", '<svg role="img" ', 1)


def qr_png(address: JoinAddress | str, scale: int = 10) -> bytes:
    """Return the QR code as a PNG image (``scale`` pixels a module, 4-module quiet zone)."""
    buffer = io.BytesIO()
    qr_code(address).save(buffer, kind="png", scale=scale, border=4, dark="#000", light="#fff")
    return buffer.getvalue()


# -- The printable sheet ---------------------------------------------------------------------
@dataclass(frozen=True)
class SheetText:
    """The words of the join sheet in one language."""

    heading: str
    code_label: str
    address_label: str
    steps: tuple[str, str, str]
    network: str
    password: str
    no_network: str


def sheet_text(lang: str) -> SheetText:
    """Return the join sheet's words in ``lang`` (from the gettext catalogs)."""
    _ = translator(lang)
    return SheetText(
        heading=_("Join the class from your phone"),
        code_label=_("Class code"),
        address_label=_("Address"),
        steps=(
            _("Connect to the Wi-Fi network written below."),
            _("Scan the QR code with the phone's camera, or type the address into the browser."),
            _("Choose your enterprise and write your name."),
        ),
        network=_("Wi-Fi network"),
        password=_("Password"),
        no_network=_(
            "No network was found: this address opens only on the trainer's computer. "
            "Connect it to the class Wi-Fi and make the sheet again."
        ),
    )


def _fonts() -> Path:
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


def join_sheet_pdf(address: JoinAddress, class_name: str = "") -> bytes:
    """Return the class's A4 join sheet as PDF: code, a 12 cm QR code, address, three steps.

    The steps are in Mongolian first, then English; the Wi-Fi network's name and password
    are left blank, to be written by hand.
    """
    from fpdf import FPDF

    mn, en = sheet_text("mn"), sheet_text("en")
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_title(f"{mn.heading} / {en.heading} — {address.class_code}")
    pdf.set_creator("OSH Workbook")
    fonts = _fonts()
    pdf.add_font("dejavu", "", fonts / "DejaVuSans.ttf")
    pdf.add_font("dejavu", "B", fonts / "DejaVuSans-Bold.ttf")
    pdf.add_font("mono", "", fonts / "DejaVuSansMono.ttf")
    pdf.set_margins(15, 12, 15)
    pdf.set_auto_page_break(False)
    pdf.add_page()
    width = pdf.epw

    pdf.set_font("dejavu", "B", 17)
    pdf.multi_cell(0, 7.5, mn.heading, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("dejavu", "", 12)
    pdf.set_text_color(70, 70, 70)
    pdf.multi_cell(0, 6, en.heading, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    if class_name:
        pdf.ln(1)
        # At most about two lines, so that the sheet stays one page for any class name.
        size = _fit(pdf, class_name, "dejavu", "B", 13, 1.8 * width)
        pdf.set_font("dejavu", "B", size)
        pdf.multi_cell(0, size * 0.5, class_name, align="C", new_x="LMARGIN", new_y="NEXT")

    pdf.ln(1)
    pdf.set_font("dejavu", "", 10)
    pdf.cell(0, 5, f"{mn.code_label} / {en.code_label}", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("dejavu", "B", _fit(pdf, address.class_code, "dejavu", "B", 50, width))
    pdf.cell(0, 17, address.class_code, align="C", new_x="LMARGIN", new_y="NEXT")

    matrix = qr_code(address).matrix
    module = SHEET_QR_MM / len(matrix)
    quiet = 4 * module
    top = pdf.get_y() + quiet
    left = pdf.l_margin + (width - SHEET_QR_MM) / 2
    _draw_matrix(pdf, matrix, left, top, module)
    pdf.set_y(top + SHEET_QR_MM + quiet)

    pdf.set_font("dejavu", "", 9)
    pdf.cell(
        0, 4.5, f"{mn.address_label} / {en.address_label}", align="C", new_x="LMARGIN", new_y="NEXT"
    )
    pdf.set_font("mono", "", _fit(pdf, address.url, "mono", "", 14, width))
    pdf.cell(0, 7, address.url, align="C", new_x="LMARGIN", new_y="NEXT")
    if not address.network_found:
        pdf.set_font("dejavu", "B", 9)
        pdf.set_text_color(183, 28, 28)
        for text in (mn.no_network, en.no_network):
            pdf.multi_cell(0, 4.5, text, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(0, 0, 0)

    pdf.ln(3)
    for number, (step_mn, step_en) in enumerate(zip(mn.steps, en.steps, strict=True), 1):
        y = pdf.get_y()
        pdf.set_font("dejavu", "B", 15)
        pdf.cell(10, 7, f"{number}.")
        pdf.set_xy(pdf.l_margin + 10, y)
        pdf.set_font("dejavu", "B", 11.5)
        pdf.multi_cell(width - 10, 5.5, step_mn, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.set_x(pdf.l_margin + 10)
        pdf.set_font("dejavu", "", 10)
        pdf.set_text_color(70, 70, 70)
        pdf.multi_cell(width - 10, 5, step_en, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(0, 0, 0)
        if number == 1:
            for label_mn, label_en in ((mn.network, en.network), (mn.password, en.password)):
                _write_in_line(pdf, f"{label_mn} / {label_en}:")
        pdf.ln(2.5)
    return bytes(pdf.output())


def _fit(pdf, text: str, family: str, style: str, size: float, width: float) -> float:
    """Return ``size``, or the largest smaller font size at which ``text`` fits ``width``."""
    pdf.set_font(family, style, size)
    natural = pdf.get_string_width(text)
    return size if natural <= width else max(6.0, size * width / natural * 0.98)


def _draw_matrix(pdf, matrix, left: float, top: float, module: float) -> None:
    """Draw the QR code's dark modules as filled rectangles (vector: sharp at any size)."""
    pdf.set_fill_color(0, 0, 0)
    for row, bits in enumerate(matrix):
        column = 0
        while column < len(bits):
            if not bits[column]:
                column += 1
                continue
            start = column
            while column < len(bits) and bits[column]:
                column += 1
            # A hair of overlap, so that no white seam shows between neighbouring runs.
            pdf.rect(
                left + start * module,
                top + row * module,
                (column - start) * module + 0.02,
                module + 0.02,
                style="F",
            )


def _write_in_line(pdf, label: str) -> None:
    """Write ``label`` and a rule after it, for a word to be written by hand."""
    pdf.ln(1.5)
    pdf.set_x(pdf.l_margin + 10)
    pdf.set_font("dejavu", "", 10)
    label_width = pdf.get_string_width(label) + 3
    y = pdf.get_y()
    pdf.cell(label_width, 9, label)
    pdf.set_draw_color(0, 0, 0)
    pdf.set_line_width(0.3)
    pdf.line(pdf.get_x(), y + 7.5, pdf.l_margin + pdf.epw, y + 7.5)
    pdf.set_xy(pdf.l_margin, y + 9)
