"""The API keeps codes and English names; ``lang`` adds labels in that language."""

from __future__ import annotations

from babel import Locale
from fastapi import FastAPI
from webclient import InProcessClient


def test_country_labels_come_from_cldr(client: InProcessClient) -> None:
    plain = client.get("/api/v1/countries/VNM").json()
    assert plain["name"] == plain["label"] == "Viet Nam" and plain["label_lang"] == "en"
    assert plain["label_source"] is None
    thai = client.get("/api/v1/countries/VNM?lang=th").json()
    assert thai["name"] == "Viet Nam" and thai["iso3"] == "VNM"
    assert thai["label"] == Locale.parse("th").territories["VN"]
    assert (thai["label_lang"], thai["label_source"]) == ("th", "CLDR")
    burmese = client.get("/api/v1/countries?asean=true&lang=my").json()["items"]
    assert {c["iso3"]: c["label"] for c in burmese}["MMR"] == Locale.parse("my").territories["MM"]
    aggregate = client.get("/api/v1/countries/EAS?lang=th").json()
    assert aggregate["label"] == aggregate["name"] and aggregate["label_lang"] == "en"


def test_plan_labels_are_admtracks_translation(client: InProcessClient, app: FastAPI) -> None:
    plan = app.state.ctx.catalog().plan("adm2025")
    vi = plan.translation("vi")
    body = client.get("/api/v1/plans/adm2025?lang=vi").json()
    assert body["name"] == plan.name and body["label"] == vi.name
    do2 = next(o for o in body["outcomes"] if o["id"] == "DO2")
    assert do2["name"] == plan.outcome("DO2").name and do2["label"] == vi.outcome_name("DO2")
    assert (do2["label_lang"], do2["label_source"]) == ("vi", "admtrack")
    ind = client.get("/api/v1/indicators/IT.NET.USER.ZS?lang=vi").json()
    assert ind["label"] == vi.indicator_name("IT.NET.USER.ZS") and ind["label_lang"] == "vi"


def test_a_language_without_plan_texts_falls_back_visibly(client: InProcessClient) -> None:
    ind = client.get("/api/v1/indicators/IT.NET.USER.ZS?lang=km").json()
    assert ind["label"] == ind["name"] and ind["label_lang"] == "en"
    assert ind["label_source"] is None


def test_an_unknown_language_is_a_problem(client: InProcessClient) -> None:
    r = client.get("/api/v1/countries/VNM?lang=fr")
    assert r.status_code == 422 and r.headers["content-type"].startswith("application/problem+json")
    assert "lang" in r.json()["detail"]
