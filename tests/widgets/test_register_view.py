"""The enterprise's risk assessment app, headless: the five steps, refusals, lock, files."""

from __future__ import annotations

import base64
import io
import re
from datetime import date, timedelta

import ipywidgets as ipw
import pytest
import traitlets

import widgets
from tests.register_samples import image
from tests.widgets.register_page import RegisterPage, walk
from widgets.register.model import plan as register_plan
from widgets.register.settings import settings
from widgets.register.store import RegisterStore
from widgets.register.view import FAILED, RiskAssessment
from widgets.store import session

pytestmark = pytest.mark.widgets
CLASS = "UB-2026"
ENTERPRISE = "Нарлаг цэцэрлэг"


@pytest.fixture
def bat(store):
    """Bat, a manager of the kindergarten, signed in on the page."""
    person, _code = store.join(CLASS, "Бат", ENTERPRISE, "manager")
    session.sign_in(person)
    return person


def page_text(app) -> str:
    return RegisterPage(app).text()


def saved(store):
    register = RegisterStore(store)
    [row] = register.assessments(CLASS)
    return register.load(row["id"])


def started(store, method="5x5") -> RiskAssessment:
    app = RiskAssessment()
    page = RegisterPage(app)
    # By the fields' marks: the page may be in Mongolian.
    page.by_id("sector").value = "education"
    page.by_id("size").value = "small"
    page.by_id("method").value = method
    page.by_id("report-language").value = "en"
    page.by_id("start").click()
    return app


def with_hazard(store, band=(4, 4)) -> tuple[RiskAssessment, str]:
    """An app with one hazard of the team's own, rated likelihood × severity ``band``."""
    app = started(store)
    page = RegisterPage(app)
    app.open_step("identify")
    page.by_id("title").value = "Hot stove"
    page.by_id("category").value = "physical"
    page.by_id("add-hazard").click()
    hazard_id = app.assessment.hazards[0].id
    app.open_step("evaluate")
    page.matrix().select(likelihood=band[0], severity=band[1])
    return app, hazard_id


def add_measure(app, library_id=None, text=None, level=None):
    page = RegisterPage(app)
    app.open_step("controls")
    page.choose("Measure", "")
    if library_id:
        if library_id not in page.values("Measure from the library"):
            page.fill("Show all measures", True)  # not suggested for the hazard: show all
        page.choose("Measure from the library", library_id)
    else:
        page.by_id("source").value = "own"
        page.fill("Our measure", text)
        page.choose("Level in the hierarchy of controls", level)
    page.click("Add measure")


def trainer_page(name="Сургагч Дулмаа") -> RiskAssessment:
    """The trainer's page on the kindergarten's assessment, acting as ``name``."""
    app = RiskAssessment(trainer=True)
    page = RegisterPage(app)
    # By the fields' marks: the page may be in Mongolian.
    page.by_id("trainer-name").value = name
    page.by_id("class").value = CLASS
    chooser = page.by_id("assessment")
    [chosen] = [value for label, value in chooser.options if label.startswith(ENTERPRISE)]
    chooser.value = chosen
    return app


TRAINER_BUTTONS = ("Mark reviewed (lock)", "Reopen for changes", "Add visit note", "Add comment")
TRAINER_FIELDS = ("Visit note", "Comment")


def trainer_controls(app) -> list[str]:
    page = RegisterPage(app)
    shown = [words for words in TRAINER_BUTTONS if page.has_button(words)]
    labels = {getattr(w, "description", None) for w in page.widgets()}
    return shown + [label for label in TRAINER_FIELDS if label in labels]


def upload(app, words: str, name: str, data: bytes) -> None:
    RegisterPage(app).send_file(words, name, data)


def test_nobody_signed_in_is_shown_how_to_join_and_nothing_else(store):
    app = widgets.RiskAssessment()
    assert isinstance(app, RiskAssessment)
    assert "Join your class above" in page_text(app)
    assert RegisterPage(app).step_choice().layout.display == "none"
    assert [w for w in walk(app) if isinstance(w, widgets.JoinClass)]
    assert app.assessment is None


def test_joining_on_the_page_opens_the_start_form(store):
    app = RiskAssessment()
    join = next(w for w in walk(app) if isinstance(w, widgets.JoinClass))
    join.join(CLASS, "Бат", ENTERPRISE, "manager")
    assert RegisterPage(app).has_button("Start the assessment")
    assert ENTERPRISE in page_text(app)


def test_the_five_steps_through_the_app_are_saved_as_they_are_made(store, bat):
    app = started(store)
    assert app.assessment.profile.enterprise == ENTERPRISE
    assert saved(store).profile.sector == "education"
    assert "✓ Saved" in RegisterPage(app).saving()

    # 1. profile: areas and team; the app says so while no worker takes part
    (
        RegisterPage(app).field("Work area or location").value,
        RegisterPage(app).choice("Kind of area (for the checklist)").value,
    ) = "Гал тогоо", "kitchen"
    RegisterPage(app).button("Add work area").click()
    RegisterPage(app).field("Name").value, RegisterPage(app).choice("Role").value = (
        "Дорж",
        "manager",
    )
    RegisterPage(app).button("Add team member").click()
    assert "No worker takes part" in page_text(app)
    RegisterPage(app).field("Name").value, RegisterPage(app).choice("Role").value = (
        "Сараа",
        "worker",
    )
    RegisterPage(app).button("Add team member").click()
    assert "No worker takes part" not in page_text(app)
    assert [m.name for m in saved(store).profile.team] == ["Дорж", "Сараа"]

    # 2. identification: a checklist "no" is a hazard; a hazard of our own with who and how
    app.open_step("identify")
    statement = app.assessment.checklist()[0]
    RegisterPage(app).by_id(f"answer-{statement.id}").value = "no"
    assert saved(store).hazards[0].statement == statement.id
    RegisterPage(app).choice("Hazard").value = ""
    RegisterPage(app).field("Name of the hazard").value = "Hot stove"
    RegisterPage(app).choice("Category").value = "physical"
    RegisterPage(app).field("Who might be harmed, and how").value = "The cook: burns to the hands"
    RegisterPage(app).field("Controls already in place").value = "Gloves"
    RegisterPage(app).button("Add hazard").click()
    stove = saved(store).hazards[1]
    assert (stove.title, stove.who, stove.existing) == (
        "Hot stove",
        "The cook: burns to the hands",
        "Gloves",
    )

    # 3. evaluation on the risk matrix
    app.open_step("evaluate")
    RegisterPage(app).choice("Hazard").value = stove.id
    RegisterPage(app).matrix().select(likelihood=4, severity=4)
    assert saved(store).hazards[1].rating.band == "high"
    assert "Saved rating" in RegisterPage(app).by_id("rating").value

    # 4. action plan: a measure of our own, the due date suggested from the band
    app.open_step("controls")
    RegisterPage(app).choice("Hazard").value = stove.id
    assert RegisterPage(app).field("Due").value == date.today() + timedelta(days=1)
    RegisterPage(app).by_id("source").value = "own"
    RegisterPage(app).field("Our measure").value = "Guard rail around the stove"
    RegisterPage(app).choice("Level in the hierarchy of controls").value = "engineering"
    RegisterPage(app).field("Responsible person").value = "Дорж"
    RegisterPage(app).field("Budget (MNT)").value = "150 000"
    RegisterPage(app).button("Add measure").click()
    [measure] = saved(store).hazards[1].measures
    assert (measure.text, measure.level, measure.budget) == (
        "Guard rail around the stove",
        "engineering",
        150000,
    )
    assert measure.due == date.today() + timedelta(days=1)

    # 5. review: due soon, and next year's review from a copy
    app.open_step("review")
    assert "Guard rail around the stove" in page_text(app)
    assert "days left: 1" in page_text(app)
    RegisterPage(app).by_id("copy").click()
    assert app.assessment.year == date.today().year + 1
    years = sorted(r["year"] for r in RegisterStore(store).assessments(CLASS))
    assert years == [date.today().year, date.today().year + 1]

    # a reload of the page opens the newest assessment of the enterprise
    again = RiskAssessment()
    assert again.assessment.id == app.assessment.id


def test_a_band_override_without_a_written_reason_is_refused_with_the_model_s_message(store, bat):
    app, hazard_id = with_hazard(store)
    RegisterPage(app).choice("Band to use (only with a written reason)").value = "low"
    RegisterPage(app).field("Why another band than the computed one?").value = "cheap"
    RegisterPage(app).button("Use this band").click()
    assert "needs a written reason of at least 15 characters" in RegisterPage(app).message()
    assert saved(store).hazard(hazard_id).rating.band == "high"
    RegisterPage(app).field(
        "Why another band than the computed one?"
    ).value = "The stove is behind a locked kitchen door at all times"
    RegisterPage(app).button("Use this band").click()
    rating = saved(store).hazard(hazard_id).rating
    assert (rating.band, rating.computed) == ("low", "high")
    assert "reason: The stove is behind" in RegisterPage(app).by_id("rating").value


def test_a_high_risk_met_only_with_ppe_shows_the_warning(store, bat):
    app, _hazard_id = with_hazard(store)
    add_measure(app, library_id="gloves")
    text = page_text(app)
    assert "only with administrative measures or PPE" in text
    add_measure(app, text="Induction hob", level="substitution")
    RegisterPage(app).choice("Measure").value = ""
    assert "only with administrative measures or PPE" not in page_text(app)


def test_marking_a_measure_done_asks_for_the_residual_rating(store, bat):
    app, hazard_id = with_hazard(store)
    add_measure(app, text="Guard rail", level="engineering")
    RegisterPage(app).choice("Status").value = "done"
    assert "rate the risk that remains" in RegisterPage(app).by_id("residual-ask").value
    assert saved(store).hazard(hazard_id).measures[0].status == "planned"
    RegisterPage(app).button("Record as done").click()
    assert "rate the risk that remains (residual risk)" in RegisterPage(app).message()
    RegisterPage(app).matrix().select(likelihood=2, severity=2)
    RegisterPage(app).button("Record as done").click()
    measure = saved(store).hazard(hazard_id).measures[0]
    assert (measure.status, measure.residual.band) == ("done", "low")
    assert "the risk that remains" in page_text(app)
    RegisterPage(app).choice("Status").value = "in-progress"
    assert saved(store).hazard(hazard_id).measures[0].residual is None


def test_a_renamed_text_file_is_refused_and_a_real_png_is_kept(store, bat):
    app, hazard_id = with_hazard(store)
    add_measure(app, text="Guard rail", level="engineering")
    upload(app, "Add a photo", "stove.jpg", b"this is not a photo at all\n" * 10)
    assert "stove.jpg is not a JPEG or PNG photo" in RegisterPage(app).message()
    assert saved(store).hazard(hazard_id).measures[0].photos == []
    RegisterPage(app).field("Caption (what the photo shows)").value = "The stove before the rail"
    upload(app, "Add a photo", "before.png", image())
    [photo] = saved(store).hazard(hazard_id).measures[0].photos
    assert (photo.kind, photo.mime, photo.filename, photo.caption) == (
        "before",
        "image/jpeg",  # kept re-encoded: an opaque PNG becomes a JPEG
        "before.jpg",
        "The stove before the rail",
    )
    assert 'alt="The stove before the rail"' in RegisterPage(app).by_id("photos").value
    assert "Photo added" in RegisterPage(app).message()


def test_a_photo_over_the_size_limit_is_refused_by_its_length_before_decoding(
    store, bat, monkeypatch
):
    app, hazard_id = with_hazard(store)
    add_measure(app, text="Guard rail", level="engineering")
    decoded = []
    monkeypatch.setattr(register_plan, "clean_photo", lambda *a: decoded.append(a))
    big = image() + b"\0" * settings().photo_max_bytes
    upload(app, "Add a photo", "huge.png", big)
    assert "huge.png is too large (8.0 MB); the limit is 8 MB" in RegisterPage(app).message()
    assert decoded == []
    assert saved(store).hazard(hazard_id).measures[0].photos == []
    assert "at most 40 photos per assessment" in RegisterPage(app).by_id("photos").value


def test_an_import_shows_its_report_row_by_row(store, bat):
    app = started(store)
    app.open_step("import")
    csv = (
        b"Hazard,Category,Location,Likelihood,Severity\n"
        b"Wet floor,mechanical,Kitchen,3,2\n"
        b"Loose cable,no-such-kind,Office,2,2\n"
        b",physical,Yard,9,2\n"
    )
    upload(app, "Choose a file", "hazards.csv", csv)
    report = RegisterPage(app).by_id("import-report").value
    assert "hazards.csv: 1 hazards imported." in report
    rows = re.findall(r"<tr><td>(\d+)</td><td>([^<]*)</td>", report)
    assert ("3", "Category") in rows
    assert ("4", "Hazard") in rows
    assert ("4", "Likelihood") in rows
    assert [h.title for h in saved(store).hazards] == ["Wet floor"]


def test_the_participants_app_has_no_trainer_step_and_no_trainer_controls(store, bat):
    app, _hazard_id = with_hazard(store)
    assert "trainer" not in app.steps
    assert "trainer" not in [value for _label, value in RegisterPage(app).step_choice().options]
    with pytest.raises(ValueError, match="unknown step 'trainer'"):
        app.open_step("trainer")
    with pytest.raises(traitlets.TraitError, match="no step 'trainer'"):
        app.step = "trainer"
    for step in app.steps:
        app.open_step(step)
        assert trainer_controls(app) == [], step
        labels = {w.description for w in walk(app) if isinstance(w, ipw.Button)}
        assert not labels & {"Mark reviewed (lock)", "Reopen for changes", "Add visit note"}
    with pytest.raises(TypeError):
        RiskAssessment(True)  # trainer is keyword-only


def test_the_trainer_picks_an_assessment_and_marks_it_reviewed_under_their_name(store, bat):
    participant, _hazard_id = with_hazard(store)
    trainer = RiskAssessment(trainer=True)
    assert not [w for w in walk(trainer) if isinstance(w, widgets.JoinClass)]
    assert trainer.assessment is None
    assert "trainer" in trainer.steps
    assert (f"{CLASS} · Ulaanbaatar", CLASS) in RegisterPage(trainer).choice("Class").options
    RegisterPage(trainer).field("Trainer name").value = "Сургагч Дулмаа"
    RegisterPage(trainer).choice("Class").value = CLASS
    assert "Choose an enterprise&#x27;s assessment above" in page_text(trainer)
    labels = [
        label for label, _value in RegisterPage(trainer).choice("Enterprise's assessment").options
    ]
    assert labels == ["—", f"{ENTERPRISE} · {date.today().year}"]
    RegisterPage(trainer).choice("Enterprise's assessment").value = (
        RegisterPage(trainer).choice("Enterprise's assessment").options[1][1]
    )
    assert trainer.assessment.id == participant.assessment.id

    trainer.open_step("trainer")
    RegisterPage(trainer).field("Visit note").value = "Visited on Monday: stove area crowded"
    RegisterPage(trainer).button("Add visit note").click()
    RegisterPage(trainer).field("Comment").value = "Consider an induction hob"
    RegisterPage(trainer).button("Add comment").click()
    RegisterPage(trainer).button("Mark reviewed (lock)").click()
    stored = saved(store)
    assert stored.locked
    assert stored.reviewed_by == "Сургагч Дулмаа"
    assert stored.history[-1].by == "Сургагч Дулмаа"
    assert (stored.history[-1].action, stored.history[-1].params) == ("reviewed", {})
    assert "Сургагч Дулмаа" in page_text(trainer)  # the history on the Trainer step
    assert "Marked reviewed; locked against edits" in page_text(trainer)
    assert not RegisterPage(trainer).button("Reopen for changes").disabled

    participant.reload()  # the participant's page shows it locked, with the trainer's words
    assert "locked until the trainer reopens it" in RegisterPage(participant).header()
    participant.open_step("identify")
    assert RegisterPage(participant).button("Add hazard").disabled
    participant.open_step("review")
    text = page_text(participant)
    assert "Visited on Monday: stove area crowded" in text
    assert "Consider an induction hob" in text
    assert trainer_controls(participant) == []


def test_the_trainer_page_refuses_changes_without_the_trainer_s_name(store, bat):
    with_hazard(store)
    trainer = trainer_page(name="   ")
    revision = saved(store).revision
    trainer.open_step("trainer")
    RegisterPage(trainer).button("Mark reviewed (lock)").click()
    assert "Write your name in “Trainer name” first" in RegisterPage(trainer).message()
    assert saved(store).revision == revision
    assert not saved(store).locked


def test_the_trainer_page_says_when_no_enterprise_of_the_class_has_started(store):
    trainer = RiskAssessment(trainer=True)
    assert RegisterPage(trainer).choice("Enterprise's assessment").options == (("—", ""),)
    assert f"No enterprise of class {CLASS} has started" in page_text(trainer)
    assert RegisterPage(trainer).step_choice().layout.display == "none"


def test_a_trainer_s_change_made_while_the_team_saved_is_made_again(store, bat):
    participant, _hazard_id = with_hazard(store)
    trainer = trainer_page()
    participant.open_step("identify")
    RegisterPage(participant).field("Name of the hazard").value = "Wet floor"
    RegisterPage(participant).choice("Category").value = "mechanical"
    RegisterPage(participant).button("Add hazard").click()
    trainer.open_step("trainer")
    RegisterPage(trainer).button("Mark reviewed (lock)").click()
    assert "made again on the newest version" in RegisterPage(trainer).message()
    stored = saved(store)
    assert stored.locked
    assert [h.title for h in stored.hazards] == ["Hot stove", "Wet floor"]


def test_a_reviewed_assessment_is_locked_until_the_trainer_reopens_it(store, bat):
    participant, hazard_id = with_hazard(store)
    app = trainer_page()
    app.open_step("trainer")
    RegisterPage(app).field("Visit note").value = "Visited on Monday: stove area crowded"
    RegisterPage(app).button("Add visit note").click()
    RegisterPage(app).field("Comment").value = "Consider an induction hob"
    RegisterPage(app).button("Add comment").click()
    RegisterPage(app).button("Mark reviewed (lock)").click()
    assert saved(store).locked
    assert "locked until the trainer reopens it" in RegisterPage(app).header()
    assert not RegisterPage(app).button("Reopen for changes").disabled
    assert "Marked reviewed" in page_text(app)  # the history

    participant.reload()
    participant.open_step("identify")
    assert RegisterPage(participant).button("Add hazard").disabled
    answers = RegisterPage(participant).with_class("osh-register-answer")
    assert answers
    assert all(answer.disabled for answer in answers)
    participant.open_step("evaluate")
    matrix = RegisterPage(participant).matrix()
    assert all(b.disabled for b in walk(matrix) if isinstance(b, ipw.Button))
    # a viewer can still fire a callback (of a disabled button too): the model refuses it
    RegisterPage(participant).click("Use this band")
    assert "locked" in RegisterPage(participant).message()
    participant.open_step("reports")
    assert not RegisterPage(participant).button("Excel action plan").disabled

    app.open_step("trainer")
    RegisterPage(app).button("Reopen for changes").click()
    assert not saved(store).locked
    participant.reload()
    participant.open_step("identify")
    assert not RegisterPage(participant).button("Add hazard").disabled
    assert [n.text for n in saved(store).visit_notes] == ["Visited on Monday: stove area crowded"]
    assert saved(store).hazard(hazard_id).comments[0].text == "Consider an induction hob"


def test_the_excel_download_link_names_the_file_and_holds_a_valid_workbook(store, bat):
    from openpyxl import load_workbook

    app, _hazard_id = with_hazard(store)
    add_measure(app, text="Guard rail", level="engineering")
    app.open_step("reports")
    RegisterPage(app).button("Excel action plan").click()
    link = RegisterPage(app).with_class("osh-register-link")[0].value
    name = re.search(r'download="([^"]+)"', link).group(1)
    assert name == f"нарлаг-цэцэрлэг-{date.today().year}-action-plan.xlsx"
    payload = re.search(r'href="data:([^;]+);base64,([^"]+)"', link)
    assert payload.group(1).endswith("spreadsheetml.sheet")
    book = load_workbook(io.BytesIO(base64.b64decode(payload.group(2))))
    sheet = book.active
    assert sheet["B2"].value == "Hot stove"
    assert sheet["G2"].value == "Guard rail"


def test_the_other_reports_and_the_json_file_come_back_whole(store, bat):
    app, _hazard_id = with_hazard(store)
    app.open_step("reports")
    for kind, suffix in (("docx", ".docx"), ("pdf", ".pdf"), ("json", ".json")):
        made = app.make_report(kind)
        assert made.filename.endswith(suffix)
        assert (
            f'download="{made.filename}"'
            in RegisterPage(app).with_class("osh-register-link")[0].value
        )
    exported = app.make_report("json").data
    upload(app, "Open a JSON file", "copy.json", exported)
    assert "copy.json: your team&#x27;s work from the file is now in" in RegisterPage(app).message()
    assert "Not taken" not in RegisterPage(app).message()  # the team's own file: nothing to say
    assert saved(store).hazards == app.assessment.hazards
    assert len(RegisterStore(store).assessments(CLASS)) == 1  # the same assessment, replaced


def test_a_json_file_of_another_enterprise_is_refused(store, bat):
    from tests.register_samples import kindergarten

    app = started(store)
    app.open_step("reports")
    other = kindergarten()
    other.profile = other.profile.model_copy(update={"enterprise": "Other LLC"})
    upload(app, "Open a JSON file", "other.json", other.to_json().encode())
    assert "other.json is the assessment of Other LLC; yours is" in RegisterPage(app).message()
    assert len(RegisterStore(store).assessments(CLASS)) == 1


def test_a_change_made_at_the_same_time_by_a_team_member_is_not_lost(store, bat):
    app, hazard_id = with_hazard(store)
    other = RiskAssessment()  # a team member's page, on the same assessment
    other.open_step("identify")
    RegisterPage(other).field("Name of the hazard").value = "Wet floor"
    RegisterPage(other).choice("Category").value = "mechanical"
    RegisterPage(other).button("Add hazard").click()
    app.open_step("identify")
    RegisterPage(app).field("Name of the hazard").value = "Loose cable"
    RegisterPage(app).choice("Category").value = "electrical"
    RegisterPage(app).button("Add hazard").click()
    assert "made again on the newest version" in RegisterPage(app).message()
    titles = [h.title for h in saved(store).hazards]
    assert titles == ["Hot stove", "Wet floor", "Loose cable"]
    assert saved(store).hazard(hazard_id).rating.band == "high"


def test_a_refused_change_returns_failed_and_saves_nothing(store, bat):
    app = started(store)
    revision = saved(store).revision
    result = RegisterPage(app).change(lambda a, by: a.add_hazard("", "physical", by))
    assert result is FAILED
    assert "osh-error" in RegisterPage(app).message()
    assert saved(store).revision == revision


def test_the_app_follows_the_page_language(store, bat):
    from widgets.i18n import set_language

    app = started(store)
    set_language("mn")
    assert RegisterPage(app).step_choice().options[0][1] == "profile"
    assert app.step == "profile"
    assert RegisterPage(app).by_id("sector").value == "education"  # labelled in Mongolian


def history_text(app) -> str:
    app.open_step("trainer")
    marker = '<table class="osh-table osh-register-history">'
    [table] = [w.value for w in walk(app) if isinstance(w, ipw.HTML) and marker in w.value]
    return table


def test_a_history_entry_made_on_a_mongolian_page_reads_in_english_and_back(store, bat):
    from widgets.i18n import set_language

    set_language("mn")
    with_hazard(store)  # the team works on a Mongolian page: rates "Hot stove" 4 × 4
    stored = saved(store)
    assert (stored.history[-1].action, stored.history[-1].params) == (
        "rated",
        {"hazard": "Hot stove", "method": "5x5", "band": "high"},
    )
    set_language("en")
    english = history_text(trainer_page())
    assert "Hot stove: rated High" in english
    assert "Hazard added: Hot stove" in english
    assert "Өндөр" not in english
    set_language("mn")
    mongolian = history_text(trainer_page())
    assert "Hot stove: Өндөр гэж үнэлэв" in mongolian
    assert "Аюул нэмэв: Hot stove" in mongolian


def test_a_refusal_is_said_in_the_page_language(store, bat):
    from widgets.i18n import set_language

    app = started(store)
    set_language("mn")
    RegisterPage(app).change(lambda a, by: a.reopen(by))
    assert "Энэ үнэлгээ түгжигдээгүй байна" in RegisterPage(app).message()
    set_language("en")
    RegisterPage(app).change(lambda a, by: a.reopen(by))
    assert "This assessment is not locked" in RegisterPage(app).message()


def test_legacy_history_rows_stored_as_text_still_show(store, bat):
    from sqlalchemy import null, update

    from widgets.register.tables import ChangeRow

    with_hazard(store)
    register = RegisterStore(store)
    with register.engine.begin() as connection:
        connection.execute(
            update(ChangeRow)
            .where(ChangeRow.position == 0)
            .values(what="Нарлаг цэцэрлэг-ийн эрсдэлийн үнэлгээг эхлүүлэв", params=null())
        )
    text = history_text(trainer_page())
    assert "Нарлаг цэцэрлэг-ийн эрсдэлийн үнэлгээг эхлүүлэв" in text
    assert "Hot stove: rated High" in text
