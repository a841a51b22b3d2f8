"""The fixed colour scale of the member states and the chart conventions shared by every chart:
whole ranks on rank axes, units stated once."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from admtrack.domain.geography import ASEAN_MEMBERS
from admtrack.reports.charts import (
    MEMBER_COLOURS,
    OTHER_COLOURS,
    country_scale,
    line_chart,
    rank_intervals,
    small_multiples,
    with_unit,
)


def _contrast_on_white(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 1.05 / (luminance + 0.05)


def _colour_of(spec: dict[str, Any], label: str) -> str:
    scale = spec["scale"]
    return str(scale["range"][scale["domain"].index(label)])


def test_eleven_member_states_eleven_distinct_colours_readable_on_white() -> None:
    assert set(MEMBER_COLOURS) == set(ASEAN_MEMBERS) and len(MEMBER_COLOURS) == 11
    assert len(set(MEMBER_COLOURS.values())) == 11
    assert not set(MEMBER_COLOURS.values()) & set(OTHER_COLOURS)
    # WCAG 1.4.11: graphical objects need 3:1 against the background
    assert min(_contrast_on_white(c) for c in MEMBER_COLOURS.values()) >= 3.0


@given(st.lists(st.sampled_from(sorted(MEMBER_COLOURS)), min_size=1, unique=True))
def test_a_state_keeps_its_colour_whoever_else_is_shown(shown: list[str]) -> None:
    rows = [{"country": c, "name": f"State {c}"} for c in shown]
    scale = country_scale(rows)
    assert len(scale["domain"]) == len(shown) == len(scale["range"])
    for c in shown:
        assert scale["range"][scale["domain"].index(f"State {c}")] == MEMBER_COLOURS[c]


def test_comparators_are_grey_and_members_keep_theirs() -> None:
    rows = [{"country": "CHN", "name": "China"}, {"country": "VNM", "name": "Viet Nam"},
            {"country": "WLD", "name": "World"}]  # fmt: skip
    scale = country_scale(rows)
    assert scale["domain"] == ["Viet Nam", "China", "World"]
    assert scale["range"] == [MEMBER_COLOURS["VNM"], OTHER_COLOURS[0], OTHER_COLOURS[1]]


def test_line_chart_and_small_multiples_give_a_state_the_same_colour() -> None:
    line = line_chart(
        [{"country": "THA", "name": "Thailand", "year": 2020, "value": 1.0},
         {"country": "SGP", "name": "Singapore", "year": 2020, "value": 2.0}],
        title="t", unit="%",
    )  # fmt: skip
    multiples = small_multiples(
        [{"indicator": "A", "label": "A", "country": c, "name": n, "year": 2020, "value": 1.0}
         for c, n in (("BRN", "Brunei Darussalam"), ("TLS", "Timor-Leste"), ("THA", "Thailand"))],
        title="t",
    )  # fmt: skip
    line_colour = line["layer"][0]["encoding"]["color"]
    multiples_colour = multiples["spec"]["encoding"]["color"]
    assert "scheme" not in line_colour["scale"] and "scheme" not in multiples_colour["scale"]
    assert _colour_of(line_colour, "Thailand") == _colour_of(multiples_colour, "Thailand")
    assert _colour_of(line_colour, "Thailand") == MEMBER_COLOURS["THA"] == "#0e7c86"


def _rank_rows(*states: str) -> list[dict[str, Any]]:
    return [
        {"name": outcome, "country": s, "state": s, "rank": r, "p05": r, "p95": r + 1.5,
         "median": r}
        for i, s in enumerate(states) for outcome, r in (("DO1", 1 + i), ("DO2", 3 + i))
    ]  # fmt: skip


def test_rank_axes_show_whole_ranks() -> None:
    spec = rank_intervals(_rank_rows("VNM"), title="t")
    for layer in spec["layer"]:
        axis = layer["encoding"]["x"]["axis"]
        assert axis["tickMinStep"] == 1 and axis["format"] == "d"
    assert "yOffset" not in spec["layer"][0]["encoding"]


def test_two_states_sit_side_by_side_in_their_colours() -> None:
    spec = rank_intervals(_rank_rows("VNM", "THA"), title="t")
    point = spec["layer"][1]["encoding"]
    assert point["yOffset"]["field"] == "state" and point["y"]["sort"] is None
    assert _colour_of(point["color"], "THA") == MEMBER_COLOURS["THA"]
    assert _colour_of(point["color"], "VNM") == MEMBER_COLOURS["VNM"]
    assert spec["height"] == 24 * 2 * 2


def test_units_are_stated_once() -> None:
    assert with_unit("Individuals using the Internet (% of population)", "%") == (
        "Individuals using the Internet (% of population)"
    )
    assert with_unit("Secure Internet servers (per 1 million people)", "per million people") == (
        "Secure Internet servers (per 1 million people)"
    )
    assert with_unit("E-Government Development Index", "index 0-1") == (
        "E-Government Development Index (index 0-1)"
    )
    assert with_unit("Fixed broadband subscriptions (per 100 people)", "per 100 people") == (
        "Fixed broadband subscriptions (per 100 people)"
    )
