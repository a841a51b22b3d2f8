"""Every number of the composite index has one route: for ADM2025 on the bundled data, the
composite and every outcome's scores and ranks agree between ``/api/v1/index``, ``admtrack index
build --plan adm2025 --format json``, the country pages and the what-if panel at nominal weights,
and a what-if (DO2 x2, geometric mean) is the engine's geometric mean with the plan's offset."""

from __future__ import annotations

import json
import math
import re
from typing import Any

import pytest
from typer.testing import CliRunner
from webclient import InProcessClient

from admtrack.cli.app import app as cli_app
from admtrack.config import Settings
from admtrack.domain.geography import ASEAN_MEMBERS

TOLERANCE = 1e-9
Table = dict[str, dict[str, tuple[float | None, int | None]]]  # code -> iso3 -> (score, rank)


def _max_difference(a: Table, b: Table) -> float:
    """The largest |score difference| over every code and unit; ranks and gaps must be equal."""
    assert a.keys() == b.keys()
    worst = 0.0
    for code in a:
        assert a[code].keys() == b[code].keys(), code
        for unit, (score, rank) in a[code].items():
            other_score, other_rank = b[code][unit]
            assert rank == other_rank, (code, unit, rank, other_rank)
            assert (score is None) == (other_score is None), (code, unit)
            if score is not None and other_score is not None:
                worst = max(worst, abs(score - other_score))
    return worst


def _ranks_of(scores: dict[str, float | None]) -> dict[str, int | None]:
    """1 = highest, ties share the best rank, missing stays missing."""
    present = [s for s in scores.values() if s is not None]
    return {u: None if s is None else 1 + sum(t > s for t in present) for u, s in scores.items()}


@pytest.fixture(scope="module")
def api(client: InProcessClient) -> dict[str, Any]:
    body: dict[str, Any] = client.get("/api/v1/index").json()
    return body


@pytest.fixture(scope="module")
def api_table(api: dict[str, Any]) -> Table:
    table: Table = {api["index"]: {r["iso3"]: (r["score"], r["rank"]) for r in api["ranking"]}}
    for code, rows in api["outcomes"].items():
        table[code] = {r["iso3"]: (r["score"], r["rank"]) for r in rows}
    return table


@pytest.fixture(scope="module")
def cli_table(web_settings: Settings, api_table: Table) -> Table:
    args = ["index", "build", "--plan", "adm2025", "--format", "json"]
    result = CliRunner().invoke(cli_app, [*args, "--db", web_settings.resolved_database_url])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    table: Table = {}
    for code in api_table:
        scores = {row["uCode"]: row[code] for row in rows}
        ranks = _ranks_of(scores)
        table[code] = {u: (scores[u], ranks[u]) for u in scores}
    return table


def test_the_units_are_the_member_states(api_table: Table) -> None:
    assert set(api_table["ADM2025"]) == set(ASEAN_MEMBERS)
    assert len(api_table) == 9  # the index and DO1-DO8


def test_the_cli_build_agrees_with_the_api(api_table: Table, cli_table: Table) -> None:
    assert _max_difference(api_table, cli_table) <= TOLERANCE
    # the denominated indicator (ICT investment, % of GDP) ranks alike on both routes
    assert cli_table["ADM2025"]["BRN"][1] == api_table["ADM2025"]["BRN"][1]
    assert cli_table["ADM2025"]["IDN"][1] == api_table["ADM2025"]["IDN"][1]


_ROW = re.compile(r'data-code="([^"]+)" data-score="([^"]*)" data-rank="([^"]*)"')


def test_the_country_pages_agree_with_the_api(client: InProcessClient, api_table: Table) -> None:
    pages: Table = {code: {} for code in api_table}
    for iso3 in ASEAN_MEMBERS:
        html = client.get(f"/countries/{iso3}").text
        found = _ROW.findall(html)
        assert len(found) == len(api_table), iso3
        for code, score, rank in found:
            pages[code][iso3] = (float(score) if score else None, int(rank) if rank else None)
    assert _max_difference(api_table, pages) <= TOLERANCE


def test_the_what_if_panel_at_nominal_weights_is_the_index(
    client: InProcessClient, api_table: Table
) -> None:
    body = client.get("/api/v1/index/what-if").json()
    assert body["normalisation"] == "minmax" and body["aggregation"] == "amean"
    panel = {"ADM2025": {r["iso3"]: (r["score"], r["rank"]) for r in body["ranking"]}}
    assert _max_difference({"ADM2025": api_table["ADM2025"]}, panel) <= TOLERANCE
    # a blank weight keeps the nominal one
    blank = client.get("/api/v1/index/what-if?weights=DO2:,DO5:").json()
    assert blank["ranking"] == body["ranking"]


def test_a_geometric_what_if_is_the_engines_mean_with_the_plans_offset(
    client: InProcessClient, api: dict[str, Any], api_table: Table
) -> None:
    """DO2 twice as heavy, geometric mean: exp(sum w ln(s + c) / sum w) - c over the outcomes a
    member state has, c the plan's offset, recomputed here from the API's outcome scores."""
    body = client.get("/api/v1/index/what-if?weights=DO2:2&aggregation=gmean").json()
    offset = api["method"]["gmean_offset"]
    assert body["gmean_offset"] == offset and body["weights"]["DO2"] == 2.0
    threshold = api["method"]["index_dat_thresh"]
    expected: dict[str, float | None] = {}
    for unit in ASEAN_MEMBERS:
        pairs = [(2.0 if o == "DO2" else 1.0, api_table[o][unit][0]) for o in api["outcomes"]]
        have = [(w, s) for w, s in pairs if s is not None]
        if len(have) / len(pairs) < threshold:
            expected[unit] = None
            continue
        total = sum(w for w, _ in have)
        expected[unit] = math.exp(sum(w * math.log(s + offset) for w, s in have) / total) - offset
    server = {r["iso3"]: r["score"] for r in body["ranking"]}
    assert server.keys() == expected.keys()
    worst = max(abs((server[u] or 0.0) - (expected[u] or 0.0)) for u in expected)
    assert all((server[u] is None) == (expected[u] is None) for u in expected)
    assert worst <= TOLERANCE
    assert {r["iso3"]: r["rank"] for r in body["ranking"]} == _ranks_of(server)
    assert server != {u: s for u, (s, _) in api_table["ADM2025"].items()}  # it does move
