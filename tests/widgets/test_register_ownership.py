"""Enterprises own their assessments; only the trainer acts as the trainer.

Driven as a hostile viewer would: any name typed at join, any widget value sent, any
callback fired (hidden or not), any JSON file uploaded.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest

from tests.widgets.register_page import RegisterPage
from tests.widgets.test_register_view import (
    CLASS,
    page_text,
    started,
    upload,
    walk,
)
from widgets.register.model import Assessment, Comment
from widgets.register.store import RegisterStore
from widgets.register.view import RiskAssessment
from widgets.store import session
from widgets.store.service import StoreError

pytestmark = pytest.mark.widgets
ACME, OTHER = "Acme LTD", "Baganuur Food LLC"


@pytest.fixture
def two_enterprises(store):
    """Acme's assessment, started by Bat; Dorj is a member of Baganuur Food."""
    acme = store.add_enterprise(CLASS, ACME)
    other = store.add_enterprise(CLASS, OTHER)
    bat, _ = store.join(CLASS, "Бат", acme["id"], "manager")
    session.sign_in(bat)
    app = started(store)
    app.open_step("identify")
    RegisterPage(app).field("Name of the hazard").value = "LPG cylinders next to the stove"
    RegisterPage(app).choice("Category").value = "fire-explosion"
    RegisterPage(app).button("Add hazard").click()
    dorj, _ = store.join(CLASS, "Дорж", other["id"], "worker")
    return {"acme": acme, "other": other, "bat": bat, "dorj": dorj, "app": app}


def acme_assessment(store, ids) -> Assessment:
    return RegisterStore(store).current(ids["acme"]["id"])


@pytest.mark.parametrize("typed", ["  acme   LTD2 ", "ACME LTD", "acme ltd", " Acme  LTD "])
def test_a_name_typed_at_join_never_opens_another_enterprise_s_register(
    store, two_enterprises, typed
):
    # Joining with a spelling of Acme's name makes one a member of the record that name
    # matches, which is visible to the trainer; any other spelling is a new record of its
    # own, which sees nothing of Acme.
    person, _ = store.join(CLASS, "Curious", typed, "worker")
    session.sign_in(person)
    page = RiskAssessment()
    if person.enterprise_id == two_enterprises["acme"]["id"]:
        assert [
            p["name"]
            for p in store.participants(CLASS)
            if p["enterprise_id"] == person.enterprise_id
        ] == ["Бат", "Curious"]
    else:
        assert page.assessment is None
        assert "LPG cylinders" not in page_text(page)


def test_a_member_of_another_enterprise_cannot_open_read_or_change_acme_s(store, two_enterprises):
    session.sign_in(None)
    session.sign_in(two_enterprises["dorj"])
    page = RiskAssessment()
    assert page.assessment is None, "Dorj's enterprise has no assessment"
    assert "LPG cylinders" not in page_text(page)
    acme = acme_assessment(store, two_enterprises)
    # Forged: the page's model swapped for Acme's (as if an id had been sent), then every
    # change saved through the page.
    RegisterPage(page).forge_shown(acme)
    page.open_step("identify")
    RegisterPage(page).field("Name of the hazard").value = "Forged hazard"
    RegisterPage(page).choice("Category").value = "physical"
    RegisterPage(page).button("Add hazard").click()
    assert "another enterprise" in RegisterPage(page).message()
    assert [h.title for h in acme_assessment(store, two_enterprises).hazards] == [
        "LPG cylinders next to the stove"
    ]
    # The store itself refuses a participant's save of another enterprise's assessment.
    with pytest.raises(StoreError) as refused:
        RegisterStore(store).save(
            acme, CLASS, enterprise_id=two_enterprises["other"]["id"], participant=True
        )
    assert refused.value.kind == "not-yours"


def test_hidden_trainer_callbacks_do_nothing_on_a_participant_s_page(store, two_enterprises):
    from widgets.register.steps.trainer import TrainerStep

    app = two_enterprises["app"]
    before = acme_assessment(store, two_enterprises)
    # The Trainer step's view, as a viewer could reach its callbacks on a participant's page.
    step = TrainerStep(app)
    for callback in (
        "_on_reviewed_click",
        "_on_reopen_click",
        "_on_note_click",
        "_on_comment_click",
    ):
        getattr(step, callback)(None)
    after = acme_assessment(store, two_enterprises)
    assert (after.locked, after.visit_notes, after.revision) == (False, [], before.revision)


def test_a_participant_s_save_cannot_mark_reviewed_or_write_notes(store, two_enterprises):
    app = two_enterprises["app"]
    a = app.assessment
    a.mark_reviewed("Бат")  # forged in the model, then saved through the page
    RegisterPage(app).change(lambda _shown, _by: None)  # saves what the page shows
    assert "Only your trainer" in RegisterPage(app).message()
    stored = acme_assessment(store, two_enterprises)
    assert not stored.locked
    assert stored.reviewed_by is None
    assert not any(c.action == "reviewed" for c in stored.history)


def forged_file(store, ids, **changes) -> bytes:
    """Acme's assessment as JSON, with what a participant might forge in it."""
    a = acme_assessment(store, ids)
    data = a.model_dump(mode="json")
    data.update(changes)
    return Assessment.model_validate(data).to_json().encode()


def test_a_json_file_forging_the_trainer_s_work_changes_none_of_it(store, two_enterprises):
    app = two_enterprises["app"]
    app.open_step("reports")
    hazard = app.assessment.hazards[0]
    note = {"at": "2026-11-20T09:00:00Z", "by": "Сургагч Дулмаа", "text": "Looks fine"}
    data = forged_file(
        store,
        two_enterprises,
        reviewed_by="Сургагч Дулмаа",
        reviewed_at="2026-11-20T09:00:00Z",
        visit_notes=[note],
        hazards=[
            {
                **hazard.model_dump(mode="json"),
                "title": "LPG cylinders moved outside",
                "comments": [note],
            }
        ],
        history=[
            {
                "at": "2026-11-20T09:00:00Z",
                "by": "Сургагч Дулмаа",
                "action": "reviewed",
                "params": {},
            }
        ],
    )
    upload(app, "Open a JSON file", "forged.json", data)
    stored = acme_assessment(store, two_enterprises)
    assert not stored.locked
    assert stored.reviewed_by is None
    assert stored.visit_notes == []
    assert stored.hazards[0].comments == []
    assert [c.action for c in stored.history if c.by == "Сургагч Дулмаа"] == []
    # The team's content was taken, and the import is one history entry.
    assert stored.hazards[0].title == "LPG cylinders moved outside"
    assert stored.history[-1].action == "imported"
    assert stored.history[-1].by == "Бат"
    text = page_text(app)
    assert "Not taken from the file" in text
    assert "the review" in text
    assert "visit notes" in text


def test_a_json_file_with_another_assessment_s_id_overwrites_nothing_else(store, two_enterprises):
    # Dorj's enterprise has its own assessment; Bat uploads a file carrying its id.
    session.sign_in(two_enterprises["dorj"])
    theirs = started(store)
    theirs.open_step("identify")
    RegisterPage(theirs).field("Name of the hazard").value = "Flour dust"
    RegisterPage(theirs).choice("Category").value = "chemical"
    RegisterPage(theirs).button("Add hazard").click()
    their_id = theirs.assessment.id
    session.sign_in(two_enterprises["bat"])
    app = RiskAssessment()
    app.open_step("reports")
    data = forged_file(store, two_enterprises, id=their_id)
    upload(app, "Open a JSON file", "other-id.json", data)
    register = RegisterStore(store)
    assert [h.title for h in register.load(their_id).hazards] == ["Flour dust"]
    mine = acme_assessment(store, two_enterprises)
    assert mine.id != their_id
    assert mine.hazards[0].title == "LPG cylinders next to the stove"


def test_the_trainer_s_comments_stay_when_the_team_imports_its_file(store, two_enterprises):
    exported = two_enterprises["app"].make_report("json").data
    trainer = RiskAssessment(trainer=True)
    RegisterPage(trainer).field("Trainer name").value = "Сургагч Дулмаа"
    RegisterPage(trainer).choice("Class").value = CLASS
    RegisterPage(trainer).choice("Enterprise's assessment").value = next(
        v
        for label, v in RegisterPage(trainer).choice("Enterprise's assessment").options
        if label.startswith(ACME)
    )
    trainer.open_step("trainer")
    RegisterPage(trainer).field("Comment").value = "Move them outside, in a cage"
    RegisterPage(trainer).button("Add comment").click()
    app = RiskAssessment()
    app.open_step("reports")
    upload(app, "Open a JSON file", "ours.json", exported)
    stored = acme_assessment(store, two_enterprises)
    assert [c.text for c in stored.hazards[0].comments] == ["Move them outside, in a cage"]


def test_two_start_clicks_at_once_give_one_assessment(store):
    acme = store.add_enterprise(CLASS, ACME)
    people = [store.join(CLASS, f"P{n}", acme["id"], "worker")[0] for n in range(2)]
    register = RegisterStore(store)
    barrier = threading.Barrier(2)
    results: list[object] = []

    def start(person):
        a = Assessment.start(
            person.name,
            enterprise=ACME,
            sector="education",
            size="small",
            method="5x5",
            language="en",
        )
        barrier.wait()
        try:
            register.save(a, CLASS, enterprise_id=acme["id"], participant=True)
            results.append("saved")
        except StoreError as exc:
            results.append(exc.kind)

    threads = [threading.Thread(target=start, args=(p,)) for p in people]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["exists", "saved"]
    assert len(register.assessments(CLASS)) == 1


def test_a_second_start_click_on_a_stale_page_opens_the_team_s_assessment(store):
    acme = store.add_enterprise(CLASS, ACME)
    bat, _ = store.join(CLASS, "Бат", acme["id"], "manager")
    session.sign_in(bat)
    first, second = RiskAssessment(), RiskAssessment()  # two phones on the Start form
    for page in (first, second):
        RegisterPage(page).choice("Sector").value = "education"
        RegisterPage(page).choice("Size").value = "small"
    RegisterPage(first).button("Start the assessment").click()
    RegisterPage(second).button("Start the assessment").click()
    assert second.assessment.id == first.assessment.id
    assert "has just started" in RegisterPage(second).message()
    assert len(RegisterStore(store).assessments(CLASS)) == 1


def test_a_trainer_rename_shows_on_the_assessment(store, two_enterprises):
    store.update_enterprise(two_enterprises["acme"]["id"], name="Acme Trading LLC")
    assert acme_assessment(store, two_enterprises).profile.enterprise == "Acme Trading LLC"


def test_the_trainer_merges_two_spellings_and_the_team_follows(store):
    first = store.add_enterprise(CLASS, "Baganuur Food LLC")
    second = store.add_enterprise(CLASS, "Багануур хүнс ХХК", status="proposed")
    a, _ = store.join(CLASS, "A", first["id"], "manager")
    b, _ = store.join(CLASS, "B", second["id"], "worker")
    register = RegisterStore(store)
    for person, record in ((a, first), (b, second)):
        x = Assessment.start(
            person.name,
            enterprise=record["name"],
            sector="education",
            size="small",
            method="5x5",
            language="en",
        )
        register.save(x, CLASS, enterprise_id=record["id"], participant=True)
    merged = store.merge_enterprises(first["id"], second["id"])
    assert merged["moved_people"] == 1
    assert len(merged["set_aside"]) == 1
    assert {p["enterprise_id"] for p in store.participants(CLASS)} == {first["id"]}
    assert [r["name"] for r in store.enterprises(CLASS)] == ["Baganuur Food LLC"]
    # Nothing deleted: both assessments are still listed for the trainer.
    assert len(register.assessments(CLASS)) == 2
    assert sum(r["enterprise_id"] == first["id"] for r in register.assessments(CLASS)) == 1
    session.sign_in(store.person(b.id))
    assert RiskAssessment().assessment is not None
    trainer = RiskAssessment(trainer=True)
    RegisterPage(trainer).choice("Class").value = CLASS
    labels = [
        label for label, _value in RegisterPage(trainer).choice("Enterprise's assessment").options
    ]
    assert sum(label.endswith("set aside") for label in labels) == 1


def test_comments_of_the_trainer_cannot_be_added_by_a_participant_save(store, two_enterprises):
    app = two_enterprises["app"]
    a = app.assessment
    hazard = a.hazards[0]
    fake = Comment(at=datetime.now(UTC), by="Сургагч", text="all good")
    a.hazards = [hazard.model_copy(update={"comments": [fake]})]
    RegisterPage(app).change(lambda _shown, _by: None)  # saves what the page shows
    assert acme_assessment(store, two_enterprises).hazards[0].comments == []
    assert any(
        "Only your trainer" in w.value
        for w in walk(app)
        if hasattr(w, "value") and isinstance(w.value, str)
    )


def test_the_start_form_offers_what_the_trainer_enrolled_the_enterprise_with(store):
    food = store.add_enterprise(CLASS, "Baganuur Food LLC", "food", "micro")
    person, _ = store.join(CLASS, "Бат", food["id"], "manager")
    session.sign_in(person)
    page = RiskAssessment()
    assert (RegisterPage(page).choice("Sector").value, RegisterPage(page).choice("Size").value) == (
        "food",
        "micro",
    )


def test_photos_of_an_imported_file_are_re_encoded_like_uploads(store, two_enterprises):
    from tests.register_samples import image

    app = two_enterprises["app"]
    a = app.assessment
    hazard = a.hazards[0]
    a.add_measure(hazard.id, by="Бат", text="Cage outside", level="engineering")
    measure = a.hazards[0].measures[0]
    kept = a.add_photo(hazard.id, measure.id, image("JPEG"), "before.jpg", "before", by="Бат")
    data = a.model_dump(mode="json")
    polyglot = image("JPEG") + b"PK\x03\x04" + b"x" * 64  # a ZIP riding on a JPEG
    forged = Assessment.model_validate(data)
    photo = (
        forged.hazards[0]
        .measures[0]
        .photos[0]
        .model_copy(update={"id": "a" * 16, "data": polyglot})
    )
    forged.hazards[0].measures[0].photos.append(photo)
    a.take_team_content(forged, "Бат", "ours.json")
    first, second = a.hazards[0].measures[0].photos
    assert first.data == kept.data  # what the assessment held stays byte for byte
    assert b"PK\x03\x04" not in second.data
    assert second.data.endswith(b"\xff\xd9")
