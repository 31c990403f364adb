"""The classroom app: the whole course in one page and one kernel per participant.

Join or resume, choose the language, then move through every lesson step by step. The
lesson notebooks are the source of the text and the activities (see
:mod:`widgets.course_app.model`). Only the open step's activities are alive: they are
built when the step opens and closed when it is left, so the page stays light on a phone
and the kernel imports the heavier parts of the workbook only when they are first needed.
"""

from __future__ import annotations

import logging
import os
from functools import cache
from urllib.parse import parse_qs

import ipywidgets as ipw

from widgets.course_app.model import (
    PLACE_ACTIVITY,
    Activity,
    LessonOutline,
    OutlineError,
    outline,
    progress,
    step_key,
)
from widgets.i18n import _, language, on_language_change
from widgets.i18n.view import LanguageBar
from widgets.join.view import JoinClass
from widgets.store import session
from widgets.store.people import Person
from widgets.ui import discard, scroll_here
from widgets.ui.style import esc, stylesheet

log = logging.getLogger(__name__)


@cache
def _markdown():
    import mistune  # comes with Voila's nbconvert; loaded when the first lesson opens

    return mistune.create_markdown(escape=False, plugins=["table", "strikethrough"])


@cache
def render_markdown(source: str) -> str:
    """Return lesson markdown as HTML (the same text always gives the same HTML)."""
    return _markdown()(source)


def build_activity(activity: Activity) -> ipw.Widget:
    """Build the widget of an activity; a short message instead if it cannot be built."""
    import widgets

    try:
        widget = getattr(widgets, activity.name)(*activity.args, **dict(activity.kwargs))
        if hasattr(widget, "save_as"):  # e.g. a risk matrix on its own: keep its rating
            widget.save_as(activity.key)
        return widget
    except Exception:  # one broken activity must not take the course down
        log.exception("activity %s could not be built", activity.key)
        text = _("This activity cannot be shown. Please tell your trainer.")
        return ipw.HTML(f'<p class="osh-error" role="alert">{esc(text)}</p>')


def _requested_lesson() -> int | None:
    """Return the lesson asked for in the page address (``?lesson=3``), if any."""
    for value in parse_qs(os.environ.get("QUERY_STRING", "")).get("lesson", []):
        if value.isdigit():
            return int(value)
    return None


class CourseApp(ipw.VBox):
    """The course map, then one lesson step at a time, with the participant's progress."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.add_class("osh-app")
        self.add_class("osh-course")
        self.lesson: LessonOutline | None = None
        self.step = 0
        self._visited: set[str] = set()
        self._states: dict[str, dict] = {}
        self._activities: list[ipw.Widget] = []
        self._header = ipw.HTML()
        self._header.add_class("osh-course-bar")  # one compact bar, kept at the top
        self._steps = ipw.HTML()  # the lesson's steps: beside the step on a laptop
        self._steps.add_class("osh-steps")
        self._text = ipw.HTML()
        self._scroll = ""  # set when a step opens: the page shows it from its top
        self._activity_box = ipw.VBox()
        self._map_button = ipw.Button(icon="", layout=ipw.Layout(width="auto"))
        self._previous = ipw.Button(layout=ipw.Layout(width="auto"))
        self._next = ipw.Button(button_style="primary", layout=ipw.Layout(width="auto"))
        for button in (self._map_button, self._previous, self._next):
            button.add_class("osh-nav")
        self._map_button.on_click(lambda _b: self.show_map())
        self._previous.on_click(lambda _b: self.open_step(self.step - 1))
        self._next.on_click(self._on_next_click)
        self._main = ipw.VBox()
        self._main.add_class("osh-course-main")
        self._join = JoinClass()  # on the map; kept, so a fresh resume code stays shown
        self._unsaved = ipw.HTML()
        self.children = [stylesheet(), LanguageBar(), self._main]
        on_language_change(self._on_language_change)
        session.on_sign_in(self._on_sign_in)
        try:
            self.lessons = outline()
        except OutlineError as exc:
            log.error("the course cannot be composed: %s", exc)
            self.lessons = ()
        self._load_progress(session.current())
        requested = _requested_lesson()
        if requested is not None and self._lesson_numbered(requested):
            self.open_lesson(requested)
        else:
            self.show_map()

    # -- verbs -------------------------------------------------------------------------
    def show_map(self) -> None:
        """Show the course map (and release the open step's activities)."""
        self._release()
        self.lesson = None
        self._main.remove_class("osh-course-step")
        self.remove_class("osh-course-stepping")
        self._main.children = self._map_children()

    def open_lesson(self, number: int, step: int | None = None) -> None:
        """Open lesson ``number`` at ``step`` (default: the first step not yet seen)."""
        lesson = self._lesson_numbered(number)
        if lesson is None:
            raise ValueError(f"there is no lesson {number}")
        self.lesson = lesson
        if step is None:
            unseen = [
                i for i in range(len(lesson.steps)) if step_key(lesson, i) not in self._visited
            ]
            step = unseen[0] if unseen and unseen[0] > 0 else 0
        self.open_step(step)

    def open_step(self, index: int) -> None:
        """Show step ``index`` of the open lesson; its activities are built now."""
        if self.lesson is None:
            return
        index = max(0, min(index, len(self.lesson.steps) - 1))
        self._release()
        self.step = index
        self._visited.add(step_key(self.lesson, index))
        self._save_place()
        # The course title and the language choice stay on the map; a step shows its bar.
        self.add_class("osh-course-stepping")
        self._scroll = scroll_here()
        self._activities = [build_activity(a) for a in self.lesson.steps[index].activities]
        self._activity_box.children = self._activities
        self._draw_step()
        self._main.add_class("osh-course-step")
        self._main.children = [
            self._steps,
            self._header,
            self._unsaved,
            self._text,
            self._activity_box,
            ipw.HBox([self._previous, self._map_button, self._next], layout=_wrap()),
        ]

    # -- callbacks ---------------------------------------------------------------------
    def _on_next_click(self, _button: ipw.Button) -> None:
        if self.lesson is not None and self.step + 1 < len(self.lesson.steps):
            self.open_step(self.step + 1)
        else:
            self.show_map()

    def _on_language_change(self, _lang: str) -> None:
        if self.lesson is None:
            self.show_map()
        else:
            self._draw_step()

    def _on_sign_in(self, person: Person | None) -> None:
        self._load_progress(person)
        if self.lesson is None:
            self.show_map()
        else:
            self._visited.add(step_key(self.lesson, self.step))
            self._save_place()

    def _on_lesson_click(self, button: ipw.Button) -> None:
        self.open_lesson(button.lesson_number)

    def _on_continue_click(self, _button: ipw.Button) -> None:
        lesson, step = self._last_place()
        self.open_lesson(lesson, step)

    # -- state -------------------------------------------------------------------------
    def _lesson_numbered(self, number: int) -> LessonOutline | None:
        return next((lesson for lesson in self.lessons if lesson.number == number), None)

    def _load_progress(self, person: Person | None) -> None:
        self._states, self._visited = {}, set()
        if person is None:
            return
        try:
            self._states = session.store().states(person)
        except Exception:  # the map still works; the trainer's log says why
            log.exception("progress of participant %s not loaded", person.id)
            return
        place = self._states.get(PLACE_ACTIVITY) or {}
        self._visited = {v for v in place.get("visited", []) if isinstance(v, str)}

    def _last_place(self) -> tuple[int, int]:
        place = self._states.get(PLACE_ACTIVITY) or {}
        last = str(place.get("last", ""))
        for lesson in self.lessons:
            for index in range(len(lesson.steps)):
                if step_key(lesson, index) == last:
                    return lesson.number, index
        return (self.lessons[0].number if self.lessons else 1), 0

    def _save_place(self) -> None:
        person = session.current()
        if person is None or self.lesson is None:
            return
        place = {"visited": sorted(self._visited), "last": step_key(self.lesson, self.step)}
        self._states[PLACE_ACTIVITY] = place
        try:
            session.store().save(person, PLACE_ACTIVITY, place)
        except Exception:  # losing the place is not losing work: log it and go on
            log.exception("place of participant %s not saved", person.id)

    def _release(self) -> None:
        if self._activities:
            self._activity_box.children = ()
            discard(self._activities)
            self._activities = []
            person = session.current()
            if person is not None:  # the map shows what was just done
                try:
                    self._states = session.store().states(person)
                except Exception:
                    log.exception("progress of participant %s not loaded", person.id)

    # -- drawing -----------------------------------------------------------------------
    def _map_children(self) -> list[ipw.Widget]:
        lang = language()
        title = _("Course map")
        children: list[ipw.Widget] = [
            self._join,
            ipw.HTML(f'<h2 class="osh-map-title">{esc(title)}</h2>'),
        ]
        if not self.lessons:
            text = _("The lessons cannot be shown. Please tell your trainer.")
            children.append(ipw.HTML(f'<p class="osh-error" role="alert">{esc(text)}</p>'))
            return children
        if session.current() is None:
            text = _("Join your class above to keep your work; you can look around first.")
            children.append(ipw.HTML(f'<p class="osh-hint">{esc(text)}</p>'))
        elif (self._states.get(PLACE_ACTIVITY) or {}).get("last"):
            resume = ipw.Button(description=_("Continue where you stopped"), button_style="primary")
            resume.add_class("osh-nav")
            resume.on_click(self._on_continue_click)
            children.append(resume)
        days: dict[int, list[ipw.Widget]] = {}
        for lesson in self.lessons:
            day = days.setdefault(lesson.lesson.day, [])
            if not day:
                heading = _("Day {day}").format(day=lesson.lesson.day)
                day.append(ipw.HTML(f'<h3 class="osh-map-day">{esc(heading)}</h3>'))
            done = progress(lesson, self._states, self._visited)
            button = ipw.Button(
                description=f"{lesson.number} · {lesson.title(lang)}",
                layout=ipw.Layout(width="100%"),
                tooltip=lesson.title(lang),
            )
            button.lesson_number = lesson.number
            button.add_class("osh-map-lesson")
            if done.complete:
                button.add_class("osh-map-complete")
            button.on_click(self._on_lesson_click)
            day += [button, ipw.HTML(self._progress_html(done, lesson))]
        columns = [ipw.VBox(day) for day in days.values()]
        for column in columns:
            column.add_class("osh-map-column")
        board = ipw.Box(columns)  # the days one under another; side by side on a laptop
        board.add_class("osh-map-days")
        return [*children, board]

    @staticmethod
    def _progress_html(done, lesson: LessonOutline) -> str:
        minutes = _("{minutes} min").format(minutes=lesson.lesson.minutes)
        parts = [
            _("seen {visited} of {steps} steps").format(visited=done.visited, steps=done.steps)
        ]
        if done.activities:
            parts.append(
                _("{done} of {total} exercises checked").format(
                    done=done.done, total=done.activities
                )
            )
        mark = "✓ " if done.complete else ""
        text = " · ".join([minutes, *parts])
        state = "complete" if done.complete else ("started" if done.visited else "new")
        return f'<p class="osh-map-progress" data-state="{state}">{mark}{esc(text)}</p>'

    def _draw_step(self) -> None:
        lesson, lang = self.lesson, language()
        if lesson is None:
            return
        step = lesson.steps[self.step]
        where = _("Lesson {lesson} · step {step} of {steps}").format(
            lesson=lesson.number, step=self.step + 1, steps=len(lesson.steps)
        )
        self._header.value = (
            f'<div class="osh-course-where" role="status">'
            f'<span class="osh-course-lesson">{esc(lesson.title(lang))}</span>'
            f'<span class="osh-course-step">{esc(where)}</span>'
            f'<progress max="{len(lesson.steps)}" value="{self.step + 1}" '
            f'aria-label="{esc(where)}"></progress></div>'
        )
        scroll, self._scroll = self._scroll, ""
        self._text.value = (
            f'<div class="osh-step-text"{scroll}>'
            + "".join(render_markdown(text.source(lang)) for text in step.texts)
            + "</div>"
        )
        self._steps.value = self._steps_html(lesson, lang)
        unsaved = _(
            "You have not joined your class: this work is not saved. Join on the course map."
        )
        self._unsaved.value = (
            "" if session.current() else f'<p class="osh-hint" role="note">{esc(unsaved)}</p>'
        )
        self._map_button.description = _("Course map")
        self._previous.description = "← " + _("Previous")
        self._previous.disabled = self.step == 0
        last = self.step + 1 >= len(lesson.steps)
        self._next.description = (_("Back to the course map") if last else _("Next")) + " →"

    def _steps_html(self, lesson: LessonOutline, lang: str) -> str:
        items = []
        for index, step in enumerate(lesson.steps):
            title = step.title.source(lang).strip() or lesson.title(lang)
            if index == self.step:
                mark = ' aria-current="step"'
            elif step_key(lesson, index) in self._visited:
                mark = ' data-state="seen"'
            else:
                mark = ""
            items.append(f"<li{mark}>{esc(title)}</li>")
        label = _("Steps of this lesson")
        return (
            f'<nav aria-label="{esc(label)}"><h2>{esc(lesson.title(lang))}</h2>'
            f"<ol>{''.join(items)}</ol></nav>"
        )


def _wrap() -> ipw.Layout:
    return ipw.Layout(flex_flow="row wrap", margin="1rem 0")
