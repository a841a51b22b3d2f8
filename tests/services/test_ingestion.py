"""Imports are all-or-nothing: a malformed file of any connector is refused with located issues
and leaves the database exactly as it was; a clean file is imported idempotently."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from admtrack.domain.issues import Issue
from admtrack.domain.observations import Release
from admtrack.errors import ImportRejected
from admtrack.services.ingestion import import_file
from admtrack.services.setup import initialise
from admtrack.store import tables
from admtrack.store.unit_of_work import Store

SPECIMENS = Path(__file__).resolve().parents[1] / "data" / "ingest"

MALFORMED = [
    ("wdi", "wdi/it.cel.sets.p2/data.csv"),
    ("wdi-ddf", "ddf--datapoints--fx_own_totl_zs--by--geo--time.csv"),
    ("owid", "owid_internet.csv"),
    ("un-egdi", "egdi/EGOV_DATA_2024.csv"),
    ("itu-gci", "gci_2020.csv"),
    ("unctad-cyberlaw", "cyberlaw.csv"),
    ("un-sdg", "sdg/ddf--datapoints--it_mob_own--by--geo_area--nature--sex--units--year.csv"),
    ("template", "template.csv"),
    (
        "un-sdg-2023",
        "sdg2023/ddf--datapoints--it_use_ii99--by--age--geo_area--nature--sex--units--year.csv",
    ),
    ("owid-sdg", "owid_mobile_coverage.csv"),
    ("itu-gci-2024", "gci_2024.csv"),
    ("itu-prices", "itu_prices.csv"),
    ("unctad-dds", "unctad_de.csv"),
    ("wdi-ddf-2", "wdi_ddf_2/ddf--datapoints--fx_own_totl_fe_zs--by--geo--time.csv"),
    ("wdi-extra", "wdi/it.cel.sets.p2/data.csv"),
    ("sdmx", "sdmx/malformed_rows.csv"),
]


def _fingerprint(engine: sa.Engine) -> tuple[object, ...]:
    """Row counts and a digest of every table (and the file's bytes for SQLite)."""
    parts: list[object] = []
    with engine.connect() as c:
        for table in tables.metadata.sorted_tables:
            rows = c.execute(sa.select(table)).all()
            parts.append(
                (
                    table.name,
                    len(rows),
                    hashlib.sha256(repr(sorted(map(repr, rows))).encode()).hexdigest(),
                )
            )
    if engine.dialect.name == "sqlite" and engine.url.database:
        parts.append(hashlib.sha256(Path(engine.url.database).read_bytes()).hexdigest())
    return tuple(parts)


@pytest.mark.parametrize(("source", "specimen"), MALFORMED)
def test_a_malformed_file_is_refused_and_changes_nothing(
    engine: sa.Engine, source: str, specimen: str
) -> None:
    initialise(engine)
    engine.dispose()
    before = _fingerprint(engine)
    with pytest.raises(ImportRejected) as err:
        import_file(engine, SPECIMENS / specimen, source)
    engine.dispose()
    assert _fingerprint(engine) == before
    issues = err.value.issues
    assert issues, "a rejected import lists its issues"
    located = [i for i in issues if isinstance(i, Issue) and i.location.row is not None]
    assert located, f"{source}: issues must name their row: {issues}"
    assert all(Path(specimen).name in str(i) for i in located)
    assert "nothing was written" in str(err.value)


def test_a_clean_template_imports_once(engine: sa.Engine, tmp_path: Path) -> None:
    initialise(engine)
    f = tmp_path / "vnm-2025.csv"
    f.write_text(
        "country,indicator,year,value,status,note\n"
        "VNM,IT.NET.USER.ZS,2025,81.5,provisional,ministry estimate\n"
        "VNM,EGOV.EGDI,2025,0.79,,\n",
        encoding="utf-8",
    )
    first = import_file(engine, f)
    assert first.counts.inserted == 2
    again = import_file(engine, f)
    assert again.counts.changed == 0 and again.counts.unchanged == 2
    with Store(engine).reader() as r:
        (obs,) = r.observations(indicator="IT.NET.USER.ZS", countries=["VNM"], year_from=2025)
        assert obs.value == 81.5 and obs.status.value == "provisional"
        assert obs.source == "submission:vnm-2025.csv"


def test_a_changed_value_is_refused_in_its_release_and_goes_into_a_new_one(
    engine: sa.Engine, tmp_path: Path
) -> None:
    initialise(engine)
    f = tmp_path / "sub.csv"
    f.write_text("country,indicator,year,value\nLAO,EGOV.OSI,2025,0.40\n", encoding="utf-8")
    first = import_file(engine, f)
    f.write_text("country,indicator,year,value\nLAO,EGOV.OSI,2025,0.45\n", encoding="utf-8")
    engine.dispose()
    before = _fingerprint(engine)
    with pytest.raises(ImportRejected) as err:
        import_file(engine, f)
    engine.dispose()
    assert _fingerprint(engine) == before
    (issue,) = err.value.issues
    assert isinstance(issue, Issue) and issue.code == "release.would-overwrite"
    assert (issue.location.file, issue.location.row, issue.location.column) == (
        "sub.csv",
        2,
        "value",
    )
    assert f"release {first.release} already holds EGOV.OSI/LAO/2025 = 0.4" in str(issue)
    revised = import_file(engine, f, release=Release(id="revision-1", published=date.today()))
    assert revised.counts.inserted == 1
    with Store(engine).reader() as r:
        (current,) = r.observations(indicator="EGOV.OSI", countries=["LAO"], year_from=2025)
        (kept,) = r.observations(indicator="EGOV.OSI", countries=["LAO"], release=first.release)
    assert (current.value, current.release, kept.value) == (0.45, "revision-1", 0.40)
