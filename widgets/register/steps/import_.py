"""Import: the team's existing hazard list from a CSV or Excel file, with a report row by row."""

from __future__ import annotations

import ipywidgets as ipw

from widgets.i18n import _
from widgets.register import importer, messages
from widgets.register.model import Assessment
from widgets.register.steps.base import FAILED, Step
from widgets.ui import forms
from widgets.ui.style import esc


class ImportStep(Step):
    """A file upload; good rows become hazards, bad rows are listed with their problem."""

    def build(self, a: Assessment, lang: str) -> list[ipw.Widget]:
        """Return what the file must hold, the upload and the last import's report."""
        factors = ", ".join(f.label.get(lang) for f in a.method.factors) or _("Band")
        intro = _(
            "Bring in your existing hazard list from a CSV or Excel (.xlsx) file. The first "
            "row names the columns: Hazard, Category, Location, Who might be harmed and how, "
            "Existing controls, and for a rating: {factors}. Good rows are added; each bad "
            "row is listed with its row number and column, and nothing of it is kept."
        ).format(factors=factors)
        upload = ipw.FileUpload(accept=".csv,.xlsx", multiple=False)
        upload.description = _("Choose a file")
        upload.add_class("osh-action")
        upload.observe(self._on_import_upload, names="value")
        report = forms.testid(forms.html(self.picked.import_html), "import-report")
        return [forms.html(forms.p(intro)), upload, report]

    def _on_import_upload(self, change: dict) -> None:
        files = forms.uploaded(change["new"])
        if not files:
            return
        name, data = files[0]
        app = self.app
        app._clear()
        report = app._said(app._session.import_hazards(data, name))
        if report is FAILED:
            self.picked.import_html = ""
            app._render_body_keep_message()
            return
        self.picked.import_html = report_html(report, name)
        app._render_body()


def report_html(report: importer.ImportReport, name: str) -> str:
    """Return how many hazards came in, and a table of the rows refused."""
    added = _("{name}: {count} hazards imported.").format(name=name, count=len(report.imported))
    parts = [f'<p class="osh-register-imported" role="status"><b>{esc(added)}</b></p>']
    if report.problems:
        bad = _("These rows were not imported; correct them and import the file again:")
        heads = "".join(f"<th>{esc(h)}</th>" for h in (_("Row"), _("Column"), _("Problem")))
        rows = "".join(
            f"<tr><td>{p.row}</td><td>{esc(p.column)}</td>"
            f"<td>{esc(messages.row_problem_text(p))}</td></tr>"
            for p in report.problems
        )
        parts.append(
            f'<p class="osh-error">{esc(bad)}</p>'
            f'<table class="osh-table osh-register-problems"><thead><tr>{heads}</tr>'
            f"</thead><tbody>{rows}</tbody></table>"
        )
    return "".join(parts)
