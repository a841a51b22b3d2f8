"""The one safe way admtrack reads a user's file: bytes, text, CSV rows, XLSX rows and YAML/JSON.

Every reader of a file (connectors, templates, plans, enabling actions, iMeta, pipeline specs,
uncertainty designs) goes through these functions, so the same rules hold everywhere:

* a file larger than :data:`MAX_FILE_BYTES` (or an XLSX workbook whose parts unpack to more than
  :data:`MAX_UNPACKED_BYTES`) is refused before it is parsed (``file.too-large``);
* text is UTF-8, with or without a byte-order mark; anything else is refused with "the file is
  not UTF-8, save it as UTF-8" and the line of the first bad byte (``file.not-utf8``);
* CSV fields may be of any length up to the file limit; a form feed or U+2028 inside a quoted
  field is data, not a line break; a file of more than :data:`MAX_ROWS` rows is refused
  (``file.too-many-rows``); a CSV syntax error is ``file.bad-csv`` at its row;
* YAML (and JSON, read as YAML) is loaded with a loader that refuses aliases (no "billion
  laughs"), nesting deeper than :data:`MAX_DEPTH`, a key given twice in one mapping and YAML
  1.1's lenient numbers (``20_23``, ``0x1F``, ``1:30``) (``file.bad-yaml`` at line and column);
* an XLSX workbook is read in read-only mode; its rows follow the CSV rules.

A refusal is a :class:`FileRefused`: a :class:`~admtrack.errors.ValidationError` (so every
command prints it with exit code 2) that also carries the located :class:`Issue` values.

Usage::

    rows = csv_rows(path, "data.csv")           # [(row number, [cells])], header = row 1
    data = load_yaml_file(path, "plan.yaml")    # plain Python values
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from pathlib import Path
from typing import Any

import yaml

from admtrack.domain.issues import Issue, Location, Severity
from admtrack.domain.text import Message
from admtrack.errors import ValidationError

#: Largest file admtrack reads (bytes).
MAX_FILE_BYTES = 64 * 1024 * 1024
#: Most rows (header included) in one CSV file or XLSX sheet.
MAX_ROWS = 1_000_000
#: Largest total unpacked size of the parts of an XLSX workbook (a zip archive).
MAX_UNPACKED_BYTES = 512 * 1024 * 1024
#: Deepest nesting of YAML/JSON collections.
MAX_DEPTH = 64

NOT_UTF8 = "the file is not UTF-8, save it as UTF-8"

Row = tuple[int, list[str]]


class FileRefused(ValidationError):
    """A file that cannot be read safely; ``issues`` locate each problem."""

    def __init__(self, issues: list[Issue]) -> None:
        self.issues = tuple(issues)
        file = issues[0].location.file if issues else "input"
        super().__init__(file, [str(i) for i in issues])


def refuse(
    code: str, message: str, file: str, row: int | None = None, column: str | None = None
) -> FileRefused:
    """A :class:`FileRefused` for one error located in ``file``."""
    return FileRefused([Issue(code, Severity.ERROR, message, Location(file, row, column))])


# -- bytes and text ---------------------------------------------------------------------------
def read_bytes(path: Path, name: str | None = None, max_bytes: int | None = None) -> bytes:
    """The bytes of ``path``, refused when unreadable or larger than ``max_bytes`` (default
    :data:`MAX_FILE_BYTES`)."""
    label = name or path.name
    max_bytes = MAX_FILE_BYTES if max_bytes is None else max_bytes
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise refuse(
                "file.too-large",
                f"the file has {size:,} bytes, more than the limit of {max_bytes:,}",
                label,
            )
        chunks: list[bytes] = []
        total = 0
        with path.open("rb") as handle:  # in chunks: read(n) would allocate n bytes at once
            while total <= max_bytes and (chunk := handle.read(1 << 20)):
                chunks.append(chunk)
                total += len(chunk)
        data = b"".join(chunks)
    except OSError as exc:
        raise refuse(
            "file.unreadable", f"cannot read the file: {exc.strerror or exc}", label
        ) from None
    if len(data) > max_bytes:
        raise refuse("file.too-large", f"the file is larger than {max_bytes:,} bytes", label)
    return data


def decode_utf8(data: bytes, name: str) -> str:
    """``data`` as UTF-8 text without its byte-order mark; any other encoding is refused with the
    line and byte position of the first byte that is not UTF-8."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise refuse("file.not-utf8", f"{NOT_UTF8} (it is UTF-16)", name, 1)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        offset = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        message = f"{NOT_UTF8} (byte 0x{data[exc.start]:02X} at line {line}, byte {offset})"
        raise refuse("file.not-utf8", message, name, line) from None


def read_text(path: Path, name: str | None = None, max_bytes: int | None = None) -> str:
    """The UTF-8 text of ``path`` (size-limited; see :func:`decode_utf8`)."""
    return decode_utf8(read_bytes(path, name, max_bytes), name or path.name)


# -- CSV --------------------------------------------------------------------------------------
def parse_csv(text: str, name: str, max_rows: int | None = None) -> list[Row]:
    """The records of CSV ``text`` numbered from 1 (header = row 1), blank lines included as
    empty lists so numbers match a spreadsheet's; line breaks inside quotes are kept."""
    max_rows = MAX_ROWS if max_rows is None else max_rows
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    reader = csv.reader(io.StringIO(text, newline=""), strict=False)
    rows: list[Row] = []
    number = 0
    try:
        for number, record in enumerate(reader, start=1):  # noqa: B007 (used after the loop)
            if number > max_rows:
                raise refuse(
                    "file.too-many-rows", f"the file has more than {max_rows:,} rows", name, number
                )
            rows.append((number, record))
    except csv.Error as exc:
        raise refuse("file.bad-csv", f"not valid CSV: {exc}", name, number + 1) from None
    return rows


def csv_rows(path: Path, name: str | None = None, max_rows: int | None = None) -> list[Row]:
    """The numbered records of the CSV file ``path`` (see :func:`parse_csv`)."""
    label = name or path.name
    return parse_csv(read_text(path, label), label, max_rows)


def csv_dicts(
    path: Path, name: str | None = None, required: tuple[str, ...] = ()
) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Header and rows as dicts of the CSV file ``path``; refuses a missing required column, a
    column named twice and a row whose number of fields differs from the header's."""
    label = name or path.name
    records = [(n, r) for n, r in csv_rows(path, label) if r]
    if not records:
        raise refuse("file.empty", Message("the file has no header row"), label, 1)
    header = [h.strip() for h in records[0][1]]
    issues = [
        Issue("file.missing-column", Severity.ERROR, Message("required column %(column)r is missing", column=c),
              Location(label, 1, c))
        for c in required
        if c not in header
    ]  # fmt: skip
    issues += [
        Issue("file.duplicate-column", Severity.ERROR, Message("column %(column)r appears more than once", column=c),
              Location(label, 1, c))
        for c in sorted({h for h in header if header.count(h) > 1})
    ]  # fmt: skip
    rows: list[tuple[int, dict[str, str]]] = []
    for number, record in records[1:]:
        if len(record) != len(header):
            message = Message("row has %(n)s field(s), the header has %(header)s",
                              n=len(record), header=len(header))  # fmt: skip
            column = header[min(len(record), len(header) - 1)] if header else None
            issues.append(
                Issue(
                    "file.truncated-row", Severity.ERROR, message, Location(label, number, column)
                )
            )
            continue
        rows.append((number, dict(zip(header, record, strict=True))))
    if issues:
        raise FileRefused(issues)
    return header, rows


# -- XLSX -------------------------------------------------------------------------------------
def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value)) if abs(value) < 1e15 else repr(value)
    return repr(value) if isinstance(value, float) else str(value)


def xlsx_rows(
    path: Path,
    name: str | None = None,
    max_rows: int | None = None,
    max_unpacked: int | None = None,
) -> list[Row]:
    """The first sheet of an XLSX workbook as numbered rows of text cells (read-only mode)."""
    label = name or path.name
    max_rows = MAX_ROWS if max_rows is None else max_rows
    max_unpacked = MAX_UNPACKED_BYTES if max_unpacked is None else max_unpacked
    read_bytes(path, label)  # the size limit
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except Exception as exc:  # zipfile raises many types for a damaged archive
        raise refuse("file.unreadable", f"not an XLSX workbook: {exc}", label) from None
    if unpacked > max_unpacked:
        message = f"the workbook unpacks to {unpacked:,} bytes, more than {max_unpacked:,}"
        raise refuse("file.too-large", message, label)
    from openpyxl import load_workbook

    rows: list[Row] = []
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                if number > max_rows:
                    message = f"the sheet has more than {max_rows:,} rows"
                    raise refuse("file.too-many-rows", message, label, number)
                cells = [_cell_text(v) for v in values]
                while cells and cells[-1] == "":
                    cells.pop()
                rows.append((number, cells))
        finally:
            workbook.close()
    except FileRefused:
        raise
    except Exception as exc:  # openpyxl raises many types for a broken workbook
        raise refuse("file.unreadable", f"cannot read the workbook: {exc}", label) from None
    return rows


# -- YAML and JSON ----------------------------------------------------------------------------
class _StrictLoader(yaml.SafeLoader):
    """PyYAML's safe loader without aliases, with a depth limit and no duplicate keys."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not accepted; write the value out", mark
            )
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:  # read at call time, so tests may lower it
                mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
                raise yaml.composer.ComposerError(
                    None, None, f"nested more than {MAX_DEPTH} levels deep", mark
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        if isinstance(node, yaml.MappingNode):
            seen: dict[Any, int] = {}
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=True)
                try:
                    first = seen.setdefault(key, key_node.start_mark.line + 1)
                except TypeError:
                    continue  # an unhashable key: the base constructor reports it
                if first != key_node.start_mark.line + 1:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"key {key!r} given twice (first on line {first})",
                        key_node.start_mark,
                    )  # fmt: skip
        return super().construct_mapping(node, deep)


_DECIMAL_INT = re.compile(r"[-+]?[0-9]+")


def _strict_int(loader: _StrictLoader, node: Any) -> Any:
    """YAML 1.1 also reads ``20_23``, ``0x1F``, ``017`` and ``1:30`` as integers: refuse them."""
    text = loader.construct_scalar(node)
    if not _DECIMAL_INT.fullmatch(str(text)):
        raise yaml.constructor.ConstructorError(
            None, None, f"{text!r} is not a plain decimal integer", node.start_mark
        )
    return int(str(text))


def _strict_float(loader: _StrictLoader, node: Any) -> Any:
    text = str(loader.construct_scalar(node))
    if "_" in text or ":" in text:
        raise yaml.constructor.ConstructorError(
            None, None, f"{text!r} is not a plain decimal number", node.start_mark
        )
    return loader.construct_yaml_float(node)


_StrictLoader.add_constructor("tag:yaml.org,2002:int", _strict_int)
_StrictLoader.add_constructor("tag:yaml.org,2002:float", _strict_float)
# YAML 1.1 reads 1e5 and 1.5e3 (JSON numbers) as strings; read them as numbers
_StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)[eE][-+]?[0-9]+\Z"),
    list("-+0123456789."),
)


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"key {key!r} given twice")
        out[key] = value
    return out


def _no_constant(word: str) -> Any:
    raise ValueError(f"{word} is not a number")


def load_json(text: str, name: str) -> Any:
    """Parse JSON ``text`` strictly: no duplicate keys, no NaN/Infinity, bounded nesting."""
    try:
        return json.loads(text, object_pairs_hook=_unique_keys, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        message = f"not valid YAML or JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})"
        raise refuse("file.bad-json", message, name, exc.lineno, str(exc.colno)) from None
    except ValueError as exc:
        raise refuse("file.bad-json", f"not valid YAML or JSON ({exc})", name) from None
    except RecursionError:
        message = "not valid YAML or JSON (nested too deeply)"
        raise refuse("file.bad-json", message, name) from None


def load_yaml(text: str, name: str) -> Any:
    """Parse YAML or JSON ``text`` strictly; a problem is ``file.bad-yaml`` at its line/column."""
    try:
        return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 (a subclass of SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        line = mark.line + 1 if mark is not None else None
        column = str(mark.column + 1) if mark is not None else None
        where = f" at line {line}, column {column}" if mark is not None else ""
        message = f"not valid YAML or JSON ({problem}{where})"
        raise refuse("file.bad-yaml", message, name, line, column) from None
    except RecursionError:
        message = f"not valid YAML or JSON (nested more than {MAX_DEPTH} levels deep)"
        raise refuse("file.bad-yaml", message, name) from None
    except ValueError as exc:  # a date-like scalar that is no date, e.g. 2024-13-01
        raise refuse("file.bad-yaml", f"not valid YAML or JSON ({exc})", name) from None


def load_yaml_file(path: Path, name: str | None = None) -> Any:
    """The YAML or JSON document in ``path`` (size-limited, UTF-8, strict: see :func:`load_yaml`;
    a ``.json`` file is read by :func:`load_json`)."""
    label = name or path.name
    text = read_text(path, label)
    if path.suffix.lower() == ".json":
        return load_json(text, label)
    return load_yaml(text, label)
