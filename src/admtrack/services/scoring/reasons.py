"""The engine's reasons in the language in force: the one translator every page, report and
API label uses (:func:`reason_label`).

The engine keeps its reasons in English (the ``reason`` of a verdict, an outcome's status, the
coverage rule, ``not_ranked`` and ``not_measured``): data frames, the API's ``reason`` fields
and the CLI stay as they are. Every reason is a message of the catalogues with named
parameters (the templates in :mod:`admtrack.analytics.progress`, ``coverage_rule``,
``results`` and ``targets``); the English text is ``template % params``. This module renders
the same template in the language of :func:`admtrack.i18n.current`:

* a flat reason is matched to its template: the text itself when the template has no
  parameter, else the template's pattern, whose parameters are whole numbers (a window, counts,
  years), so the match is exact and the numbers are the engine's;
* an outcome's "no verdict" is rebuilt from its parts (:attr:`OutcomeStatus.missing`) with
  :func:`admtrack.analytics.progress.too_few_verdicts`, the function that wrote the English;
* a text that is no known template (e.g. a reason another version wrote) is shown as it is.
"""

from __future__ import annotations

import re
from functools import cache

from admtrack import i18n
from admtrack.analytics import progress as pg
from admtrack.i18n import N_
from admtrack.services.scoring.coverage_rule import TOO_FEW_WITH_DATA
from admtrack.services.scoring.model import OutcomeStatus, Verdict
from admtrack.services.scoring.results import TOO_FEW_STATES
from admtrack.services.scoring.targets import EVERY_STATE, NOT_APPLIED, TargetLabel

#: An outcome or aggregate the index leaves out: :mod:`admtrack.domain.imeta` (which imports
#: no other layer) writes "not measured yet: " and one of these (a test checks they agree).
#: The pages show the part after "not measured yet: " beside the status, a message too.
NOT_MEASURED_YET = N_("not measured yet: %(why)s")
NOT_MEASURED_PREFIX = "not measured yet: "
NO_INDICATOR_IN_PLAN = N_("no indicator in the plan")
NO_MEASURED_CHILD = N_("no measured outcome below it")

#: Every flat template a reason can come from.
TEMPLATES: tuple[str, ...] = (
    *pg.VERDICT_REASONS,
    pg.NO_INDICATOR,
    TOO_FEW_WITH_DATA,
    TOO_FEW_STATES,
    EVERY_STATE,
    NO_INDICATOR_IN_PLAN,
    NO_MEASURED_CHILD,
)
_PARAMETER = re.compile(r"%\((\w+)\)s")


@cache
def _patterns() -> tuple[dict[str, str], tuple[tuple[re.Pattern[str], str], ...]]:
    """The templates without parameters (English text -> template) and, for the others, a
    pattern whose groups are the whole-number parameters."""
    exact: dict[str, str] = {}
    patterns: list[tuple[re.Pattern[str], str]] = []
    for template in TEMPLATES:
        if not _PARAMETER.search(template):
            exact[template] = template
            continue
        pieces = _PARAMETER.split(template)  # text, name, text, name, ..., text
        regex = "".join(
            re.escape(piece) if k % 2 == 0 else f"(?P<{piece}>-?\\d+)"
            for k, piece in enumerate(pieces)
        )
        patterns.append((re.compile(regex), template))
    return exact, tuple(patterns)


def _flat(text: str) -> str:
    if not text:
        return text
    exact, patterns = _patterns()
    if text in exact:
        return i18n.gettext(text)
    for pattern, template in patterns:
        found = pattern.fullmatch(text)
        if found is not None:
            return i18n.gettext(template) % found.groupdict()
    if text.startswith(NOT_MEASURED_PREFIX):
        rest = text[len(NOT_MEASURED_PREFIX) :]
        return i18n.gettext(NOT_MEASURED_YET) % {"why": _flat(rest)}
    return text


def reason_label(reason: str | Verdict | OutcomeStatus | None) -> str:
    """``reason`` (an engine reason, or the reason of a verdict or an outcome status) in the
    language in force; English under English; "" for none."""
    if reason is None:
        return ""
    if isinstance(reason, Verdict):
        return _flat(reason.reason)
    if isinstance(reason, OutcomeStatus):
        if reason.missing:
            return pg.too_few_verdicts(
                reason.n_assessed, reason.n_indicators, reason.missing, i18n.gettext, _flat
            )
        return _flat(reason.reason)
    return _flat(reason)


def not_measured_label(reason: str) -> str:
    """Why an outcome is "not measured yet", without those words (the pages print them as the
    status beside it), in the language in force."""
    if reason.startswith(NOT_MEASURED_PREFIX):
        return _flat(reason[len(NOT_MEASURED_PREFIX) :])
    return _flat(reason)


def applies_label(target: TargetLabel) -> str:
    """Whom ``target`` applies to (:attr:`TargetLabel.applies_to`) in the language in force."""
    if target.applies_to == NOT_APPLIED % {"group": target.group}:
        return i18n.gettext(NOT_APPLIED) % {"group": target.group}
    return _flat(target.applies_to)
