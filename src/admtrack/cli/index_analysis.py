"""``admtrack index sensitivity`` and ``admtrack index audit``: Sobol sensitivity indices and the
statistical audit of an index built from a pipeline spec and COINr-style iData/iMeta files or a
stored plan's data (``--plan``)."""

from __future__ import annotations

import json
import math
import time
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from admtrack.cli.common import DB_OPTION
from admtrack.cli.index_inputs import (
    IDATA_OPTION,
    IMETA_OPTION,
    PLAN_OPTION,
    SPEC_OPTION,
    UNCERTAINTY_OPTION,
    YEAR_OPTION,
    check_data_options,
    load_data,
    load_spec,
    load_uncertainty,
)
from admtrack.cli.output import FORMAT_OPTION, OutputFormat, emit, fail
from admtrack.errors import AdmtrackError

if TYPE_CHECKING:  # the engine loads when a command runs, not at start-up
    import numpy as np

    from admtrack.analytics.data_input import IndexData
    from admtrack.analytics.pipeline import IndexResult
    from admtrack.analytics.sensitivity import SobolIndices
    from admtrack.analytics.spec import PipelineSpec


def _build(pipeline: PipelineSpec, data: IndexData) -> IndexResult:
    from admtrack.analytics.pipeline import build

    try:
        return build(pipeline, data)
    except AdmtrackError as exc:
        raise fail(str(exc)) from None


def _root(result: IndexResult) -> str:
    import numpy as np

    return result.tree.codes[int(np.flatnonzero(result.tree.parents == -1)[0])]


def _index_rows(
    names: tuple[str, ...], idx: SobolIndices, column: int | None = None
) -> list[dict[str, Any]]:
    def at(a: np.ndarray, i: int) -> float:
        return float(a[i] if column is None else a[i, column])

    rows = []
    for i, name in enumerate(names):
        rows.append({
            "input": name, "S1": at(idx.first_order, i), "S1_low": at(idx.first_order_ci[0], i),
            "S1_high": at(idx.first_order_ci[1], i), "ST": at(idx.total, i),
            "ST_low": at(idx.total_ci[0], i), "ST_high": at(idx.total_ci[1], i),
        })  # fmt: skip
    return rows


def sensitivity_command(
    spec: Path = SPEC_OPTION,
    idata: Path | None = IDATA_OPTION,
    imeta: Path | None = IMETA_OPTION,
    plan: str | None = PLAN_OPTION,
    year: int | None = YEAR_OPTION,
    db: str | None = DB_OPTION,
    uncertainty: Path | None = UNCERTAINTY_OPTION,
    samples: int = typer.Option(256, "--samples", min=2, help="N base rows: N (d + 2) runs"),
    seed: int = typer.Option(0, "--seed", help="seed of the design and the bootstrap"),
    bootstrap: int = typer.Option(
        1000, "--bootstrap", min=0, help="bootstrap resamples for the CIs"
    ),
    per_unit: bool = typer.Option(False, "--per-unit", help="add each unit's score indices"),
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """First-order (S1) and total (ST) Sobol indices, with 90 % bootstrap intervals, of the mean
    absolute rank shift of the index; --per-unit gives them for every unit's score."""
    import numpy as np

    from admtrack.analytics.sensitivity import index_sensitivity, saltelli_design
    from admtrack.analytics.uncertainty import evaluate

    check_data_options(idata, imeta, plan, year)
    pipeline = load_spec(spec)
    inputs = load_uncertainty(uncertainty, plan)
    data = load_data(idata, imeta, plan, year, db)
    nominal = _build(pipeline, data)
    try:
        rng = np.random.default_rng(seed)
        design = saltelli_design(samples, inputs.d, rng)
        units: list[tuple[str, ...]] = []

        def run(x: np.ndarray) -> Any:
            replications = evaluate(pipeline, data, inputs, x)
            units.append(replications.unit_codes)
            return replications

        position = {u: i for i, u in enumerate(nominal.unit_codes)}
        started = time.perf_counter()
        result = index_sensitivity(
            run, design, nominal.ranks(_root(nominal)), inputs.names, rng=rng,
            n_boot=bootstrap, per_unit=per_unit,
        )  # fmt: skip
        seconds = time.perf_counter() - started
        if [position.get(u) for u in units[0]] != list(range(len(units[0]))):
            raise fail("the replications' units differ from the nominal build's")
    except AdmtrackError as exc:
        raise fail(str(exc)) from None
    typer.echo(
        f"{result.n_runs} runs ({samples} base rows, {inputs.d} inputs) in {seconds:.2f} s; "
        f"{result.n_failed_runs} failed{_reasons(result.failure_counts)}; "
        f"{int(result.scalar.n_used)} of {samples} base rows used",
        err=True,
    )
    rows = [
        {"output": "mean_rank_shift", **r} for r in _index_rows(result.input_names, result.scalar)
    ]
    if per_unit and result.scores is not None:
        for j, unit in enumerate(units[0]):
            rows.extend(
                {"output": f"score:{unit}", **r}
                for r in _index_rows(result.input_names, result.scores, j)
            )
    emit(rows, fmt)


class AuditSection(StrEnum):
    ALL = "all"
    AGGREGATES = "aggregates"
    FLAGS = "flags"
    INFLUENCE = "influence"


def audit_command(
    spec: Path = SPEC_OPTION,
    idata: Path | None = IDATA_OPTION,
    imeta: Path | None = IMETA_OPTION,
    plan: str | None = PLAN_OPTION,
    year: int | None = YEAR_OPTION,
    db: str | None = DB_OPTION,
    section: AuditSection = typer.Option(
        AuditSection.ALL, "--section", help="all, aggregates, flags or influence"
    ),
    collinear: float = typer.Option(
        0.9, "--collinear", help="flag sibling pairs with r above this"
    ),
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """Cronbach's alpha and PCA variance explained per aggregate, correlation flags (collinear
    or negative siblings), and each pillar's leave-one-out influence on the index ranks."""
    from admtrack.analytics.audit import (
        correlation_flags,
        cronbach_per_aggregate,
        leave_one_out,
        pca_variance_explained,
    )
    from admtrack.analytics.spec import AggregateStage

    if section is AuditSection.ALL and fmt is OutputFormat.CSV:
        raise fail("CSV holds one table: choose --section aggregates, flags or influence")
    check_data_options(idata, imeta, plan, year)
    pipeline = load_spec(spec)
    result = _build(pipeline, load_data(idata, imeta, plan, year, db))
    try:
        tree = result.tree
        agg = result.stage("Aggregated")
        values = agg.values[:, [agg.codes.index(c) for c in tree.codes]]
        alphas = cronbach_per_aggregate(values, tree)
        explained = pca_variance_explained(values, tree)
        aggregates = [
            {"code": code, "level": int(tree.levels[i]), "children": int(tree.children_of(i).size),
             "cronbach_alpha": alphas[code], "pca_explained": explained.get(code)}
            for i, code in enumerate(tree.codes) if i >= tree.n_indicators
        ]  # fmt: skip
        flags = correlation_flags(values, tree, collinear=collinear).to_dicts()
        normalised = result.stage("Normalised")
        x_ind = normalised.values[:, [normalised.codes.index(c) for c in tree.indicator_codes]]
        stage = pipeline.stage("aggregate")
        influence = leave_one_out(
            x_ind, tree, level=2, spec=stage if isinstance(stage, AggregateStage) else None
        ).to_dicts()
    except AdmtrackError as exc:
        raise fail(str(exc)) from None
    tables = {"aggregates": aggregates, "flags": flags, "influence": influence}
    chosen = list(tables) if section is AuditSection.ALL else [section.value]
    if fmt is OutputFormat.JSON and len(chosen) > 1:
        payload = {
            k: [{c: _finite(v) for c, v in row.items()} for row in tables[k]] for k in chosen
        }
        typer.echo(json.dumps(payload, indent=2))
        return
    for name in chosen:
        if len(chosen) > 1:
            typer.echo(f"\n## {name}")
        columns = (
            ["level", "group", "code_1", "code_2", "r", "p_value", "flag"]
            if name == "flags"
            else None
        )
        emit(tables[name], fmt, columns)


def _reasons(counts: dict[str, int]) -> str:
    return " (" + "; ".join(f"{n}: {why}" for why, n in counts.items()) + ")" if counts else ""


def _finite(value: object) -> object:
    return None if isinstance(value, float) and not math.isfinite(value) else value


def register(app: typer.Typer) -> None:
    """Add ``sensitivity`` and ``audit`` to the ``admtrack index`` group."""
    app.command("sensitivity")(sensitivity_command)
    app.command("audit")(audit_command)
