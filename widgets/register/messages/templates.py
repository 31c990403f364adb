"""The register's sentences, one table per kind: refusals, invalid values, notices, history.

Each table is built with a translator (``_``), so it holds the sentences of one language;
:mod:`widgets.register.messages.saying` fills them in. Every code the models raise has a
sentence here (a test reads the models' source to check).
"""

from __future__ import annotations

from collections.abc import Callable

Translate = Callable[[str], str]


def _errors(_: Translate) -> dict[str, str]:
    """Return each refusal's sentence (codes of the register, its imports and the methods)."""
    return {
        # widgets.risk.model: a rating the method does not allow
        "band-unknown": _("{method} has no band {band!r}; its bands are {allowed}"),
        "band-required": _("{method} is rated by choosing a band: give band= one of {allowed}"),
        "factor-unknown": _("{method} has no factor {unknown}; its factors are {factors}"),
        "factor-missing": _("{method} needs a value for {missing}"),
        "factor-off-scale": _(
            "{factor}={value!r} is not on the {method} scale; allowed values: {allowed}"
        ),
        "method-unknown": _("there is no method {method!r}; known methods: {known}"),
        "method-broken": _("method {method!r} cannot be used: {details}"),
        # widgets.register.model
        "invalid": "{problems}",
        "override-needs-reason": _(
            "The computed band is {computed}; choosing {band} instead needs a written reason "
            "of at least {count} characters"
        ),
        "no-hazard": _("There is no hazard {id} in this assessment"),
        "no-measure": _("There is no measure {id} for this hazard"),
        "locked": _(
            "This assessment was marked reviewed by {who} and is locked; ask the trainer to "
            "reopen it before changing it"
        ),
        "method-fixed": _("Hazards are already rated with {method}; the method cannot change now"),
        "no-statement": _("There is no checklist statement {id}"),
        "not-an-answer": _("{answer!r} is not an answer; expected one of {allowed}"),
        "answer-has-work": _(
            "{hazard} already has a rating, measures or comments; delete the hazard first to "
            "change this answer"
        ),
        "fields-fixed": _("Only {fields} can be changed here"),
        "no-library-measure": _("There is no measure {id} in the library"),
        "new-measure-planned": _("A new measure is always planned; set its status afterwards"),
        "not-a-status": _("{status!r} is not a status; expected one of {allowed}"),
        "needs-residual": _(
            "{measure} is done: rate the risk that remains (residual risk) to record it"
        ),
        "not-a-photo-kind": _("{kind!r} is not a kind of photo; expected before or after"),
        "no-photo": _("There is no photo {id} for this measure"),
        "not-locked": _("This assessment is not locked"),
        "review-year": _("A review is for a later year than {year}"),
        "not-an-assessment-file": _("This is not a valid assessment file: {problems}"),
        "photo-mislabelled": _("{name} is not the kind of image it claims to be"),
        "who-missing": _("Say who makes the change (a name of up to 100 characters)"),
        # widgets.register.photos
        "photo-empty": _("{name} is empty: choose a JPEG or PNG photo"),
        "photo-too-large": _("{name} is too large ({size} MB); the limit is {limit} MB"),
        "photo-not-jpeg-png": _(
            "{name} is not a JPEG or PNG photo; only JPEG and PNG are accepted"
        ),
        "photo-damaged": _("{name} is damaged or not a real image; take or save the photo again"),
        "photo-quota": _(
            "An assessment holds at most {count} photos and {size} MB of photos; delete a "
            "photo you no longer need, then add this one"
        ),
        # widgets.register.importer: the whole file
        "file-too-large": _("{name} is too large; the limit is {limit} MB"),
        "not-a-table-file": _("{name} is not a CSV or Excel (.xlsx) file"),
        "unreadable-xlsx": _("{name} is not a readable Excel (.xlsx) file"),
        "file-too-large-unpacked": _(
            "{name} unpacks to more than {limit} MB, which no hazard list needs; copy the "
            "hazards into a new file and import that"
        ),
        "not-utf8-or-cp1251": _(
            "{name} is not UTF-8 or Windows-1251 text: byte {byte} ({value}) in row {row} "
            'cannot be read; save the file as "CSV UTF-8" and import it again'
        ),
        "unreadable-csv": _(
            "{name} cannot be read as CSV from row {row} (a cell too long or a quote not "
            "closed); save it from your spreadsheet as CSV and import it again"
        ),
        "file-empty": _("{name} is empty"),
        "too-many-rows": _("{name} has more than {limit} rows"),
        "columns-missing": _("Row {row}: no column for {column}; name it one of: {names}"),
        # widgets.register.importer: one row
        "hazard-missing": _("the hazard is missing"),
        "not-a-category": _("{value!r} is not a hazard category; expected one of {allowed}"),
        "not-a-band": _("{value!r} is not a band of {method}"),
        "not-on-scale": _("{value!r} is not on the scale; allowed values: {allowed}"),
    }


def _problems(_: Translate) -> dict[str, str]:
    """Return a sentence for each kind of invalid value (pydantic's and the register's own)."""
    number = _("write a number")
    day = _("write a date as YYYY-MM-DD")
    return {
        "missing": _("this is needed"),
        "string_too_short": _("write something here"),
        "string_too_long": _("use at most {max_length} characters"),
        "too_short": _("give at least {min_length}"),
        "too_long": _("at most {max_length} are allowed"),
        "greater_than_equal": _("use a number of at least {ge}"),
        "greater_than": _("use a number above {gt}"),
        "less_than_equal": _("use a number of at most {le}"),
        "less_than": _("use a number below {lt}"),
        **dict.fromkeys(
            (
                "int_parsing",
                "int_type",
                "int_from_float",
                "float_parsing",
                "float_type",
                "finite_number",
            ),
            number,
        ),
        **dict.fromkeys(
            (
                "date_parsing",
                "date_type",
                "date_from_datetime_parsing",
                "date_from_datetime_inexact",
                "datetime_parsing",
                "datetime_type",
                "datetime_from_date_parsing",
            ),
            day,
        ),
        "literal_error": _("choose one of {expected}"),
        "string_pattern_mismatch": _("this is not in the expected form"),
        "extra_forbidden": _("this is not a known field"),
        "json_invalid": _("the file is not valid JSON"),
        # The register's own checks (widgets.register.model)
        "unknown-choice": _("{value!r} is not on the list; choose one of {allowed}"),
        "due-before-start": _("the due date is before the start date"),
        "done-needs-residual": _("a measure marked done needs its residual rating and done date"),
        "only-done-has-residual": _(
            "only a measure marked done has a residual rating and done date"
        ),
        "rating-inconsistent": _(
            "the factors give band {computed} (score {score}), not {band} (score {given})"
        ),
        "duplicate-ids": _("hazard and measure ids must be unique"),
        "change-without-params": _("a history entry needs its parameters or its text"),
    }


def _notices(_: Translate) -> dict[str, str]:
    return {
        "no-worker": _(
            "No worker takes part in this assessment: involve at least one worker or worker "
            "representative"
        ),
        "unrated": _("{hazard}: not rated yet"),
        "weak-only": _(
            "{hazard}: a {band} risk is met only with administrative measures or PPE; look for "
            "elimination, substitution or engineering controls"
        ),
        "no-measure": _("{hazard}: no measure planned yet"),
    }


def _todos(_: Translate) -> dict[str, str]:
    """Return each notice as one sentence of a report's "still to do" list."""
    return {
        "no-worker": _("Involve at least one worker or worker representative in this assessment."),
        "unrated": _("Rate the hazard “{hazard}”."),
        "weak-only": _(
            "Look for elimination, substitution or engineering controls for “{hazard}”: its "
            "{band} risk is met only with administrative measures or PPE."
        ),
        "no-measure": _("Plan a measure for “{hazard}”."),
    }


def _missing(_: Translate) -> dict[str, str]:
    """Return what is missing before printing, each with what to do (``{count}`` things)."""
    return {
        "no-hazard": _("No hazard yet: answer the checklist or add your own hazards."),
        "open-statements": _(
            "Checklist statements not answered yet: {count}. Answer them in step 2."
        ),
        "no-worker": _("No worker in the team: add at least one worker in step 1."),
        "unrated": _("Hazards not rated: {count}. Rate each one in step 3."),
        "high-no-measure": _(
            "High risks without a measure: {count}. Plan a measure for each in step 4."
        ),
        "no-measure": _("Other risks without a measure: {count}. Plan a measure in step 4."),
        "measure-vague": _(
            "Measures without a responsible person or due date: {count}. Complete them in step 4."
        ),
    }


def _history(_: Translate) -> dict[str, str]:
    """Return each history action's sentence; a variant of one is keyed ``action:variant``."""
    return {
        "created": _("Assessment of {enterprise} started"),
        "created:review": _("Review {year} started from the assessment of {previous}"),
        "profile": _("Profile changed: {fields}"),
        "answer": _("{statement}: {answer}"),
        "hazard-added": _("Hazard added: {hazard}"),
        "hazards-imported": _("{count} hazards imported from {source}"),
        "imported": _("The team's work taken from the file {source}: {hazards} hazards"),
        "hazard-changed": _("{hazard}: changed {fields}"),
        "hazard-removed": _("Hazard deleted: {hazard}"),
        "rated": _("{hazard}: rated {band}"),
        "rated:override": _("(computed {computed}; reason: {reason})"),
        "measure-added": _("{hazard}: measure added: {measure}"),
        "measure-changed": _("{measure}: changed {fields}"),
        "measure-removed": _("Measure deleted: {measure}"),
        "status": _("{measure}: status {status}"),
        "status:residual": _("(residual risk {band})"),
        "photo-added": _("{measure}: {kind} photo {name} added"),
        "photo-added:before": _("{measure}: before photo {name} added"),
        "photo-added:after": _("{measure}: after photo {name} added"),
        "photo-removed": _("{measure}: a photo deleted"),
        "visit-note": _("Visit note added"),
        "comment": _("{hazard}: comment added"),
        "reviewed": _("Marked reviewed; locked against edits"),
        "reopened": _("Reopened for changes"),
    }


def _fields(_: Translate) -> dict[str, str]:
    """Return the names of the fields a message may name (a path's last part)."""
    return {
        "title": _("Hazard"),
        "category": _("Category"),
        "location": _("Location"),
        "who": _("Who might be harmed and how"),
        "existing": _("Existing controls"),
        "text": _("Measure"),
        "level": _("Level of control"),
        "responsible": _("Responsible"),
        "budget": _("Budget"),
        "start": _("Start"),
        "due": _("Due"),
        "status": _("Status"),
        "enterprise": _("Enterprise"),
        "sector": _("Sector"),
        "size": _("Size"),
        "areas": _("Work areas"),
        "team": _("Who took part"),
        "method": _("Evaluation method"),
        "language": _("Language"),
        "name": _("Name"),
        "role": _("Role"),
        "year": _("Year"),
    }


def _words(_: Translate) -> dict[str, dict[str, str]]:
    return {
        "status": {"planned": _("Planned"), "in-progress": _("In progress"), "done": _("Done")},
        "answer": {
            "yes": _("Yes"),
            "no": _("No"),
            "not-applicable": _("Not applicable"),
            "later": _("Later"),
        },
    }
