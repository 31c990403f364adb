"""The trainer's join poster, headless: the address, its QR code, the printable sheet."""

from __future__ import annotations

import base64
import html
import io
import re

import ipywidgets as ipw
import pytest

import widgets
from widgets import i18n
from widgets.join import invite
from widgets.join.poster import JoinPoster

pytestmark = pytest.mark.widgets
ADDRESS = "http://192.168.1.20:8866/voila/render/course.ipynb?class=UB-2026"


@pytest.fixture(autouse=True)
def laptop_on_wifi(monkeypatch):
    monkeypatch.delenv(invite.CLASSROOM_URL_ENV, raising=False)
    monkeypatch.setattr(invite, "lan_addresses", lambda: ["192.168.1.20", "172.17.0.1"])


def walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child)


def html_of(widget) -> str:
    return " ".join(w.value for w in walk(widget) if isinstance(w, ipw.HTML))


def downloaded(poster: JoinPoster) -> tuple[str, bytes]:
    link = poster._download.value
    name = html.unescape(re.search(r'download="([^"]+)"', link).group(1))
    payload = re.search(r'href="data:application/pdf;base64,([^"]+)"', link).group(1)
    return name, base64.b64decode(payload)


def test_without_a_class_the_poster_shows_nothing(store):
    poster = JoinPoster()
    assert poster.children == ()
    assert poster.address == ""


def test_the_poster_shows_the_address_as_text_and_as_a_qr_code(store):
    poster = JoinPoster(class_code="UB-2026")
    assert poster.address == ADDRESS
    page = html_of(poster)
    text = re.sub(r"<[^>]+>", "", page.split('class="osh-join-address"')[1].split("</code>")[0])
    assert text.endswith(f" {html.escape(ADDRESS)}")  # "Address", then the address whole
    # It wraps after a "/" on a phone, never inside the class code.
    assert '<wbr>course.ipynb<wbr><span class="osh-join-class">?class=UB-2026</span>' in page
    assert '<svg role="img"' in page
    assert "QR code of the address to join class UB-2026" in page
    assert "<strong>UB-2026</strong>" in page
    assert "No network" not in page
    assert "osh-join-poster" in poster._dom_classes


def test_the_printable_sheet_is_a_pdf_with_the_code_the_address_and_both_languages(store):
    from pypdf import PdfReader

    poster = JoinPoster(class_code="UB-2026")
    assert poster._download.value == ""
    poster._make_sheet.click()
    name, data = downloaded(poster)
    assert name == "join-ub-2026.pdf"
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    text = " ".join(reader.pages[0].extract_text().split())
    assert "UB-2026" in text
    assert ADDRESS in text
    assert "Ulaanbaatar" in text  # the class's name, from the store
    assert "Choose your enterprise and write your name." in text
    assert "Байгууллагаа сонгоод нэрээ бичнэ үү." in text


def test_show_large_fills_the_screen_and_goes_back(store):
    poster = JoinPoster(class_code="UB-2026")
    assert poster._toggle.description == "Show large"
    poster._toggle.value = True
    assert poster.large
    assert "osh-join-large" in poster._stage._dom_classes
    assert poster._toggle.description == "Show smaller"
    poster.large = False
    assert not poster._toggle.value
    assert "osh-join-large" not in poster._stage._dom_classes


def test_the_trainer_chooses_the_network_when_the_computer_has_several(store):
    poster = JoinPoster(class_code="UB-2026")
    assert poster._host in poster.children
    poster._host.value = "172.17.0.1"
    assert poster.address.startswith("http://172.17.0.1:8866/")
    assert "172.17.0.1" in html_of(poster)


def test_without_a_network_the_poster_says_so(store, monkeypatch):
    monkeypatch.setattr(invite, "lan_addresses", list)
    poster = JoinPoster(class_code="UB-2026")
    assert poster.address.startswith("http://localhost:8866/")
    assert "No network was found" in html_of(poster)
    assert poster._host not in poster.children


def test_a_centre_address_needs_no_network_choice(store, monkeypatch):
    monkeypatch.setenv(invite.CLASSROOM_URL_ENV, "https://osh.example.mn/")
    poster = JoinPoster(class_code="UB-2026")
    assert poster.address == "https://osh.example.mn/voila/render/course.ipynb?class=UB-2026"
    assert poster._host not in poster.children


def test_a_class_code_that_is_not_one_shows_nothing(store):
    poster = JoinPoster(class_code="UB-2026")
    poster.class_code = "not a code!"
    assert poster.children == ()
    assert poster.address == ""


def test_the_poster_speaks_the_page_s_language(store):
    poster = JoinPoster(class_code="UB-2026")
    poster._make_sheet.click()
    i18n.set_language("mn")
    assert poster._make_sheet.description == "Хэвлэх хуудас (PDF)"
    assert poster._toggle.description == "Томоор харуулах"
    assert "UB-2026 ангид нэгдэх хаягийн QR код" in html_of(poster)
    assert "join-ub-2026.pdf" in poster._download.value  # the sheet made stays offered


def test_the_class_page_shows_the_poster_of_the_chosen_class(store):
    admin = widgets.ClassAdmin()
    poster = admin._poster
    assert admin._classes.value == "UB-2026"
    assert poster.address == ADDRESS
    store.create_class("DKH-2026", "Darkhan")
    admin._refresh.click()
    admin._classes.value = "DKH-2026"
    assert poster.address.endswith("?class=DKH-2026")
