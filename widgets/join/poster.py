"""The class's join address for the trainer to project: large text, a QR code, a PDF sheet."""

from __future__ import annotations

import logging
import re

import ipywidgets as ipw
import traitlets

from widgets.i18n import _, on_language_change
from widgets.join import invite
from widgets.register.reports import PDF, Download
from widgets.register.view import download_link
from widgets.serve import DEFAULT_PORT
from widgets.store import session
from widgets.ui.style import esc

log = logging.getLogger(__name__)


class JoinPoster(ipw.VBox):
    """The address that joins ``class_code``: to project as a QR code, or to print.

    Participants on the trainer laptop's Wi-Fi scan the code (or type the address) and land
    in the course app with the class code filled in. "Show large" fills the screen with the
    code for a projector; "Printable sheet (PDF)" offers an A4 sheet to pin on a wall.

    Parameters
    ----------
    port
        The classroom server's port (``make serve``'s by default).
    """

    class_code = traitlets.Unicode(
        "", help="The class whose join address is shown; empty shows nothing."
    )
    address = traitlets.Unicode(
        "", read_only=True, help="The join address shown (empty when no class is chosen)."
    )
    large = traitlets.Bool(False, help="Whether the code fills the screen, for a projector.")

    def __init__(self, *, port: int = DEFAULT_PORT, **kwargs):
        self._port = port
        self._join: invite.JoinAddress | None = None
        self._sheet: Download | None = None
        super().__init__(**kwargs)
        self.add_class("osh-join-poster")
        self._heading = ipw.HTML()
        self._hint = ipw.HTML()
        self._host = ipw.Dropdown(style={"description_width": "initial"})
        self._host.add_class("osh-field")
        self._code = ipw.HTML()
        self._qr = ipw.HTML()
        self._qr.add_class("osh-join-qr")
        self._address = ipw.HTML()
        self._toggle = ipw.ToggleButton()
        self._toggle.add_class("osh-action")
        self._stage = ipw.VBox([self._code, self._qr, self._address, self._toggle])
        self._stage.add_class("osh-join-stage")
        self._make_sheet = ipw.Button()
        self._make_sheet.add_class("osh-action")
        self._download = ipw.HTML()
        self._toggle.observe(self._on_toggle_value, names="value")
        self._host.observe(self._on_host_change, names="value")
        self._make_sheet.on_click(self._on_make_sheet_click)
        self.observe(self._on_class_code_change, names="class_code")
        self.observe(self._on_large_change, names="large")
        on_language_change(self._on_language_change)
        self.refresh()

    def refresh(self) -> None:
        """Find this computer's network addresses again and show the chosen class's address."""
        hosts = [] if invite.configured_base() else invite.lan_hosts()
        current = self._host.value
        self._host.options = hosts
        self._host.value = current if current in hosts else (hosts[0] if hosts else None)
        self._render()

    def _render(self) -> None:
        self._sheet = None
        self._download.value = ""
        self._join = None
        if self.class_code:
            try:
                self._join = invite.join_address(
                    self.class_code, host=self._host.value, port=self._port
                )
            except ValueError:  # StoreError too: not a class code
                log.warning("no join address for class %r", self.class_code, exc_info=True)
        self.set_trait("address", self._join.url if self._join else "")
        if self._join is None:
            self.children = []
            self.large = False
            return
        self._label()
        children = [self._heading, self._hint]
        if len(self._host.options) > 1:
            children.append(self._host)
        self.children = [*children, self._stage, self._make_sheet, self._download]

    def _label(self) -> None:
        join = self._join
        if join is None:
            return
        code = join.class_code
        heading = _("Join from a phone")
        self._heading.value = f"<h4>{esc(heading)}</h4>"
        hint = _(
            "Project this code or print the sheet: participants on the class Wi-Fi scan it, "
            "or type the address, to join class {code}."
        ).format(code=code)
        parts = [f'<p class="osh-hint">{esc(hint)}</p>']
        if not join.network_found:
            warning = _(
                "No network was found: this address opens only on this computer. "
                "Connect it to the class Wi-Fi, then press Refresh."
            )
            parts.append(f'<p class="osh-warning" role="status">{esc(warning)}</p>')
        self._hint.value = "".join(parts)
        self._host.description = _("Network address")
        label = _("Class code")
        self._code.value = (
            f'<p class="osh-join-code"><span>{esc(label)}</span> <strong>{esc(code)}</strong></p>'
        )
        title = _("QR code of the address to join class {code}").format(code=code)
        self._qr.value = invite.qr_svg(join, title=title)
        label = _("Address")
        self._address.value = (
            f'<p class="osh-join-address"><span class="osh-join-address-label">{esc(label)}</span>'
            f" <code>{_breakable(join.url)}</code></p>"
        )
        self._toggle.description = _("Show smaller") if self.large else _("Show large")
        self._toggle.tooltip = self._toggle.description
        self._make_sheet.description = _("Printable sheet (PDF)")
        if self._sheet is not None:
            self._download.value = download_link(self._sheet)

    def _class_name(self, code: str) -> str:
        for row in session.store().classes():
            if row["code"] == code:
                return row["name"] or ""
        return ""

    def _on_class_code_change(self, _change: dict) -> None:
        self._render()

    def _on_host_change(self, _change: dict) -> None:
        self._render()

    def _on_toggle_value(self, change: dict) -> None:
        self.large = bool(change["new"])

    def _on_large_change(self, change: dict) -> None:
        self._toggle.value = change["new"]
        if change["new"]:
            self._stage.add_class("osh-join-large")
        else:
            self._stage.remove_class("osh-join-large")
        self._label()

    def _on_make_sheet_click(self, _button: ipw.Button) -> None:
        join = self._join
        if join is None:
            return
        data = invite.join_sheet_pdf(join, self._class_name(join.class_code))
        self._sheet = Download(data, f"join-{join.class_code.lower()}.pdf", PDF)
        self._download.value = download_link(self._sheet)

    def _on_language_change(self, _lang: str) -> None:
        self._label()


def _breakable(url: str) -> str:
    """Return ``url`` as HTML that wraps after a ``/`` or before the ``?``, never in the code.

    ``<wbr>`` adds no character: selecting and copying the address gives it whole.
    """
    path, mark, query = url.partition("?")
    parts = [esc(part) for part in re.split(r"(?<=/)(?!/)", path) if part]
    if mark:
        parts.append(f'<span class="osh-join-class">{esc(mark + query)}</span>')
    return "<wbr>".join(parts)
