from __future__ import annotations

import sqlalchemy as sa

from admtrack.domain.geography import ASEAN_MEMBERS
from admtrack.ingest.snapshot import read_snapshot
from admtrack.services.setup import BUNDLED_RELEASE, bundled_data_dir, initialise
from admtrack.store.unit_of_work import Store


def test_init_loads_everything_once_and_is_idempotent(engine: sa.Engine) -> None:
    first = initialise(engine)
    shipped = read_snapshot(bundled_data_dir())
    assert first.observations.inserted == len(shipped) > 10_000
    assert first.plans.inserted == 2
    second = initialise(engine)
    assert second.observations.changed == 0
    assert second.observations.unchanged == len(shipped)
    assert (
        second.plans.changed == 0 and second.countries.changed == 0 and second.sources.changed == 0
    )
    store = Store(engine)
    with store.reader() as r:
        assert [p.id for p in r.list_plans()] == ["adm2025", "adm2030"]
        assert r.latest_release() is not None
        assert r.latest_release().id == BUNDLED_RELEASE.id  # type: ignore[union-attr]
        members = {c.iso3 for c in r.countries(ASEAN_MEMBERS)}
        assert members == set(ASEAN_MEMBERS)
        vnm = r.observations(
            indicator="IT.NET.USER.ZS", countries=["VNM"], year_from=2020, year_to=2020
        )
        assert len(vnm) == 1 and vnm[0].provenance is not None
        assert vnm[0].provenance.file.endswith(".csv")
        # every value cites a registered source with a licence
        sources = {s.id: s for s in r.sources()}
        assert {o.source for o in shipped} <= set(sources)
        assert all(sources[s].ref.licence for s in {o.source for o in shipped})
        audit_after_two_runs = len(r.audit_entries())
    initialise(engine)
    with store.reader() as r:
        assert len(r.audit_entries()) == audit_after_two_runs


def test_init_keeps_each_sources_vintage_and_the_hand_copied_note(engine: sa.Engine) -> None:
    from admtrack.ingest.base import HAND_COPIED

    initialise(engine)
    with Store(engine).reader() as r:
        sources = {s.id: s for s in r.sources()}
        (gci,) = r.observations(indicator="GCI.OVERALL", countries=["VNM"], year_from=2024)
        (old,) = r.observations(indicator="GCI.OVERALL", countries=["VNM"], year_to=2020)
    assert sources["un-sdg-2023"].ref.vintage == "2023-12-17"
    assert gci.source == "itu-gci-2024"
    assert gci.provenance is not None and gci.provenance.note == HAND_COPIED
    assert old.provenance is not None and old.provenance.note is None
