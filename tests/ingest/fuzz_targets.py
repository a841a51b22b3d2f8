"""Every reader of a user's file, with a valid seed file each, and a mutator of files: shared by
the hypothesis fuzz test (tests/ingest/test_fuzz_readers.py) and the long run in
bench/fuzz_readers.py.

A reader passes when it returns, or refuses the file with an :class:`AdmtrackError` (or, for the
``admtrack index`` inputs, exits with code 2). Anything else is a crash."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import openpyxl
import typer

from admtrack.cli.index_inputs import load_spec, load_uncertainty
from admtrack.errors import AdmtrackError
from admtrack.ingest.coinr import read_coinr
from admtrack.ingest.enabling_actions import read_enabling_actions
from admtrack.ingest.plan_files import read_plan_file
from admtrack.ingest.snapshot import default_registry
from admtrack.ingest.tabular import read_template

SPECIMENS = Path(__file__).resolve().parents[1] / "data" / "ingest"
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
IMETA = (
    "Level,iCode,iName,Direction,Weight,Unit,Target,Denominator,Parent,Type\n"
    "1,a,A,1,1,,,,P,Indicator\n1,b,B,-1,0.5,%,90,,P,Indicator\n"
    "2,P,Pillar,1,1,,,,I,Aggregate\n3,I,Index,1,1,,,,,Aggregate\n"
)
IDATA = "uCode,uName,Time,a,b\nU1,One,2020,1,2\nU2,Two,2020,2.5e1,NA\nU3,Three,2021,3,-5\n"
TEMPLATE = (
    "country,indicator,year,value,status,note\n"
    'VNM,IT.NET.USER.ZS,2023,78.1,provisional,"ministry, estimate"\n'
    "LAO,IT.NET.USER.ZS,2022,62.0,,\n"
)
ACTIONS_YAML = (
    "actions:\n  - {id: EA 1.1, title: First, outcome: DO1, status: {2022: started}}\n"
    "  - id: EA 1.2\n    title: Second\n    outcome: DO1\n    evidence: [https://example.org]\n"
)
ACTIONS_CSV = (
    "id,title,outcome,status,evidence\nEA 1.1,First,DO1,2021:started;2023:done,https://a\n"
)

#: Tokens the mutator inserts: the characters and forms that broke readers before.
TOKENS = [
    b'"', b",", b"\n", b"\r", b"\r\n", b"\x0c", "\u2028".encode(), b"\x00", b"\xef\xbb\xbf",
    b"\xe9", b"\xff\xfe", b"&a ", b"*a", b"[", b"]", b"{", b"}", b":", b"- ", b"  ", b"\t",
    b"20_23", b"7_0.1", "\u0663".encode(), "\uff12".encode(), b"1e999", b"nan", b"-", b"+",
    b"0x1F", b"1:30", b"!!python/object:os.system", b"%YAML 1.1\n", b"---\n", b"'", b"#",
    b"9" * 40, b"x" * 5000,
]  # fmt: skip


@dataclass(frozen=True)
class Target:
    """One reader: its name, the file name it reads, a seed file and the call."""

    name: str
    file: str
    seed: Callable[[], bytes]
    read: Callable[[Path], object]


def _text(text: str) -> Callable[[], bytes]:
    return lambda: text.encode()


def _specimen(relative: str) -> Callable[[], bytes]:
    return lambda: (SPECIMENS / relative).read_bytes()


def _builtin_plan() -> bytes:
    return resources.files("admtrack.plans").joinpath("adm2025.yaml").read_bytes()


def _xlsx_seed() -> bytes:
    import io

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for line in TEMPLATE.splitlines():
        sheet.append(line.split(","))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _connector(source: str) -> Callable[[Path], object]:
    connector = default_registry().get(source)
    return lambda path: connector.read(path)


def _coinr(which: str) -> Callable[[Path], object]:
    def read(path: Path) -> object:
        other = path.with_name("imeta.csv" if which == "idata" else "idata.csv")
        other.write_text(IMETA if which == "idata" else IDATA, encoding="utf-8")
        pair = (path, other) if which == "idata" else (other, path)
        return read_coinr(*pair)

    return read


CONNECTOR_SEEDS = {
    "wdi": "wdi/it.cel.sets.p2/data.csv",
    "wdi-ddf": "ddf--datapoints--fx_own_totl_zs--by--geo--time.csv",
    "owid": "owid_internet.csv",
    "un-egdi": "egdi/EGOV_DATA_2024.csv",
    "itu-gci": "gci_2020.csv",
    "unctad-cyberlaw": "cyberlaw.csv",
    "un-sdg": "sdg/ddf--datapoints--it_mob_own--by--geo_area--nature--sex--units--year.csv",
}
FILE_NAMES = {
    "wdi": "it.cel.sets.p2/data.csv",
    "un-egdi": "egdi-2016.csv",
    "un-sdg": "ddf--datapoints--it_mob_own--by--geo_area--nature--sex--units--year.csv",
}

TARGETS: list[Target] = [
    *(
        Target(f"connector:{source}", FILE_NAMES.get(source, Path(seed).name), _specimen(seed),
               _connector(source))
        for source, seed in CONNECTOR_SEEDS.items()
    ),
    Target("template:csv", "t.csv", _text(TEMPLATE),
           lambda p: read_template(p, {"IT.NET.USER.ZS"})),
    Target("template:xlsx", "t.xlsx", _xlsx_seed, lambda p: read_template(p, {"IT.NET.USER.ZS"})),
    Target("plan:yaml", "plan.yaml", _builtin_plan, lambda p: read_plan_file(p)),
    Target("plan:imeta", "imeta.csv", _text(IMETA), lambda p: read_plan_file(p, "m", "M")),
    Target("actions:yaml", "a.yaml", _text(ACTIONS_YAML),
           lambda p: read_enabling_actions(p, {"DO1"})),
    Target("actions:csv", "a.csv", _text(ACTIONS_CSV), lambda p: read_enabling_actions(p, {"DO1"})),
    Target("index:idata", "idata.csv", _text(IDATA), _coinr("idata")),
    Target("index:imeta", "imeta.csv", _text(IMETA), _coinr("imeta")),
    Target("index:spec", "spec.yaml", lambda: (EXAMPLES / "adm2025" / "spec.yaml").read_bytes(),
           load_spec),
    Target("index:spec-json", "spec.json", _text('{"stages": [{"stage": "normalise"}]}'),
           load_spec),
    Target("index:uncertainty", "ua.yaml",
           lambda: (EXAMPLES / "adm2025" / "uncertainty.yaml").read_bytes(),
           lambda p: load_uncertainty(p, None)),
]  # fmt: skip


def mutate(data: bytes, rng: random.Random, edits: int | None = None) -> bytes:
    """``data`` with a few random edits: a token inserted, a span deleted, duplicated or
    replaced by random bytes."""
    out = bytearray(data)
    for _ in range(edits if edits is not None else rng.randint(1, 8)):
        at = rng.randint(0, len(out))
        kind = rng.randrange(4)
        if kind == 0:
            out[at:at] = rng.choice(TOKENS)
        elif kind == 1:
            del out[at : at + rng.randint(1, 64)]
        elif kind == 2:
            out[at:at] = out[at : at + rng.randint(1, 256)] * rng.randint(1, 4)
        else:
            out[at : at + rng.randint(0, 8)] = rng.randbytes(rng.randint(1, 8))
    return bytes(out)


def run(target: Target, data: bytes, folder: Path) -> str | None:
    """Feed ``data`` to the reader; None when it passed, else the crash as text."""
    path = folder / target.file
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    try:
        target.read(path)
    except AdmtrackError:
        return None
    except typer.Exit as exc:  # the index commands' refusal: exit code 2
        return None if exc.exit_code == 2 else f"exit code {exc.exit_code}"
    except Exception as exc:  # a crash: what the fuzz test exists to find
        return f"{type(exc).__name__}: {exc}"[:500]
    return None
