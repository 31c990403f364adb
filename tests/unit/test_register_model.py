"""The enterprise register's model: the five steps, its rules, the trainer's loop, JSON."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta

import pytest

from tests.register_samples import filled, image, kindergarten
from widgets.register import (
    Assessment,
    LockedError,
    PhotoError,
    ReevaluationNeeded,
    RegisterError,
    check_photo,
    checklists,
    settings,
)
from widgets.risk import get_method

pytestmark = pytest.mark.unit
CYRILLIC = re.compile(r"[А-Яа-яЁёӨөҮү]")


# -- reference data --------------------------------------------------------------------------
def test_the_checklist_has_bilingual_statements_for_every_sector_of_the_course():
    statements = checklists().statements
    assert 60 <= len(statements) <= 90
    for statement in statements:
        for text in (statement.text, statement.problem, statement.where, statement.who):
            if text is not None:
                assert CYRILLIC.search(text.mn), statement.id
                assert not CYRILLIC.search(text.en), statement.id
    for sector in ("education", "vehicle-service", "telecom", "food", "mining"):
        own = [s for s in statements if sector in s.sectors]
        assert len(own) >= 8, sector
    assert len([s for s in statements if not s.sectors]) >= 15


def test_an_enterprise_sees_its_sectors_statements_and_general_ones_only():
    ids = {s.id for s in kindergarten().checklist()}
    assert {"edu-socket-covers", "gen-exits-clear"} <= ids
    assert not any(i.startswith(("veh-", "tel-", "food-", "min-")) for i in ids)
    # Areas: the kindergarten has a kitchen but no office.
    assert "gen-machine-guards" in ids
    assert "gen-screen-work" not in ids


def test_the_lpg_statements_reach_a_vehicle_service_centre():
    a = Assessment.start(
        by="Бат", enterprise="Хан сервис", sector="vehicle-service", size="micro", method="3x3"
    )
    ids = {s.id for s in a.checklist()}
    assert {"veh-lpg-store", "veh-lpg-leak-test", "gen-screen-work"} <= ids


def test_every_statement_has_a_problem_that_is_not_the_statement():
    """A "no" names the problem found, never the good practice (OiRA's problem description)."""
    for statement in checklists().statements:
        for lang in ("en", "mn"):
            problem, text = statement.problem.get(lang), statement.text.get(lang)
            assert problem.rstrip(".") != text.rstrip("."), (statement.id, lang)
            assert len(problem) <= 200, (statement.id, lang)
        assert statement.who is not None, statement.id


def test_a_no_names_the_hazard_by_the_problem_in_the_report_language():
    a = kindergarten()
    a.update_profile("Бат", language="en")
    hazard = a.answer("gen-extinguishers", "no", by="Бат")
    statement = checklists().get("gen-extinguishers")
    assert hazard.title == statement.problem.en
    assert hazard.title != statement.text.en
    assert hazard.who == statement.who.en
    assert hazard.location == ""  # no suggestion: anywhere in the building
    # The suggestions are a start: the team edits them.
    a.edit_hazard(hazard.id, by="Бат", location="Kitchen corridor")
    assert a.hazard(hazard.id).location == "Kitchen corridor"


# -- step 1: profile -------------------------------------------------------------------------
def test_the_register_says_when_no_worker_takes_part():
    managers = kindergarten(team=[{"name": "Дорж", "role": "manager"}])
    assert managers.profile.no_worker
    assert "no-worker" in [n.kind for n in managers.notices()]
    assert not kindergarten().profile.no_worker
    assert "no-worker" not in [n.kind for n in kindergarten().notices()]
    managers.update_profile(
        by="Дорж", team=[{"name": "Дорж", "role": "manager"}, {"name": "Сараа", "role": "worker"}]
    )
    assert not managers.profile.no_worker


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("sector", "bakery"),
        ("size", "huge"),
        ("method", "7x7"),
        ("team", [{"name": "X", "role": "boss"}]),
    ],
)
def test_a_profile_refuses_values_outside_the_data(field, value):
    with pytest.raises(RegisterError) as caught:
        kindergarten().update_profile(by="Бат", **{field: value})
    assert caught.value.code == "invalid"
    [problem] = caught.value.params["problems"]
    assert problem["field"].split(".")[0] == field
    assert problem["type"] == "unknown-choice"
    assert str(value if isinstance(value, str) else "boss") == problem["ctx"]["value"]


def test_the_method_cannot_change_once_hazards_are_rated():
    a = filled()
    with pytest.raises(RegisterError) as caught:
        a.update_profile(by="Бат", method="3x3")
    assert (caught.value.code, caught.value.params) == ("method-fixed", {"method": "5x5"})
    assert a.profile.method == "5x5"


# -- the five steps, headless ----------------------------------------------------------------
def test_the_five_steps_from_profile_to_next_years_review():
    a = kindergarten()
    # Step 2: a "no" is a problem found, and becomes a hazard of the statement's category.
    assert a.answer("gen-exits-clear", "yes", by="Бат") is None
    assert a.answer("edu-windows", "not-applicable", by="Бат") is None
    assert a.answer("edu-playground", "later", by="Бат") is None
    sockets = a.answer("edu-socket-covers", "no", by="Бат")
    assert sockets.category == "electrical"
    covers = checklists().get("edu-socket-covers")
    assert sockets.title == covers.problem.mn
    assert (sockets.location, sockets.who) == (covers.where.mn, covers.who.mn)
    stove = a.add_hazard("Халуун зуух", "physical", by="Дорж", who="Тогооч гараа түлэх")
    assert [h.id for h in a.hazards] == [sockets.id, stove.id]
    assert "edu-playground" in {s.id for s in a.unanswered()}
    assert "gen-exits-clear" not in {s.id for s in a.unanswered()}
    # Step 3: evaluation with the profile's method.
    rating = a.rate(sockets.id, {"likelihood": 4, "severity": 4}, by="Бат")
    assert (rating.score, rating.band, rating.overridden) == (16, "high", False)
    a.rate(stove.id, {"likelihood": 2, "severity": 2}, by="Бат")
    # Step 4: the due date is suggested from the band's deadline_days.
    start = date(2026, 11, 2)
    covers = a.add_measure(
        sockets.id, by="Бат", text="Хамгаалалтын таг", level="engineering", start=start
    )
    days = get_method("5x5").band("high").deadline_days
    assert covers.due == start + timedelta(days=days)
    assert covers.status == "planned"
    a.set_status(sockets.id, covers.id, "in-progress", by="Бат")
    done = a.set_status(
        sockets.id,
        covers.id,
        "done",
        by="Бат",
        residual={"likelihood": 1, "severity": 4},
        done_on=date(2026, 11, 3),
    )
    assert done.residual.band == "low"
    assert a.hazard(sockets.id).current.band == "low"
    # Step 5: review.
    tidy = a.add_measure(stove.id, by="Дорж", library_id="housekeeping", due=date(2026, 12, 1))
    assert [d.measure.id for d in a.due_measures(date(2026, 11, 10))] == [tidy.id]
    review = a.copy_for_review(2027, by="Бат")
    assert (review.year, review.previous, review.locked) == (2027, a.id, False)
    assert review.id != a.id
    copied = review.hazards[0]
    assert copied.rating.band == "low"  # the residual risk is where next year starts
    assert "Хамгаалалтын таг" in copied.existing
    assert copied.measures == []
    assert [m.id for m in review.hazards[1].measures] == [tidy.id]
    assert [c.action for c in review.history] == ["created"]
    assert review.history[0].params == {
        "enterprise": a.profile.enterprise,
        "year": 2027,
        "previous": a.year,
    }


def test_changing_a_no_removes_its_untouched_hazard_and_refuses_a_rated_one():
    a = kindergarten()
    hazard = a.answer("edu-door-hinges", "no", by="Бат")
    a.answer("edu-door-hinges", "yes", by="Бат")
    assert a.hazards == []
    hazard = a.answer("edu-door-hinges", "no", by="Бат")
    a.rate(hazard.id, {"likelihood": 2, "severity": 2}, by="Бат")
    with pytest.raises(RegisterError) as caught:
        a.answer("edu-door-hinges", "yes", by="Бат")
    assert (caught.value.code, caught.value.params) == ("answer-has-work", {"hazard": hazard.title})
    assert a.answers["edu-door-hinges"] == "no"
    with pytest.raises(RegisterError) as caught:
        a.answer("edu-door-hinges", "maybe", by="Бат")
    assert caught.value.code == "not-an-answer"
    assert caught.value.params["answer"] == "maybe"
    with pytest.raises(RegisterError) as caught:
        a.answer("no-such-statement", "no", by="Бат")
    assert (caught.value.code, caught.value.params) == ("no-statement", {"id": "no-such-statement"})


# -- the override rule -----------------------------------------------------------------------
def test_a_band_other_than_the_computed_one_needs_a_written_reason():
    a = kindergarten()
    hazard = a.add_hazard("Шат", "mechanical", by="Бат")
    for reason in (None, "", "   ", "because", "x" * 40):
        with pytest.raises(RegisterError) as caught:
            a.rate(
                hazard.id, {"likelihood": 3, "severity": 2}, by="Бат", band="high", reason=reason
            )
        assert caught.value.code == "override-needs-reason"
        assert caught.value.params == {
            "method": "5x5",
            "computed": "medium",
            "band": "high",
            "count": settings().override_reason_min_length,
        }
    assert a.hazard(hazard.id).rating is None
    reason = "Хүүхдүүд шатаар өдөр бүр гүйдэг, бариул нь сул"
    rating = a.rate(
        hazard.id, {"likelihood": 3, "severity": 2}, by="Бат", band="high", reason=reason
    )
    assert (rating.computed, rating.band, rating.overridden) == ("medium", "high", True)
    assert rating.reason == reason
    assert a.history[-1].action == "rated"
    assert a.history[-1].params == {
        "hazard": "Шат",
        "method": "5x5",
        "band": "high",
        "computed": "medium",
        "reason": reason,
    }
    same = a.rate(hazard.id, {"likelihood": 3, "severity": 2}, by="Бат", band="medium")
    assert not same.overridden
    assert same.reason is None
    assert "computed" not in a.history[-1].params
    with pytest.raises(RegisterError) as caught:
        a.rate(hazard.id, {"likelihood": 3, "severity": 2}, by="Бат", band="extreme", reason=reason)
    assert (caught.value.code, caught.value.params["band"]) == ("band-unknown", "extreme")
    with pytest.raises(RegisterError) as caught:
        a.rate(hazard.id, {"likelihood": 6, "severity": 2}, by="Бат")
    assert caught.value.code == "factor-off-scale"
    assert caught.value.params == {
        "factor": "likelihood",
        "value": 6,
        "method": "5x5",
        "allowed": ["1", "2", "3", "4", "5"],
    }


def test_a_direct_method_rates_by_band_and_a_fine_kinney_rating_keeps_its_fractions():
    a = kindergarten(method="estimated")
    hazard = a.add_hazard("Шат", "mechanical", by="Бат")
    assert a.rate(hazard.id, {"band": "high"}, by="Бат").band == "high"
    b = kindergarten(method="fine-kinney")
    hazard = b.add_hazard("Шат", "mechanical", by="Бат")
    rating = b.rate(hazard.id, {"probability": 0.2, "exposure": 0.5, "consequence": 100}, by="Бат")
    assert (rating.score, rating.band) == (10, "acceptable")
    assert rating.factors == {"probability": 0.2, "exposure": 0.5, "consequence": 100}


# -- the PPE-only warning --------------------------------------------------------------------
def test_a_high_risk_met_only_with_administrative_measures_or_ppe_is_warned():
    a = kindergarten()
    hazard = a.add_hazard("Халуун тос", "physical", by="Бат")
    a.rate(hazard.id, {"likelihood": 4, "severity": 4}, by="Бат")
    assert "no-measure" in [n.kind for n in a.notices() if n.hazard == hazard.id]
    a.add_measure(hazard.id, by="Бат", text="Бээлий өгөх", level="ppe")
    a.add_measure(hazard.id, by="Бат", text="Сургалт хийх", level="administrative")
    warned = [n for n in a.notices() if n.kind == "weak-only"]
    assert [n.hazard for n in warned] == [hazard.id]
    assert warned[0].params == {"hazard": "Халуун тос", "band": "high", "method": "5x5"}
    assert a.hazard(hazard.id).warns()
    a.add_measure(hazard.id, by="Бат", text="Хашлага хийх", level="engineering")
    assert not a.hazard(hazard.id).warns()
    assert "weak-only" not in [n.kind for n in a.notices()]


def test_a_medium_risk_with_ppe_only_is_not_warned():
    a = kindergarten()
    hazard = a.add_hazard("Тоос", "chemical", by="Бат")
    a.rate(hazard.id, {"likelihood": 2, "severity": 3}, by="Бат")
    a.add_measure(hazard.id, by="Бат", text="Амны хаалт", level="ppe")
    assert not a.hazard(hazard.id).warns()


# -- re-evaluation when done -----------------------------------------------------------------
def test_marking_a_measure_done_asks_for_the_residual_rating():
    a = filled()
    hazard = a.hazards[0]
    measure = hazard.measures[0]
    with pytest.raises(ReevaluationNeeded) as caught:
        a.set_status(hazard.id, measure.id, "done", by="Бат")
    assert (caught.value.code, caught.value.params) == ("needs-residual", {"measure": measure.text})
    assert a.measure(hazard.id, measure.id).status == "planned"
    with pytest.raises(RegisterError) as caught:
        a.set_status(
            hazard.id, measure.id, "done", by="Бат", residual={"likelihood": 9, "severity": 1}
        )
    assert caught.value.code == "factor-off-scale"
    a.set_status(hazard.id, measure.id, "done", by="Бат", residual={"likelihood": 2, "severity": 3})
    after = a.measure(hazard.id, measure.id)
    assert (after.status, after.residual.band, after.done_on) == ("done", "medium", date.today())
    assert a.hazard(hazard.id).residual.score == 6
    assert a.history[-1].params == {
        "measure": measure.text,
        "status": "done",
        "method": "5x5",
        "residual": "medium",
    }
    # Back to planned: the residual rating goes with "done".
    a.set_status(hazard.id, measure.id, "planned", by="Бат")
    assert a.measure(hazard.id, measure.id).residual is None
    assert a.hazard(hazard.id).current == a.hazard(hazard.id).rating


def test_a_measure_refuses_a_due_date_before_its_start_and_a_negative_budget():
    a = filled()
    hazard = a.hazards[0]
    measure = hazard.measures[0]
    with pytest.raises(RegisterError) as caught:
        a.edit_measure(hazard.id, measure.id, by="Бат", due=date(2026, 10, 1))
    [problem] = caught.value.params["problems"]
    assert (caught.value.code, problem["type"]) == ("invalid", "due-before-start")
    with pytest.raises(RegisterError) as caught:
        a.edit_measure(hazard.id, measure.id, by="Бат", budget=-5)
    [problem] = caught.value.params["problems"]
    assert (problem["field"], problem["type"], problem["ctx"]) == (
        "budget",
        "greater_than_equal",
        {"ge": 0},
    )
    assert a.measure(hazard.id, measure.id) == measure


# -- photos ----------------------------------------------------------------------------------
def test_a_renamed_text_file_is_refused_by_name():
    with pytest.raises(PhotoError) as caught:
        check_photo(b"These are my notes, not a picture.\n" * 10, "notes.png")
    assert (caught.value.code, caught.value.params) == ("photo-not-jpeg-png", {"name": "notes.png"})


def test_a_20_mb_image_is_refused_as_too_large():
    import numpy as np

    pixels = np.random.default_rng(1).integers(0, 255, (2700, 2700, 3), dtype=np.uint8)
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.fromarray(pixels).save(out, "PNG", compress_level=0)
    data = out.getvalue()
    assert len(data) > 20 * 2**20 > settings().photo_max_bytes
    with pytest.raises(PhotoError) as caught:
        check_photo(data, "big.png")
    assert caught.value.code == "photo-too-large"
    assert caught.value.params["name"] == "big.png"
    assert re.fullmatch(r"2\d\.\d", caught.value.params["size"])
    assert caught.value.params["limit"] == "8"


def test_a_valid_png_and_jpeg_are_accepted():
    assert check_photo(image("PNG"), "a.png") == "image/png"
    assert check_photo(image("JPEG"), "b.jpg") == "image/jpeg"


@pytest.mark.parametrize(
    "data",
    [
        image("PNG")[:60],  # a PNG signature on a file cut short
        b"\xff\xd8\xff\xe0" + b"\x00" * 200,  # a JPEG signature and nothing of a JPEG
        image("GIF"),
        image("WEBP"),
        b"",
    ],
)
def test_anything_that_is_not_a_whole_jpeg_or_png_is_refused(data):
    with pytest.raises(PhotoError) as caught:
        check_photo(data, "../../file.png")
    assert caught.value.params["name"] == "file.png"
    assert caught.value.code in {"photo-empty", "photo-not-jpeg-png", "photo-damaged"}


def test_photos_attach_to_a_measure_before_and_after():
    a = filled()
    hazard, measure = a.hazards[0], a.hazards[0].measures[0]
    after = a.add_photo(
        hazard.id, measure.id, image("JPEG"), "C:\\phone\\after.jpg", "after", by="Бат"
    )
    photos = a.measure(hazard.id, measure.id).photos
    # An opaque PNG is kept re-encoded as JPEG (photos.clean_photo).
    assert [(p.kind, p.mime) for p in photos] == [("before", "image/jpeg"), ("after", "image/jpeg")]
    assert after.filename == "after.jpg"
    with pytest.raises(PhotoError):
        a.add_photo(hazard.id, measure.id, b"text", "x.jpg", "after", by="Бат")
    with pytest.raises(RegisterError) as caught:
        a.add_photo(hazard.id, measure.id, image(), "x.png", "during", by="Бат")
    assert (caught.value.code, caught.value.params) == ("not-a-photo-kind", {"kind": "during"})
    a.remove_photo(hazard.id, measure.id, after.id, by="Бат")
    assert len(a.measure(hazard.id, measure.id).photos) == 1


# -- review ----------------------------------------------------------------------------------
def test_the_review_lists_overdue_and_due_within_four_weeks_only():
    a = kindergarten()
    hazard = a.add_hazard("Шат", "mechanical", by="Бат")
    today = date(2027, 3, 1)
    dues = {
        "late": today - timedelta(days=3),
        "today": today,
        "soon": today + timedelta(days=28),
        "later": today + timedelta(days=29),
        "done": today - timedelta(days=10),
    }
    ids = {
        name: a.add_measure(hazard.id, by="Бат", text=name, level="engineering", due=due).id
        for name, due in dues.items()
    }
    a.set_status(
        hazard.id, ids["done"], "done", by="Бат", residual={"likelihood": 1, "severity": 1}
    )
    listed = a.due_measures(today)
    assert [d.measure.text for d in listed] == ["late", "today", "soon"]
    assert [d.overdue for d in listed] == [True, False, False]
    assert [d.days_left for d in listed] == [-3, 0, 28]


def test_a_review_copy_must_be_for_a_later_year():
    with pytest.raises(RegisterError) as caught:
        filled().copy_for_review(2026, by="Бат")
    assert (caught.value.code, caught.value.params) == ("review-year", {"year": 2026})


# -- the trainer's loop, locking and history -------------------------------------------------
def test_a_reviewed_assessment_is_locked_until_reopened():
    a = filled()
    hazard = a.hazards[0]
    a.comment(hazard.id, "Залгуурын тагийг бүх өрөөнд шалгаарай", by="Сургагч Оюун")
    a.add_visit_note("2-р айлчлал: таг суулгасан", by="Сургагч Оюун")
    a.mark_reviewed(by="Сургагч Оюун")
    assert a.locked
    before = a.model_dump()
    edits = [
        lambda: a.add_hazard("Шинэ", "physical", by="Бат"),
        lambda: a.rate(hazard.id, {"likelihood": 1, "severity": 1}, by="Бат"),
        lambda: a.answer("edu-windows", "no", by="Бат"),
        lambda: a.add_measure(hazard.id, by="Бат", text="x", level="ppe"),
        lambda: a.set_status(hazard.id, hazard.measures[0].id, "in-progress", by="Бат"),
        lambda: a.add_photo(hazard.id, hazard.measures[0].id, image(), "p.png", "after", by="Бат"),
        lambda: a.remove_hazard(hazard.id, by="Бат"),
        lambda: a.update_profile(by="Бат", enterprise="Өөр"),
        lambda: a.comment(hazard.id, "x", by="Сургагч Оюун"),
        lambda: a.mark_reviewed(by="Сургагч Оюун"),
    ]
    for edit in edits:
        with pytest.raises(LockedError) as caught:
            edit()
        assert (caught.value.code, caught.value.params) == ("locked", {"who": "Сургагч Оюун"})
    assert a.model_dump() == before
    a.reopen(by="Сургагч Оюун")
    assert not a.locked
    a.add_hazard("Шинэ", "physical", by="Бат")
    with pytest.raises(RegisterError) as caught:
        a.reopen(by="Сургагч Оюун")
    assert caught.value.code == "not-locked"


def test_every_change_is_recorded_with_who_when_and_what():
    a = filled()
    actions = [c.action for c in a.history]
    assert actions == [
        "created",
        "answer",
        "answer",
        "rated",
        "measure-added",
        "photo-added",
        "hazard-added",
        "rated",
        "measure-added",
    ]
    assert {c.by for c in a.history} == {"Бат", "Дорж"}
    assert all(c.at.tzinfo is not None for c in a.history)
    assert a.history[6].params == {"hazard": "Халуун зуух"}
    assert a.history[1].params == {"statement": "edu-socket-covers", "answer": "no"}
    assert not any(c.legacy or c.what for c in a.history), "no text is stored, only data"
    with pytest.raises(RegisterError) as caught:
        a.add_hazard("x", "physical", by="  ")
    assert caught.value.code == "who-missing"
    assert len(a.history) == len(actions)


# -- JSON ------------------------------------------------------------------------------------
def test_the_json_export_reads_back_equal_with_photos_comments_and_overrides():
    a = filled()
    hazard = a.hazards[1]
    a.rate(
        hazard.id,
        {"likelihood": 3, "severity": 2},
        by="Бат",
        band="high",
        reason="Тогооч нар ихэвчлэн ганцаараа ажилладаг",
    )
    a.set_status(
        hazard.id,
        hazard.measures[0].id,
        "done",
        by="Бат",
        residual={"likelihood": 1, "severity": 2},
    )
    a.comment(hazard.id, "Сайн", by="Оюун")
    a.add_visit_note("Анхны айлчлал", by="Оюун")
    a.mark_reviewed(by="Оюун")
    text = a.to_json()
    assert "Халуун зуух" in text  # Cyrillic kept readable, not escaped
    again = Assessment.from_json(text)
    assert again == a
    # The photo as kept when it was added (re-encoded), byte for byte.
    assert again.hazards[0].measures[0].photos[0].data == a.hazards[0].measures[0].photos[0].data
    assert again.to_json() == text


def test_a_tampered_json_file_is_refused():
    data = json.loads(filled().to_json())
    data["hazards"][0]["rating"]["computed"] = "low"
    with pytest.raises(RegisterError) as caught:
        Assessment.from_json(json.dumps(data))
    assert caught.value.code == "not-an-assessment-file"
    [problem] = caught.value.params["problems"]
    assert (problem["field"], problem["type"]) == ("hazards.0.rating", "rating-inconsistent")
    data = json.loads(filled().to_json())
    data["hazards"][0]["measures"][0]["photos"][0]["data"] = "bm90IGFuIGltYWdl"
    with pytest.raises(PhotoError) as caught:
        Assessment.from_json(json.dumps(data))
    assert caught.value.params == {"name": "өмнө.jpg"}  # kept as JPEG when it was added
    with pytest.raises(RegisterError) as caught:
        Assessment.from_json('{"format": "something else"}')
    assert caught.value.code == "not-an-assessment-file"


@pytest.mark.parametrize(
    ("method", "factors"),
    [
        ("fine-kinney", {"probability": 0.5, "exposure": 0.5, "consequence": 40}),
        ("estimated", {"band": "medium"}),
        ("oira-kinney", {"probability": 3, "frequency": 4, "severity": 5}),
    ],
)
def test_ratings_of_every_kind_of_method_survive_the_json_round_trip(method, factors):
    a = kindergarten(method=method)
    hazard = a.add_hazard("Тоос", "chemical", by="Бат")
    rating = a.rate(hazard.id, factors, by="Бат")
    again = Assessment.from_json(a.to_json())
    assert again == a
    assert again.hazards[0].rating.factors == rating.factors
    assert again.hazards[0].rating.score == rating.score


def test_a_json_file_with_the_old_text_history_reads_as_legacy_entries():
    a = filled()
    data = json.loads(a.to_json())
    data["history"] = [
        {"at": "2026-11-02T09:00:00Z", "by": "Бат", "action": "rated", "what": "Шат: high"}
    ]
    again = Assessment.from_json(json.dumps(data))
    [old] = again.history
    assert (old.legacy, old.what, old.params, old.action) == (True, "Шат: high", None, "rated")
    assert json.loads(again.to_json())["history"][0]["what"] == "Шат: high"
    again.add_hazard("Шинэ", "physical", by="Бат")
    assert [c.legacy for c in again.history] == [True, False]


def test_a_history_entry_holds_plain_data_only():
    from widgets.register.model import Change

    with pytest.raises(ValueError, match="change-without-params"):
        Change(at="2026-11-02T09:00:00Z", by="Бат", action="rated")
    with pytest.raises(ValueError, match=r"params\.x"):
        Change(at="2026-11-02T09:00:00Z", by="Бат", action="rated", params={"x": {"a": 1}})
    assert Change(at="2026-11-02T09:00:00Z", by="Бат", action="reviewed", params={}).legacy is False


def test_what_is_missing_is_counted_with_the_step_that_fixes_it():
    a = kindergarten(team=[{"name": "Бат", "role": "manager"}])
    assert [(m.code, m.count, m.step) for m in a.missing()] == [
        ("no-hazard", 1, "identify"),
        ("open-statements", len(a.checklist()), "identify"),
        ("no-worker", 1, "profile"),
    ]
    a.update_profile(
        "Бат", team=[{"name": "Бат", "role": "manager"}, {"name": "Сараа", "role": "worker"}]
    )
    for statement in a.checklist():
        a.answer(statement.id, "yes", by="Бат")
    hot = a.add_hazard("Халуун зуух", "physical", by="Бат")
    wet = a.add_hazard("Нойтон шал", "mechanical", by="Бат")
    low = a.add_hazard("Гэрэл", "physical", by="Бат")
    assert [(m.code, m.count, m.hazard) for m in a.missing()] == [("unrated", 3, hot.id)]
    a.rate(hot.id, {"likelihood": 5, "severity": 5}, by="Бат")
    a.rate(wet.id, {"likelihood": 3, "severity": 2}, by="Бат")
    a.rate(low.id, {"likelihood": 1, "severity": 1}, by="Бат")
    assert [(m.code, m.count, m.step, m.hazard) for m in a.missing()] == [
        ("high-no-measure", 1, "controls", hot.id),
        ("no-measure", 1, "controls", wet.id),
    ]
    a.add_measure(hot.id, by="Бат", text="Хаалт", level="engineering", responsible="Дорж")
    a.add_measure(wet.id, by="Бат", library_id="housekeeping")
    assert [(m.code, m.count, m.hazard) for m in a.missing()] == [("measure-vague", 1, wet.id)]
    assert not a.complete
    [measure] = a.hazard(wet.id).measures
    a.edit_measure(wet.id, measure.id, by="Бат", responsible="Сараа")
    assert a.missing() == []
    assert a.complete
    assert [h.title for h in a.overview()] == ["Халуун зуух", "Нойтон шал", "Гэрэл"]


def test_suggested_measures_follow_the_hazard_s_category_and_the_enterprise_s_sector():
    from widgets.measures.model import library
    from widgets.register.settings import settings

    sectors = settings().ids(settings().sectors)
    assert all(set(m.sectors) <= set(sectors) for m in library().measures)
    flour_dust = [m.id for m in library().suggested("chemical", "food")]
    assert "local-exhaust" in flour_dust
    assert not {"socket-covers", "lpg-outdoor-store", "dust-suppression"} & set(flour_dust)
    assert all("chemical" in library().get(i).hazards for i in flour_dust)
    garage = [m.id for m in library().suggested("fire-explosion", "vehicle-service")]
    assert garage[:2] == ["daily-gas-only", "lpg-outdoor-store"]
    assert "lpg-outdoor-store" not in [m.id for m in library().suggested("fire-explosion", "food")]
