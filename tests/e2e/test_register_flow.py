"""A first-timer's whole risk assessment in a real browser, from the checklist to the reports.

The team answers the checklist (two statements are not so at work), adds a worker to the
team, rates both hazards and plans a measure for each; the "Before you print" list goes
down to "nothing missing", the overview lists both hazards by their problem texts, and
the three reports are downloaded through the page and read back.
"""

from __future__ import annotations

import io
import re

import pytest

from tests.e2e.joining import join_class
from widgets.register.model import checklists

pytestmark = pytest.mark.e2e
PAGE = "/voila/render/register.ipynb?lang=en"
ENTERPRISE = "Their own workshop E2E"
SECTOR = "other"
NO = (0, 1)
"""The statements (by their place in the checklist) that are not so at this workplace."""


def flat(text: str) -> str:
    """``text`` without spaces (PDF text extraction breaks lines anywhere)."""
    return re.sub(r"\s+", "", text)


class Register:
    """The register's page, driven as a participant does: by labels, buttons and texts."""

    def __init__(self, page):
        self.page = page
        self.app = page.locator(".osh-register")
        self.count = 0

    def saved(self) -> None:
        """Wait for the next save (the "✓ Saved" line counts them)."""
        self.count += 1
        self.app.locator(f'.osh-saved[data-saves="{self.count}"]').wait_for()

    def step(self, name: str, step: str) -> None:
        """Open a step by its button; wait until the page shows that step."""
        self.app.get_by_role("button", name=name, exact=True).click()
        self.app.locator(f".osh-register-body-{step}").wait_for()

    def hazard(self, index: int, title: str) -> None:
        """Choose a hazard in the step's list; wait until the step shows it."""
        self.app.get_by_label("Hazard", exact=True).select_option(index=index)
        self.app.locator(".osh-hazard", has_text=title).wait_for()

    def missing(self) -> list[str]:
        return self.app.locator(".osh-register-missing").all_inner_texts()


def test_a_first_timer_fills_the_register_from_the_checklist_to_nothing_missing(
    page_factory, server, tmp_path
):
    from docx import Document
    from openpyxl import load_workbook
    from pypdf import PdfReader

    statements = checklists().for_enterprise(SECTOR, frozenset())
    problems = [statements[i].problem.get("en") for i in NO]
    positives = [statements[i].text.get("en") for i in NO]

    page = page_factory(accept_downloads=True)
    page.set_default_timeout(20000)
    page.goto(server.url + PAGE)
    r = Register(page)
    join_class(r.app, "Ганбат", ENTERPRISE, role="Manager")
    r.app.get_by_label("Sector").select_option(label="Other")
    r.app.get_by_role("button", name="Start the assessment").click()
    r.saved()

    # Before anything else, the list says what is missing, in plain words.
    r.step("5 · Review", "review")
    r.app.get_by_text("Before you print").wait_for()
    first = " ".join(r.missing())
    assert "no worker" in first.lower()
    assert r.app.locator(".osh-register-complete").count() == 0

    # Step 1: a worker joins the assessment team ("Fix it" leads there).
    r.app.locator(".osh-register-missing-row", has_text="worker").get_by_role(
        "button", name="Fix it"
    ).click()
    r.app.get_by_text("Assessment team").wait_for()
    r.app.get_by_label("Name", exact=True).fill("Оюун")
    r.app.get_by_label("Name", exact=True).press("Tab")
    r.app.get_by_label("Role", exact=True).last.select_option(label="Worker")
    r.app.get_by_role("button", name="Add team member").click()
    r.saved()

    # Step 2: the checklist, five statements a page; "No" twice, "Yes" for the rest.
    r.step("2 · Hazards", "identify")
    for number in range(len(statements)):
        on_page = number % 5
        if number and not on_page:
            r.app.get_by_role("button", name="Next", exact=True).click()
            r.app.get_by_text(f"{number + 1}. ").first.wait_for()
        answer = "No" if number in NO else "Yes"
        choice = r.app.locator(".osh-register-answer").nth(on_page)
        choice.get_by_role("button", name=answer, exact=True).click()
        r.saved()
        # The step is drawn again after each answer: wait for it before the next one.
        r.app.get_by_text(f"{number + 1} of {len(statements)} statements answered").wait_for()

    # Step 3: both hazards rated on the matrix (the first high, the second medium).
    r.step("3 · Evaluation", "evaluate")
    for index, cell in enumerate(("Likelihood 4 × Severity 4", "Likelihood 3 × Severity 2")):
        r.hazard(index, problems[index])
        r.app.locator(f'.osh-risk-cell[title^="{cell}"]').click()
        r.saved()
        r.app.get_by_text("Saved rating").wait_for()

    # Step 4: a measure from the library for each, with who does it (due date suggested).
    r.step("4 · Action plan", "controls")
    for index in range(2):
        r.hazard(index, problems[index])
        r.app.get_by_label("Measure from the library").wait_for()
        r.app.get_by_label("Responsible person").fill("Ганбат")
        r.app.get_by_label("Responsible person").press("Tab")
        r.app.get_by_role("button", name="Add measure").click()
        r.saved()
        # The new measure opens for editing once the step is drawn again.
        r.app.get_by_role("button", name="Delete measure").wait_for()

    # Step 5: nothing missing; the overview names both hazards by their problems.
    r.step("5 · Review", "review")
    r.app.locator(".osh-register-complete").wait_for()
    assert "Nothing is missing" in r.app.locator(".osh-register-complete").inner_text()
    assert r.missing() == []
    rows = r.app.locator(".osh-register-overview-row").all_inner_texts()
    assert len(rows) == 2
    overview = " ".join(rows)
    assert all(flat(p) in flat(overview) for p in problems)
    assert not any(flat(p) in flat(overview) for p in positives)

    # The three reports, downloaded through the page, each naming the hazards by problem.
    r.app.get_by_role("button", name="Go to the reports").click()
    r.app.get_by_label("Language of the reports").select_option(label="English")
    texts = {}
    for button, suffix in (
        ("Excel action plan", ".xlsx"),
        ("Word report", ".docx"),
        ("PDF report", ".pdf"),
    ):
        r.app.get_by_role("button", name=button).click()
        link = r.app.locator("a.osh-register-download", has_text=suffix)
        with page.expect_download() as info:
            link.click()
        download = info.value
        assert download.suggested_filename.endswith(suffix)
        data = download.path().read_bytes()
        if suffix == ".xlsx":
            book = load_workbook(io.BytesIO(data))
            texts[suffix] = " ".join(
                str(c)
                for s in book.worksheets
                for row in s.iter_rows(values_only=True)
                for c in row
            )
        elif suffix == ".docx":
            doc = Document(io.BytesIO(data))
            cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
            texts[suffix] = " ".join([p.text for p in doc.paragraphs] + cells)
        else:
            reader = PdfReader(io.BytesIO(data))
            texts[suffix] = "\n".join(p.extract_text() for p in reader.pages)
    for suffix, text in texts.items():
        assert all(flat(p) in flat(text) for p in problems), suffix
        assert not any(flat(p) in flat(text) for p in positives), suffix
        assert ENTERPRISE.replace(" ", "") in flat(text), suffix
