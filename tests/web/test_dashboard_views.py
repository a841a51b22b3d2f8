"""The dashboard around the scores, on the bundled data: /outcomes with its plan switch, the
ADM2030 overview and country section, two member states side by side, one colour per state on
every chart, whole-rank axes, 0-1 indices with three decimals, units stated once, the citation
and the revisions between vintages on the indicator page. Every number is checked against the
results the engine computed (``app.state.ctx.results``)."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from webclient import InProcessClient

from admtrack.analytics.progress import STATUSES
from admtrack.domain.geography import ASEAN_MEMBERS
from admtrack.reports.charts import MEMBER_COLOURS
from admtrack.services.revisions import indicator_revisions
from admtrack.services.scoring import PlanResults
from admtrack.web.templating import fmt


@pytest.fixture(scope="module")
def r25(app) -> PlanResults:  # type: ignore[no-untyped-def]
    return app.state.ctx.results("adm2025")  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def r30(app) -> PlanResults:  # type: ignore[no-untyped-def]
    return app.state.ctx.results("adm2030")  # type: ignore[no-any-return]


def _spec(page: str, target: str) -> dict[str, Any]:
    found = re.search(
        rf'<script type="application/json" class="vl-spec" data-target="{target}">(.*?)</script>',
        page, re.S,
    )  # fmt: skip
    assert found is not None, f"no chart {target}"
    return json.loads(found.group(1))  # type: ignore[no-any-return]


def _row(page: str, row_id: str) -> str:
    found = re.search(rf'<tr id="{row_id}"[^>]*>(.*?)</tr>', page, re.S)
    assert found is not None, row_id
    return found.group(0)


def _scale_colour(scale: dict[str, Any], label: str) -> str:
    return str(scale["range"][scale["domain"].index(label)])


def test_navigation_has_outcomes_and_adm2030(client: InProcessClient) -> None:
    page = client.get("/").text
    nav = page[page.index('<nav aria-label="Main">') : page.index("</nav>")]
    assert '<a href="/outcomes">Outcomes</a>' in nav
    assert '<a href="/plans/adm2030">ADM2030</a>' in nav


def test_outcomes_lists_the_eight_desired_outcomes(
    client: InProcessClient, r25: PlanResults
) -> None:
    response = client.get("/outcomes")
    assert response.status_code == 200
    page = response.text
    rows = re.findall(r'<tr id="row-(DO\d)"', page)
    assert rows == [f"DO{i}" for i in range(1, 9)]
    regional = {r.outcome: r for r in r25.regional}
    for code in rows:
        row = _row(page, f"row-{code}")
        assert f'href="/outcomes/{code}"' in row
        counts = [int(n) for n in re.findall(r"</span> (\d+)", row)]
        reg = regional[code]
        # every status with a member state in it, in the engine's order
        shown = [getattr(reg, s.replace(" ", "_")) for s in STATUSES]
        assert counts == [n for n in shown if n] and sum(counts) == reg.total
        assert f'<td class="num">{r25.n_ranked(code)}</td>' in row
    assert '<option value="adm2025" selected>' in page


def test_outcomes_switch_to_adm2030_focus_areas(client: InProcessClient, r30: PlanResults) -> None:
    page = client.get("/outcomes?plan=adm2030").text
    assert re.findall(r'<tr id="row-(FA\d)"', page) == [f"FA{i}" for i in range(1, 9)]
    assert '<option value="adm2030" selected>' in page
    assert 'href="/outcomes/FA1?plan=adm2030"' in page
    fa8 = _row(page, "row-FA8")
    assert "FA8" in r30.not_measured and "not measured yet" in fa8
    assert client.get("/outcomes?plan=adm2099").status_code == 404


def test_adm2030_focus_area_pages(client: InProcessClient, r30: PlanResults) -> None:
    empty = client.get("/outcomes/FA8?plan=adm2030")
    assert empty.status_code == 200
    assert 'id="not-measured"' in empty.text and 'id="ranking-table"' not in empty.text
    page = client.get("/outcomes/FA1?plan=adm2030").text
    table = page[
        page.index('id="ranking-table"') : page.index("</table>", page.index('id="ranking-table"'))
    ]
    for unit in r30.units:
        score = r30.score("FA1", unit)
        assert f'href="/countries/{unit}"' in table and fmt(score) in table
    assert 'href="/outcomes/FA2?plan=adm2030"' in page
    assert client.get("/outcomes/DO1?plan=adm2030").status_code == 404


def test_adm2030_overview_shows_index_focus_areas_and_baseline(
    client: InProcessClient, r30: PlanResults
) -> None:
    response = client.get("/plans/adm2030")
    assert response.status_code == 200
    page = response.text
    for unit in r30.units:
        row = re.search(rf'<tr data-iso3="{unit}" data-score="([^"]*)" data-rank="([^"]*)">', page)
        assert row is not None
        assert float(row.group(1)) == r30.score(r30.index_code, unit)
        assert int(row.group(2)) == r30.rank(r30.index_code, unit)
    cards = re.findall(r'<article class="card" data-code="(FA\d)">', page)
    assert cards == [f"FA{i}" for i in range(1, 9)]
    assert "not measured yet" in page[page.index('data-code="FA8"') :]
    # baseline values: the verdicts' baseline where there is one, else the latest value
    checked = 0
    for v in r30.verdicts:
        if v.baseline_value is None:
            continue
        cell = re.search(
            rf'<tr data-code="{re.escape(v.indicator)}">.*?<td class="num" data-iso3="{v.country}" '
            r'data-value="([^"]*)">', page, re.S,
        )  # fmt: skip
        assert cell is not None and float(cell.group(1)) == v.baseline_value
        checked += 1
    assert checked > 100
    # ADM2030 sets no numeric target in the bundled plan: said, not drawn
    assert not [v for v in r30.verdicts if v.target_set] and 'id="no-targets"' in page
    assert _spec(page, "plan-rank-chart")["layer"][0]["encoding"]["x"]["axis"]["tickMinStep"] == 1


def test_adm2025_overview_draws_the_path_to_its_targets(
    client: InProcessClient, r25: PlanResults
) -> None:
    page = client.get("/plans/adm2025").text
    targeted = [v for v in r25.verdicts if v.target_set]
    assert targeted
    table = page[
        page.index('id="path-table"') : page.index("</table>", page.index('id="path-table"'))
    ]
    assert table.count('<tr><th scope="row">') == len(targeted)


def test_country_page_compares_two_member_states(client: InProcessClient, r25: PlanResults) -> None:
    plain = client.get("/countries/VNM").text
    form = plain[plain.index('<form method="get" class="inline" id="compare-form"') :]
    form = form[: form.index("</form>")]
    members = re.search(r"<optgroup label=\"Member states\">(.*?)</optgroup>", form, re.S)
    assert members is not None
    offered = re.findall(r'<option value="([A-Z]{3})"', members.group(1))
    assert sorted(offered) == sorted(set(ASEAN_MEMBERS) - {"VNM"})
    assert '<button type="submit">Compare</button>' in form and "hidden" not in form

    page = client.get("/countries/VNM?compare=THA").text
    assert '<option value="THA" selected>' in page
    for o in r25.outcomes:
        row = _row(page, f"outcome-{o}")
        score = re.search(r'data-iso3="THA" data-score="([^"]*)"', row)
        rank = re.search(r'class="num compared" data-rank="([^"]*)"', row)
        assert score is not None and rank is not None
        assert (float(score.group(1)) if score.group(1) else None) == r25.score(o, "THA")
        assert (int(rank.group(1)) if rank.group(1) else None) == r25.rank(o, "THA")
    spec = _spec(page, "rank-chart")
    shown = {(r["name"], r["country"]): r["rank"] for r in spec["data"]["values"]}
    for o in r25.outcomes:
        for state in ("VNM", "THA"):
            if r25.rank(o, state) is not None and r25.interval(o, state) is not None:
                assert shown[(o, state)] == r25.rank(o, state)
    point = spec["layer"][1]["encoding"]
    assert point["yOffset"]["field"] == "state"
    assert _scale_colour(point["color"]["scale"], "Thailand") == MEMBER_COLOURS["THA"]
    # the indicator table has Thailand's latest values beside Viet Nam's
    table = page[page.index('id="indicator-table"') :]
    assert '<th scope="col" class="num">Thailand</th>' in table
    assert page.count('data-iso3="THA"') > len(r25.outcomes)


def test_country_page_has_its_adm2030_section(client: InProcessClient, r30: PlanResults) -> None:
    page = client.get("/countries/VNM").text
    section = page[page.index('<section aria-labelledby="adm2030-h" id="adm2030">') :]
    section = section[: section.index("</section>")]
    lead = re.search(r'<p id="next-plan-lead" data-score="([^"]*)"', section)
    assert lead is not None and float(lead.group(1)) == r30.score(r30.index_code, "VNM")
    rows = dict(re.findall(r'<tr data-code="(FA\d)" data-score="([^"]*)">', section))
    assert sorted(rows) == [f"FA{i}" for i in range(1, 9)]
    for code, score in rows.items():
        if code in r30.not_measured:
            assert score == ""
        else:
            assert float(score) == r30.score(code, "VNM")
    assert "not measured yet" in section and 'href="/plans/adm2030"' in section


def test_a_state_has_one_colour_on_every_chart(client: InProcessClient) -> None:
    line = _spec(client.get("/indicators/IT.NET.USER.ZS").text, "line-chart")
    line_scale = line["layer"][0]["encoding"]["color"]["scale"]
    multiples = _spec(client.get("/outcomes/DO1").text, "multiples")
    multiples_scale = multiples["spec"]["encoding"]["color"]["scale"]
    ranks = _spec(client.get("/outcomes/DO5").text, "rank-chart")
    rank_scale = ranks["layer"][1]["encoding"]["color"]["scale"]
    assert len(line_scale["domain"]) == 11 and len(set(line_scale["range"])) == 11
    for name in line_scale["domain"]:
        colour = _scale_colour(line_scale, name)
        assert _scale_colour(multiples_scale, name) == colour
        if name in rank_scale["domain"]:
            assert _scale_colour(rank_scale, name) == colour
    assert _scale_colour(line_scale, "Viet Nam") == MEMBER_COLOURS["VNM"]


def test_indices_on_a_zero_to_one_scale_show_three_decimals(
    client: InProcessClient, r25: PlanResults
) -> None:
    page = client.get("/indicators/EGOV.EGDI?tab=table").text
    for unit in r25.units:
        lv = r25.latest_value("EGOV.EGDI", unit)
        assert lv is not None
        row = re.search(rf'<tr data-iso3="{unit}">(.*?)</tr>', page, re.S)
        assert row is not None and f'<td class="num">{lv.value:.3f}</td>' in row.group(1)
    home = client.get("/?show=EGOV.EGDI").text
    table = home[home.index('id="map-table"') :]
    for unit in r25.units:
        lv = r25.latest_value("EGOV.EGDI", unit)
        assert lv is not None and f'<td class="num">{lv.value:.3f}</td>' in table


def test_units_are_not_repeated(client: InProcessClient) -> None:
    page = client.get("/outcomes/DO2").text
    labels = {r["label"] for r in _spec(page, "multiples")["data"]["values"]}
    assert "Fixed broadband subscriptions (per 100 people)" in labels
    assert not [label for label in labels if "(%) (%)" in label or ") (per" in label]
    assert '(per 100 people)</a> <span class="muted">(per 100 people)' not in page
    home = client.get("/?show=IT.NET.USER.ZS").text
    assert "<caption>Individuals using the Internet (% of population)</caption>" in home


def test_citation_names_the_release_once(client: InProcessClient, r25: PlanResults) -> None:
    page = client.get("/indicators/IT.NET.USER.ZS").text
    cite = re.search(r"<p><strong>Cite as:</strong>(.*?)</p>", page, re.S)
    assert cite is not None and cite.group(1).count(r25.release_id) == 1


def test_indicator_page_shows_revisions_between_vintages(client: InProcessClient) -> None:
    page = client.get("/indicators/IT.NET.USER.ZS").text
    expected = [r for r in indicator_revisions("IT.NET.USER.ZS", tolerance=0.05)
                if r.country in ASEAN_MEMBERS]  # fmt: skip
    assert expected, "the bundled data revise internet use between the OWID and WDI copies"
    shown = re.findall(
        r'<tr data-iso3="([A-Z]{3})" data-year="(\d{4})" data-change="([^"]+)">', page
    )
    assert [(c, int(y), float(d)) for c, y, d in shown] == [
        (r.country, r.year, r.change) for r in expected
    ]
    assert f"changed <strong>{len(expected)}</strong> values" in page
    # one country: only its revisions; a series with one vintage says so
    tha = client.get("/indicators/IT.NET.USER.ZS?country=THA").text
    assert set(re.findall(r'<tr data-iso3="([A-Z]{3})" data-year=', tha)) <= {"THA"}
    single = client.get("/indicators/EGOV.EGDI").text
    assert 'id="no-revisions"' in single and "revisions-table" not in single
