"""Acceptance on the bundled data: verdicts that agree with the scores, outcomes ranked only
above the plan's thresholds, targets labelled, missing data shown, and ADM2030 answering."""

from __future__ import annotations

import re
from html import escape as html_escape

import pytest
from markupsafe import escape
from webclient import InProcessClient

from admtrack.analytics.progress import STATUSES
from admtrack.services.scoring import PlanResults
from admtrack.services.scoring.coverage_rule import required_indicators
from admtrack.services.scoring.examples import worked_examples


@pytest.fixture(scope="module")
def results(app) -> PlanResults:  # type: ignore[no-untyped-def]
    return app.state.ctx.results()  # type: ignore[no-any-return]


def test_no_outcome_lacks_data_beside_a_score(results: PlanResults) -> None:
    for s in results.outcome_status:
        score = results.score(s.outcome, s.country)
        assert s.summary in STATUSES
        # "not measured" exactly when there is no score; any other summary has one
        assert (s.summary == "not measured") == (score is None), s
        if s.summary in ("no verdict", "not measured"):
            assert s.reason, s


def test_no_outcome_is_ranked_below_the_plans_thresholds(
    app,  # type: ignore[no-untyped-def]
    results: PlanResults,
) -> None:
    plan = app.state.ctx.catalog().plan(results.plan_id)
    rules = plan.evaluation
    cov = results.coverage
    assert cov is not None and cov.window == (2021, 2025)
    for o in results.outcomes:
        ranked = [u for u in results.units if results.rank(o, u) is not None]
        if ranked:
            assert results.n_ranked(o) >= rules.min_states_ranked, o
        else:
            assert o in results.not_ranked or results.n_ranked(o) == 0
        for u in ranked:
            row = cov.outcome(o, u)
            assert row is not None and row.measured
            need = required_indicators(row.n_indicators, rules.outcome_min_share)
            assert row.n_in_window >= need, (o, u)
    # Timor-Leste's DO8 rests on too few 2021-2025 values to be scored
    tls = results.status("DO8", "TLS")
    assert tls is not None and tls.summary == "not measured"
    assert results.rank("DO8", "TLS") is None


def test_viet_nams_page_gives_a_reason_wherever_there_is_no_verdict(
    client: InProcessClient, results: PlanResults
) -> None:
    html = client.get("/countries/VNM").text
    assert "lacks data" not in html
    rows = re.findall(r'<tr id="outcome-(\w+)".*?</tr>', html, flags=re.S)
    assert len(rows) == len(results.outcomes)
    for o in results.outcomes:
        s = results.status(o, "VNM")
        assert s is not None
        row = re.search(rf'<tr id="outcome-{o}".*?</tr>', html, flags=re.S)
        assert row is not None and f'data-status="{s.summary}"' in row.group(0)
        if s.reason:
            assert s.reason in row.group(0).replace("&#39;", "'")
    basis = re.search(r'id="index-basis" data-outcomes-scored="(\d+)"', html)
    assert basis is not None and int(basis.group(1)) == results.outcomes_scored("VNM")


def test_timor_lestes_gaps_are_named(
    app,  # type: ignore[no-untyped-def]
    client: InProcessClient,
    results: PlanResults,
) -> None:
    assert results.coverage is not None
    gaps = results.coverage.gaps["TLS"]
    html = client.get("/countries/TLS").text
    counts = re.search(
        r'id="gap-counts" data-missing="(\d+)" data-imputed="(\d+)" data-older="(\d+)"', html
    )
    assert counts is not None
    assert tuple(map(int, counts.groups())) == (gaps.n_missing, gaps.n_imputed, gaps.n_older)
    assert gaps.n_missing >= 1
    plan_names = {i.code: i.name for i in app.state.ctx.catalog().plan("adm2025").indicators}
    for code in gaps.missing:
        assert html_escape(plan_names[code], quote=False) in html
    assert "DO8:" in html  # the outcome not measured, with its reason
    index = client.get("/index").text
    table = index[index.index('id="gaps-table"') :]
    row = re.search(r'<tr data-iso3="TLS">.*?</tr>', table, flags=re.S)
    assert row is not None and f'data-missing="{gaps.n_missing}"' in row.group(0)


def test_the_indicator_page_labels_every_target(client: InProcessClient) -> None:
    html = client.get("/indicators/IT.NET.USER.ZS").text
    items = re.findall(r'<li data-kind="(\w+)" data-applied="(\w+)">(.*?)</li>', html, re.S)
    assert [(kind, applied) for kind, applied, _ in items] == [
        ("reference", "yes"), ("reference", "no"), ("reference", "yes"),
    ]  # fmt: skip
    assert "shown for reference only" in items[1][2] and "developing" in items[1][2]
    assert "UN least developed countries" in items[2][2]


def test_the_api_carries_statuses_reasons_and_gaps(client: InProcessClient) -> None:
    body = client.get("/api/v1/index").json()
    assert body["evaluation"]["min_states_ranked"] == 8
    tls = next(g for g in body["data_gaps"] if g["iso3"] == "TLS")
    assert "DO8" in tls["not_measured"] and tls["missing"]
    do8 = {r["iso3"]: r for r in body["outcomes"]["DO8"]}
    assert do8["TLS"]["status"] == "not measured" and do8["TLS"]["reason"]
    assert all(r["outcomes_scored"] is not None for r in body["ranking"])
    progress = client.get("/api/v1/progress", params={"country": "VNM"}).json()
    assert all(o["summary"] != "lacks data" for o in progress["outcomes"])
    assert "not_ranked" in progress


@pytest.mark.parametrize("path", ["/api/v1/index", "/api/v1/progress"])
def test_adm2030_answers_with_reasons_not_errors(client: InProcessClient, path: str) -> None:
    response = client.get(path, params={"plan": "adm2030"})
    assert response.status_code == 200
    body = response.json()
    assert body["not_measured"]["FA8"].startswith("not measured yet")
    if path.endswith("progress"):
        # a 2025 baseline and no later year: every state is judged "no verdict", with why
        for o in body["outcomes"]:
            assert o["summary"] in ("no verdict", "not measured", "at ceiling"), o
            assert o["summary"] == "at ceiling" or o["reason"]


def test_worked_examples_are_the_engines_numbers(
    app,  # type: ignore[no-untyped-def]
    client: InProcessClient,
    results: PlanResults,
) -> None:
    ctx = app.state.ctx
    plan = ctx.catalog().plan(results.plan_id)
    observations = [o for obs in ctx.observations(results.release_id).values() for o in obs]
    examples = {e.rule: e for e in worked_examples(plan, results, observations)}
    assert set(examples) >= {
        "Coverage rule", "Status agrees with score", "Ceilings", "Relative indices",
        "Targets applied evenly", "Missing data shown",
    }  # fmt: skip
    rules = plan.evaluation
    ceiling = examples["Ceilings"].numbers
    series = {o.year: o.value for o in observations
              if o.indicator == ceiling["indicator"] and o.country == ceiling["country"]}  # fmt: skip
    v = next(v for v in results.verdicts_for(indicator=str(ceiling["indicator"]),
                                             country=str(ceiling["country"]))
             if v.target_set is None)  # fmt: skip
    assert v.status == "at ceiling" and v.latest_year is not None and v.baseline_year is not None
    x0, xc = series[v.baseline_year], series[v.latest_year]
    assert ceiling["baseline"] == x0 and ceiling["latest"] == xc
    cagr = (xc / x0) ** (1 / (v.latest_year - v.baseline_year)) - 1
    assert ceiling["cagr"] == pytest.approx(cagr)
    indicator = plan.indicator(str(ceiling["indicator"]))
    assert indicator.bound is not None and abs(indicator.bound - xc) <= rules.ceiling_distance
    relative = examples["Relative indices"].numbers
    change = float(relative["latest"]) / float(relative["baseline"]) - 1  # type: ignore[arg-type]
    assert relative["change"] == pytest.approx(change) and abs(change) < rules.relative_tolerance
    assert relative["without_rule"] == "deterioration"
    gap = examples["Coverage rule"].numbers
    row = results.coverage.outcome(str(gap["outcome"]), str(gap["country"]))  # type: ignore[union-attr]
    assert row is not None and not row.measured and row.n_in_window == gap["n_in_window"]
    html = client.get("/methodology").text
    for e in examples.values():
        assert str(escape(e.text)) in html, e.rule
