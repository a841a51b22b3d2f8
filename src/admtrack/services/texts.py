"""Problems and other service messages in the language in force: the one translator of the
pages for what a service says to a user (a refused upload's located issues, a form's validation
problems), and of the API's ``*_label`` fields on problem responses.

A service writes each message as a :class:`admtrack.domain.text.Message`: English text that
remembers its catalogue template and named parameters (file, row, column, value ...), so the
English stays what the CLI, the logs and the API print, and :func:`message_label` renders the
same template in another language. A plain string (a message made before it had a template, or
by a library) is shown as it is.
"""

from __future__ import annotations

from collections.abc import Iterable

from admtrack import i18n
from admtrack.domain.issues import Issue, Location
from admtrack.domain.text import Message
from admtrack.errors import ValidationError
from admtrack.i18n import N_

ROW = N_("row %(row)s")
COLUMN = N_("column %(column)r")
#: A located issue: "<where>: <code>: <message>" (the English of ``str(issue)``).
LOCATED = N_("%(where)s: %(code)s: %(message)s")
#: A validation error: what was refused, and how many problems it has.
REFUSED = N_("%(what)s: %(n)s problem(s)")


def message_label(message: object) -> str:
    """``message`` (a :class:`Message`, an :class:`Issue`, or any text) in the language in
    force; a Message's parameters that are Messages are translated too."""
    if isinstance(message, Issue):
        return issue_label(message)
    if isinstance(message, Message):
        params = {
            k: message_label(v) if isinstance(v, Message | Issue) else v
            for k, v in message.params.items()
        }
        template = i18n.gettext(message.template)
        return template % params if params else template
    return str(message)


def location_label(location: Location) -> str:
    """Where a problem sits: the file, "row N", "column 'x'" in the language in force."""
    parts = [location.file]
    if location.row is not None:
        parts.append(i18n.gettext(ROW) % {"row": location.row})
    if location.column is not None:
        parts.append(i18n.gettext(COLUMN) % {"column": location.column})
    return ", ".join(parts)


def issue_label(issue: Issue) -> str:
    """A located issue as ``str(issue)`` says it, in the language in force (the stable code
    stays as it is)."""
    return i18n.gettext(LOCATED) % {
        "where": location_label(issue.location),
        "code": issue.code,
        "message": message_label(issue.message),
    }


def problem_labels(problems: Iterable[object]) -> list[str]:
    return [message_label(p) for p in problems]


def validation_label(exc: ValidationError) -> str:
    """The text of a :class:`ValidationError` (``str(exc)``) in the language in force."""
    lines = "\n".join(f"  - {p}" for p in problem_labels(exc.problems))
    head = i18n.gettext(REFUSED) % {"what": message_label(exc.what), "n": len(exc.problems)}
    return f"{head}\n{lines}"
