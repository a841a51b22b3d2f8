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
