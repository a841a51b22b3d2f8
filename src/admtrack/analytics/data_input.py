"""Indicator data for the index engine (COINr's ``iData``) as validated arrays.

:class:`IndexData` holds the framework tree, unit codes and names, the indicator matrix
(units x indicators, or years x units x indicators for a panel), the unit group labels and the
denominator columns. It is built from a polars or pandas DataFrame, a numpy array, or columns of
cells (:func:`from_columns`); reading COINr-format CSV files is :func:`admtrack.ingest.coinr.read_coinr`'s
job, since analytics does no I/O. Validation follows COINr ``check_iData``: every problem is
collected, with source, row (header = row 1) and column, into one ValidationError. Empty cells
(and ``NA``, ``N/A``, ``null``, ``None``) are missing values; a cell that is not a finite number
(text, ``inf``, ``nan``, ``1e999``) is an error, because every later stage assumes finite values.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
from numpy.typing import NDArray

from admtrack.analytics.framework_table import FrameworkTree
from admtrack.domain.numbers import parse_number
from admtrack.errors import ValidationError

MISSING_TOKENS = frozenset({"", "NA", "N/A", "null", "None"})
#: Words Python reads as non-finite floats: reported as "not a finite number".
NON_FINITE_WORDS = frozenset({"nan", "inf", "infinity"})


@dataclass(frozen=True, eq=False)
class IndexData:
    """Validated inputs of an index build.

    ``values`` has shape (units, n_indicators) or, for a panel, (years, units, n_indicators);
    NaN marks a missing value. ``groups`` maps a group column to one label per unit (None when
    absent); ``denominators`` maps a denominator column to an array shaped ``values.shape[:-1]``.
    """

    tree: FrameworkTree
    unit_codes: tuple[str, ...]
    unit_names: tuple[str, ...]
    values: NDArray[np.float64]
    groups: Mapping[str, tuple[str | None, ...]] = field(default_factory=dict)
    denominators: Mapping[str, NDArray[np.float64]] = field(default_factory=dict)
    times: tuple[int, ...] | None = None

    def __post_init__(self) -> None:
        n_units, n_ind = len(self.unit_codes), self.tree.n_indicators
        expected = (n_units, n_ind) if self.times is None else (len(self.times), n_units, n_ind)
        if self.values.shape != expected:
            raise ValidationError(
                "IndexData", [f"values have shape {self.values.shape}, expected {expected}"]
            )
        if len(self.unit_names) != n_units:
            raise ValidationError("IndexData", ["unit_names and unit_codes differ in length"])
        if len(set(self.unit_codes)) != n_units:
            raise ValidationError("IndexData", ["unit codes are not unique"])
        infinite = [
            f"{name} contain {int(np.isinf(array).sum())} infinite value(s)"
            for name, array in (("values", self.values), *self.denominators.items())
            if np.isinf(array).any()
        ]
        if infinite:
            raise ValidationError("IndexData", infinite)

    @property
    def is_panel(self) -> bool:
        return self.times is not None

    @property
    def indicator_codes(self) -> tuple[str, ...]:
        return self.tree.indicator_codes

    def with_values(self, values: NDArray[np.float64]) -> IndexData:
        """A copy with another indicator matrix of the same shape."""
        return replace(self, values=np.asarray(values, dtype=np.float64))

    @classmethod
    def from_array(
        cls,
        values: Any,
        tree: FrameworkTree,
        unit_codes: Sequence[str],
        *,
        unit_names: Sequence[str] | None = None,
        groups: Mapping[str, Sequence[str | None]] | None = None,
        denominators: Mapping[str, Any] | None = None,
        times: Sequence[int] | None = None,
    ) -> IndexData:
        """Wrap a numpy array (units x indicators, or years x units x indicators)."""
        return cls(
            tree=tree,
            unit_codes=tuple(unit_codes),
            unit_names=tuple(unit_names) if unit_names is not None else tuple(unit_codes),
            values=np.array(values, dtype=np.float64),
            groups={k: tuple(v) for k, v in (groups or {}).items()},
            denominators={
                k: np.array(v, dtype=np.float64) for k, v in (denominators or {}).items()
            },
            times=tuple(int(t) for t in times) if times is not None else None,
        )

    @classmethod
    def from_frame(cls, frame: Any, tree: FrameworkTree, *, source: str = "iData") -> IndexData:
        """Build from a polars or pandas DataFrame in COINr iData layout."""
        if hasattr(frame, "to_pandas") and hasattr(frame, "get_column"):  # polars
            columns = frame.to_dict(as_series=False)
        elif hasattr(frame, "to_dict") and hasattr(frame, "iloc"):  # pandas
            columns = frame.to_dict(orient="list")
        else:
            raise TypeError(f"expected a polars or pandas DataFrame, got {type(frame).__name__}")
        return from_columns({str(k): list(v) for k, v in columns.items()}, tree, source=source)


def _is_missing(cell: object) -> bool:
    if cell is None:
        return True
    if isinstance(cell, float) and math.isnan(cell):
        return True
    return isinstance(cell, str) and cell.strip() in MISSING_TOKENS


def _parse_number(cell: object) -> float | None:
    """The cell as a float (possibly infinite); NaN when missing; None when it is not a number."""
    if _is_missing(cell):
        return math.nan
    if isinstance(cell, bool):
        return None
    if isinstance(cell, int | float | np.integer | np.floating):
        return float(cell)
    text = str(cell).strip()
    if text.lower().lstrip("+-") in NON_FINITE_WORDS:
        return float(text)
    return parse_number(text, finite=False)


def _text(cell: object) -> str | None:
    return None if _is_missing(cell) else str(cell).strip()


def from_columns(
    columns: Mapping[str, Sequence[object]], tree: FrameworkTree, *, source: str = "iData"
) -> IndexData:
    """Validate iData columns (COINr ``check_iData``) and assemble :class:`IndexData`."""
    problems: list[str] = []
    names = list(columns)
    n_rows = len(next(iter(columns.values()))) if columns else 0
    for name in names:
        if name[:1].isdigit():
            problems.append(f"{source}, column {name!r}: column names may not start with a digit")
    if "uCode" not in columns:
        raise ValidationError(source, [f"{source}: required column 'uCode' is missing"])
    needed = list(tree.indicator_codes)
    needed += [g for g in tree.groups if g not in needed]
    needed += sorted({d for d in tree.denominators if d} - set(needed))
    problems += [
        f"{source}, column {c!r}: missing from the data" for c in needed if c not in columns
    ]
    problems += [
        f"{source}, column {c!r}: aggregate codes may not appear in the data"
        for c in tree.aggregate_codes
        if c in columns
    ]
    codes = [_text(c) for c in columns["uCode"]]
    has_time = "Time" in columns
    times: list[int | None] = [None] * n_rows
    seen: dict[tuple[str, int | None], int] = {}
    for i, code in enumerate(codes):
        row = i + 2
        if code is None:
            problems.append(f"{source}, row {row}, column 'uCode': empty")
            continue
        if " " in code:
            problems.append(f"{source}, row {row}, column 'uCode': {code!r} contains a space")
        if has_time:
            t = _parse_number(columns["Time"][i])
            if t is None or not math.isfinite(t) or t != int(t):
                problems.append(
                    f"{source}, row {row}, column 'Time': {columns['Time'][i]!r} is not a year"
                )
                continue  # no year: a duplicate (unit, year) pair cannot be told
            times[i] = int(t)
        key = (code, times[i])
        if key in seen:
            what = f"{code!r}" + (f" in {times[i]}" if has_time else "")
            problems.append(
                f"{source}, row {row}, column 'uCode': {what} already on row {seen[key]}"
            )
        seen[key] = row
    numeric_cols = [c for c in tree.indicator_codes if c in columns]
    numeric_cols += [c for c in tree.denominator_columns if c in columns]
    parsed: dict[str, NDArray[np.float64]] = {}
    for col in numeric_cols:
        out = np.empty(n_rows, dtype=np.float64)
        for i, cell in enumerate(columns[col]):
            value = _parse_number(cell)
            if value is None or not (math.isfinite(value) or _is_missing(cell)):
                what = "not a number" if value is None else "not a finite number"
                problems.append(f"{source}, row {i + 2}, column {col!r}: {cell!r} is {what}")
                value = math.nan
            out[i] = value
        parsed[col] = out
    if problems:
        raise ValidationError(source, problems)
    return _assemble(columns, tree, codes, times, parsed, has_time)


def _assemble(
    columns: Mapping[str, Sequence[object]],
    tree: FrameworkTree,
    codes: Sequence[str | None],
    times: Sequence[int | None],
    parsed: Mapping[str, NDArray[np.float64]],
    has_time: bool,
) -> IndexData:
    unit_codes = tuple(dict.fromkeys(c for c in codes if c is not None))
    unit_pos = {c: i for i, c in enumerate(unit_codes)}
    distinct_times = sorted({t for t in times if t is not None})
    panel = has_time and len(distinct_times) > 1
    row_unit = np.array([unit_pos[str(c)] for c in codes], dtype=np.int64)
    names_col = columns.get("uName")
    unit_names = list(unit_codes)
    groups: dict[str, list[str | None]] = {g: [None] * len(unit_codes) for g in tree.groups}
    # later rows win, so a panel takes each unit's latest non-empty name and group label
    order = np.argsort([t if t is not None else 0 for t in times], kind="stable")
    for i in order:
        u = int(row_unit[i])
        name = _text(names_col[i]) if names_col is not None else None
        if name:
            unit_names[u] = name
        for g in tree.groups:
            label = _text(columns[g][i])
            if label is not None:
                groups[g][u] = label
    indicator_rows = (
        np.column_stack([parsed[c] for c in tree.indicator_codes])
        if tree.n_indicators
        else np.empty((len(codes), 0))
    )
    denominators = {d: parsed[d] for d in tree.denominator_columns if d in parsed}
    if panel:
        t_pos = {t: k for k, t in enumerate(distinct_times)}
        row_time = np.array([t_pos[int(t)] for t in times if t is not None], dtype=np.int64)
        shape = (len(distinct_times), len(unit_codes))
        values = np.full((*shape, tree.n_indicators), np.nan)
        values[row_time, row_unit] = indicator_rows
        denoms: dict[str, NDArray[np.float64]] = {}
        for d, col in denominators.items():
            grid = np.full(shape, np.nan)
            grid[row_time, row_unit] = col
            denoms[d] = grid
        return IndexData(
            tree, unit_codes, tuple(unit_names), values,
            {g: tuple(v) for g, v in groups.items()}, denoms, tuple(distinct_times),
        )  # fmt: skip
    return IndexData(
        tree, unit_codes, tuple(unit_names), indicator_rows,
        {g: tuple(v) for g, v in groups.items()}, denominators, None,
    )  # fmt: skip
