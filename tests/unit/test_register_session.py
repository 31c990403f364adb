"""The register's session: a change made on a copy, saved, retried on a conflict; files; copies."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.register_samples import kindergarten
from widgets.register.session import Actor, RegisterSession, parse_budget
from widgets.register.store import RegisterStore
from widgets.store.service import Store

CLASS = "UB-2026"


@pytest.fixture
def register(tmp_path):
    """A fresh store with class UB-2026 and the kindergarten's assessment, as the register."""
    store = Store(f"sqlite:///{tmp_path / 'store.sqlite3'}")
    store.create_class(CLASS, "Ulaanbaatar")
    register = RegisterStore(store)
    register.save(kindergarten(), CLASS)
    yield register
    store.close()


def opened(register, by="Сургагч") -> RegisterSession:
    """A session on the kindergarten's assessment, acting as the trainer ``by``."""
    session = RegisterSession(lambda: register, lambda: Actor(by, CLASS, None, True))
    [row] = register.assessments(CLASS)
    session.load_chosen(row["id"])
    return session


def add(title: str):
    return lambda a, by: a.add_hazard(title, "physical", by)


def test_a_saved_change_is_shown_and_stored(register):
    session = opened(register)
    before = session.assessment
    outcome = session.change(add("Hot stove"))
    assert (outcome.code, outcome.ok, outcome.retried) == ("saved", True, False)
    assert outcome.result.title == "Hot stove"
    assert session.assessment is not before, "the change was made on a copy"
    assert before.hazards == [], "the assessment shown before is untouched"
    assert [h.title for h in register.load(before.id).hazards] == ["Hot stove"]


def test_a_failed_save_leaves_the_assessment_shown_unchanged(register, monkeypatch):
    session = opened(register)
    shown = session.assessment
    revision = shown.revision

    def broken(*_args, **_kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(RegisterStore, "save", broken)
    outcome = session.change(add("Hot stove"))
    assert outcome.code == "save-failed"
    assert not outcome.ok
    assert isinstance(outcome.error, RuntimeError)
    assert session.assessment is shown
    assert (shown.hazards, shown.revision) == ([], revision)


def test_a_refused_change_saves_nothing_and_changes_nothing_shown(register):
    session = opened(register)
    shown, revision = session.assessment, session.assessment.revision
    outcome = session.change(add(""))
    assert outcome.code == "refused"
    assert outcome.error.code
    assert session.assessment is shown
    assert shown.hazards == []
    assert register.load(shown.id).revision == revision


def test_nobody_acting_is_said_as_a_code(register):
    session = RegisterSession(lambda: register, lambda: None)
    [row] = register.assessments(CLASS)
    session.load_chosen(row["id"])
    assert session.change(add("Hot stove")).code == "no-actor"


def test_a_change_after_someone_else_saved_is_made_again_on_the_newest(register):
    mine, theirs = opened(register, "Дулмаа"), opened(register, "Бат")
    assert theirs.change(add("Wet floor")).ok
    outcome = mine.change(add("Loose cable"))
    assert (outcome.code, outcome.retried) == ("saved", True)
    titles = [h.title for h in register.load(mine.assessment.id).hazards]
    assert titles == ["Wet floor", "Loose cable"]
    assert [h.title for h in mine.assessment.hazards] == titles


def test_a_change_refused_on_the_newest_version_shows_the_newest(register):
    mine, theirs = opened(register), opened(register)
    assert theirs.change(lambda a, by: a.mark_reviewed(by)).ok
    outcome = mine.change(add("Loose cable"))
    assert (outcome.code, outcome.retried) == ("refused-on-retry", True)
    assert mine.assessment.locked, "the newest version is shown"
    assert mine.assessment.hazards == []


def test_an_assessment_file_replaces_the_team_s_content(register):
    session = opened(register)
    other = opened(register)
    assert other.change(add("Hot stove")).ok
    data = other.assessment.to_json().encode()
    outcome = session.replace_from_file(data, "ours.json")
    assert outcome.ok
    assert outcome.result == []  # nothing only the trainer writes was in the file
    assert [h.title for h in session.assessment.hazards] == ["Hot stove"]
    assert len(register.assessments(CLASS)) == 1


def test_an_assessment_file_of_another_enterprise_or_unreadable_is_refused(register):
    session = opened(register)
    stranger = kindergarten()
    stranger.profile = stranger.profile.model_copy(update={"enterprise": "Other LLC"})
    outcome = session.replace_from_file(stranger.to_json().encode(), "other.json")
    assert outcome.code == "other-enterprise"
    assert outcome.result.profile.enterprise == "Other LLC"
    assert session.replace_from_file(b"\x00 not json", "broken.json").code in (
        "refused",
        "unreadable",
    )
    assert session.assessment.hazards == []


def test_next_year_s_review_starts_from_a_copy_and_keeps_this_year_s(register):
    session = opened(register)
    assert session.change(add("Hot stove")).ok
    year = session.assessment.year
    outcome = session.copy_for_next_year()
    assert outcome.ok
    assert outcome.result is session.assessment
    assert session.assessment.year == year + 1
    assert sorted(r["year"] for r in register.assessments(CLASS)) == [year, year + 1]


@pytest.mark.parametrize(
    ("written", "number"), [("", None), ("150 000", 150000.0), ("1,500", 1500.0), (" 12.5 ", 12.5)]
)
def test_a_budget_is_read_with_spaces_and_commas(written, number):
    assert parse_budget(written) == number


def test_a_budget_that_is_not_a_number_is_refused():
    with pytest.raises(ValueError, match="could not convert"):
        parse_budget("a lot")


def test_the_session_imports_no_widgets_and_no_translation():
    code = (
        "import sys, widgets.register.session\n"
        "print(sorted(m for m in ('ipywidgets', 'widgets.i18n') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
