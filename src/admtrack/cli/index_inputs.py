"""What the ``admtrack index`` commands read, loaded one way for all of them: the pipeline spec,
the uncertain inputs and the data (COINr-format CSV files, or a stored plan's member states and
latest values).

Every bad input stops the command with ``error: <file>: <what>`` on stderr and exit code 2: a
missing file, a file that is not YAML/JSON or whose top level is not a mapping, a spec or
uncertainty design that fails validation (every problem listed), and data that fail COINr's
iData checks (file, row and column of each problem).

With ``--plan`` and no ``--uncertainty``, the uncertain inputs are the built-in design for an
ASEAN-sized index, ``examples/adm2025/uncertainty.yaml`` (:data:`PLAN_UNCERTAINTY`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pydantic
import typer

from admtrack.analytics.data_input import IndexData
from admtrack.analytics.spec import PipelineSpec, spec_from_mapping
from admtrack.analytics.uncertain_inputs import UncertaintySpec, uncertainty_from_mapping
from admtrack.cli.common import open_engine
from admtrack.cli.output import fail
from admtrack.errors import AdmtrackError
from admtrack.ingest.coinr import read_coinr
from admtrack.ingest.safe_read import FileRefused, load_yaml_file
from admtrack.services.index_data import plan_index_data
from admtrack.store.unit_of_work import Store

PLAN_UNCERTAINTY = Path(__file__).resolve().parents[3] / "examples" / "adm2025" / "uncertainty.yaml"

SPEC_OPTION = typer.Option(..., "--spec", help="pipeline spec (YAML or JSON)")
IDATA_OPTION = typer.Option(None, "--idata", help="iData CSV (COINr layout); needs --imeta")
IMETA_OPTION = typer.Option(None, "--imeta", help="iMeta CSV (COINr layout); needs --idata")
PLAN_OPTION = typer.Option(
    None,
    "--plan",
    help="instead of --idata/--imeta: a stored plan's member states and their latest values",
)
YEAR_OPTION = typer.Option(None, "--year", help="with --plan: latest values up to this year")
UNCERTAINTY_OPTION = typer.Option(
    None,
    "--uncertainty",
    help="uncertain inputs (YAML or JSON); required with --idata/--imeta, with --plan the "
    "default is examples/adm2025/uncertainty.yaml",
)


def read_mapping(path: Path, what: str) -> dict[str, Any]:
    """The YAML or JSON mapping at the top level of ``path``; ``what`` names it in messages.
    Read safely (size limit, UTF-8, no aliases, bounded depth, no duplicate keys)."""
    if not path.is_file():
        raise fail(f"{path}: no such file")
    try:
        loaded = load_yaml_file(path, str(path))
    except FileRefused as exc:
        issue = exc.issues[0]
        place = f"{path}, row {issue.location.row}" if issue.location.row else f"{path}"
        if issue.code in ("file.bad-yaml", "file.bad-json"):
            raise fail(f"{path}: the {what} is {issue.message}") from None
        raise fail(f"{place}: the {what} is refused: {issue.code}: {issue.message}") from None
    if not isinstance(loaded, dict):
        raise fail(f"{path}: expected a mapping at the top level of the {what}")
    return loaded


def _invalid(path: Path, what: str, exc: pydantic.ValidationError) -> typer.Exit:
    details = "; ".join(
        f"{'.'.join(str(p) for p in e['loc']) or '(top level)'}: {e['msg']}" for e in exc.errors()
    )
    return fail(f"{path}: invalid {what}: {details}")


def load_spec(path: Path) -> PipelineSpec:
    """The pipeline spec in ``path``, validated."""
    mapping = read_mapping(path, "pipeline spec")
    try:
        return spec_from_mapping(mapping)
    except pydantic.ValidationError as exc:
        raise _invalid(path, "pipeline spec", exc) from None


def load_uncertainty(path: Path | None, plan: str | None) -> UncertaintySpec:
    """The uncertain inputs in ``path``; with ``path`` None, the built-in design
    :data:`PLAN_UNCERTAINTY` when the data come from a plan, else an error."""
    if path is None:
        if plan is None:
            raise fail("give --uncertainty (required with --idata and --imeta)")
        if not PLAN_UNCERTAINTY.is_file():
            raise fail(
                f"{PLAN_UNCERTAINTY}: the built-in uncertainty design is not in this "
                "installation; give --uncertainty"
            )
        path = PLAN_UNCERTAINTY
    mapping = read_mapping(path, "uncertain inputs")
    try:
        return uncertainty_from_mapping(mapping)
    except pydantic.ValidationError as exc:
        raise _invalid(path, "uncertain inputs", exc) from None


def check_data_options(
    idata: Path | None, imeta: Path | None, plan: str | None, year: int | None
) -> None:
    """Refuse any mix other than (--idata and --imeta) or (--plan [--year])."""
    csv_input = idata is not None or imeta is not None
    if (plan is not None) == csv_input or (csv_input and (idata is None or imeta is None)):
        raise fail("give either --idata and --imeta, or --plan")
    if year is not None and plan is None:
        raise fail("--year goes with --plan")
    for path in (idata, imeta):
        if path is not None and not path.is_file():
            raise fail(f"{path}: no such file")


def load_data(
    idata: Path | None, imeta: Path | None, plan: str | None, year: int | None, db: str | None
) -> IndexData:
    """COINr-format CSV input, or the plan's member states with their latest values up to
    ``year`` from the database ``db`` (default: the settings' database)."""
    check_data_options(idata, imeta, plan, year)
    try:
        if plan is not None:
            return _plan_data(plan, year, db)
        assert idata is not None and imeta is not None
        return read_coinr(idata, imeta)
    except AdmtrackError as exc:
        raise fail(str(exc)) from None


def _plan_data(plan_id: str, year: int | None, db: str | None) -> IndexData:
    with Store(open_engine(db)).reader() as r:
        plan = r.get_plan(plan_id)
        codes = [i.code for i in plan.indicators]
        codes += [v.code for v in plan.variables if v.kind == "Denominator"]
        observations = r.observations(indicator=codes)
        countries = r.countries()
    return plan_index_data(plan, observations, countries, year=year)
