"""The submission template of a member state, as CSV or XLSX: one row per plan indicator and
year, pre-filled with the currently published value and its source, in the columns the
template connector reads (``country, indicator, year, value, status, source, note``)."""

from __future__ import annotations

import csv
import io

from admtrack.domain.observations import Observation
from admtrack.domain.text import Message
from admtrack.errors import Forbidden, ValidationError
from admtrack.services.accounts import Principal
from admtrack.services.submissions.desk import Desk, plan_of, template_years

COLUMNS = ("country", "indicator", "year", "value", "status", "source", "note")


def _rows(desk: Desk, principal: Principal, country: str, plan_id: str | None) -> list[list[str]]:
    if not principal.can_read_state(country):
        raise Forbidden(f"you cannot see {country}'s submissions")
    with desk.store.reader() as r:
        plan = plan_of(r, plan_id)
        years = template_years(plan, desk.clock())
        codes = [i.code for i in plan.indicators]
        sources = {s.id: s.ref for s in r.sources()}
        current: dict[tuple[str, int], Observation] = {
            (o.indicator, o.year): o
            for o in r.observations(
                indicator=codes, countries=[country], year_from=years[0], year_to=years[-1]
            )
        }
    rows = []
    for indicator in plan.indicators:
        for year in years:
            obs = current.get((indicator.code, year))
            value = "" if obs is None else repr(obs.value)
            ref = sources.get(obs.source) if obs is not None else None
            source = "" if ref is None else f"{ref.publisher}, {ref.dataset}"
            status = "" if obs is None else obs.status.value
            rows.append([country, indicator.code, str(year), value, status, source, indicator.name])
    return rows


def template_csv(
    desk: Desk, principal: Principal, country: str, plan_id: str | None = None
) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(_rows(desk, principal, country, plan_id))
    return buf.getvalue().encode("utf-8")


def template_xlsx(
    desk: Desk, principal: Principal, country: str, plan_id: str | None = None
) -> bytes:
    from openpyxl import Workbook

    rows = _rows(desk, principal, country, plan_id)  # checks access before a workbook exists
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(f"{country} submission")
    sheet.append(list(COLUMNS))
    for row in rows:
        sheet.append(
            [float(c) if i == 3 and c else (int(c) if i == 2 else c) for i, c in enumerate(row)]
        )
    buf = io.BytesIO()
    workbook.save(buf)
    return buf.getvalue()


def template(
    desk: Desk, principal: Principal, country: str, fmt: str, plan_id: str | None = None
) -> bytes:
    if fmt == "csv":
        return template_csv(desk, principal, country, plan_id)
    if fmt == "xlsx":
        return template_xlsx(desk, principal, country, plan_id)
    raise ValidationError(
        "format", [Message("%(format)r: the template comes as csv or xlsx", format=fmt)]
    )
