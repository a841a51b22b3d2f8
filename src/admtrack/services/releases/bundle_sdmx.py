"""The SDMX dataflow of a release bundle, written with sdmx1: a data structure definition with
its codelists and concept scheme (SDMX-ML 2.1 structure message) and the data as SDMX-CSV 2.0.

Dimensions INDICATOR, REF_AREA (codelists CL_INDICATOR, CL_AREA) and TIME_PERIOD; the primary
measure OBS_VALUE. Read back with ``sdmx.read_sdmx`` given the dataflow from the structure file.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time
from typing import Any

import pandas as pd
import sdmx
from sdmx.message import DataMessage, Header, StructureMessage
from sdmx.model import common
from sdmx.model import v21 as model

AGENCY = "ADMTRACK"
DSD_ID = "ADMTRACK_OBSERVATIONS"
STRUCTURE_FILE = "sdmx/structure.xml"
DATA_FILE = "sdmx/data.csv"


def dataflow_id(release_id: str) -> str:
    """An SDMX id (letters, digits, _) naming the release's dataflow."""
    return "ADMTRACK_" + "".join(ch if ch.isalnum() else "_" for ch in release_id).upper()


def _codelist(agency: common.Agency, cl_id: str, names: dict[str, str]) -> common.Codelist:
    codelist = common.Codelist(id=cl_id, maintainer=agency, version="1.0", is_final=True)
    for code, name in sorted(names.items()):
        codelist.append(common.Code(id=code, name=name))
    return codelist


def sdmx_files(
    release_id: str,
    published: date,
    rows: Sequence[dict[str, Any]],
    indicator_names: dict[str, str],
    country_names: dict[str, str],
) -> dict[str, bytes]:
    """The structure message and the SDMX-CSV data of the release's observations, by path."""
    agency = common.Agency(id=AGENCY, name="admtrack")
    indicators = _codelist(
        agency,
        "CL_INDICATOR",
        {r["indicator"]: indicator_names.get(r["indicator"], r["indicator"]) for r in rows},
    )
    areas = _codelist(
        agency,
        "CL_AREA",
        {r["country"]: country_names.get(r["country"], r["country"]) for r in rows},
    )
    concepts = common.ConceptScheme(
        id="CS_ADMTRACK", maintainer=agency, version="1.0", is_final=True
    )
    for concept_id in ("INDICATOR", "REF_AREA", "TIME_PERIOD", "OBS_VALUE"):
        concepts.append(common.Concept(id=concept_id, name=concept_id.replace("_", " ").lower()))
    dsd = model.DataStructureDefinition(id=DSD_ID, maintainer=agency, version="1.0", is_final=True)
    dsd.dimensions.getdefault(
        "INDICATOR", concept_identity=concepts["INDICATOR"],
        local_representation=common.Representation(enumerated=indicators),
    )  # fmt: skip
    dsd.dimensions.getdefault(
        "REF_AREA", concept_identity=concepts["REF_AREA"],
        local_representation=common.Representation(enumerated=areas),
    )  # fmt: skip
    dsd.dimensions.getdefault(
        "TIME_PERIOD", cls=common.TimeDimension, concept_identity=concepts["TIME_PERIOD"]
    )
    measure = dsd.measures.getdefault("OBS_VALUE", concept_identity=concepts["OBS_VALUE"])
    flow = model.DataflowDefinition(
        id=dataflow_id(release_id), maintainer=agency, version="1.0", structure=dsd, is_final=True,
        name=f"admtrack release {release_id}",
    )  # fmt: skip
    # prepared on the release's date, not at writing time: the same release, the same bytes
    header = Header(
        id=dataflow_id(release_id),
        prepared=datetime.combine(published, time()),
        sender=common.Agency(id=AGENCY),
    )
    structure = StructureMessage(header=header)
    for artefact in (indicators, areas, concepts, dsd, flow):
        structure.add(artefact)
    data = model.DataSet(structured_by=dsd, described_by=flow)
    for r in rows:
        key = dsd.make_key(
            common.Key,
            {"INDICATOR": r["indicator"], "REF_AREA": r["country"], "TIME_PERIOD": str(r["year"])},
        )
        data.obs.append(model.Observation(dimension=key, value=r["value"], value_for=measure))
    frame = sdmx.to_csv(data, rtype=pd.DataFrame)
    assert isinstance(frame, pd.DataFrame)
    return {
        STRUCTURE_FILE: sdmx.to_xml(structure, pretty_print=True),
        DATA_FILE: frame.to_csv(index=False, lineterminator="\n").encode("utf-8"),
    }


def read_sdmx_values(
    structure: bytes, data: bytes, release_id: str
) -> dict[tuple[str, str, int], float]:
    """The values an SDMX-CSV file holds, read with sdmx1 against the structure message."""
    import io

    message = sdmx.read_sdmx(io.BytesIO(structure))
    assert isinstance(message, StructureMessage)
    flow = message.dataflow[dataflow_id(release_id)]
    values: dict[tuple[str, str, int], float] = {}
    read = sdmx.read_sdmx(io.BytesIO(data), format="csv", structure=flow)
    assert isinstance(read, DataMessage)
    for dataset in read.data:
        for obs in dataset.obs:
            key = obs.key.values
            values[
                (
                    str(key["INDICATOR"].value),
                    str(key["REF_AREA"].value),
                    int(str(key["TIME_PERIOD"].value)),
                )
            ] = float(obs.value)
    return values
