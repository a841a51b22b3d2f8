"""The descriptors of a release bundle: the Frictionless Data Package and the DCAT-AP entry.

Both name their files by paths relative to the bundle folder and carry no creation time, so the
same release always gives the same bytes, wherever it is served from."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from admtrack import __version__
from admtrack.domain.observations import Release
from admtrack.services.releases.bundle_tables import TableSpec

#: Licence texts recognised as SPDX identifiers (a source's licence is written as one or not).
SPDX_IDS: frozenset[str] = frozenset(
    {"CC-BY-4.0", "CC-BY-SA-4.0", "CC0-1.0", "ODbL-1.0", "ODC-By-1.0", "PDDL-1.0", "CC-BY-3.0-IGO"}
)
MEDIA_TYPES = {
    ".csv": "text/csv",
    ".json": "application/json",
    ".jsonld": "application/ld+json",
    ".parquet": "application/vnd.apache.parquet",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".xml": "application/xml",
}


def spdx_licence(text: str) -> str | None:
    """The SPDX id a source's licence text is, if it is one (``"CC-BY-4.0"``), else None."""
    return text.strip() if text.strip() in SPDX_IDS else None


def package_name(release: Release) -> str:
    return f"admtrack-{release.id}".lower()


def datapackage(
    release: Release, specs: Sequence[TableSpec], licences: Sequence[str]
) -> dict[str, Any]:
    """A Frictionless Data Package (v1) describing every table of the bundle."""
    return {
        "profile": "tabular-data-package",
        "name": package_name(release),
        "title": f"admtrack release {release.id}",
        "description": release.description,
        "version": release.id,
        "keywords": ["ASEAN Digital Masterplan", "monitoring", "admtrack"],
        "licenses": [{"name": spdx} for spdx in sorted(set(licences))],
        "sources": [{"title": "see the sources table (data/sources.csv) for each value's source"}],
        "contributors": [{"title": f"admtrack {__version__}", "role": "publisher"}],
        "resources": [
            {
                "name": spec.name,
                "path": spec.path,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "description": spec.description,
                "schema": {
                    "fields": spec.fields,
                    "primaryKey": spec.primary_key,
                    **({"foreignKeys": spec.foreign_keys} if spec.foreign_keys else {}),
                },
            }
            for spec in specs
        ],
    }


def dcat(release: Release, files: Sequence[str], licences: Sequence[str]) -> dict[str, Any]:
    """A DCAT-AP dataset entry (JSON-LD) for the release, one distribution per data file."""
    distributions = [
        {
            "@id": f"#{path}",
            "@type": "dcat:Distribution",
            "dct:title": path,
            "dcat:downloadURL": {"@id": path},
            "dcat:accessURL": {"@id": path},
            "dcat:mediaType": MEDIA_TYPES.get(path[path.rfind(".") :], "application/octet-stream"),
            **(
                {"dct:license": {"@id": f"http://spdx.org/licenses/{licences[0]}"}}
                if len(set(licences)) == 1
                else {}
            ),
        }
        for path in files
    ]
    return {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
        },
        "@id": f"#{package_name(release)}",
        "@type": "dcat:Dataset",
        "dct:identifier": release.id,
        "dct:title": f"admtrack release {release.id}",
        "dct:description": release.description,
        "dct:issued": {"@value": release.published.isoformat(), "@type": "xsd:date"},
        "dct:publisher": {"@type": "foaf:Agent", "foaf:name": "ASEAN Secretariat (admtrack)"},
        "dcat:keyword": ["ASEAN Digital Masterplan", "monitoring"],
        "dcat:distribution": distributions,
    }
