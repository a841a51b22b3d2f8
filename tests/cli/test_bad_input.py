"""Every malformed file a command reads is refused with exit code 2 and a located message
(file, row, column), no traceback, and the store exactly as it was; the valid edge cases are
accepted. One test per case, through the real command line."""

from __future__ import annotations

import hashlib
import os
import resource
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from openpyxl import Workbook
from typer.testing import CliRunner

from admtrack.cli.app import app
from admtrack.domain.observations import Observation, Provenance, Release, SourceRef
from admtrack.ingest import safe_read
from admtrack.services.setup import BUNDLED_RELEASE
from admtrack.store import Store, create_engine_for, tables
from admtrack.store.records import SourceRecord

runner = CliRunner()
HEAD = "country,indicator,year,value,status,note\n"
ROW = "VNM,IT.NET.USER.ZS,2025,81.5,provisional,ministry estimate\n"
IMETA_HEAD = "Level,iCode,iName,Direction,Weight,Unit,Target,Denominator,Parent,Type\n"
IMETA = IMETA_HEAD + "1,a,A,1,1,,,,P,Indicator\n1,b,B,1,1,,,,P,Indicator\n2,P,P,1,1,,,,I,Aggregate\n3,I,Index,1,1,,,,,Aggregate\n"  # fmt: skip
IDATA = "uCode,a,b\nU1,1,2\nU2,2,4\nU3,3,5\n"
SPEC = "stages:\n  - stage: normalise\n  - stage: aggregate\n"
PLAN = (
    "id: tiny\nname: Tiny plan\nperiod: [2021, 2025]\noutcomes:\n"
    "  - id: DO1\n    name: One\n    indicators:\n"
    "      - {code: IT.NET.USER.ZS, name: Internet use, unit: '%', direction: 1}\n"
)
ACTIONS = "actions:\n  - {id: EA 1.1, title: First, outcome: DO1}\n"
BILLION_LAUGHS = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{chr(98 + n)}: &{chr(98 + n)} [{','.join(['*' + chr(97 + n)] * 9)}]\n" for n in range(8)
)
DEEP = "a: " + "[" * 20_000 + "]" * 20_000 + "\n"


@pytest.fixture(scope="module")
def initialised(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("init") / "admtrack.sqlite"
    result = runner.invoke(app, ["init", "--db", f"sqlite:///{path}"])
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture
def db(initialised: Path, tmp_path: Path) -> str:
    copy = tmp_path / "admtrack.sqlite"
    shutil.copy(initialised, copy)
    return f"sqlite:///{copy}"


def digest(url: str) -> tuple[object, ...]:
    """Row count of every table and the digest of the SQLite file's bytes (a committed write
    always changes the file: at least its change counter)."""
    engine = create_engine_for(url)
    with engine.connect() as c:
        counts = [
            (t.name, c.scalar(sa.select(sa.func.count()).select_from(t)))
            for t in tables.metadata.sorted_tables
        ]
    engine.dispose()
    data = Path(url.removeprefix("sqlite:///")).read_bytes()
    return (*counts, hashlib.sha256(data).hexdigest())


def _xlsx(rows: list[list[object]]) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        book = Workbook()
        sheet = book.active
        assert sheet is not None
        for row in rows:
            sheet.append(row)
        book.save(path)

    return write


def _wdi_header_only(path: Path) -> None:
    path.write_text("Country Name,Country Code,Year,Value\n", encoding="utf-8")


@dataclass(frozen=True)
class Case:
    """A file, the command that reads it, and the fragments the error must contain."""

    name: str
    file: str
    content: str | bytes | Callable[[Path], None]
    command: tuple[str, ...]
    expected: tuple[str, ...]

    def write(self, folder: Path) -> Path:
        path = folder / self.file
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(self.content, bytes):
            path.write_bytes(self.content)
        elif isinstance(self.content, str):
            path.write_text(self.content, encoding="utf-8")
        else:
            self.content(path)
        return path


DATA = ("data", "import", "{file}")
PLANS = ("plans", "import", "{file}")
ACTIONS_IMPORT = ("actions", "import", "{file}", "--plan", "adm2025")
BUILD = ("index", "build", "--idata", "{idata}", "--imeta", "{imeta}", "--spec", "{spec}")
STRAY_QUOTE = HEAD + ROW + 'VNM,IT.NET.USER.ZS,2024,"80.1,,\n' + ROW.replace("2025", "2023") * 5000

REFUSED = [
    # data import: the submission template and the connectors
    Case("csv-field-over-128k", "t.csv", STRAY_QUOTE, DATA,
         ("t.csv, row 3, column 'status': file.truncated-row",)),
    Case("latin-1-csv", "t.csv", (HEAD + "VNM,IT.NET.USER.ZS,2025,81.5,,Hà Noi\n").encode("latin-1"),
         DATA, ("t.csv, row 2: file.not-utf8", "save it as UTF-8", "byte 0xE0 at line 2")),
    Case("utf-16-csv", "t.csv", (HEAD + ROW).encode("utf-16"), DATA,
         ("t.csv, row 1: file.not-utf8", "it is UTF-16")),
    Case("binary-file", "t.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff", DATA,
         ("t.csv, row 1: file.not-utf8", "byte 0x89 at line 1, byte 1")),
    Case("year-with-underscore", "t.csv", HEAD + ROW.replace("2025", "20_25"), DATA,
         ("t.csv, row 2, column 'year': obs.bad-year: '20_25' is not a year",)),
    Case("value-with-underscore", "t.csv", HEAD + ROW.replace("81.5", "7_0.1"), DATA,
         ("t.csv, row 2, column 'value': obs.not-a-number: '7_0.1'",)),
    Case("arabic-indic-digits", "t.csv", HEAD + ROW.replace("81.5", "\u0668\u0661"), DATA,
         ("t.csv, row 2, column 'value': obs.not-a-number",)),
    Case("full-width-year", "t.csv", HEAD + ROW.replace("2025", "\uff12\uff10\uff12\uff15"), DATA,
         ("t.csv, row 2, column 'year': obs.bad-year",)),
    Case("value-two-points", "t.csv", HEAD + ROW.replace("81.5", "81.5.1"), DATA,
         ("t.csv, row 2, column 'value': obs.not-a-number",)),
    Case("xlsx-row-with-extra-cells", "t.xlsx",
         _xlsx([HEAD.strip().split(","), ["VNM", "IT.NET.USER.ZS", 2025, 81.5, "", "note", "extra"]]),
         DATA, ("t.xlsx, row 2, column 'note': file.truncated-row", "7 field(s), the header has 6")),
    Case("xlsx-not-a-workbook", "t.xlsx", b"PK\x03\x04 not really a zip", DATA,
         ("t.xlsx: file.unreadable",)),
    Case("header-only-wdi", "it.net.user.zs/data.csv", _wdi_header_only,
         (*DATA, "--source", "wdi"), ("data.csv, row 2: file.no-data-rows: no data rows",)),
    Case("all-empty-template", "t.csv", HEAD + "VNM,IT.NET.USER.ZS,2025,,,\nLAO,IT.NET.USER.ZS,2025,,,\n",
         DATA, ("t.csv, row 2: file.no-data-rows",)),
    Case("empty-file", "t.csv", b"", DATA, ("t.csv: file.empty",)),
    Case("into-the-bundled-release", "t.csv", HEAD + ROW.replace("2025,81.5", "2020,11.0"),
         (*DATA, "--release", BUNDLED_RELEASE.id), ("t.csv: release.published",)),
    # plans import
    Case("plan-latin-1", "p.yaml", (PLAN.replace("Tiny plan", "Plan à")).encode("latin-1"), PLANS,
         ("p.yaml, row 2: file.not-utf8",)),
    Case("plan-billion-laughs", "p.yaml", BILLION_LAUGHS, PLANS,
         ("p.yaml, row 2, column '", "file.bad-yaml", "aliases (*name) are not accepted")),
    Case("plan-20000-levels", "p.yaml", DEEP, PLANS,
         ("p.yaml, row 1, column '", "file.bad-yaml", "nested more than 64 levels")),
    Case("plan-duplicate-key", "p.yaml", PLAN + "name: Again\n", PLANS,
         ("p.yaml, row 9, column '1': file.bad-yaml", "key 'name' given twice (first on line 2)")),
    Case("plan-absurd-period-end", "p.yaml", PLAN.replace("2025]", "1" + "0" * 30 + "]"), PLANS,
         ("p.yaml.period: expected [start, end] years in 1900-2100",)),
    Case("plan-name-as-list", "p.yaml", PLAN.replace("name: Tiny plan", "name: [Tiny, plan]"),
         PLANS, ("p.yaml.name: expected str, got list",)),
    Case("plan-year-with-underscore", "p.yaml", PLAN.replace("2021", "20_21"), PLANS,
         ("p.yaml, row 3, column '10': file.bad-yaml", "'20_21' is not a plain decimal integer")),
    Case("imeta-latin-1", "m.csv", IMETA.replace(",A,", ",Á,").encode("latin-1"),
         (*PLANS, "--id", "m", "--name", "M"), ("m.csv, row 2: file.not-utf8",)),
    Case("imeta-header-only", "m.csv", IMETA_HEAD, (*PLANS, "--id", "m", "--name", "M"),
         ("m.csv, row 2: no data rows",)),
    Case("imeta-weight-with-underscore", "m.csv", IMETA.replace("1,a,A,1,1,", "1,a,A,1,1_0,"),
         (*PLANS, "--id", "m", "--name", "M"), ("m.csv, row 2: column 'Weight': '1_0' is not a number",)),
    Case("imeta-ragged-row", "m.csv", IMETA + "1,c,C\n", (*PLANS, "--id", "m", "--name", "M"),
         ("m.csv, row 6, column 'Direction': file.truncated-row",)),
    # actions import
    Case("actions-latin-1-yaml", "a.yaml", ACTIONS.replace("First", "Première").encode("latin-1"),
         ACTIONS_IMPORT, ("a.yaml, row 2: file.not-utf8",)),
    Case("actions-billion-laughs", "a.yaml", BILLION_LAUGHS, ACTIONS_IMPORT,
         ("a.yaml, row 2, column '", "aliases (*name) are not accepted")),
    Case("actions-20000-levels", "a.yaml", DEEP, ACTIONS_IMPORT,
         ("a.yaml, row 1, column '", "nested more than 64 levels")),
    Case("actions-duplicate-key", "a.yaml", "actions:\n  - id: EA 1.1\n    title: A\n    title: B\n    outcome: DO1\n",
         ACTIONS_IMPORT, ("a.yaml, row 4, column '5': file.bad-yaml", "key 'title' given twice")),
    Case("actions-title-as-list", "a.yaml", ACTIONS.replace("title: First", "title: [First, Second]"),
         ACTIONS_IMPORT, ("a.yaml: actions[0].title: expected str, got list",)),
    Case("actions-status-year-underscore", "a.csv", "id,title,outcome,status\nEA 1.1,T,DO1,20_23:started\n",
         ACTIONS_IMPORT, ("a.csv: row 2.status: '20_23' is not a year",)),
    Case("actions-header-only-csv", "a.csv", "id,title,outcome\n", ACTIONS_IMPORT,
         ("a.csv: no data rows",)),
    Case("actions-latin-1-csv", "a.csv", "id,title,outcome\nEA 1.1,Préface,DO1\n".encode("latin-1"),
         ACTIONS_IMPORT, ("a.csv, row 2: file.not-utf8",)),
    # index build / uncertainty / sensitivity / audit inputs
    Case("spec-billion-laughs", "spec.yaml", BILLION_LAUGHS, BUILD,
         ("spec.yaml: the pipeline spec is not valid YAML or JSON (aliases (*name) are not accepted", "at line 2, column")),
    Case("spec-json-duplicate-key", "spec.json", '{"stages": [], "stages": []}', BUILD,
         ("spec.json: the pipeline spec is not valid YAML or JSON (key 'stages' given twice)",)),
    Case("spec-latin-1", "spec.yaml", "# é\n".encode("latin-1") + SPEC.encode(), BUILD,
         ("spec.yaml, row 1: the pipeline spec is refused: file.not-utf8",)),
    Case("idata-stray-quote-over-128k", "idata.csv", IDATA + 'U4,"1,2\n' + "U9,1,2\n" * 30_000,
         BUILD, ("idata.csv, row 5: 2 cells, the header has 3",)),
    Case("idata-value-with-underscore", "idata.csv", IDATA.replace("U2,2,4", "U2,2,4_0"), BUILD,
         ("idata.csv, row 3, column 'b': '4_0' is not a number",)),
    Case("imeta-arabic-indic-level", "imeta.csv", IMETA.replace("3,I,Index", "\u0663,I,Index"),
         BUILD, ("imeta.csv, row 5, column 'Level': '\u0663' is not a number",)),
]  # fmt: skip

ACCEPTED = [
    Case("form-feed-in-a-quoted-note", "t.csv", HEAD + ROW.replace("ministry estimate", '"page\fbreak"'), DATA, ()),
    Case("u2028-in-a-quoted-note", "t.csv", HEAD + ROW.replace("ministry estimate", '"line\u2028separator"'), DATA, ()),
    Case("a-200k-quoted-note", "t.csv", HEAD + ROW.replace("ministry estimate", '"' + "x" * 200_000 + '"'), DATA, ()),
    Case("utf-8-with-bom-and-crlf", "t.csv", ("\ufeff" + HEAD + ROW).replace("\n", "\r\n"), DATA, ()),
]  # fmt: skip


def _arguments(case: Case, folder: Path, db: str) -> list[str]:
    path = case.write(folder)
    files = {"file": path}
    if case.command[0] == "index":
        defaults = {"idata.csv": IDATA, "imeta.csv": IMETA, "spec.yaml": SPEC}
        for name, text in defaults.items():
            target = folder / name
            if not target.exists():
                target.write_text(text, encoding="utf-8")
        files |= {"idata": folder / "idata.csv", "imeta": folder / "imeta.csv"}
        files["spec"] = path if path.name.startswith("spec") else folder / "spec.yaml"
    args = [part.format(**{k: str(v) for k, v in files.items()}) for part in case.command]
    return args if case.command[0] == "index" else [*args, "--db", db]


@pytest.mark.parametrize("case", REFUSED, ids=lambda c: c.name)
def test_a_malformed_file_is_refused_located_with_exit_2_and_the_store_unchanged(
    case: Case, db: str, tmp_path: Path
) -> None:
    args = _arguments(case, tmp_path / "in", db)
    before = digest(db)
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    for fragment in case.expected:
        assert fragment in result.stderr, result.stderr
    assert digest(db) == before


@pytest.mark.parametrize("case", ACCEPTED, ids=lambda c: c.name)
def test_a_valid_edge_case_is_imported(case: Case, db: str, tmp_path: Path) -> None:
    args = _arguments(case, tmp_path / "in", db)
    before = digest(db)
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "t.csv: 1 new, 0 updated, 0 unchanged observations" in result.stdout
    assert digest(db) != before  # the digest does see a write


def test_a_changed_value_is_never_written_over_its_release(db: str, tmp_path: Path) -> None:
    first = tmp_path / "first.csv"
    first.write_text(HEAD + ROW, encoding="utf-8")
    assert (
        runner.invoke(app, ["data", "import", str(first), "--release", "r1", "--db", db]).exit_code
        == 0
    )
    revised = tmp_path / "revised.csv"
    revised.write_text(HEAD + ROW.replace("81.5", "82.0"), encoding="utf-8")
    before = digest(db)
    result = runner.invoke(app, ["data", "import", str(revised), "--release", "r1", "--db", db])
    assert result.exit_code == 2
    assert "revised.csv, row 2, column 'value': release.would-overwrite" in result.stderr
    assert "release r1 already holds IT.NET.USER.ZS/VNM/2025 = 81.5" in result.stderr
    assert digest(db) == before


@pytest.mark.parametrize("limit", ["MAX_FILE_BYTES", "MAX_ROWS"])
def test_size_and_row_limits_are_refused_with_a_message(
    limit: str, db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(safe_read, limit, 100 if limit == "MAX_FILE_BYTES" else 3)
    path = tmp_path / "t.csv"
    path.write_text(HEAD + ROW * 4, encoding="utf-8")
    before = digest(db)
    result = runner.invoke(app, ["data", "import", str(path), "--db", db])
    assert result.exit_code == 2
    expected = (
        "t.csv: file.too-large: the file has 277 bytes, more than the limit of 100"
        if limit == "MAX_FILE_BYTES"
        else "t.csv, row 4: file.too-many-rows: the file has more than 3 rows"
    )
    assert expected in result.stderr
    assert digest(db) == before


def test_data_snapshot_refuses_a_raw_file_that_is_not_utf8(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    (raw / "owid_itu_internet_users").mkdir(parents=True)
    (raw / "owid_itu_internet_users" / "share-of-individuals-using-the-internet.csv").write_bytes(
        "Entity,Code,Year,Internet\nViệt Nam,VNM,2020,70.3\n".encode("utf-16")
    )
    out = tmp_path / "out"
    result = runner.invoke(app, ["data", "snapshot", "--raw", str(raw), "--out", str(out)])
    assert result.exit_code == 2
    assert (
        "owid_itu_internet_users/share-of-individuals-using-the-internet.csv, row 1: "
        "file.not-utf8: the file is not UTF-8, save it as UTF-8 (it is UTF-16)"
    ) in result.stderr
    assert not out.exists()


def test_init_never_overwrites_a_value_that_a_later_release_holds(db: str) -> None:
    """A correction published in a later release survives a second `admtrack init`: the
    bundled release is published (immutable) and init only confirms it; the current view keeps
    the correction."""
    engine = create_engine_for(db)
    submitted = Observation(
        "IT.NET.USER.ZS", "VNM", 2020, 11.0, "submission:vnm.csv",
        provenance=Provenance("vnm.csv", 2, "value"),
    )  # fmt: skip
    source = SourceRef(publisher="National submission", dataset="vnm.csv", licence="as agreed")
    correction = Release("correction-2026-12", date(2026, 12, 1))
    with Store(engine).transaction(actor="test:a correction") as tx:
        tx.save_sources([SourceRecord("submission:vnm.csv", source)])
        tx.create_release(correction)
        tx.upsert_observations([submitted], correction.id)
        tx.publish_release(correction.id, correction.published)
    engine.dispose()
    result = runner.invoke(app, ["init", "--db", db])
    assert result.exit_code == 0, result.output
    with Store(engine).reader() as r:
        (bundled,) = r.observations(
            indicator="IT.NET.USER.ZS", countries=["VNM"], year_from=2020, year_to=2020,
            release=BUNDLED_RELEASE.id,
        )  # fmt: skip
        (current,) = r.observations(
            indicator="IT.NET.USER.ZS", countries=["VNM"], year_from=2020, year_to=2020
        )
    engine.dispose()
    assert (bundled.value, current.value, current.release) == (70.3, 11.0, correction.id)


BOUNDED = [c for c in REFUSED if c.name in ("plan-billion-laughs", "actions-20000-levels",
                                             "csv-field-over-128k", "spec-billion-laughs")]  # fmt: skip


@pytest.mark.parametrize("case", BOUNDED, ids=lambda c: c.name)
def test_a_hostile_file_is_refused_within_1_gb_and_20_s(
    case: Case, db: str, tmp_path: Path
) -> None:
    """The command in its own process, limited to 1 GB of address space and 20 s (a bound, not a
    speed measurement): the billion laughs once took 2 GB and 30 s before failing."""
    args = _arguments(case, tmp_path / "in", db)
    gigabyte = 1024**3

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (gigabyte, gigabyte))

    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "admtrack", *args],
        capture_output=True, text=True, timeout=20, preexec_fn=limit, env=env, check=False,
    )  # fmt: skip
    assert result.returncode == 2, result.stderr
    assert case.expected[0] in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("command", "which"),
    [(c, "spec") for c in ("build", "uncertainty", "sensitivity", "audit")]
    + [(c, "uncertainty") for c in ("uncertainty", "sensitivity")],
)
def test_every_index_command_refuses_hostile_yaml(command: str, which: str, tmp_path: Path) -> None:
    files = {"idata.csv": IDATA, "imeta.csv": IMETA, "spec.yaml": SPEC}
    files["ua.yaml"] = "inputs:\n  - kind: weights\n    noise: {2: 0.25}\n"
    files["spec.yaml" if which == "spec" else "ua.yaml"] = BILLION_LAUGHS
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    args = ["index", command, "--idata", str(tmp_path / "idata.csv")]
    args += ["--imeta", str(tmp_path / "imeta.csv"), "--spec", str(tmp_path / "spec.yaml")]
    if command in ("uncertainty", "sensitivity"):
        args += ["--uncertainty", str(tmp_path / "ua.yaml"), "--samples", "8"]
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    name = "spec.yaml" if which == "spec" else "ua.yaml"
    assert f"{tmp_path / name}: the " in result.stderr
    assert "is not valid YAML or JSON (aliases (*name) are not accepted; write the value out" in (
        result.stderr
    )
    assert "at line 2, column 8)" in result.stderr
