"""The inputs every ``admtrack index`` command shares: one loader for the spec, the uncertain
inputs and the data, so every bad input is ``error: <file>: <what>`` with exit code 2, and every
command takes COINr CSV files or ``--plan``."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
import yaml
from typer.testing import CliRunner, Result

from admtrack.analytics.uncertain_inputs import uncertainty_from_mapping
from admtrack.cli.app import app as admtrack_app
from admtrack.cli.index import register as register_build
from admtrack.cli.index_analysis import register as register_analysis
from admtrack.cli.index_inputs import PLAN_UNCERTAINTY, load_uncertainty
from admtrack.cli.index_uncertainty import register as register_uncertainty

runner = CliRunner()
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
IMETA = """Level,iCode,iName,Direction,Weight,Unit,Target,Denominator,Parent,Type
1,a,A,1,1,,,,P,Indicator
1,b,B,1,1,,,,P,Indicator
1,c,C,1,1,,,,Q,Indicator
1,d,D,1,1,,,,Q,Indicator
2,P,Pillar P,1,1,,,,I,Aggregate
2,Q,Pillar Q,1,1,,,,I,Aggregate
3,I,Index,1,1,,,,,Aggregate
"""
IDATA = "uCode,a,b,c,d\nU1,1,2,9,4\nU2,2,4,7,1\nU3,3,5,8,6\nU4,4,9,2,3\nU5,5,9.5,1,8\n"
SPEC = "stages:\n  - stage: normalise\n  - stage: aggregate\n"
INPUTS = "inputs:\n  - kind: weights\n    noise: {2: 0.25}\n"
COMMANDS = ("build", "uncertainty", "sensitivity", "audit")


@pytest.fixture
def app() -> typer.Typer:
    group = typer.Typer()
    for register in (register_build, register_uncertainty, register_analysis):
        register(group)
    return group


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    paths = {}
    for name, text in (("idata", IDATA), ("imeta", IMETA), ("spec", SPEC), ("ua", INPUTS)):
        paths[name] = tmp_path / f"{name}.yaml"
        paths[name].write_text(text, encoding="utf-8")
    return paths


def _csv_args(command: str, files: dict[str, Path], spec: Path | None = None) -> list[str]:
    args = [command, "--idata", str(files["idata"]), "--imeta", str(files["imeta"])]
    args += ["--spec", str(spec or files["spec"])]
    if command in ("uncertainty", "sensitivity"):
        args += ["--uncertainty", str(files["ua"]), "--samples", "8"]
    return args


def _refused(result: Result, message: str) -> None:
    assert result.exit_code == 2, result.output
    assert f"error: {message}" in result.stderr, result.stderr
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)  # a deliberate exit, not a crash


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_runs_on_csv_input(
    app: typer.Typer, files: dict[str, Path], command: str
) -> None:
    result = runner.invoke(app, _csv_args(command, files))
    assert result.exit_code == 0, result.output
    expected = {"build": "U5", "uncertainty": "U5", "sensitivity": "weights", "audit": "## flags"}
    assert expected[command] in result.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_a_spec_that_is_not_yaml(
    app: typer.Typer, files: dict[str, Path], tmp_path: Path, command: str
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("stages: [\n  - stage: normalise\n", encoding="utf-8")
    result = runner.invoke(app, _csv_args(command, files, bad))
    _refused(result, f"{bad}: the pipeline spec is not valid YAML or JSON (")
    assert "at line 2, column 3)" in result.stderr


@pytest.mark.parametrize("command", COMMANDS)
def test_a_spec_that_fails_validation(
    app: typer.Typer, files: dict[str, Path], tmp_path: Path, command: str
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("stages:\n  - stage: normalise\n    method: magic\n", encoding="utf-8")
    result = runner.invoke(app, _csv_args(command, files, bad))
    _refused(result, f"{bad}: invalid pipeline spec: stages.0")
    assert "Input should be 'minmax'" in result.stderr


@pytest.mark.parametrize("command", COMMANDS)
def test_a_spec_that_is_not_a_mapping(
    app: typer.Typer, files: dict[str, Path], tmp_path: Path, command: str
) -> None:
    bad = tmp_path / "list.json"
    bad.write_text('["normalise", "aggregate"]', encoding="utf-8")
    result = runner.invoke(app, _csv_args(command, files, bad))
    _refused(result, f"{bad}: expected a mapping at the top level of the pipeline spec")


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("which", ["idata", "imeta", "spec"])
def test_a_missing_file(app: typer.Typer, files: dict[str, Path], command: str, which: str) -> None:
    files[which] = files[which].with_name("gone.csv")
    result = runner.invoke(app, _csv_args(command, files))
    _refused(result, f"{files[which]}: no such file")


@pytest.mark.parametrize("command", COMMANDS)
def test_bad_data_name_file_row_and_column(
    app: typer.Typer, files: dict[str, Path], command: str
) -> None:
    files["idata"].write_text(IDATA.replace("U2,2,4", "U2,1e999,4"), encoding="utf-8")
    result = runner.invoke(app, _csv_args(command, files))
    _refused(result, f"{files['idata']}: 1 problem(s)")
    assert f"{files['idata']}, row 3, column 'a': '1e999' is not a finite number" in result.stderr


@pytest.mark.parametrize("command", ["uncertainty", "sensitivity"])
def test_uncertain_inputs_problems(app: typer.Typer, files: dict[str, Path], command: str) -> None:
    files["ua"].write_text("inputs:\n  - kind: weights\n    noise: {2: 3}\n", encoding="utf-8")
    result = runner.invoke(app, _csv_args(command, files))
    _refused(result, f"{files['ua']}: invalid uncertain inputs: inputs.0.weights")
    files["ua"].write_text("inputs: {", encoding="utf-8")
    result = runner.invoke(app, _csv_args(command, files))
    _refused(result, f"{files['ua']}: the uncertain inputs is not valid YAML or JSON")
    args = _csv_args(command, files)
    del args[args.index("--uncertainty") : args.index("--uncertainty") + 2]
    result = runner.invoke(app, args)
    _refused(result, "give --uncertainty (required with --idata and --imeta)")


@pytest.mark.parametrize("command", COMMANDS)
def test_data_options_must_be_csv_or_plan(
    app: typer.Typer, files: dict[str, Path], command: str
) -> None:
    spec = ["--spec", str(files["spec"])]
    for args in (
        spec,
        ["--idata", str(files["idata"]), *spec],
        ["--plan", "adm2025", "--imeta", str(files["imeta"]), *spec],
    ):
        _refused(runner.invoke(app, [command, *args]), "give either --idata and --imeta, or --plan")
    with_year = [*_csv_args(command, files), "--year", "2024"]
    _refused(runner.invoke(app, with_year), "--year goes with --plan")


def test_the_built_in_plan_design_is_the_example_file() -> None:
    assert PLAN_UNCERTAINTY == EXAMPLES / "adm2025" / "uncertainty.yaml"
    mapping = yaml.safe_load(PLAN_UNCERTAINTY.read_text(encoding="utf-8"))
    assert load_uncertainty(None, "adm2025") == uncertainty_from_mapping(mapping)
    assert load_uncertainty(None, "adm2025").names == (
        "winsorisation", "normalisation", "weights", "aggregation",
    )  # fmt: skip


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('index') / 'admtrack.sqlite'}"
    result = runner.invoke(admtrack_app, ["init", "--db", url])
    assert result.exit_code == 0, result.output
    return url


MEMBER_STATES = {"BRN", "KHM", "IDN", "LAO", "MYS", "MMR", "PHL", "SGP", "THA", "VNM", "TLS"}


def _plan_args(command: str, db: str, *extra: str, plan: str = "adm2025") -> list[str]:
    spec = str(EXAMPLES / "adm2025" / "spec.yaml")
    return [command, "--plan", plan, "--spec", spec, "--db", db, "--format", "csv", *extra]


def test_uncertainty_on_a_plan_uses_the_built_in_design(app: typer.Typer, db: str) -> None:
    result = runner.invoke(app, _plan_args("uncertainty", db, "--samples", "40"))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "uCode,nominal_rank,median_rank,q05_rank,q95_rank,mean_score"
    assert {line.split(",")[0] for line in lines[1:]} == MEMBER_STATES
    scores = [float(line.split(",")[-1]) for line in lines[1:]]
    assert all(0 <= s <= 100 for s in scores) and max(scores) > 50 > min(scores)
    assert "of 40 replications failed" in result.stderr


def test_sensitivity_on_a_plan_uses_the_built_in_design(app: typer.Typer, db: str) -> None:
    args = _plan_args("sensitivity", db, "--samples", "16", "--bootstrap", "10")
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    inputs = [line.split(",")[1] for line in result.stdout.splitlines()[1:]]
    assert inputs == ["winsorisation", "normalisation", "weights", "aggregation"]
    assert "96 runs (16 base rows, 4 inputs)" in result.stderr


def test_audit_and_build_on_a_plan(app: typer.Typer, db: str) -> None:
    audit = runner.invoke(app, _plan_args("audit", db, "--section", "aggregates"))
    assert audit.exit_code == 0, audit.output
    codes = [line.split(",")[0] for line in audit.stdout.splitlines()[1:]]
    assert codes == [f"DO{i}" for i in range(1, 9)] + ["ADM2025"]
    build = runner.invoke(app, _plan_args("build", db, "--year", "2024"))
    assert build.exit_code == 0, build.output
    # Timor-Leste joined on 26 October 2025: not a member state at the end of 2024
    units = {line.split(",")[0] for line in build.stdout.splitlines()[1:]}
    assert units == MEMBER_STATES - {"TLS"}


@pytest.mark.parametrize("command", COMMANDS)
def test_an_unknown_plan_is_a_message(app: typer.Typer, db: str, command: str) -> None:
    extra = ("--section", "flags") if command == "audit" else ()
    result = runner.invoke(app, _plan_args(command, db, *extra, plan="nope"))
    _refused(result, "")
    assert "'nope'" in result.stderr
