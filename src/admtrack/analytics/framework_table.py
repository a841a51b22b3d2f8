"""The index framework as arrays (COINr's iMeta table): the tree the engine aggregates over.

Nodes are ordered indicators first (level 1, in table order), then aggregates by increasing
level (table order within a level). ``parents[i]`` is the index of node i's parent, -1 for the
root. This ordering lets aggregation run level by level with plain array indexing.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from admtrack.domain.numbers import parse_integer, parse_number
from admtrack.errors import ValidationError

IMETA_COLUMNS = (
    "Level", "iCode", "iName", "Direction", "Weight", "Unit", "Target", "Denominator", "Parent", "Type",
)  # fmt: skip
TYPES = ("Indicator", "Aggregate", "Group", "Denominator", "Other")


@dataclass(frozen=True, eq=False)
class FrameworkTree:
    codes: tuple[str, ...]
    names: tuple[str, ...]
    levels: NDArray[np.int64]
    parents: NDArray[np.int64]
    weights: NDArray[np.float64]
    directions: NDArray[np.int64]
    units: tuple[str, ...]
    n_indicators: int
    targets: NDArray[np.float64]  # per indicator, NaN where none
    denominators: tuple[str | None, ...]  # per indicator
    groups: tuple[str, ...] = ()  # Type == Group columns of iData
    denominator_columns: tuple[str, ...] = ()  # Type == Denominator columns of iData

    @property
    def indicator_codes(self) -> tuple[str, ...]:
        return self.codes[: self.n_indicators]

    @property
    def aggregate_codes(self) -> tuple[str, ...]:
        return self.codes[self.n_indicators :]

    @property
    def max_level(self) -> int:
        return int(self.levels.max())

    def index_of(self, code: str) -> int:
        try:
            return self.codes.index(code)
        except ValueError:
            raise KeyError(f"framework has no code {code!r}") from None

    def children_of(self, node: int) -> NDArray[np.int64]:
        return np.flatnonzero(self.parents == node)

    def nodes_at(self, level: int) -> NDArray[np.int64]:
        return np.flatnonzero(self.levels == level)


def _cell(row: Mapping[str, object], key: str) -> str:
    value = row.get(key)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()


def read_imeta(rows: Iterable[Mapping[str, object]], source: str = "iMeta") -> FrameworkTree:
    """Validate an iMeta table (COINr ``check_iMeta`` rules) and build the tree.

    Rows are mappings with the :data:`IMETA_COLUMNS` keys (extra keys ignored). Every problem
    is collected, with its row number (header = row 1), into one ValidationError."""
    problems: list[str] = []
    indicators: list[dict[str, str]] = []
    aggregates: list[dict[str, str]] = []
    groups: list[str] = []
    denominator_columns: list[str] = []
    seen: dict[str, int] = {}
    for n, row in enumerate(rows, start=2):
        where = f"{source}, row {n}"
        cells = {k: _cell(row, k) for k in IMETA_COLUMNS}
        code, kind = cells["iCode"], cells["Type"]
        if not code:
            problems.append(f"{where}, column 'iCode': empty")
            continue
        if code in seen:
            problems.append(f"{where}, column 'iCode': {code!r} already on row {seen[code]}")
        seen[code] = n
        if kind not in TYPES:
            problems.append(f"{where}, column 'Type': {kind!r} is not one of {', '.join(TYPES)}")
            continue
        cells["_row"] = str(n)
        if kind == "Indicator":
            indicators.append(cells)
        elif kind == "Aggregate":
            aggregates.append(cells)
        elif kind == "Group":
            groups.append(code)
        elif kind == "Denominator":
            denominator_columns.append(code)
    for cells in indicators + aggregates:
        where = f"{source}, row {cells['_row']}"
        for col, parse in (
            ("Level", parse_integer),
            ("Weight", parse_number),
            ("Direction", parse_integer),
        ):
            if parse(cells[col]) is None:
                problems.append(f"{where}, column {col!r}: {cells[col]!r} is not a number")
        if cells["Direction"] not in ("1", "-1", "1.0", "-1.0", ""):
            problems.append(
                f"{where}, column 'Direction': must be 1 or -1, got {cells['Direction']!r}"
            )
        if cells["Target"]:
            if parse_number(cells["Target"]) is None:
                problems.append(f"{where}, column 'Target': {cells['Target']!r} is not a number")
    if problems:
        raise ValidationError(source, problems)
    for cells in indicators:
        if int(cells["Level"]) != 1:
            problems.append(
                f"{source}, row {cells['_row']}, column 'Level': indicators are level 1"
            )
    for cells in aggregates:
        if int(cells["Level"]) < 2:
            problems.append(
                f"{source}, row {cells['_row']}, column 'Level': aggregates are level 2 or more"
            )
    aggregates.sort(key=lambda c: int(c["Level"]))
    nodes = indicators + aggregates
    codes = tuple(c["iCode"] for c in nodes)
    position = {c: i for i, c in enumerate(codes)}
    levels = np.array([int(c["Level"]) for c in nodes], dtype=np.int64)
    parents = np.full(len(nodes), -1, dtype=np.int64)
    for i, cells in enumerate(nodes):
        parent = cells["Parent"]
        if not parent:
            continue
        if parent not in position or position[parent] < len(indicators):
            problems.append(
                f"{source}, row {cells['_row']}, column 'Parent': {parent!r} is not an aggregate"
            )
            continue
        parents[i] = position[parent]
        if levels[parents[i]] != levels[i] + 1:
            problems.append(
                f"{source}, row {cells['_row']}, column 'Parent': {parent!r} is on level "
                f"{levels[parents[i]]}, expected {levels[i] + 1}"
            )
    roots = [codes[i] for i in np.flatnonzero(parents == -1)]
    if len(nodes) and (len(roots) != 1 or levels[position[roots[0]]] != levels.max()):
        problems.append(f"{source}: expected one root on the top level, found {roots}")
    if levels.size and sorted(set(levels.tolist())) != list(range(1, int(levels.max()) + 1)):
        problems.append(
            f"{source}: levels must be contiguous from 1, found {sorted(set(levels.tolist()))}"
        )
    for i, cells in enumerate(aggregates, start=len(indicators)):
        if not np.any(parents == i):
            problems.append(
                f"{source}, row {cells['_row']}: aggregate {codes[i]!r} has no children"
            )
    for cells in indicators:
        d = cells["Denominator"]
        if d and d not in denominator_columns:
            problems.append(
                f"{source}, row {cells['_row']}, column 'Denominator': {d!r} is not a Denominator row"
            )
    if problems:
        raise ValidationError(source, problems)
    return FrameworkTree(
        codes=codes,
        names=tuple(c["iName"] or c["iCode"] for c in nodes),
        levels=levels,
        parents=parents,
        weights=np.array([float(c["Weight"] or 1) for c in nodes], dtype=np.float64),
        directions=np.array([int(float(c["Direction"] or 1)) for c in nodes], dtype=np.int64),
        units=tuple(c["Unit"] for c in nodes),
        n_indicators=len(indicators),
        targets=np.array([float(c["Target"]) if c["Target"] else np.nan for c in indicators]),
        denominators=tuple(c["Denominator"] or None for c in indicators),
        groups=tuple(groups),
        denominator_columns=tuple(denominator_columns),
    )
