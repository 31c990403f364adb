"""Reports: the action plan, the Word and PDF report, the JSON file, and a JSON brought back."""

from __future__ import annotations

import base64
import logging
from collections.abc import Callable

import ipywidgets as ipw

from widgets.downloads import offer
from widgets.i18n import _
from widgets.register import reports
from widgets.register.model import Assessment
from widgets.register.session import MAX_JSON_BYTES
from widgets.register.steps.base import FAILED, Step, language_picker
from widgets.ui import forms
from widgets.ui.style import esc

log = logging.getLogger("widgets.register.view")


def download_link(download: reports.Download) -> str:
    """Return an HTML link that saves ``download`` in the browser.

    Under the classroom server the file is handed to the server, and the link is its
    download route (:mod:`widgets.downloads`): nothing large crosses the websocket or stays
    in the page. Elsewhere (JupyterLab) the file travels inside the page as a ``data:`` link.
    """
    label = _("Save {name}").format(name=download.filename)
    url = offer(download.data, download.filename, download.mime)
    if url is None:
        payload = base64.b64encode(download.data).decode("ascii")
        url = f"data:{download.mime};base64,{payload}"
    return (
        f'<a class="osh-register-download" download="{esc(download.filename)}" '
        f'href="{esc(url)}">⬇ {esc(label)}</a>'
    )


class ReportsStep(Step):
    """Buttons that make each file and a link that saves it; an upload of a JSON file."""

    language: ipw.Dropdown | None = None
    link: ipw.HTML | None = None

    def build(self, a: Assessment, lang: str) -> list[ipw.Widget]:
        """Return the reports' language, a button per file, the link and the JSON upload."""
        intro = _(
            "Make a file and save it with the link that appears: the action plan for Excel, "
            "the report for Word or as PDF (to print and sign), or the whole assessment as "
            "a JSON file (to keep or move)."
        )
        self.language = language_picker(lang, a.profile.language)
        buttons = []
        for key, label in (
            ("xlsx", _("Excel action plan")),
            ("docx", _("Word report")),
            ("pdf", _("PDF report")),
            ("json", _("JSON file")),
        ):
            buttons.append(forms.button(label, self._report_handler(key)))
        self.keep += [self.language, *buttons]
        self.link = forms.html("")
        self.link.add_class("osh-register-link")
        upload = ipw.FileUpload(accept=".json", multiple=False)
        upload.description = _("Open a JSON file")
        upload.add_class("osh-action")
        upload.observe(self._on_json_upload, names="value")
        bring = _(
            "Bring back an assessment saved as JSON: it replaces what is shown here (the "
            "enterprise must be the same)."
        )
        return [
            forms.html(forms.p(intro)),
            self.language,
            ipw.HBox(buttons, layout=ipw.Layout(flex_flow="row wrap")),
            self.link,
            forms.html(forms.p(bring)),
            upload,
        ]

    def _report_handler(self, kind: str) -> Callable:
        def handler(_button: ipw.Button) -> None:
            self.app.make_report(kind)

        return handler

    def make(self, kind: str, shown: bool = True) -> reports.Download | None:
        """Make a report of ``kind`` and, when this step is ``shown``, offer it as a link."""
        a = self.app.assessment
        if a is None:
            return None
        lang = self.language.value if shown and self.language is not None else None
        makers = {
            "xlsx": reports.excel_action_plan,
            "docx": reports.word_report,
            "pdf": reports.pdf_report,
        }
        self.app._clear()
        try:
            made = reports.json_export(a) if kind == "json" else makers[kind](a, lang)
        except Exception:
            log.exception("register: report %s of assessment %s failed", kind, a.id)
            self.app._error(_("The file could not be made. Please tell your trainer."))
            return None
        if shown and self.link is not None:
            self.link.value = download_link(made)
        return made

    def _on_json_upload(self, change: dict) -> None:
        """Bring the team's content from a JSON file into the enterprise's assessment."""
        files = forms.uploaded(change["new"])
        app = self.app
        if not files or app.assessment is None:
            return
        app._clear()
        name, data = files[0]
        outcome = app._session.replace_from_file(data, name)
        if outcome.code == "too-large":
            app._error(
                _("{name} is larger than {size} MB: it cannot be an assessment file.").format(
                    name=name, size=MAX_JSON_BYTES // 2**20
                )
            )
            return
        if outcome.code == "unreadable":
            app._error(_("{name} could not be read as an assessment.").format(name=name))
            return
        if outcome.code == "other-enterprise":
            # Most likely the wrong file: say so rather than replace the team's work.
            app._error(
                _("{name} is the assessment of {enterprise}; yours is {yours}.").format(
                    name=name,
                    enterprise=outcome.result.profile.enterprise,
                    yours=app.assessment.profile.enterprise,
                )
            )
            return
        ignored = app._said(outcome)
        if ignored is FAILED:
            app._render_body_keep_message()
            return
        self._taken(name, ignored)

    def _taken(self, name: str, ignored: list[str]) -> None:
        app = self.app
        app._picked.forget()
        app._info(
            _("{name}: your team's work from the file is now in your assessment.").format(name=name)
        )
        if ignored:
            words = {
                "review": _("the review"),
                "visit-notes": _("visit notes"),
                "comments": _("comments on hazards"),
            }
            app._info(
                _("Not taken from the file, because only your trainer writes them: {what}.").format(
                    what=", ".join(words[w] for w in ignored)
                )
            )
        app._render_keep_message()
