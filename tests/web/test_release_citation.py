"""The release scenario end to end, on SQLite and PostgreSQL, through the routes users take: a
focal point files a revision of a value of R1 (the bundled release), the secretariat approves it
with a comment (the value waits in a draft), then publishes the draft on the desk as R2. R1's
permalink, ``?release=R1``, ``?as_of=``, the CLI and R1's bundle still show the old number; the
store refuses any write into R1; ``releases diff`` and R2's changelog give the revision and the
review's reason; R2's bundle validates with frictionless-py and reads back with sdmx1."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa
from deskkit import DeskClient, csv_upload, database_url, desk_app, prepare
from fastapi import FastAPI
from frictionless import validate
from markupsafe import escape
from typer.testing import CliRunner

from admtrack.cli.app import app as cli
from admtrack.domain.observations import Observation
from admtrack.errors import ValidationError
from admtrack.services import releases
from admtrack.services.releases.bundle_sdmx import read_sdmx_values
from admtrack.services.setup import BUNDLED_RELEASE
from admtrack.store import Store, create_engine_for
from admtrack.store.immutability import is_immutability_error
from admtrack.store.tables import observations
from admtrack.web.page_cache import HEADER
from admtrack.web.templating import fmt

R1 = BUNDLED_RELEASE.id
KEY = ("IT.NET.USER.ZS", "VNM", 2023)
COMMENT = "confirmed by the regulator's annual report"
PUBLISHED_ON = "2026-12-15"
runner = CliRunner()


@dataclass
class Scenario:
    url: str
    app: FastAPI
    public: DeskClient
    old: float
    revised: float
    r2: str
    sid: int
    data_dir: Path


def _value(client: DeskClient, query: str) -> tuple[str, float]:
    answer = client.get(
        f"/api/v1/observations?indicator={KEY[0]}&country={KEY[1]}&year_from={KEY[2]}"
        f"&year_to={KEY[2]}{query}"
    )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    (item,) = body["items"]
    return body["release"], item["value"]


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def scenario(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Scenario]:
    tmp = tmp_path_factory.mktemp(f"citation-{request.param}")
    with database_url(request.param, tmp) as url:
        prepare(url).dispose()
        app = desk_app(url, tmp)
        public, fp, sec = DeskClient(app), DeskClient(app), DeskClient(app)
        try:
            assert fp.sign_in("fp_vnm").status_code == 303
            assert sec.sign_in("sec1").status_code == 303
            token = {"authorization": f"Bearer {fp.new_token()}"}
            reviewer = {"authorization": f"Bearer {sec.new_token()}"}
            _, old = _value(public, "")
            revised = round(old + 1.25, 2)
            filed = public.post(
                "/api/v1/submissions",
                files=csv_upload([f"VNM,{KEY[0]},{KEY[2]},{revised},,Ministry survey 2023,"]),
                headers=token,
            )
            assert filed.status_code == 201, filed.text
            sid, version = filed.json()["id"], filed.json()["version"]
            decision = {"action": "approve", "comment": COMMENT}
            approved = public.post(
                f"/api/v1/submissions/{sid}/decisions",
                json={"version": version, "decisions": [decision]},
                headers=reviewer,
            )
            assert approved.status_code == 200, approved.text
            assert _value(public, "") == (R1, old)  # approved is not yet published
            listing = sec.get("/submissions/releases").text
            found = re.search(r'href="/submissions/releases/([^"]+)"', listing)
            assert found is not None, listing
            r2 = found.group(1)
            draft_page = sec.get(f"/submissions/releases/{r2}").text
            assert str(escape(COMMENT)) in draft_page and 'id="publish-form"' in draft_page
            published = sec.post(
                f"/submissions/releases/{r2}/publish",
                data={"csrf_token": sec.csrf, "on": PUBLISHED_ON},
            )
            assert published.status_code == 303, published.text
            yield Scenario(url, app, public, old, revised, r2, sid, tmp)
        finally:
            for c in (public, fp, sec):
                c.close()
            app.state.desk.engine.dispose()


def test_r1s_numbers_stay_on_its_permalink_the_api_and_as_of(scenario: Scenario) -> None:
    s = scenario
    assert _value(s.public, "") == (s.r2, s.revised)
    assert _value(s.public, f"&release={R1}") == (R1, s.old)
    assert _value(s.public, "&as_of=2026-12-14") == (R1, s.old)
    assert _value(s.public, f"&as_of={PUBLISHED_ON}") == (s.r2, s.revised)
    page = f"/indicators/{KEY[0]}?tab=table&country={KEY[1]}"
    latest = s.public.get(page).text
    assert f'<td class="num">{fmt(s.revised)}</td>' in latest
    assert 'id="release-banner"' not in latest
    permalink = re.search(r'<a id="permalink" href="([^"]+)"', latest)
    assert permalink is not None
    assert permalink.group(1).replace("&amp;", "&").endswith(f"&release={s.r2}")
    r1_link = f"{page}&release={R1}"
    older = s.public.get(r1_link).text
    assert f'<td class="num">{fmt(s.old)}</td>' in older
    assert f'<td class="num">{fmt(s.revised)}</td>' not in older
    banner = re.search(r'<p class="banner older-release"[^>]*>(.*?)</p>', older, re.S)
    assert banner is not None
    assert f"You are viewing release {R1} of 2026-11-29; the latest is {s.r2}." in banner.group(1)
    assert f'href="{page.replace("&", "&amp;")}"' in banner.group(1)  # the latest, unpinned
    cite = re.search(r'<q id="cite-as">([^<]+)</q>', older)
    assert cite is not None and f"data release {R1}, published 2026-11-29" in cite.group(1)
    assert f"release={R1}" in cite.group(1)
    assert f"release={R1}" in re.findall(r'id="download-full" href="([^"]+)"', older)[0]
    csv_rows = s.public.get(f"/api/v1/observations?indicator={KEY[0]}&format=csv&release={R1}")
    assert f"{KEY[0]},VNM,2023,{s.old}," in csv_rows.text
    assert f'filename="observations-{R1}.csv"' in csv_rows.headers["content-disposition"]


def test_the_dashboard_picks_a_release_without_javascript(scenario: Scenario) -> None:
    s = scenario
    home = s.public.get("/").text
    form = re.search(
        r'<form method="get" action="/"[^>]*id="release-picker">(.*?)</form>', home, re.S
    )
    assert form is not None
    options = re.findall(r'<option value="([^"]+)"( selected)?', form.group(1))
    assert options == [(s.r2, " selected"), (R1, "")]
    pinned = s.public.get(f"/?release={R1}").text
    assert re.search(rf'<option value="{R1}" selected', pinned)
    assert 'id="release-banner"' in pinned and 'id="release-banner"' not in home
    assert f"/reports/adm2025/end-of-term.pdf?release={R1}" in pinned
    # the page cache keys on the release: each address is built once and kept apart
    first, again = s.public.get(f"/?release={R1}"), s.public.get(f"/?release={R1}")
    assert (first.headers[HEADER], again.headers[HEADER]) == ("hit", "hit")  # built above
    dated = s.public.get("/?as_of=2026-12-01")
    assert dated.headers[HEADER] == "miss" and 'id="release-banner"' in dated.text
    assert s.public.get("/").headers[HEADER] == "hit" and "release-banner" not in home
    embed = s.public.get("/embed/map-index?as_of=2026-12-01")
    assert (
        embed.status_code == 307 and embed.headers["location"] == f"/embed/map-index?release={R1}"
    )


def test_unknown_releases_and_bad_dates_name_the_parameter(scenario: Scenario) -> None:
    s = scenario
    for path in ("/", "/countries/VNM", f"/indicators/{KEY[0]}", "/api/v1/index"):
        missing = s.public.get(f"{path}?release=R9")
        assert missing.status_code == 404 and "?release=R9" in missing.text, path
        early = s.public.get(f"{path}?as_of=2020-01-01")
        assert early.status_code == 404 and "?as_of=2020-01-01" in early.text, path
        bad = s.public.get(f"{path}?as_of=2026-02-30")
        assert bad.status_code == 422 and "as_of" in bad.text, path
        both = s.public.get(f"{path}?release={R1}&as_of=2026-12-01")
        assert both.status_code == 422 and "either release or as_of" in both.text, path


def test_the_cli_and_r1s_bundle_show_r1_unchanged(scenario: Scenario) -> None:
    s = scenario
    base = ["data", "observations", "--indicator", KEY[0], "--country", "VNM", "--from", "2023",
            "--to", "2023", "--db", s.url, "--format", "json"]  # fmt: skip
    for extra, expected in (
        (["--release", R1], (s.old, R1)),
        (["--as-of", "2026-12-14"], (s.old, R1)),
        (["--release", s.r2], (s.revised, s.r2)),
    ):
        shown = runner.invoke(cli, [*base, *extra])
        assert shown.exit_code == 0, shown.output
        ((row),) = json.loads(shown.output)
        assert (row["value"], row["release"]) == expected, extra
    bad = runner.invoke(cli, [*base, "--as-of", "soon"])
    assert bad.exit_code == 2 and "'soon' is not a date" in bad.output
    served = s.public.get(f"/data/releases/{R1}/data/observations.csv")
    assert served.status_code == 200
    values = {
        (r["indicator"], r["country"], int(r["year"])): float(r["value"])
        for r in csv.DictReader(io.StringIO(served.text))
    }
    assert values[KEY] == s.old
    engine = create_engine_for(s.url)
    try:
        with Store(engine).reader() as r:
            assert values == {o.key: o.value for o in r.observations(as_of=R1)}
    finally:
        engine.dispose()


def test_the_store_refuses_any_write_into_r1(scenario: Scenario) -> None:
    engine = create_engine_for(scenario.url)
    try:
        with pytest.raises(ValidationError, match="immutable"):
            releases.stage_values(engine, R1, [Observation(*KEY, 1.0, source="x")])
        for statement in (
            sa.update(observations).where(observations.c.release == R1).values(value=0.0),
            sa.delete(observations).where(observations.c.release == R1),
        ):
            with pytest.raises(sa.exc.DBAPIError) as caught, engine.begin() as connection:
                connection.execute(statement)
            assert is_immutability_error(caught.value)
        with pytest.raises(ValidationError, match="already published"):
            releases.publish(engine, R1)
        with Store(engine).reader() as r:
            assert {o.key: o.value for o in r.observations(as_of=R1)}[KEY] == scenario.old
    finally:
        engine.dispose()


def test_diff_and_changelog_show_the_revision_and_its_reason(scenario: Scenario) -> None:
    s = scenario
    reason = f"approved in review of national submission {s.sid} (Viet Nam): {COMMENT}"
    diff = runner.invoke(cli, ["releases", "diff", R1, s.r2, "--db", s.url, "--format", "json"])
    assert diff.exit_code == 0, diff.output
    assert json.loads(diff.output) == [{
        "change": "revised", "indicator": KEY[0], "country": "VNM", "year": 2023,
        "old_value": s.old, "new_value": s.revised, "old_release": R1, "new_release": s.r2,
        "reason": reason,
    }]  # fmt: skip
    page = s.public.get(f"/releases/{s.r2}").text
    assert str(escape(reason)) in page and str(s.revised) in page


def test_r2s_bundle_validates_and_reads_back_with_sdmx1(scenario: Scenario) -> None:
    s = scenario
    folder = s.data_dir / "releases" / s.r2  # written at publication
    assert releases.verify_bundle(folder) == []
    report = validate(str(folder / "datapackage.json"))
    assert report.valid and report.stats["errors"] == 0, report.flatten(["note"])[:5]
    back = read_sdmx_values(
        (folder / "sdmx" / "structure.xml").read_bytes(),
        (folder / "sdmx" / "data.csv").read_bytes(),
        s.r2,
    )
    engine = create_engine_for(s.url)
    try:
        with Store(engine).reader() as r:
            view = {o.key: o.value for o in r.observations(as_of=s.r2)}
    finally:
        engine.dispose()
    assert back == view and back[KEY] == s.revised
