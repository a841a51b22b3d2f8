from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from admtrack.cli.index_analysis import register

IMETA = """Level,iCode,iName,Direction,Weight,Unit,Target,Denominator,Parent,Type
1,a,A,1,1,,,,P1,Indicator
1,b,B,1,1,,,,P1,Indicator
1,c,C,-1,1,,,,P2,Indicator
1,d,D,1,1,,,,P2,Indicator
2,P1,Pillar 1,1,1,,,,Index,Aggregate
2,P2,Pillar 2,1,1,,,,Index,Aggregate
3,Index,Index,1,1,,,,,Aggregate
"""
IDATA = """uCode,uName,a,b,c,d
U1,One,1,2,9,4
U2,Two,2,4,7,1
U3,Three,3,5,8,6
U4,Four,4,9,2,3
U5,Five,5,9.5,1,8
U6,Six,6,12,3,5
"""
SPEC = """name: toy
stages:
  - stage: normalise
    method: minmax
    params: {l_u: [0, 100]}
  - stage: aggregate
    default: {method: amean}
"""
UNCERTAINTY = """inputs:
  - kind: normalisation
    alternatives:
      - {method: minmax, params: {l_u: [0, 100]}}
      - {method: rank}
  - kind: weight_factor
    name: pillar_1
    codes: [P1]
    range: [0.1, 4.0]
"""


@pytest.fixture()
def files(tmp_path: Path) -> dict[str, str]:
    paths = {}
    for name, text in (
        ("idata", IDATA),
        ("imeta", IMETA),
        ("spec", SPEC),
        ("uncertainty", UNCERTAINTY),
    ):
        path = tmp_path / f"{name}.csv"
        path.write_text(text, encoding="utf-8")
        paths[name] = str(path)
    return paths


def _invoke(*args: str) -> tuple[int, str, str]:
    app = typer.Typer()
    register(app)
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def _common(files: dict[str, str]) -> list[str]:
    return ["--idata", files["idata"], "--imeta", files["imeta"], "--spec", files["spec"]]


def test_audit_json_has_every_section(files: dict[str, str]) -> None:
    code, out, _ = _invoke("audit", *_common(files), "--format", "json")
    assert code == 0, out
    payload = json.loads(out)
    assert set(payload) == {"aggregates", "flags", "influence"}
    by_code = {row["code"]: row for row in payload["aggregates"]}
    assert set(by_code) == {"P1", "P2", "Index"}
    assert by_code["P1"]["cronbach_alpha"] > 0.8  # a and b rise together
    assert any(
        f["code_1"] == "a" and f["code_2"] == "b" and f["flag"] == "collinear"
        for f in payload["flags"]
    )
    assert [row["code"] for row in payload["influence"]] == ["P1", "P2"]


def test_audit_csv_needs_one_section(files: dict[str, str]) -> None:
    code, _, err = _invoke("audit", *_common(files), "--format", "csv")
    assert code == 2 and "one table" in err
    code, out, _ = _invoke("audit", *_common(files), "--format", "csv", "--section", "aggregates")
    assert code == 0
    assert out.splitlines()[0] == "code,level,children,cronbach_alpha,pca_explained"


def test_audit_table(files: dict[str, str]) -> None:
    code, out, _ = _invoke("audit", *_common(files))
    assert code == 0
    assert "## aggregates" in out and "## influence" in out


def test_sensitivity_scalar_and_per_unit(files: dict[str, str]) -> None:
    args = [
        *_common(files),
        "--uncertainty",
        files["uncertainty"],
        "--samples",
        "64",
        "--seed",
        "3",
    ]
    code, out, err = _invoke("sensitivity", *args, "--bootstrap", "50", "--format", "json")
    assert code == 0, out + err
    rows = json.loads(out)
    assert [r["input"] for r in rows] == ["normalisation", "pillar_1"]
    assert all(r["output"] == "mean_rank_shift" for r in rows)
    assert all(r["ST_low"] <= r["ST_high"] for r in rows)
    assert "256 runs" in err  # 64 x (2 + 2)
    code, out, _ = _invoke(
        "sensitivity", *args, "--per-unit", "--bootstrap", "20", "--format", "csv"
    )
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "output,input,S1,S1_low,S1_high,ST,ST_low,ST_high"
    assert len(lines) == 1 + 2 + 6 * 2


def test_missing_file_is_refused(files: dict[str, str]) -> None:
    code, _, _ = _invoke(
        "audit", "--idata", "nope.csv", "--imeta", files["imeta"], "--spec", files["spec"]
    )
    assert code == 2
