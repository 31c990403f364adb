"""One page's work on an enterprise's assessment: load it, change it, save it, without widgets.

A :class:`RegisterSession` holds the assessment a page shows and asks who acts (an
:class:`Actor`) each time it acts. A change is made on a deep copy, and the copy is shown
only once it is saved: a refused or failed save leaves the assessment shown as it was. When
someone else saved in the meantime, the newest version is loaded and the change made again.
Nothing here says anything to the reader: every method returns an :class:`Outcome` with a
code, which the view says in the page's language (:mod:`widgets.register.messages`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

from widgets.register import importer
from widgets.register.errors import RegisterError
from widgets.register.model import Assessment
from widgets.register.store import RegisterStore
from widgets.store.people import StoreError, enterprise_key

log = logging.getLogger(__name__)

MAX_JSON_BYTES = 40 * 2**20
"""The largest assessment file read (photos inside it are 8 MiB at most each)."""

Action = Callable[[Assessment, str], Any]
"""A change: called with the assessment and who acts, returns what the change made."""


class Actor(NamedTuple):
    """Who acts on the page, and on whose behalf the store saves."""

    by: str
    class_code: str | None
    enterprise_id: int | None
    trainer: bool


@dataclass(frozen=True)
class Outcome:
    """What an action came to.

    Attributes
    ----------
    code
        ``saved`` (done and saved); ``no-actor`` (nobody may act, or nothing is shown);
        ``refused`` (the model refused: ``error`` is a :class:`RegisterError`);
        ``refused-on-retry`` (after a reload on a conflict, the change was refused);
        ``save-failed`` (the store refused or failed: ``error`` says why); ``exists`` (a
        team member started the enterprise's assessment first); ``too-large`` and
        ``unreadable`` (an assessment file); ``other-enterprise`` (a file of another
        enterprise: ``result`` is the file's assessment).
    result
        What the action returned (a hazard, a measure, an import report …).
    error
        The refusal or failure, when there was one.
    retried
        The change was made again on the newest version after a conflict.
    """

    code: str
    result: Any = None
    error: BaseException | None = None
    retried: bool = False

    @property
    def ok(self) -> bool:
        """Whether the action was done and saved."""
        return self.code == "saved"


def parse_budget(value: object) -> float | None:
    """Return a budget written with spaces or commas (``150 000``) as a number, or None.

    Raises
    ------
    ValueError
        When what is written is not a number.
    """
    written = "".join(str(value).split()).replace(",", "")
    return float(written) if written else None


class RegisterSession:
    """The assessment a page shows, changed and saved on behalf of who acts.

    Parameters
    ----------
    register
        Returns the register's store (called for each load and save).
    who
        Returns who acts now, or None when nobody may (asked at each change).
    """

    def __init__(self, register: Callable[[], RegisterStore], who: Callable[[], Actor | None]):
        self._register = register
        self._who = who
        self.assessment: Assessment | None = None

    @property
    def actor(self) -> Actor | None:
        """Who acts now, or None when nobody may."""
        return self._who()

    # -- loading -------------------------------------------------------------------------
    def load_member(self, enterprise_id: int | None) -> Assessment | None:
        """Show the newest assessment of a member's enterprise (None for none); may raise."""
        self.assessment = None
        if enterprise_id is not None:
            self.assessment = self._register().current(enterprise_id)
        return self.assessment

    def load_chosen(self, assessment_id: str | None) -> Assessment | None:
        """Show the assessment chosen on the trainer's page (None for none); may raise."""
        self.assessment = None
        if assessment_id:
            self.assessment = self._register().load(assessment_id)
        return self.assessment

    def clear(self) -> None:
        """Show no assessment."""
        self.assessment = None

    # -- changing ------------------------------------------------------------------------
    def change(self, action: Action) -> Outcome:
        """Make ``action(assessment, by)`` on a copy, save it, then show the copy.

        On a conflict the newest version is loaded and the action made again on it.
        """
        actor, shown = self.actor, self.assessment
        if actor is None or shown is None:
            return Outcome("no-actor")
        work = shown.model_copy(deep=True)
        try:
            result = action(work, actor.by)
        except RegisterError as exc:
            return Outcome("refused", error=exc)
        return self._save(work, actor, action, result)

    def save_as_is(self, assessment: Assessment) -> Outcome:
        """Save ``assessment`` as it is (no action), showing it once saved."""
        actor = self.actor
        if actor is None:
            return Outcome("no-actor")
        return self._save(assessment, actor, lambda _a, _by: None, None)

    def _save(self, work: Assessment, actor: Actor, action: Action, result: Any) -> Outcome:
        register = self._register()
        try:
            self._store(register, work, actor)
        except StoreError as exc:
            if exc.kind != "conflict":
                return Outcome("save-failed", error=exc)
            return self._again(register, work.id, actor, action)
        except Exception as exc:
            return Outcome("save-failed", error=exc)
        self.assessment = work
        return Outcome("saved", result)

    def _again(self, register: RegisterStore, ident: str, actor: Actor, action: Action) -> Outcome:
        """Load the newest version, show it, and make ``action`` again on a copy of it."""
        try:
            fresh = register.load(ident)
        except Exception as exc:
            return Outcome("save-failed", error=exc)
        self.assessment = fresh
        work = fresh.model_copy(deep=True)
        try:
            result = action(work, actor.by)
            self._store(register, work, actor)
        except RegisterError as exc:
            return Outcome("refused-on-retry", error=exc, retried=True)
        except Exception as exc:
            try:
                self.assessment = register.load(ident)
            except Exception:
                log.exception("register: assessment %s not reloaded", ident)
            return Outcome("save-failed", error=exc, retried=True)
        self.assessment = work
        return Outcome("saved", result, retried=True)

    @staticmethod
    def _store(register: RegisterStore, a: Assessment, actor: Actor) -> None:
        register.save(
            a, actor.class_code, enterprise_id=actor.enterprise_id, participant=not actor.trainer
        )

    # -- whole assessments ---------------------------------------------------------------
    def start(self, by: str, **profile: Any) -> Outcome:
        """Start the member's enterprise's assessment (``Assessment.start``) and save it.

        ``exists`` when a team member started it first: load it with :meth:`load_member`.
        """
        try:
            assessment = Assessment.start(by, **profile)
        except RegisterError as exc:
            return Outcome("refused", error=exc)
        actor = self.actor
        if actor is None:
            return Outcome("no-actor")
        try:
            self._register().save(
                assessment, actor.class_code, enterprise_id=actor.enterprise_id, participant=True
            )
        except StoreError as exc:
            self.assessment = None
            return Outcome("exists" if exc.kind == "exists" else "save-failed", error=exc)
        except Exception as exc:
            self.assessment = None
            return Outcome("save-failed", error=exc)
        self.assessment = assessment
        return Outcome("saved", assessment)

    def copy_for_next_year(self) -> Outcome:
        """Start next year's review from a copy of the assessment shown; show the copy.

        ``result`` is the copy; the assessment copied stays in the store as it was.
        """
        actor, shown = self.actor, self.assessment
        if shown is None or actor is None:
            return Outcome("no-actor")
        try:
            copy = shown.copy_for_review(shown.year + 1, actor.by)
        except RegisterError as exc:
            return Outcome("refused", error=exc)
        outcome = self._save(copy, actor, lambda _c, _by: None, None)
        return Outcome("saved", copy) if outcome.ok else outcome

    def import_hazards(self, data: bytes, name: str) -> Outcome:
        """Add the good rows of a CSV or Excel file as hazards; ``result`` is the report."""
        return self.change(lambda a, by: importer.import_hazards(a, data, name, by))

    def replace_from_file(self, data: bytes, name: str) -> Outcome:
        """Take the team's content from an assessment file into the assessment shown.

        Only the team's content is taken (see :meth:`Assessment.take_team_content`): the
        file cannot set the trainer's review, notes or comments, the history, or which
        assessment it lands in. ``result`` lists what was not taken.
        """
        shown = self.assessment
        if shown is None:
            return Outcome("no-actor")
        if len(data) > MAX_JSON_BYTES:
            return Outcome("too-large")
        try:
            imported = Assessment.from_json(data)
        except RegisterError as exc:
            return Outcome("refused", error=exc)
        except Exception as exc:
            log.exception("register: JSON file %s not read", name)
            return Outcome("unreadable", error=exc)
        if imported.id != shown.id and enterprise_key(imported.profile.enterprise) != (
            enterprise_key(shown.profile.enterprise)
        ):
            return Outcome("other-enterprise", imported)
        return self.change(lambda a, by: a.take_team_content(imported, by, name))


__all__ = ["MAX_JSON_BYTES", "Actor", "Outcome", "RegisterSession", "parse_budget"]
