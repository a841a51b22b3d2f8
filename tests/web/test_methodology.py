"""/methodology renders every parameter from the objects in use: change the method or the
plan's weights and the page says so; nothing is typed into the template."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from fastapi import FastAPI
from webclient import InProcessClient

from admtrack.domain.framework import Plan
from admtrack.services.scoring import PlanResults
from admtrack.services.scoring.parameters import method_parameters
from admtrack.services.scoring.progress import PROGRESS_RULES


def _render(app: FastAPI, plan: Plan, results: PlanResults) -> str:
    template = app.state.templates.get_template("methodology.html")
    html: str = template.render(
        results=results, method=results.method, params=method_parameters(plan, results),
        plan=plan, catalog=app.state.ctx.catalog(), newest_member=None,
    )  # fmt: skip
    return html


def test_the_page_shows_the_parameters_in_use(client: InProcessClient, app: FastAPI) -> None:
    results: PlanResults = app.state.ctx.results()
    method = results.method
    html = client.get("/methodology").text
    offset = f"{method.gmean_offset:g}"
    assert f"ln(s_o + {offset})" in html and f"score + {offset}" in html
    assert f"U({1 - method.weight_noise:g}, {1 + method.weight_noise:g})" in html
    assert f"{method.strengths_top} best- and worst-ranked" in html
    assert f"within ±{PROGRESS_RULES.baseline_window} years" in html
    assert f"R ≥ {PROGRESS_RULES.on_track_ratio:g} on track" in html
    assert (
        f"from {results.reference_year - method.latest_window} to {results.reference_year}" in html
    )  # type: ignore[operator]
    assert "Timor-Leste from 26 October 2025" in html  # read from the membership data
    assert "IE.PPN.ICTI.CD</code> is divided by <code>NY.GDP.MKTP.CD</code>" in html
    assert '"stage": "denominate"' in html and '"stage": "aggregate"' in html


def test_other_parameters_change_the_page(app: FastAPI) -> None:
    results: PlanResults = app.state.ctx.results()
    plan = app.state.ctx.catalog().plan(results.plan_id)
    heavy = replace(plan, outcomes=(replace(plan.outcomes[0], weight=3.0), *plan.outcomes[1:]))
    method = replace(
        results.method, gmean_offset=2.5, weight_noise=0.1, strengths_top=4, latest_window=7,
        aggregation="gmean", outcome_dat_thresh=0.75,
    )  # fmt: skip
    html = _render(app, heavy, replace(results, method=method, reference_year=2024))
    assert "ln(s_o + 2.5)" in html and "ln(s_o + 1)" not in html
    assert "exp(Σ w ln(y + 2.5) / Σ w) − 2.5" in html  # the outcome level takes the gmean too
    assert "U(0.9, 1.1)" in html and "4 best- and worst-ranked" in html
    assert "from 2017 to 2024" in html and "fewer than 75% of the outcome's indicators" in html
    row = f'<th scope="row">{plan.outcomes[0].id} '
    assert row in html
    weights = html.split('id="outcome-weights"')[1].split("</table>")[0]
    assert '<td class="num">3</td>' in weights and weights.count('<td class="num">1</td>') == 7
    assert date(2025, 10, 26).strftime("%-d %B %Y") not in html  # no member passed in
