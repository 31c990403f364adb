"""The enterprise's risk assessment app, headless: the five steps, refusals, lock, files."""

from __future__ import annotations

import base64
import io
import re
from datetime import UTC, date, datetime, timedelta

import ipywidgets as ipw
import pytest
import traitlets

import widgets
from tests.register_samples import image
from widgets.register import model as register_model
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


def walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child)


def page_text(app) -> str:
    return " ".join(w.value for w in walk(app) if isinstance(w, ipw.HTML))


def saved(store):
    register = RegisterStore(store)
    [row] = register.assessments(CLASS)
    return register.load(row["id"])


def started(store, method="5x5") -> RiskAssessment:
    app = RiskAssessment()
    app._w["sector"].value = "education"
    app._w["size"].value = "small"
    app._w["method"].value = method
    app._w["report-language"].value = "en"
    app._w["start"].click()
    return app


def with_hazard(store, band=(4, 4)) -> tuple[RiskAssessment, str]:
    """An app with one hazard of the team's own, rated likelihood × severity ``band``."""
    app = started(store)
    app.open_step("identify")
    app._w["title"].value = "Hot stove"
    app._w["category"].value = "physical"
    app._w["add-hazard"].click()
    hazard_id = app.assessment.hazards[0].id
    app.open_step("evaluate")
    app._w["matrix"].select(likelihood=band[0], severity=band[1])
    return app, hazard_id


def add_measure(app, library_id=None, text=None, level=None):
    app.open_step("controls")
    app._w["measure"].value = ""
    if library_id:
        if library_id not in [value for _label, value in app._w["library"].options]:
            app._w["all-measures"].value = True  # not suggested for the hazard: show all
        app._w["library"].value = library_id
    else:
        app._w["source"].value = "own"
        app._w["text"].value = text
        app._w["level"].value = level
    app._w["add-measure"].click()


def trainer_page(name="Сургагч Дулмаа") -> RiskAssessment:
    """The trainer's page on the kindergarten's assessment, acting as ``name``."""
    app = RiskAssessment(trainer=True)
    app._trainer_name.value = name
    app._classes.value = CLASS
    [chosen] = [value for label, value in app._chosen.options if label.startswith(ENTERPRISE)]
    app._chosen.value = chosen
    return app


def trainer_controls(app) -> list[str]:
    keys = ("review", "reopen", "note", "add-note", "comment", "add-comment")
    return [k for k in keys if k in app._w]


def upload(widget, name: str, data: bytes) -> None:
    widget.value = (
        {
            "name": name,
            "type": "",
            "size": len(data),
            "content": memoryview(data),
            "last_modified": datetime(2026, 11, 2, tzinfo=UTC),
        },
    )


def test_nobody_signed_in_is_shown_how_to_join_and_nothing_else(store):
    app = widgets.RiskAssessment()
    assert isinstance(app, RiskAssessment)
    assert "Join your class above" in page_text(app)
    assert app._steps.layout.display == "none"
    assert [w for w in walk(app) if isinstance(w, widgets.JoinClass)]
    assert app.assessment is None


def test_joining_on_the_page_opens_the_start_form(store):
    app = RiskAssessment()
    join = next(w for w in walk(app) if isinstance(w, widgets.JoinClass))
    join.join(CLASS, "Бат", ENTERPRISE, "manager")
    assert "start" in app._w
    assert ENTERPRISE in page_text(app)


def test_the_five_steps_through_the_app_are_saved_as_they_are_made(store, bat):
    app = started(store)
    assert app.assessment.profile.enterprise == ENTERPRISE
    assert saved(store).profile.sector == "education"
    assert "✓ Saved" in app._saving.value

    # 1. profile: areas and team; the app says so while no worker takes part
    app._w["area-name"].value, app._w["area-kind"].value = "Гал тогоо", "kitchen"
    app._w["area-add"].click()
    app._w["member-name"].value, app._w["member-role"].value = "Дорж", "manager"
    app._w["member-add"].click()
    assert "No worker takes part" in page_text(app)
    app._w["member-name"].value, app._w["member-role"].value = "Сараа", "worker"
    app._w["member-add"].click()
    assert "No worker takes part" not in page_text(app)
    assert [m.name for m in saved(store).profile.team] == ["Дорж", "Сараа"]

    # 2. identification: a checklist "no" is a hazard; a hazard of our own with who and how
    app.open_step("identify")
    statement = app.assessment.checklist()[0]
    app._w[f"answer:{statement.id}"].value = "no"
    assert saved(store).hazards[0].statement == statement.id
    app._w["hazard"].value = ""
    app._w["title"].value = "Hot stove"
    app._w["category"].value = "physical"
    app._w["who"].value = "The cook: burns to the hands"
    app._w["existing"].value = "Gloves"
    app._w["add-hazard"].click()
    stove = saved(store).hazards[1]
    assert (stove.title, stove.who, stove.existing) == (
        "Hot stove",
        "The cook: burns to the hands",
        "Gloves",
    )

    # 3. evaluation on the risk matrix
    app.open_step("evaluate")
    app._w["hazard"].value = stove.id
    app._w["matrix"].select(likelihood=4, severity=4)
    assert saved(store).hazards[1].rating.band == "high"
    assert "Saved rating" in app._w["rating"].value

    # 4. action plan: a measure of our own, the due date suggested from the band
    app.open_step("controls")
    app._w["hazard"].value = stove.id
    assert app._w["due"].value == date.today() + timedelta(days=1)
    app._w["source"].value = "own"
    app._w["text"].value = "Guard rail around the stove"
    app._w["level"].value = "engineering"
    app._w["responsible"].value = "Дорж"
    app._w["budget"].value = "150 000"
    app._w["add-measure"].click()
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
    assert "due in 1 days" in page_text(app)
    app._w["copy"].click()
    assert app.assessment.year == date.today().year + 1
    years = sorted(r["year"] for r in RegisterStore(store).assessments(CLASS))
    assert years == [date.today().year, date.today().year + 1]

    # a reload of the page opens the newest assessment of the enterprise
    again = RiskAssessment()
    assert again.assessment.id == app.assessment.id


def test_a_band_override_without_a_written_reason_is_refused_with_the_model_s_message(store, bat):
    app, hazard_id = with_hazard(store)
    app._w["band"].value = "low"
    app._w["reason"].value = "cheap"
    app._w["use-band"].click()
    assert "needs a written reason of at least 15 characters" in app._message.value
    assert saved(store).hazard(hazard_id).rating.band == "high"
    app._w["reason"].value = "The stove is behind a locked kitchen door at all times"
    app._w["use-band"].click()
    rating = saved(store).hazard(hazard_id).rating
    assert (rating.band, rating.computed) == ("low", "high")
    assert "reason: The stove is behind" in app._w["rating"].value


def test_a_high_risk_met_only_with_ppe_shows_the_warning(store, bat):
    app, _hazard_id = with_hazard(store)
    add_measure(app, library_id="gloves")
    text = page_text(app)
    assert "only with administrative measures or PPE" in text
    add_measure(app, text="Induction hob", level="substitution")
    app._w["measure"].value = ""
    assert "only with administrative measures or PPE" not in page_text(app)


def test_marking_a_measure_done_asks_for_the_residual_rating(store, bat):
    app, hazard_id = with_hazard(store)
    add_measure(app, text="Guard rail", level="engineering")
    app._w["status"].value = "done"
    assert "rate the risk that remains" in app._w["residual-ask"].value
    assert saved(store).hazard(hazard_id).measures[0].status == "planned"
    app._w["record-done"].click()
    assert "rate the risk that remains (residual risk)" in app._message.value
    app._w["residual"].select(likelihood=2, severity=2)
    app._w["record-done"].click()
    measure = saved(store).hazard(hazard_id).measures[0]
    assert (measure.status, measure.residual.band) == ("done", "low")
    assert "the risk that remains" in page_text(app)
    app._w["status"].value = "in-progress"
    assert saved(store).hazard(hazard_id).measures[0].residual is None


def test_a_renamed_text_file_is_refused_and_a_real_png_is_kept(store, bat):
    app, hazard_id = with_hazard(store)
    add_measure(app, text="Guard rail", level="engineering")
    upload(app._w["upload"], "stove.jpg", b"this is not a photo at all\n" * 10)
    assert "stove.jpg is not a JPEG or PNG photo" in app._message.value
    assert saved(store).hazard(hazard_id).measures[0].photos == []
    app._w["caption"].value = "The stove before the rail"
    upload(app._w["upload"], "before.png", image())
    [photo] = saved(store).hazard(hazard_id).measures[0].photos
    assert (photo.kind, photo.mime, photo.filename, photo.caption) == (
        "before",
        "image/jpeg",  # kept re-encoded: an opaque PNG becomes a JPEG
        "before.jpg",
        "The stove before the rail",
    )
    assert 'alt="The stove before the rail"' in app._w["photos"].value
    assert "Photo added" in app._message.value


def test_a_photo_over_the_size_limit_is_refused_by_its_length_before_decoding(
    store, bat, monkeypatch
):
    app, hazard_id = with_hazard(store)
    add_measure(app, text="Guard rail", level="engineering")
    decoded = []
    monkeypatch.setattr(register_model, "clean_photo", lambda *a: decoded.append(a))
    big = image() + b"\0" * settings().photo_max_bytes
    upload(app._w["upload"], "huge.png", big)
    assert "huge.png is too large (8.0 MB); the limit is 8 MB" in app._message.value
    assert decoded == []
    assert saved(store).hazard(hazard_id).measures[0].photos == []
    assert "at most 40 photos per assessment" in app._w["photos"].value


def test_an_import_shows_its_report_row_by_row(store, bat):
    app = started(store)
    app.open_step("import")
    csv = (
        b"Hazard,Category,Location,Likelihood,Severity\n"
        b"Wet floor,mechanical,Kitchen,3,2\n"
        b"Loose cable,no-such-kind,Office,2,2\n"
        b",physical,Yard,9,2\n"
    )
    upload(app._w["upload"], "hazards.csv", csv)
    report = app._w["report"].value
    assert "hazards.csv: 1 hazards imported." in report
    rows = re.findall(r"<tr><td>(\d+)</td><td>([^<]*)</td>", report)
    assert ("3", "Category") in rows
    assert ("4", "Hazard") in rows
    assert ("4", "Likelihood") in rows
    assert [h.title for h in saved(store).hazards] == ["Wet floor"]


def test_the_participants_app_has_no_trainer_step_and_no_trainer_controls(store, bat):
    app, _hazard_id = with_hazard(store)
    assert "trainer" not in app.steps
    assert "trainer" not in [value for _label, value in app._steps.options]
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
    assert (f"{CLASS} · Ulaanbaatar", CLASS) in trainer._classes.options
    trainer._trainer_name.value = "Сургагч Дулмаа"
    trainer._classes.value = CLASS
    assert "Choose an enterprise&#x27;s assessment above" in page_text(trainer)
    labels = [label for label, _value in trainer._chosen.options]
    assert labels == ["—", f"{ENTERPRISE} · {date.today().year}"]
    trainer._chosen.value = trainer._chosen.options[1][1]
    assert trainer.assessment.id == participant.assessment.id

    trainer.open_step("trainer")
    trainer._w["note"].value = "Visited on Monday: stove area crowded"
    trainer._w["add-note"].click()
    trainer._w["comment"].value = "Consider an induction hob"
    trainer._w["add-comment"].click()
    trainer._w["review"].click()
    stored = saved(store)
    assert stored.locked
    assert stored.reviewed_by == "Сургагч Дулмаа"
    assert stored.history[-1].by == "Сургагч Дулмаа"
    assert (stored.history[-1].action, stored.history[-1].params) == ("reviewed", {})
    assert "Сургагч Дулмаа" in page_text(trainer)  # the history on the Trainer step
    assert "Marked reviewed; locked against edits" in page_text(trainer)
    assert not trainer._w["reopen"].disabled

    participant.reload()  # the participant's page shows it locked, with the trainer's words
    assert "locked until the trainer reopens it" in participant._header.value
    participant.open_step("identify")
    assert participant._w["add-hazard"].disabled
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
    trainer._w["review"].click()
    assert "Write your name in “Trainer name” first" in trainer._message.value
    assert saved(store).revision == revision
    assert not saved(store).locked


def test_the_trainer_page_says_when_no_enterprise_of_the_class_has_started(store):
    trainer = RiskAssessment(trainer=True)
    assert trainer._chosen.options == (("—", ""),)
    assert f"No enterprise of class {CLASS} has started" in page_text(trainer)
    assert trainer._steps.layout.display == "none"


def test_a_trainer_s_change_made_while_the_team_saved_is_made_again(store, bat):
    participant, _hazard_id = with_hazard(store)
    trainer = trainer_page()
    participant.open_step("identify")
    participant._w["title"].value = "Wet floor"
    participant._w["category"].value = "mechanical"
    participant._w["add-hazard"].click()
    trainer.open_step("trainer")
    trainer._w["review"].click()
    assert "made again on the newest version" in trainer._message.value
    stored = saved(store)
    assert stored.locked
    assert [h.title for h in stored.hazards] == ["Hot stove", "Wet floor"]


def test_a_reviewed_assessment_is_locked_until_the_trainer_reopens_it(store, bat):
    participant, hazard_id = with_hazard(store)
    app = trainer_page()
    app.open_step("trainer")
    app._w["note"].value = "Visited on Monday: stove area crowded"
    app._w["add-note"].click()
    app._w["comment"].value = "Consider an induction hob"
    app._w["add-comment"].click()
    app._w["review"].click()
    assert saved(store).locked
    assert "locked until the trainer reopens it" in app._header.value
    assert not app._w["reopen"].disabled
    assert "Marked reviewed" in page_text(app)  # the history

    participant.reload()
    participant.open_step("identify")
    assert participant._w["add-hazard"].disabled
    assert all(participant._w[k].disabled for k in participant._w if k.startswith("answer:"))
    participant.open_step("evaluate")
    matrix = participant._w["matrix"]
    assert all(b.disabled for b in walk(matrix) if isinstance(b, ipw.Button))
    participant._rate()  # a viewer can still fire a callback: the model refuses it
    assert "locked" in participant._message.value
    participant.open_step("reports")
    assert not participant._w["report:xlsx"].disabled

    app.open_step("trainer")
    app._w["reopen"].click()
    assert not saved(store).locked
    participant.reload()
    participant.open_step("identify")
    assert not participant._w["add-hazard"].disabled
    assert [n.text for n in saved(store).visit_notes] == ["Visited on Monday: stove area crowded"]
    assert saved(store).hazard(hazard_id).comments[0].text == "Consider an induction hob"


def test_the_excel_download_link_names_the_file_and_holds_a_valid_workbook(store, bat):
    from openpyxl import load_workbook

    app, _hazard_id = with_hazard(store)
    add_measure(app, text="Guard rail", level="engineering")
    app.open_step("reports")
    app._w["report:xlsx"].click()
    link = app._w["link"].value
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
        assert f'download="{made.filename}"' in app._w["link"].value
    exported = app.make_report("json").data
    upload(app._w["json-upload"], "copy.json", exported)
    assert "copy.json: your team&#x27;s work from the file is now in" in app._message.value
    assert "Not taken" not in app._message.value  # the team's own file: nothing to say
    assert saved(store).hazards == app.assessment.hazards
    assert len(RegisterStore(store).assessments(CLASS)) == 1  # the same assessment, replaced


def test_a_json_file_of_another_enterprise_is_refused(store, bat):
    from tests.register_samples import kindergarten

    app = started(store)
    app.open_step("reports")
    other = kindergarten()
    other.profile = other.profile.model_copy(update={"enterprise": "Other LLC"})
    upload(app._w["json-upload"], "other.json", other.to_json().encode())
    assert "other.json is the assessment of Other LLC; yours is" in app._message.value
    assert len(RegisterStore(store).assessments(CLASS)) == 1


def test_a_change_made_at_the_same_time_by_a_team_member_is_not_lost(store, bat):
    app, hazard_id = with_hazard(store)
    other = RiskAssessment()  # a team member's page, on the same assessment
    other.open_step("identify")
    other._w["title"].value = "Wet floor"
    other._w["category"].value = "mechanical"
    other._w["add-hazard"].click()
    app.open_step("identify")
    app._w["title"].value = "Loose cable"
    app._w["category"].value = "electrical"
    app._w["add-hazard"].click()
    assert "made again on the newest version" in app._message.value
    titles = [h.title for h in saved(store).hazards]
    assert titles == ["Hot stove", "Wet floor", "Loose cable"]
    assert saved(store).hazard(hazard_id).rating.band == "high"


def test_a_refused_change_returns_failed_and_saves_nothing(store, bat):
    app = started(store)
    revision = saved(store).revision
    result = app._change(lambda a, by: a.add_hazard("", "physical", by))
    assert result is FAILED
    assert "osh-error" in app._message.value
    assert saved(store).revision == revision


def test_the_app_follows_the_page_language(store, bat):
    from widgets.i18n import set_language

    app = started(store)
    set_language("mn")
    assert app._steps.options[0][1] == "profile"
    assert app.step == "profile"
    assert app._w["sector"].value == "education"


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
    app._change(lambda a, by: a.reopen(by))
    assert "Энэ үнэлгээ түгжигдээгүй байна" in app._message.value
    set_language("en")
    app._change(lambda a, by: a.reopen(by))
    assert "This assessment is not locked" in app._message.value


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
