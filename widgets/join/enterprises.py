"""The trainer's list of a class's enterprises: enrol, confirm, rename, merge, move people.

An enterprise is a record of the class, not a spelling: participants choose theirs from
this list when they join, and membership decides whose risk assessment they open. Names
a participant typed at join arrive as *proposed*: the trainer confirms them, corrects the
name, or merges two spellings of one enterprise (its people and assessments follow).
"""

from __future__ import annotations

import logging

import ipywidgets as ipw
import traitlets

from widgets.i18n import _, language, on_language_change
from widgets.register.settings import settings
from widgets.store import session
from widgets.store.enrolment import EnrolmentError, Problem, read_enterprises, spellings
from widgets.store.people import StoreError
from widgets.ui.style import esc

log = logging.getLogger(__name__)


def _status_words() -> dict[str, str]:
    return {"confirmed": _("Confirmed"), "proposed": _("Proposed at join: check it")}


def _refusal(error: StoreError) -> str:
    words = {
        "duplicate-enterprise": _("The class has an enterprise of that name already."),
        "enterprise": _("Write the enterprise's name (up to 120 letters)."),
        "merge-same": _("Choose two different enterprises to merge."),
        "merge-classes": _("Those enterprises are in different classes."),
        "unknown-enterprise": _("That enterprise is no longer in the list: press Refresh."),
        "unknown-participant": _("That participant is no longer in the list: press Refresh."),
    }
    return words.get(error.kind, _("That did not work; the server log says why."))


def _problem_words() -> dict[str, str]:
    return {
        "too-large": _("The file is larger than {limit_kb} KB: is it the right file?"),
        "not-text": _("The file is not a CSV text file (save it as CSV UTF-8)."),
        "no-name-column": _("The first row must name a column “name”."),
        "too-many-rows": _("Only the first {value} rows were read."),
        "name-missing": _("no name"),
        "name-long": _("the name is longer than 120 letters"),
        "name-twice": _("this name is in the list twice"),
        "unknown-sector": _("“{value}” is not a sector of the workbook"),
        "unknown-size": _("“{value}” is not a size of the workbook"),
        "exists": _("already in the class's list"),
    }


class EnterpriseList(ipw.VBox):
    """The enterprises of one class, for the trainer (``class_code`` chooses the class)."""

    class_code = traitlets.Unicode("", help="The class whose enterprises are shown.")

    def __init__(self, class_code: str = "", **kwargs):
        super().__init__(**kwargs)
        self.add_class("osh-enterprises")
        self._heading = ipw.HTML()
        self._table = ipw.HTML()
        self._name = ipw.Text(layout=ipw.Layout(width="100%"))
        self._sector = ipw.Dropdown(layout=ipw.Layout(width="100%"))
        self._size = ipw.Dropdown(layout=ipw.Layout(width="100%"))
        self._add = ipw.Button(button_style="primary")
        self._upload = ipw.FileUpload(accept=".csv", multiple=False)
        self._chosen = ipw.Dropdown(layout=ipw.Layout(width="100%"))
        self._confirm = ipw.Button()
        self._rename_to = ipw.Text(layout=ipw.Layout(width="100%"))
        self._rename = ipw.Button()
        self._merge_into = ipw.Dropdown(layout=ipw.Layout(width="100%"))
        self._merge = ipw.Button(button_style="warning")
        self._person = ipw.Dropdown(layout=ipw.Layout(width="100%"))
        self._move_to = ipw.Dropdown(layout=ipw.Layout(width="100%"))
        self._move = ipw.Button()
        self._message = ipw.HTML()
        self._add_heading, self._fix_heading, self._move_heading = (ipw.HTML() for _ in "abc")
        for control in (
            self._name,
            self._sector,
            self._size,
            self._chosen,
            self._rename_to,
            self._merge_into,
            self._person,
            self._move_to,
        ):
            control.style = {"description_width": "initial"}
        for button in (self._add, self._confirm, self._rename, self._merge, self._move):
            button.add_class("osh-action")
            button.layout.align_self = "flex-start"
        self._upload.add_class("osh-action")
        self._add.on_click(self._on_add_click)
        self._confirm.on_click(self._on_confirm_click)
        self._rename.on_click(self._on_rename_click)
        self._merge.on_click(self._on_merge_click)
        self._move.on_click(self._on_move_click)
        self._upload.observe(self._on_upload, names="value")
        self._chosen.observe(self._on_chosen_change, names="value")
        self.children = [
            self._heading,
            self._table,
            self._message,
            self._add_heading,
            self._name,
            self._sector,
            self._size,
            ipw.HBox([self._add, self._upload], layout=ipw.Layout(flex_flow="row wrap")),
            self._fix_heading,
            self._chosen,
            self._confirm,
            self._rename_to,
            self._rename,
            self._merge_into,
            self._merge,
            self._move_heading,
            self._person,
            self._move_to,
            self._move,
        ]
        self._label()
        self.class_code = class_code
        on_language_change(self._on_language_change)

    # -- verbs -------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the class's enterprises and participants again."""
        lang = language()
        code = self.class_code
        records, people = [], []
        if code:
            try:
                records = session.store().enterprises(code)
                people = session.store().participants(code)
            except StoreError as exc:
                self._say(_refusal(exc), error=True)
        words = _status_words()
        sectors = {c.id: c.label.get(lang) for c in settings().sectors}
        sizes = {c.id: c.label.get(lang) for c in settings().size_bands}
        heads = [
            _("Enterprise"),
            _("Sector"),
            _("Size"),
            _("Status"),
            _("People"),
            _("Assessments"),
        ]
        rows = "".join(
            f'<tr class="osh-enterprise-{r["status"]}"><td>{esc(r["name"])}</td>'
            f"<td>{esc(sectors.get(r['sector'] or '', '—'))}</td>"
            f"<td>{esc(sizes.get(r['size'] or '', '—'))}</td>"
            f"<td>{esc(words[r['status']])}</td><td>{r['participants']}</td>"
            f"<td>{r['assessments']}</td></tr>"
            for r in records
        )
        empty = _(
            "No enterprise yet: add the enrolled enterprises below (or from a CSV list), or "
            "let participants propose theirs when they join."
        )
        self._table.value = (
            '<div class="osh-table-scroll"><table class="osh-table"><thead><tr>'
            + "".join(f"<th>{esc(h)}</th>" for h in heads)
            + f"</tr></thead><tbody>{rows}</tbody></table></div>"
            if records
            else f'<p class="osh-hint">{esc(empty)}</p>'
        )
        options = [(r["name"], r["id"]) for r in records]
        chosen = self._chosen.value
        self._chosen.options = options
        ids = [i for _name, i in options]
        self._chosen.value = chosen if chosen in ids else (ids[0] if ids else None)
        self._move_to.options = options
        self._person.options = [(f"{p['name']} ({p['enterprise']})", p["id"]) for p in people]
        self._on_chosen_change({})

    def add(self, name: str, sector: str | None = None, size: str | None = None) -> bool:
        """Add an enterprise to the class's list; ``False`` (and a message) when refused."""
        try:
            record = session.store().add_enterprise(self.class_code, name, sector, size)
        except StoreError as exc:
            self._say(_refusal(exc), error=True)
            return False
        self._say(_("Added: {name}.").format(name=record["name"]))
        self._name.value = ""
        self.refresh()
        return True

    def enrol(self, data: bytes) -> tuple[int, list]:
        """Add the enterprises of a CSV list; return how many were added and the problems."""
        problem_words = _problem_words()
        try:
            rows, problems = read_enterprises(
                data, spellings(settings().sectors), spellings(settings().size_bands)
            )
        except EnrolmentError as exc:
            self._say(problem_words[exc.code].format(**exc.params), error=True)
            return 0, []
        added = 0
        for row in rows:
            try:
                session.store().add_enterprise(self.class_code, row.name, row.sector, row.size)
                added += 1
            except StoreError as exc:
                if exc.kind != "duplicate-enterprise":
                    raise
                problems.append(Problem(row.line, "name", "exists", row.name))
        text = esc(_("{count} enterprises added to the list.").format(count=added))
        if problems:
            heads = "".join(f"<th>{esc(h)}</th>" for h in (_("Row"), _("Column"), _("Problem")))
            body = "".join(
                f"<tr><td>{p.line}</td><td>{esc(p.column)}</td>"
                f"<td>{esc(problem_words[p.code].format(value=p.value))}</td></tr>"
                for p in sorted(problems, key=lambda p: p.line)
            )
            not_taken = esc(_("These rows were not taken:"))
            text += (
                f'</p><p class="osh-error">{not_taken}</p><table class="osh-table">'
                f"<thead><tr>{heads}</tr></thead><tbody>{body}</tbody></table><p>"
            )
        self._message.value = f'<p role="status">{text}</p>'
        self.refresh()
        return added, problems

    # -- callbacks ---------------------------------------------------------------------
    def _on_add_click(self, _button: ipw.Button) -> None:
        if self.class_code:
            self.add(self._name.value, self._sector.value, self._size.value)

    def _on_upload(self, change: dict) -> None:
        entries = change["new"] if isinstance(change["new"], list | tuple) else ()
        for entry in entries[:1]:
            content = entry.get("content") if isinstance(entry, dict) else None
            if self.class_code and isinstance(content, bytes | bytearray | memoryview):
                if len(content) > 1024 * 1024:  # before even copying it
                    self._say(_problem_words()["too-large"].format(limit_kb=256), error=True)
                    return
                self.enrol(bytes(content))

    def _act(self, action, done: str) -> None:
        try:
            action(session.store())
        except StoreError as exc:
            self._say(_refusal(exc), error=True)
            return
        self.refresh()
        self._say(done)

    def _on_confirm_click(self, _button: ipw.Button) -> None:
        chosen = self._chosen.value
        if chosen is not None:
            self._act(lambda s: s.update_enterprise(chosen, status="confirmed"), _("Confirmed."))

    def _on_rename_click(self, _button: ipw.Button) -> None:
        chosen, name = self._chosen.value, self._rename_to.value
        if chosen is not None:
            self._act(
                lambda s: s.update_enterprise(chosen, name=name, status="confirmed"),
                _("Renamed: the team's assessment shows the new name."),
            )

    def _on_merge_click(self, _button: ipw.Button) -> None:
        keep, gone = self._merge_into.value, self._chosen.value
        if keep is None or gone is None:
            self._say(_("Choose the enterprise it is the same as."), error=True)
            return
        try:
            merged = session.store().merge_enterprises(keep, gone)
        except StoreError as exc:
            self._say(_refusal(exc), error=True)
            return
        self.refresh()
        text = _("Merged into {name}: {people} people and {assessments} assessments moved.").format(
            name=merged["kept"]["name"],
            people=merged["moved_people"],
            assessments=merged["moved_assessments"],
        )
        if merged["set_aside"]:
            text += " " + _(
                "Both had an assessment of the same year: the one saved last is kept as the "
                "enterprise's, the other stays on the trainer's register page."
            )
        self._say(text)

    def _on_move_click(self, _button: ipw.Button) -> None:
        person, to = self._person.value, self._move_to.value
        if person is not None and to is not None:
            self._act(
                lambda s: s.move_participant(person, to),
                _("Moved: on their next reload they work on that enterprise's assessment."),
            )

    def _on_chosen_change(self, _change: dict) -> None:
        chosen = self._chosen.value
        others = [(label, i) for label, i in self._chosen.options if i != chosen]
        self._merge_into.options = others
        self._rename_to.value = next(
            (label for label, i in self._chosen.options if i == chosen), ""
        )

    def _on_language_change(self, _lang: str) -> None:
        self._label()
        self.refresh()

    @traitlets.observe("class_code")
    def _on_class_code(self, _change: dict) -> None:
        self._message.value = ""
        self.refresh()

    # -- drawing -----------------------------------------------------------------------
    def _say(self, text: str, error: bool = False) -> None:
        kind = "osh-error" if error else "osh-signed-in"
        self._message.value = f'<p class="{kind}" role="status">{esc(text)}</p>'

    def _label(self) -> None:
        lang = language()
        headings = (
            (self._heading, "h3", _("Enterprises")),
            (self._add_heading, "h4", _("Add an enterprise")),
            (self._fix_heading, "h4", _("Confirm, correct or merge")),
            (self._move_heading, "h4", _("Move a participant")),
        )
        for widget, tag, text in headings:
            widget.value = f"<{tag}>{esc(text)}</{tag}>"
        self._name.description = _("Name")
        sector, size = self._sector.value, self._size.value
        self._sector.options = [("—", None)] + [
            (c.label.get(lang), c.id) for c in settings().sectors
        ]
        self._size.options = [("—", None)] + [
            (c.label.get(lang), c.id) for c in settings().size_bands
        ]
        self._sector.value, self._size.value = sector, size
        self._sector.description, self._size.description = _("Sector"), _("Size")
        self._add.description = _("Add")
        self._upload.description = _("Add from a CSV list")
        self._chosen.description = _("Enterprise")
        self._confirm.description = _("Confirm")
        self._rename_to.description = _("Correct name")
        self._rename.description = _("Rename")
        self._merge_into.description = _("Same enterprise as")
        self._merge.description = _("Merge into it")
        self._person.description = _("Participant")
        self._move_to.description = _("to enterprise")
        self._move.description = _("Move")
