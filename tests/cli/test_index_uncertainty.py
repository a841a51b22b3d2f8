"""Tests of ``admtrack index uncertainty``."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import numpy as np
import pytest
import typer
from typer.testing import CliRunner

from admtrack.analytics.uncertainty import Replications, common_scale_mean
from admtrack.cli.index_uncertainty import register

runner = CliRunner()
EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "asem"
ASEM = Path(__file__).resolve().parents[2] / "examples" / "asem"

IMETA = """Level,iCode,iName,Direction,Weight,Unit,Target,Denominator,Parent,Type
1,a,A,1,1,,,,P,Indicator
1,b,B,-1,1,,,,P,Indicator
1,c,C,1,1,,,,Q,Indicator
1,d,D,1,1,,,,Q,Indicator
2,P,Pillar P,1,1,,,,I,Aggregate
2,Q,Pillar Q,1,1,,,,I,Aggregate
3,I,Index,1,1,,,,,Aggregate
"""
IDATA = """uCode,uName,a,b,c,d
AAA,Alpha,1,9,4,2
BBB,Beta,5,5,6,7
CCC,Gamma,9,1,2,9
DDD,Delta,3,4,8,1
EEE,Epsilon,7,6,5,5
"""
SPEC = "stages:\n  - stage: normalise\n  - stage: aggregate\n"
INPUTS = """inputs:
  - kind: weights
    noise: {2: 0.25}
  - kind: aggregation
    alternatives: [{method: amean}, {method: gmean}]
"""


@pytest.fixture
def app() -> typer.Typer:
    group = typer.Typer()
    register(group)
    group.command("noop", hidden=True)(lambda: None)  # keep "uncertainty" a subcommand
    return group


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    paths = {}
    for name, text in (("idata", IDATA), ("imeta", IMETA), ("spec", SPEC), ("ua", INPUTS)):
        paths[name] = tmp_path / f"{name}.csv"
        paths[name].write_text(text, encoding="utf-8")
    return paths


def _args(files: dict[str, Path], *extra: str) -> list[str]:
    return [
        "uncertainty", "--idata", str(files["idata"]), "--imeta", str(files["imeta"]),
        "--spec", str(files["spec"]), "--uncertainty", str(files["ua"]), *extra,
    ]  # fmt: skip


def test_json_rows_and_failures_on_stderr(app: typer.Typer, files: dict[str, Path]) -> None:
    result = runner.invoke(app, _args(files, "--samples", "200", "--seed", "3", "--format", "json"))
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [r["uCode"] for r in rows][:1] and len(rows) == 5
    assert set(rows[0]) == {
        "uCode",
        "nominal_rank",
        "median_rank",
        "q05_rank",
        "q95_rank",
        "mean_score",
    }
    assert [r["nominal_rank"] for r in rows] == [1, 2, 3, 4, 5]
    # min-max to [0, 100] puts zeros in the data: every geometric-mean run is refused
    assert "replications failed" in result.stderr
    failed = int(result.stderr.split(" of ")[0])
    assert 50 < failed < 150 and "gmean" in result.stderr


def test_same_seed_same_output(app: typer.Typer, files: dict[str, Path]) -> None:
    first = runner.invoke(app, _args(files, "--samples", "50", "--seed", "9", "--format", "csv"))
    second = runner.invoke(app, _args(files, "--samples", "50", "--seed", "9", "--format", "csv"))
    assert first.exit_code == 0 and first.stdout == second.stdout
    rows = list(csv.DictReader(io.StringIO(first.stdout)))
    assert len(rows) == 5


def test_invalid_inputs_are_reported(app: typer.Typer, files: dict[str, Path]) -> None:
    files["ua"].write_text("inputs:\n  - kind: weights\n    noise: {2: 3}\n", encoding="utf-8")
    result = runner.invoke(app, _args(files))
    assert result.exit_code == 2
    assert "invalid uncertain inputs" in result.stderr
    result = runner.invoke(app, [*_args(files)[:2], "missing.csv", *_args(files)[3:]])
    assert result.exit_code == 2 and "no such file" in result.stderr


def test_asem_example_table(app: typer.Typer) -> None:
    args = [
        "uncertainty", "--idata", str(ASEM / "ASEM_iData.csv"), "--imeta",
        str(ASEM / "ASEM_iMeta.csv"), "--spec", str(EXAMPLES / "spec.yaml"), "--uncertainty",
        str(EXAMPLES / "uncertainty.yaml"), "--samples", "100", "--seed", "1",
    ]  # fmt: skip
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == [
        "uCode",
        "nominal_rank",
        "median_rank",
        "q05_rank",
        "q95_rank",
        "mean_score",
    ]
    assert lines[2].split()[:2] == ["CHE", "1"] and len(lines) == 2 + 51


def test_replications_can_be_saved(
    app: typer.Typer, files: dict[str, Path], tmp_path: Path
) -> None:
    out = tmp_path / "reps.csv"
    args = ["uncertainty", "--idata", str(files["idata"]), "--imeta", str(files["imeta"])]
    args += ["--spec", str(files["spec"]), "--uncertainty", str(files["ua"]), "--samples", "20"]
    result = runner.invoke(app, [*args, "--seed", "3", "--save-replications", str(out)])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert len(rows) == 20 * 5
    assert {r["uCode"] for r in rows} == {"AAA", "BBB", "CCC", "DDD", "EEE"}
    assert {r["replication"] for r in rows} == {str(i) for i in range(20)}
    assert all(1 <= float(r["rank"]) <= 5 for r in rows if r["failed"] == "false")


def test_mean_score_is_on_a_common_scale() -> None:
    nan = np.nan
    reps = Replications(
        unit_codes=("A", "B", "C"), code="I",
        scores=np.array([[1, 2, 3], [10, 30, 20], [5, 5, 5], [nan, 0, 4], [100, 0, 0]], float),
        ranks=np.ones((5, 3)), failed=np.array([False, False, False, False, True]),
        reason=np.array([-1, -1, -1, -1, 0]), reasons=("gmean of zeros",),
    )  # fmt: skip
    # rescaled rows: [0, 50, 100], [0, 100, 50], (tied: left out), [-, 0, 100], (failed)
    np.testing.assert_allclose(common_scale_mean(reps.scores[~reps.failed]), [0.0, 50.0, 250 / 3])


def test_asem_mean_scores_mix_no_normalisations(app: typer.Typer) -> None:
    args = [
        "uncertainty", "--idata", str(ASEM / "ASEM_iData.csv"), "--imeta",
        str(ASEM / "ASEM_iMeta.csv"), "--spec", str(EXAMPLES / "spec.yaml"), "--uncertainty",
        str(EXAMPLES / "uncertainty.yaml"), "--samples", "200", "--seed", "1", "--format", "json",
    ]  # fmt: skip
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    scores = {r["uCode"]: r["mean_score"] for r in json.loads(result.stdout)}
    assert all(0 <= s <= 100 for s in scores.values())
    # the top unit of the nominal build stays near the top of every replication's 0-100 scale
    assert scores["CHE"] > 90 and scores["CHE"] == max(scores.values())


def test_dask_scheduler_gives_the_local_table(app: typer.Typer, files: dict[str, Path]) -> None:
    import distributed  # the dev extra installs it

    args = _args(files, "--samples", "120", "--seed", "5", "--format", "csv")
    local = runner.invoke(app, args)
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None
    ) as cluster:
        remote = runner.invoke(app, [*args, "--dask", cluster.scheduler_address])
    assert local.exit_code == 0 and remote.exit_code == 0, remote.output
    assert remote.stdout == local.stdout and len(remote.stdout.splitlines()) == 6
    assert remote.stderr == local.stderr  # the same failures, counted the same way


def test_unreachable_dask_scheduler_is_a_clear_error(
    app: typer.Typer, files: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("admtrack.cli.index_uncertainty.CONNECT_TIMEOUT", 1)
    result = runner.invoke(app, _args(files, "--dask", "tcp://127.0.0.1:8199"))
    assert result.exit_code == 2
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:8199" in result.stderr
