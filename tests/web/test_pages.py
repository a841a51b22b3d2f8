"""Pages in-process: status, key elements, and numbers that match the cached results."""

from __future__ import annotations

import csv
import io
import json
import re
import socket
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

import frictionless
import pytest
from webclient import InProcessClient

from admtrack.services.scoring import PlanResults, Verdict
from admtrack.web.templating import fmt

PAGES = [
    "/", "/?show=IT.NET.USER.ZS", "/countries", "/countries/VNM", "/countries/SGP",
    "/outcomes/DO5", "/indicators", "/indicators/IT.NET.USER.ZS", "/index", "/data",
    "/methodology",
]  # fmt: skip


@pytest.fixture(scope="module")
def results(app) -> PlanResults:  # type: ignore[no-untyped-def]
    return app.state.ctx.results()  # type: ignore[no-any-return]


@pytest.mark.parametrize("url", PAGES)
def test_page_renders_without_external_resources(client: InProcessClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200
    html = response.text
    assert '<main id="main">' in html
    # every script and stylesheet is served by admtrack itself
    sources = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
    assert sources, "every page loads admtrack's stylesheet"
    assert [s for s in sources if not s.startswith("/")] == []


def test_home_map_and_outcome_cards(client: InProcessClient, results: PlanResults) -> None:
    html = client.get("/").text
    assert 'id="map"' in html and "/api/v1/geo/asean" in html
    assert html.count('class="card"') == 8
    for code in results.units:
        assert f'href="/countries/{code}"' in html
    do5 = next(r for r in results.regional if r.outcome == "DO5")
    assert f"<dd>{do5.on_track}</dd>" in html


def test_country_page_shows_engine_rank_and_interval(
    client: InProcessClient, results: PlanResults
) -> None:
    html = client.get("/countries/VNM").text
    row = re.search(r'<tr id="outcome-DO5"[^>]*>(.*?)</tr>', html, re.S)
    assert row is not None
    band = results.interval("DO5", "VNM")
    assert band is not None
    assert f"{results.rank('DO5', 'VNM')} of {results.n_ranked('DO5')}" in row.group(1)
    assert f"{fmt(band.p05, 0)}–{fmt(band.p95, 0)}" in row.group(1)
    assert fmt(results.score("DO5", "VNM")) in row.group(1)
    assert "Data gaps" in html and "Enabling actions" in html


def test_indicator_table_answers_who_reached_75_percent(
    client: InProcessClient, results: PlanResults
) -> None:
    html = client.get("/indicators/IT.NET.USER.ZS?tab=table").text
    assert 'id="panel-table" aria-labelledby="tab-table" >' in html  # the tab asked for is open
    assert 'id="panel-line" aria-labelledby="tab-line" hidden' in html
    assert "Reached 75%?" in html
    reached = set(
        re.findall(
            r'<tr data-iso3="(\w{3})">(?:(?!</tr>).)*<td class="reached"><strong>yes', html, re.S
        )
    )
    expected = {
        u for u in results.units
        if (lv := results.latest_value("IT.NET.USER.ZS", u)) is not None and lv.value >= 75.0
    }  # fmt: skip
    assert reached == expected and "VNM" in reached
    assert "CC BY 4.0" in html and "download-shown" in html


def test_indicator_state_lives_in_the_url(client: InProcessClient) -> None:
    html = client.get("/indicators/IT.NET.USER.ZS?tab=map&country=VNM&country=THA&from=2010").text
    assert 'id="panel-map" aria-labelledby="tab-map" >' in html
    assert 'id="panel-line" aria-labelledby="tab-line" hidden' in html
    assert "year_from=2010" in html and "country=VNM%2CTHA" in html
    assert 'href="?tab=table&amp;country=VNM&amp;country=THA&amp;from=2010"' in html


def test_index_weights_form_works_without_javascript(
    client: InProcessClient, results: PlanResults
) -> None:
    html = client.get("/index?w_DO2=2&w_DO3=").text
    assert 'name="w_DO2" min="0" max="10" step="0.5" placeholder="1" value="2"' in html
    # a blank field keeps the nominal weight, shown as its placeholder
    assert 'name="w_DO3" min="0" max="10" step="0.5" placeholder="1" value=""' in html
    assert "Cronbach" in html and 'id="corr-table"' in html
    nominal = client.get("/index").text
    assert "Same ranking as the nominal index." in nominal


def test_datapackage_describes_fields_sources_and_licences(client: InProcessClient) -> None:
    package = client.get("/data/datapackage.json").json()
    resource = package["resources"][0]
    names = [f["name"] for f in resource["schema"]["fields"]]
    assert {"indicator", "country", "year", "value", "licence", "source"} <= set(names)
    assert all(f["description"] for f in resource["schema"]["fields"])
    rows = csv.DictReader(io.StringIO(client.get(urlsplit(resource["path"]).path).text))
    used = {row["source"] for row in rows}
    bundled = json.loads((resources.files("admtrack.data") / "sources.json").read_text())
    assert {lic["name"] for lic in package["licenses"]} == {bundled[s]["licence"] for s in used}
    assert sorted(s["path"] for s in package["sources"]) == sorted(bundled[s]["url"] for s in used)


def _refuse_connections(*_: object, **__: object) -> None:
    raise OSError("no network in this test: the validation must work offline")


def test_datapackage_is_valid_for_frictionless(
    client: InProcessClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The package as served, with its CSV beside it, passes frictionless-py with no error
    (descriptor profile, field types, primary key), offline."""
    package = client.get("/data/datapackage.json").json()
    (resource,) = package["resources"]
    data = client.get(urlsplit(resource["path"]).path)
    assert data.status_code == 200
    (tmp_path / "observations.csv").write_bytes(data.content)
    local = package | {"resources": [resource | {"path": "observations.csv"}]}
    (tmp_path / "datapackage.json").write_text(json.dumps(local), encoding="utf-8")
    with monkeypatch.context() as offline:
        offline.setattr(socket.socket, "connect", _refuse_connections)
        report = frictionless.validate(str(tmp_path / "datapackage.json"))
    problems = report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert report.stats["errors"] == 0 and report.valid, problems[:20]
    (task,) = report.tasks
    assert task.stats["rows"] == len(list(csv.DictReader(io.StringIO(data.text)))) > 1000


def test_unknown_pages_explain_the_problem(client: InProcessClient) -> None:
    response = client.get("/countries/XXX")
    assert response.status_code == 404 and "no country" in response.text


def _targeted(results: PlanResults, code: str, iso3: str) -> Verdict:
    return next(v for v in results.verdicts_for(indicator=code, country=iso3) if v.target_set)


def _trend_label(v: Verdict) -> str:
    arrows = {"on track": "↑", "moderately improving": "↗", "stagnating": "→", "decreasing": "↓"}
    return f'<span aria-hidden="true">{arrows[v.trend]} </span>{v.trend}' if v.trend else ""


def test_country_page_shows_escap_outlook_and_sdsn_trend_beside_the_verdict(
    client: InProcessClient, results: PlanResults
) -> None:
    html = client.get("/countries/VNM").text
    row = re.search(r'href="/indicators/IT.NET.USER.ZS\?country=VNM">.*?</tr>', html, re.S)
    assert row is not None
    v = _targeted(results, "IT.NET.USER.ZS", "VNM")
    assert v.anticipated_category and v.trend
    families = re.search(r'<div class="families">(.*?)</div>', row.group(0), re.S)
    assert families is not None
    assert f'outlook">{v.anticipated_category}</span>' in families.group(1)
    assert _trend_label(v) in families.group(1)
    assert 'class="muted legend"' in html and "/methodology#progress" in html


def test_outcome_page_has_outlook_and_trend_columns_where_targets_exist(
    client: InProcessClient, results: PlanResults
) -> None:
    html = client.get("/outcomes/DO8").text
    table = re.search(r'<h3 id="IT.NET.USER.ZS">.*?</table>', html, re.S)
    assert table is not None
    assert '<th scope="col">Outlook (ESCAP)</th><th scope="col">Trend (SDSN)</th>' in table.group(0)
    for unit in results.units:
        row = re.search(rf'href="/countries/{unit}">.*?</tr>', table.group(0), re.S)
        assert row is not None
        v = _targeted(results, "IT.NET.USER.ZS", unit)
        cells = re.findall(r"<td>(.*?)</td>", row.group(0), re.S)
        assert v.anticipated_category is not None and v.anticipated_category in cells[-2]
        assert _trend_label(v) in cells[-1]
    # indicators without a target (all of DO5's) get no empty columns
    assert not any(
        v.target_set for i in ("EGOV.EGDI", "EGOV.OSI") for v in results.verdicts_for(indicator=i)
    )
    assert "Outlook (ESCAP)" not in client.get("/outcomes/DO5").text


def test_indicator_table_shows_every_family_per_member_state(
    client: InProcessClient, results: PlanResults
) -> None:
    html = client.get("/indicators/IT.NET.USER.ZS?tab=table").text
    outlooks = dict(
        re.findall(r'<tr data-iso3="(\w{3})">(?:(?!</tr>).)*?outlook">([^<]+)</span>', html, re.S)
    )
    expected = {
        u: _targeted(results, "IT.NET.USER.ZS", u).anticipated_category for u in results.units
    }
    assert outlooks == expected
    trends = dict(
        re.findall(
            r'<tr data-iso3="(\w{3})">(?:(?!</tr>).)*?</span>([^<]+)</span></div></td></tr>',
            html,
            re.S,
        )
    )
    assert trends == {u: _targeted(results, "IT.NET.USER.ZS", u).trend for u in results.units}
