from __future__ import annotations

from pathlib import Path

import pytest

from admtrack.errors import ValidationError
from admtrack.ingest.plan_files import (
    builtin_plans,
    read_imeta_rows,
    read_plan_file,
    write_imeta_csv,
)

ASEM = Path(__file__).resolve().parents[2] / "examples" / "asem" / "ASEM_iMeta.csv"


def test_builtin_plans_load() -> None:
    assert [p.id for p in builtin_plans()] == ["adm2025", "adm2030"]


def test_a_plan_exports_to_imeta_and_reads_back(tmp_path: Path) -> None:
    adm = builtin_plans()[0]
    out = tmp_path / "adm2025_imeta.csv"
    write_imeta_csv(adm, out)
    back = read_plan_file(out, plan_id="adm2025-imeta", name="ADM2025 via iMeta")
    assert [i.code for i in back.indicators] == [i.code for i in adm.indicators]
    assert [i.direction for i in back.indicators] == [i.direction for i in adm.indicators]
    assert back.index_code == "ADM2025"


def test_asem_csv_round_trips_cell_for_cell(tmp_path: Path) -> None:
    plan = read_plan_file(ASEM, plan_id="asem", name="ASEM")
    out = tmp_path / "asem.csv"
    write_imeta_csv(plan, out)
    assert read_imeta_rows(out) == [dict(row) for row in read_imeta_rows(ASEM)]


def test_imeta_needs_an_id_and_a_name(tmp_path: Path) -> None:
    f = tmp_path / "m.csv"
    f.write_text("Level,iCode,Parent,Type\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="needs a plan id and a name"):
        read_plan_file(f)


def test_broken_yaml_is_reported(tmp_path: Path) -> None:
    f = tmp_path / "p.yaml"
    f.write_text("id: [unclosed\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="not valid YAML"):
        read_plan_file(f)
