"""Verdict reasons in the page's language (/countries, /outcomes, /methodology's worked
examples), and the API's ``lang`` labels on progress, index, what-if and cyber-readiness beside
unchanged English fields."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from babel import Locale
from fastapi import FastAPI
from markupsafe import escape
from webclient import InProcessClient

from admtrack import i18n
from admtrack.services.scoring import PlanResults, reason_label
from admtrack.services.scoring.examples import worked_examples


@pytest.fixture(scope="module")
def results(app: FastAPI) -> PlanResults:
    return app.state.ctx.results()  # type: ignore[no-any-return]


@pytest.fixture
def client(app: FastAPI) -> Iterator[InProcessClient]:
    """A client of its own: a page asked for in another language sets the language cookie,
    which must not reach the other tests' shared client."""
    own = InProcessClient(app)
    yield own
    own.close()


def _thai(message: str) -> str:
    with i18n.using("th"):
        return i18n.gettext(message)


def _quiet(results: PlanResults) -> Any:
    """A member state's outcome with a composite 'no verdict' reason (SGP DO4 on the bundle)."""
    return next(s for s in results.outcome_status if s.summary == "no verdict" and s.missing)


def test_a_country_page_gives_the_reasons_in_its_language(
    client: InProcessClient, results: PlanResults
) -> None:
    s = _quiet(results)
    with i18n.using("th"):
        thai = reason_label(s)
    assert thai != s.reason and _thai("no target and no trend test") in thai
    html = client.get(f"/countries/{s.country}?lang=th").text
    assert str(escape(thai)) in html and str(escape(s.reason)) not in html
    english = client.get(f"/countries/{s.country}?lang=en").text
    assert str(escape(s.reason)) in english


def test_an_outcome_page_gives_the_not_measured_reasons_in_its_language(
    client: InProcessClient, results: PlanResults
) -> None:
    tls = results.status("DO8", "TLS")
    assert tls is not None and tls.summary == "not measured" and tls.reason
    with i18n.using("vi"):
        vietnamese = reason_label(tls)
    assert vietnamese != tls.reason and "chỉ số có dữ liệu" in vietnamese
    html = client.get("/outcomes/DO8?lang=vi").text
    assert str(escape(vietnamese)) in html and str(escape(tls.reason)) not in html


def test_methodology_worked_examples_in_thai_are_the_engines_examples(
    app: FastAPI, client: InProcessClient, results: PlanResults
) -> None:
    ctx = app.state.ctx
    plan = ctx.catalog().plan(results.plan_id)
    observations = [o for obs in ctx.observations(results.release_id).values() for o in obs]
    examples = worked_examples(plan, results, observations)
    html = client.get("/methodology?lang=th").text
    for e in examples:
        with i18n.using("th"):
            thai, rule = e.label(), e.rule_label()
        assert thai != e.text and rule != e.rule
        assert str(escape(thai)) in html and str(escape(rule)) in html, e.rule
        assert str(escape(e.text)) not in html
    ceiling = next(e for e in examples if e.rule == "Ceilings")
    with i18n.using("th"):
        assert _thai("at ceiling") in ceiling.label()
        assert _thai(str(ceiling.numbers["without_rule"])) in ceiling.label()


# --- API -------------------------------------------------------------------------------------


def _without_labels(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if not k.endswith("label") and k != "label_lang"
            and k not in ("outcome_labels", "not_measured_label", "not_ranked_label")}  # fmt: skip


def test_progress_labels_in_thai_beside_the_english(
    app: FastAPI, client: InProcessClient, results: PlanResults
) -> None:
    s = _quiet(results)
    plain = client.get("/api/v1/progress", params={"country": s.country}).json()
    thai = client.get("/api/v1/progress", params={"country": s.country, "lang": "th"}).json()
    assert [_without_labels(r) for r in thai["items"]] == [
        _without_labels(r) for r in plain["items"]
    ]
    assert [_without_labels(r) for r in thai["outcomes"]] == [
        _without_labels(r) for r in plain["outcomes"]
    ]
    row = next(o for o in thai["outcomes"] if o["outcome"] == s.outcome)
    assert (row["summary"], row["reason"]) == ("no verdict", s.reason)
    assert row["summary_label"] == _thai("no verdict") != "no verdict"
    with i18n.using("th"):
        assert row["reason_label"] == reason_label(s)
    th_plan = app.state.ctx.catalog().plan(results.plan_id).translation("th")
    assert row["outcome_label"] == th_plan.outcome_name(s.outcome) and row["label_lang"] == "th"
    assert thai["outcome_labels"][s.outcome] == th_plan.outcome_name(s.outcome)
    verdict = next(v for v in thai["items"] if v["status"] == "on track")
    assert verdict["status_label"] == _thai("on track") and verdict["label_lang"] == "th"
    assert verdict["category_label"] == _thai(verdict["category"])
    english = next(o for o in plain["outcomes"] if o["outcome"] == s.outcome)
    assert english["summary_label"] == "no verdict" and english["label_lang"] == "en"


def test_progress_labels_fall_back_visibly_in_khmer(client: InProcessClient) -> None:
    body = client.get("/api/v1/progress", params={"country": "TLS", "lang": "km"}).json()
    row = next(o for o in body["outcomes"] if o["summary"] == "not measured")
    assert row["summary_label"] == "not measured" and row["label_lang"] == "en"


def test_index_labels_in_thai_beside_the_english(client: InProcessClient) -> None:
    plain = client.get("/api/v1/index").json()
    thai = client.get("/api/v1/index", params={"lang": "th"}).json()
    assert [_without_labels(r) for r in thai["ranking"]] == [
        _without_labels(r) for r in plain["ranking"]
    ]
    do8 = {r["iso3"]: r for r in thai["outcomes"]["DO8"]}["TLS"]
    assert do8["status"] == "not measured" and do8["name"] == "Timor-Leste"
    assert do8["status_label"] == _thai("not measured") != "not measured"
    assert do8["label"] == Locale.parse("th").territories["TL"] and do8["label_lang"] == "th"
    with i18n.using("th"):
        assert do8["reason_label"] == reason_label(do8["reason"]) != do8["reason"]
    gaps = next(g for g in thai["data_gaps"] if g["iso3"] == "TLS")
    assert set(gaps["not_measured_label"]) == set(gaps["not_measured"]) == {"DO8"}
    assert gaps["not_measured_label"]["DO8"] == do8["reason_label"]
    assert thai["what_if"]["ranking"][0]["label"] != thai["what_if"]["ranking"][0]["name"]


def test_what_if_labels_in_thai(client: InProcessClient) -> None:
    plain = client.get("/api/v1/index/what-if", params={"weights": "DO2:2"}).json()
    thai = client.get("/api/v1/index/what-if", params={"weights": "DO2:2", "lang": "th"}).json()
    assert [_without_labels(r) for r in thai["ranking"]] == [
        _without_labels(r) for r in plain["ranking"]
    ]
    vnm = next(r for r in thai["ranking"] if r["iso3"] == "VNM")
    assert vnm["name"] == "Viet Nam" and vnm["label"] == Locale.parse("th").territories["VN"]
    assert next(r for r in plain["ranking"] if r["iso3"] == "VNM")["label"] == "Viet Nam"


def test_cyber_readiness_labels_in_thai(client: InProcessClient) -> None:
    body = client.get("/api/v1/cyber-readiness", params={"lang": "th"}).json()
    overall = next(p for p in body["pillars"] if p["code"] == "GCI.OVERALL")
    assert overall["label"] == "overall score"
    assert overall["translated_label"] == _thai("overall score") != "overall score"
    assert overall["label_lang"] == "th"
    gap = body["law_gaps"][0]
    assert gap["translated_label"] == _thai(gap["label"]) != gap["label"]


@pytest.mark.parametrize(
    "path",
    ["/api/v1/progress", "/api/v1/index", "/api/v1/index/what-if", "/api/v1/cyber-readiness"],
)
def test_an_unknown_language_is_a_problem(client: InProcessClient, path: str) -> None:
    r = client.get(path, params={"lang": "xx"})
    assert r.status_code == 422
    assert r.headers["content-type"].startswith("application/problem+json")
    body = r.json()
    assert body["title"] == "Invalid request" and "lang" in body["detail"]
