"""Labels in another language beside the API's English: the ``lang`` query parameter and the
``*_label`` fields it adds.

The API keeps codes and English names and words (``name``, ``status``, ``reason``, ...);
``?lang=`` adds, on every endpoint that returns them, the same names and words in that
language: ``label`` for an object's ``name`` (a country: CLDR; a plan, outcome or indicator:
the plan file's translations), ``<field>_label`` for a code or word field (``outcome_label``,
``indicator_label``, ``status_label``, ``summary_label``, ``category_label``,
``reason_label``), and ``label_lang``, the language the object's labels are really in: ``lang``,
or ``en`` when any of them fell back to English (Khmer and Myanmar carry only the navigation
and the member states' names; a plan may lack a translation). Without ``lang`` the labels are
the English.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Annotated, Any

from fastapi import Query

from admtrack import i18n
from admtrack.domain.framework import Plan
from admtrack.services.scoring import OutcomeStatus, Verdict, reason_label

LangQuery = Annotated[
    str,
    Query(
        pattern="^(" + "|".join(i18n.CODES) + ")$",
        description=(
            "language of the `label` fields: " + ", ".join(i18n.CODES) + " (codes and `name` "
            "stay English; `label_lang` says which language a label is really in)"
        ),
    ),
]
#: The description of every ``label_lang`` field of these endpoints.
LABEL_LANG = (
    "language of this object's `*_label` fields: the `lang` asked for, or `en` when any of "
    "them fell back to English"
)


class Labels:
    """The labels of one object in ``lang``: add them one by one, then :meth:`fields`."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.out: dict[str, Any] = {}
        self.fallback = False

    def _put(self, field: str, english: str | None, label: str | None) -> None:
        self.out[field] = label
        if self.lang != i18n.SOURCE_LANGUAGE and english and label == english:
            self.fallback = True

    def word(self, field: str, english: str | None) -> None:
        """An engine word or other catalogue message (a status, a category); None stays None."""
        with i18n.using(self.lang):
            self._put(field, english, i18n.gettext(english) if english else english)

    def reason(self, field: str, reason: str | Verdict | OutcomeStatus) -> None:
        """An engine reason (:func:`admtrack.services.scoring.reason_label`)."""
        english = reason if isinstance(reason, str) else reason.reason
        with i18n.using(self.lang):
            self._put(field, english, reason_label(reason))

    def reasons(self, field: str, reasons: Mapping[str, str]) -> None:
        """A ``{code: English reason}`` map (``not_measured``, ``not_ranked``) as one field."""
        with i18n.using(self.lang):
            found = {k: reason_label(v) for k, v in reasons.items()}
        self.out[field] = found
        if self.lang != i18n.SOURCE_LANGUAGE and any(
            v and found[k] == v for k, v in reasons.items()
        ):
            self.fallback = True

    def outcomes(self, field: str, plan: Plan, codes: Sequence[str]) -> None:
        """A ``{outcome id: name in lang}`` map as one field."""
        found = {o: _plan_text(plan, self.lang, o, indicator=False) for o in codes}
        self.out[field] = {o: label for o, (_, label) in found.items()}
        if self.lang != i18n.SOURCE_LANGUAGE and any(e == t for e, t in found.values()):
            self.fallback = True

    def country(self, field: str, iso3: str, english: str) -> None:
        """A country's name: CLDR's in ``lang`` (aggregates and other codes: English)."""
        local = i18n.country_name(iso3, english, self.lang)
        if iso3 not in i18n.TERRITORIES:
            local = english
        self._put(field, english, local)

    def outcome(self, field: str, plan: Plan, outcome: str) -> None:
        self._put(field, *_plan_text(plan, self.lang, outcome, indicator=False))

    def indicator(self, field: str, plan: Plan, code: str) -> None:
        self._put(field, *_plan_text(plan, self.lang, code, indicator=True))

    def fields(self) -> dict[str, Any]:
        """The labels added and ``label_lang``."""
        lang = i18n.SOURCE_LANGUAGE if self.fallback else self.lang
        return {**self.out, "label_lang": lang}


def _plan_text(plan: Plan, lang: str, key: str, *, indicator: bool) -> tuple[str, str]:
    """(English, label in ``lang``): an outcome's or indicator's name from the plan's
    translations (English where the plan has none, or does not know ``key``)."""
    try:
        english = plan.indicator(key).name if indicator else plan.outcome(key).name
    except (KeyError, LookupError):
        return key, key
    t = plan.translation(lang) if lang != i18n.SOURCE_LANGUAGE else None
    found = (t.indicator_name(key) if indicator else t.outcome_name(key)) if t else ""
    return english, found or english
