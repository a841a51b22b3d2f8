"""The REST API in-process: shapes, filters, pagination, CSV, problem details, and numbers
equal to the engine's own output for Viet Nam."""

from __future__ import annotations

import csv
import io

import pytest
from webclient import SAMPLES, InProcessClient

from admtrack.config import Settings
from admtrack.ingest.plan_files import builtin_plans
from admtrack.services.scoring import PlanResults, compute_results, series_codes
from admtrack.store import Store, create_engine_for


@pytest.fixture(scope="module")
def engine_results(web_settings: Settings) -> PlanResults:
    engine = create_engine_for(web_settings.resolved_database_url)
    with Store(engine).reader() as r:
        plan = r.get_plan("adm2025")
        release = r.latest_release()
        assert release is not None
        observations = r.observations(indicator=list(series_codes(plan)))
        countries = r.countries()
    engine.dispose()
    return compute_results(plan, observations, countries, release.id, samples=SAMPLES)


def test_plans_countries_indicators_releases(client: InProcessClient) -> None:
    plans = client.get("/api/v1/plans").json()["items"]
    assert {p["id"] for p in plans} >= {"adm2025", "adm2030"}
    members = client.get("/api/v1/countries?asean=true").json()["items"]
    assert [c["iso3"] for c in members][-1] == "TLS" and len(members) == 11
    tls = client.get("/api/v1/countries/TLS").json()
    assert tls["asean_member_since"] == "2025-10-26"
    ind = client.get("/api/v1/indicators/IT.NET.USER.ZS").json()
    assert ind["source"]["licence"] == "CC BY 4.0" and ind["outcome"] == "DO8"
    assert len(client.get("/api/v1/releases").json()["items"]) == 1


def test_observations_filter_order_pagination(client: InProcessClient) -> None:
    url = "/api/v1/observations?indicator=IT.NET.USER.ZS&country=VNM,THA&year_from=2015"
    body = client.get(url + "&limit=5").json()
    keys = [(o["country"], o["year"]) for o in body["items"]]
    assert keys == sorted(keys) and all(y >= 2015 for _, y in keys)
    assert body["total"] > 5 and "offset=5" in body["next"]
    rest = client.get(url + "&limit=5&offset=5").json()["items"]
    assert (rest[0]["country"], rest[0]["year"]) > keys[-1]
    assert body["items"][0]["licence"] == "CC-BY-4.0"


def test_observations_as_csv(client: InProcessClient) -> None:
    response = client.get("/api/v1/observations?indicator=IT.NET.USER.ZS&country=VNM&format=csv")
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert rows and {r["country"] for r in rows} == {"VNM"}
    assert int(response.headers["x-total-count"]) == len(rows)


def test_errors_are_problem_details(client: InProcessClient) -> None:
    missing = client.get("/api/v1/indicators/NOPE")
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"
    assert "NOPE" in missing.json()["detail"]
    invalid = client.get("/api/v1/observations?limit=0")
    assert invalid.status_code == 422 and invalid.json()["errors"][0]["location"] == "query.limit"
    weights = client.get("/api/v1/index?weights=DO9:2")
    assert weights.status_code == 422 and "DO9" in weights.json()["detail"]


def test_index_equals_the_engine_for_viet_nam(
    client: InProcessClient, engine_results: PlanResults
) -> None:
    body = client.get("/api/v1/index").json()
    do5 = {r["iso3"]: r for r in body["outcomes"]["DO5"]}["VNM"]
    assert do5["score"] == pytest.approx(engine_results.score("DO5", "VNM"))
    assert do5["rank"] == engine_results.rank("DO5", "VNM")
    band = engine_results.interval("DO5", "VNM")
    assert band is not None and do5["interval"]["p05"] == band.p05
    ranking = [r["iso3"] for r in body["ranking"] if r["rank"] is not None]
    expected = sorted(
        (u for u in engine_results.units if engine_results.rank("ADM2025", u) is not None),
        key=lambda u: engine_results.rank("ADM2025", u) or 0,
    )
    assert ranking == expected


def test_index_what_if_doubles_do2(client: InProcessClient, engine_results: PlanResults) -> None:
    body = client.get("/api/v1/index?weights=DO2:2").json()["what_if"]
    assert body["weights"]["DO2"] == 2.0 and body["weights"]["DO1"] == 1.0
    vnm = next(r for r in body["ranking"] if r["iso3"] == "VNM")
    i = engine_results.units.index("VNM")
    scores = [engine_results.outcome_scores["minmax"][o][i] for o in engine_results.outcomes]
    weights = [2.0 if o == "DO2" else 1.0 for o in engine_results.outcomes]
    pairs = [(w, s) for w, s in zip(weights, scores, strict=True) if s is not None]
    expected = sum(w * s for w, s in pairs) / sum(w for w, _ in pairs)
    assert vnm["score"] == pytest.approx(expected)


def test_progress_for_viet_nam_internet_use(client: InProcessClient) -> None:
    body = client.get("/api/v1/progress?country=VNM&indicator=IT.NET.USER.ZS").json()
    target = next(v for v in body["items"] if v["target_set"] == "broadband-commission-2025")
    assert target["target_value"] == 75.0 and target["country"] == "VNM"
    assert target["target_met"] == (target["latest_value"] >= 75.0)
    assert len(body["regional"]) == 8
    # every progress family travels with the verdict (snapshot: 70.3 % in 2020, 84.15 % in 2024 (the WDI vintage))
    assert target["cagr_actual"] == pytest.approx((84.15 / 70.3) ** (1 / 4) - 1)
    assert target["cagr_ratio"] == pytest.approx(
        target["cagr_actual"] / ((75 / 70.3) ** (1 / 5) - 1)
    )
    assert target["current_status"] == 10.0 and target["expected_status"] == pytest.approx(8.0)
    assert target["distance_progress"] == 1.0
    assert target["anticipated_category"] == "maintain progress" and target["trend"] == "on track"
    assert target["annual_change"] == pytest.approx((84.15 - 70.3) / 4)
    assert "traffic_light" in target and target["traffic_light"] is None
    trend = next(v for v in body["items"] if v["target_set"] is None)
    assert trend["anticipated_category"] is None and trend["cagr_ratio"] is None
    assert trend["cagr_actual"] == target["cagr_actual"]


def test_openapi_and_local_docs(client: InProcessClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for p in ("plans", "countries", "indicators", "observations", "progress", "index", "releases"):
        assert f"/api/v1/{p}" in paths
    described = paths["/api/v1/progress"]["get"]["description"]
    assert all(m in described for m in ("anticipated_category", "trend", "traffic_light"))
    docs = client.get("/docs").text
    assert "/static/vendor/swagger-ui-dist/swagger-ui-bundle.js" in docs
    assert "cdn.jsdelivr" not in docs and "tiangolo" not in docs


def test_adm2030_index_and_progress_answer_with_unmeasured_focus_areas_named(
    client: InProcessClient,
) -> None:
    """A focus area without indicators is left out of the index as 'not measured yet', with its
    reason in both answers, instead of failing them."""
    plan = next(p for p in builtin_plans() if p.id == "adm2030")
    empty = {o.id for o in plan.outcomes if not o.indicators}
    index = client.get("/api/v1/index?plan=adm2030")
    progress = client.get("/api/v1/progress?plan=adm2030")
    assert index.status_code == 200, index.text
    assert progress.status_code == 200, progress.text
    body = index.json()
    assert set(body["not_measured"]) == empty
    assert set(body["outcomes"]) == {o.id for o in plan.outcomes} - empty
    assert progress.json()["not_measured"] == body["not_measured"]
    assert all(reason.startswith("not measured yet") for reason in body["not_measured"].values())
