"""Words that reach the pages as data (verdicts, statuses, categories, trends), marked here for
extraction; the templates translate them where they are shown (``{{ _(v.status) }}``)."""

from __future__ import annotations

from admtrack.i18n import N_

#: A member state's status on an indicator or outcome (services/scoring).
STATUSES = (
    N_("on track"), N_("at ceiling"), N_("stable"), N_("needs acceleration"), N_("regressed"),
    N_("no verdict"), N_("not measured"),
)  # fmt: skip
#: The CAGR-ratio categories (analytics/progress).
CATEGORIES = (
    N_("target achieved"), N_("on track"), N_("acceleration needed"), N_("limited progress"),
    N_("deterioration"), N_("at ceiling"), N_("improved beyond tolerance"),
    N_("within tolerance"), N_("fell beyond tolerance"), N_("insufficient data"),
)  # fmt: skip
#: ESCAP outlook, SDSN trend and SDSN traffic lights.
OUTLOOKS = (N_("maintain progress"), N_("accelerate progress"), N_("reverse trend"))
TRENDS = (N_("on track"), N_("moderately improving"), N_("stagnating"), N_("decreasing"))
LIGHTS = (N_("red"), N_("orange"), N_("yellow"), N_("green"))
#: Enabling-action statuses (domain/actions), as the pages label them.
ACTION_STATUSES = (
    N_("not started"), N_("in progress"), N_("completed"), N_("not applicable"),
    N_("not reported"),
)  # fmt: skip
#: Submission, value and review states on the desk pages.
DESK_STATES = (
    N_("in review"), N_("returned"), N_("approved"), N_("withdrawn"), N_("pending"),
    N_("submitted"), N_("due"), N_("missing"), N_("draft"), N_("rejected"), N_("added"),
    N_("revised"),
)  # fmt: skip
#: Problem titles (web/problems).
PROBLEM_TITLES = (
    N_("Bad request"), N_("Sign-in needed"), N_("Forbidden"), N_("Not found"),
    N_("Method not allowed"), N_("Conflict"), N_("Too large"), N_("Invalid request"),
    N_("Too many attempts"), N_("Error"),
)  # fmt: skip
#: How the reports word a status after a count ("3 on track, 4 need acceleration"), keyed by
#: the status (the cells of a table name the status itself: :data:`STATUSES`).
STATUS_COUNTS: dict[str, str] = {
    "on track": N_("on track"), "at ceiling": N_("at ceiling"), "stable": N_("stable"),
    "needs acceleration": N_("need acceleration"), "regressed": N_("regressed"),
    "no verdict": N_("no verdict"), "not measured": N_("not measured"),
}  # fmt: skip
#: An indicator's direction, as the reports' indicator tables say which way is better.
DIRECTIONS = {1: N_("higher"), -1: N_("lower")}
#: The assumptions of the sensitivity analysis and what each lets vary (the keys and values of
#: services/scoring/sensitivity.ASSUMPTIONS), as the reports label them.
ASSUMPTIONS = (
    N_("normalisation"), N_("aggregation"), N_("indicator weights"), N_("outcome weights"),
    N_("exclusion"), N_("imputation"), N_("min-max or goalposts"),
    N_("arithmetic or geometric mean"), N_("each times U(1 - f, 1 + f)"),
    N_("none, or one indicator left out"), N_("none, or the member states' mean or median"),
)  # fmt: skip
