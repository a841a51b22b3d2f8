"""What the ``admtrack index`` commands read, loaded one way for all of them: the pipeline spec,
the uncertain inputs and the data (COINr-format CSV files, or a stored plan's member states and
latest values).

Every bad input stops the command with ``error: <file>: <what>`` on stderr and exit code 2: a
missing file, a file that is not YAML/JSON or whose top level is not a mapping, a spec or
uncertainty design that fails validation (every problem listed), and data that fail COINr's
iData checks (file, row and column of each problem).

With ``--plan`` the data are the plan's as the dashboard scores them (member states, latest
values, same-year denominators; :mod:`admtrack.services.scoring`). Without ``--spec`` the spec
is the plan's own, the one the dashboard builds, and without ``--uncertainty`` the uncertain
inputs are then those of the dashboard's rank intervals; with a ``--spec`` of the user's and no
``--uncertainty``, they are the built-in design for an ASEAN-sized index,
``examples/adm2025/uncertainty.yaml`` (:data:`PLAN_UNCERTAINTY`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from admtrack.cli.common import open_engine
from admtrack.cli.output import fail
from admtrack.errors import AdmtrackError

if TYPE_CHECKING:  # the engine, the store and pydantic load when a command runs, not at start-up
    import numpy as np
    import pydantic

    from admtrack.analytics.data_input import IndexData
    from admtrack.analytics.spec import PipelineSpec
    from admtrack.analytics.uncertain_inputs import UncertaintySpec
    from admtrack.services.scoring.analysis import StoredPlan

PLAN_UNCERTAINTY = Path(__file__).resolve().parents[3] / "examples" / "adm2025" / "uncertainty.yaml"

SPEC_OPTION = typer.Option(
    None,
    "--spec",
    help="pipeline spec (YAML or JSON); required with --idata/--imeta, with --plan the default "
    "is the plan's own spec (the dashboard's)",
)
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
    help="uncertain inputs (YAML or JSON); required with --idata/--imeta; with --plan the "
    "default is the dashboard's rank-interval inputs, or examples/adm2025/uncertainty.yaml "
    "when --spec is given",
)


def read_mapping(path: Path, what: str) -> dict[str, Any]:
    """The YAML or JSON mapping at the top level of ``path``, read safely; any problem ends the
    command with exit code 2 and a message naming the file."""
    from admtrack.services.documents import read_mapping as read_document

    try:
        return read_document(path, what)
    except AdmtrackError as exc:
        raise fail(str(exc)) from None


def _invalid(path: Path, what: str, exc: pydantic.ValidationError) -> typer.Exit:
    details = "; ".join(
        f"{'.'.join(str(p) for p in e['loc']) or '(top level)'}: {e['msg']}" for e in exc.errors()
    )
    return fail(f"{path}: invalid {what}: {details}")


def load_spec(path: Path) -> PipelineSpec:
    """The pipeline spec in ``path``, validated."""
    import pydantic

    from admtrack.analytics.spec import spec_from_mapping

    mapping = read_mapping(path, "pipeline spec")
    try:
        return spec_from_mapping(mapping)
    except pydantic.ValidationError as exc:
        raise _invalid(path, "pipeline spec", exc) from None


def load_uncertainty(path: Path | None, plan: str | None) -> UncertaintySpec:
    """The uncertain inputs in ``path``; with ``path`` None, the built-in design
    :data:`PLAN_UNCERTAINTY` when the data come from a plan, else an error."""
    import pydantic

    from admtrack.analytics.uncertain_inputs import uncertainty_from_mapping

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
    from admtrack.services.scoring.analysis import coinr_data, stored_plan_data

    check_data_options(idata, imeta, plan, year)
    try:
        if plan is not None:
            return stored_plan_data(open_engine(db), plan, year).data
        assert idata is not None and imeta is not None
        return coinr_data(idata, imeta)
    except AdmtrackError as exc:
        raise fail(str(exc)) from None


@dataclass(frozen=True)
class Inputs:
    """What an ``admtrack index`` command runs on: the spec and the data, and the stored plan
    when the data come from one."""

    spec: PipelineSpec
    data: IndexData
    plan: StoredPlan | None = None
    spec_given: bool = True

    def uncertainty(
        self, path: Path | None, samples: int, rng: np.random.Generator
    ) -> UncertaintySpec:
        """The uncertain inputs in ``path``; without one, the plan's rank-interval inputs when
        the spec is the plan's own, else :func:`load_uncertainty`'s default."""
        if path is None and self.plan is not None and not self.spec_given:
            try:
                return self.plan.uncertain_inputs(samples, rng)
            except AdmtrackError as exc:
                raise fail(str(exc)) from None
        return load_uncertainty(path, self.plan.plan.id if self.plan else None)


def load_inputs(
    spec: Path | None,
    idata: Path | None,
    imeta: Path | None,
    plan: str | None,
    year: int | None,
    db: str | None,
) -> Inputs:
    """The spec (``spec``, or the plan's own with ``--plan``) and the data of a command."""
    from admtrack.services.scoring.analysis import coinr_data, stored_plan_data

    check_data_options(idata, imeta, plan, year)
    if spec is None and plan is None:
        raise fail("give --spec (required with --idata and --imeta)")
    pipeline = load_spec(spec) if spec is not None else None
    try:
        if plan is not None:
            stored = stored_plan_data(open_engine(db), plan, year)
            return Inputs(pipeline or stored.spec(), stored.data, stored, pipeline is not None)
        assert idata is not None and imeta is not None and pipeline is not None
        return Inputs(pipeline, coinr_data(idata, imeta))
    except AdmtrackError as exc:
        raise fail(str(exc)) from None
