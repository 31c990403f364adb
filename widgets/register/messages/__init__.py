"""What the register says, in the reader's language: refusals, notices, import problems, history.

The models decide and never translate: they raise errors with a code and parameters
(:class:`~widgets.errors.CodedError`: :class:`~widgets.register.errors.RegisterError`,
:class:`~widgets.risk.model.RatingError` …), report import problems and notices as codes, and
keep the history as data (an action and its parameters). This package, on the view's side,
says each of them as one sentence in a language: the page's by default, or the one asked for
(a report in the enterprise's language, a trainer reading a Mongolian team's history in
English). Ids in the parameters are said with their labels in that language (a band, a
status, an answer, a checklist statement, a method); what the team wrote (a hazard's title, a
measure) is said as written.

Every code the models raise has a sentence here (a test reads the models' source to check).
"""

from widgets.register.messages.saying import (
    describe,
    error_text,
    missing_text,
    notice_text,
    problem_text,
    row_problem_text,
    sentences,
    todo_text,
)

__all__ = [
    "describe",
    "error_text",
    "missing_text",
    "notice_text",
    "problem_text",
    "row_problem_text",
    "sentences",
    "todo_text",
]
