"""The per-row report of an upload: each row is new, revised, unchanged, rejected (with every
reason, located by file, row and column) or skipped (an empty value). The dry run and the real
submission build this same report with the same function, so what the dry run shows is what
the submission does: it stores the new and revised values, or nothing if any row is rejected.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from admtrack.domain.issues import Issue, Location, Severity
from admtrack.domain.observations import Observation
from admtrack.domain.text import Message
from admtrack.services.submissions.reading import SOURCE_COLUMN, Upload

Key = tuple[str, int]  # (indicator, year) within one member state


class RowOutcome(StrEnum):
    NEW = "new"
    REVISED = "revised"
    UNCHANGED = "unchanged"
    REJECTED = "rejected"
    SKIPPED = "skipped"


@dataclass(frozen=True, slots=True)
class RowReport:
    row: int | None
    indicator: str
    year: int | None
    value: float | None
    source: str
    outcome: RowOutcome
    published: float | None = None
    messages: tuple[str, ...] = ()
    #: the issues ``messages`` says in English (the pages show them in their language)
    issues: tuple[Issue, ...] = ()


@dataclass(frozen=True, slots=True)
class Accepted:
    observation: Observation
    source_text: str
    row: int


@dataclass(frozen=True)
class UploadReport:
    file: str
    country: str
    plan: str
    rows: tuple[RowReport, ...]
    accepted: tuple[Accepted, ...] = field(repr=False, default=())

    @property
    def counts(self) -> dict[str, int]:
        counted = Counter(r.outcome.value for r in self.rows)
        return {o.value: counted.get(o.value, 0) for o in RowOutcome}

    @property
    def ok(self) -> bool:
        """True when no row is rejected and at least one value is new or revised."""
        return not any(r.outcome is RowOutcome.REJECTED for r in self.rows) and bool(self.accepted)

    @property
    def problems(self) -> list[str]:
        """Why nothing is stored, in English (the API's ``messages``)."""
        return [str(p) for p in self.problem_items]

    @property
    def problem_items(self) -> list[Issue | str]:
        """:attr:`problems` as the issues and messages they say (the pages translate them)."""
        out: list[Issue | str] = [
            i for r in self.rows if r.outcome is RowOutcome.REJECTED for i in r.issues
        ]
        if not out and not self.accepted:
            out.append(
                Message(
                    "%(file)s: nothing to submit: no value is new or differs from the "
                    "published one",
                    file=self.file,
                )
            )
        return out


def _year(text: str) -> int | None:
    try:
        return int(text.strip())
    except ValueError:
        return None


def classify(
    upload: Upload,
    country: str,
    plan: str,
    published: Mapping[Key, float],
    locked: Mapping[Key, float],
    elsewhere: Mapping[Key, int],
) -> UploadReport:
    """``published``: current values of the state; ``locked``: values approved in the
    submission being revised; ``elsewhere``: keys waiting in another open submission."""
    issues_by_row: dict[int | None, list[Issue]] = defaultdict(list)
    for issue in upload.issues:
        issues_by_row[issue.location.row].append(issue)
    by_row = {o.provenance.row: o for o in upload.observations if o.provenance is not None}
    reports: list[RowReport] = []
    accepted: list[Accepted] = []
    for issue in issues_by_row.get(None, []):
        reports.append(
            RowReport(
                None,
                "",
                None,
                None,
                "",
                RowOutcome.REJECTED,
                messages=(str(issue),),
                issues=(issue,),
            )  # fmt: skip
        )
    for row in upload.rows:
        cells = row.values
        source = cells.get(SOURCE_COLUMN, "").strip()
        indicator = cells.get("indicator", "").strip()
        problems = list(issues_by_row.get(row.number, []))
        obs = by_row.get(row.number)
        code = cells.get("country", "").strip().upper()
        if code and code != country:
            problems.append(_issue(upload.label, row.number, "country", "sub.other-state",
                                   Message("the row is for %(code)s; this submission is for %(country)s only", code=code, country=country)))  # fmt: skip
        key = (obs.indicator, obs.year) if obs is not None else None
        if key is not None and key in locked and locked[key] != obs.value:  # type: ignore[union-attr]
            problems.append(_issue(upload.label, row.number, "value", "sub.locked",
                                   Message("%(indicator)s %(year)s was approved as %(value)s; a change needs a new submission", indicator=key[0], year=key[1], value=format(locked[key], "g"))))  # fmt: skip
        if key is not None and key in elsewhere:
            problems.append(_issue(upload.label, row.number, "value", "sub.pending-elsewhere",
                                   Message("%(indicator)s %(year)s is already in submission %(submission)s, not yet decided", indicator=key[0], year=key[1], submission=elsewhere[key])))  # fmt: skip
        errors = [p for p in problems if p.is_error]
        value = obs.value if obs is not None else None
        year = obs.year if obs is not None else _year(cells.get("year", ""))
        old = published.get(key) if key is not None else None
        if errors:
            outcome = RowOutcome.REJECTED
            shown = tuple(errors)
        elif obs is None:
            outcome = RowOutcome.SKIPPED
            shown = tuple(problems)
        else:
            assert key is not None
            if key in locked:
                outcome = RowOutcome.UNCHANGED
            elif old is None:
                outcome = RowOutcome.NEW
            else:
                outcome = RowOutcome.UNCHANGED if old == obs.value else RowOutcome.REVISED
            shown = tuple(problems)
            if outcome is not RowOutcome.UNCHANGED:
                accepted.append(Accepted(obs, source, row.number))
        reports.append(
            RowReport(
                row.number,
                indicator,
                year,
                value,
                source,
                outcome,
                old,
                tuple(str(p) for p in shown),
                shown,
            )  # fmt: skip
        )
    ok_rows = all(r.outcome is not RowOutcome.REJECTED for r in reports)
    return UploadReport(
        upload.label, country, plan, tuple(reports), tuple(accepted) if ok_rows else ()
    )


def _issue(file: str, row: int, column: str, code: str, message: str) -> Issue:
    return Issue(code, Severity.ERROR, message, Location(file, row, column))
