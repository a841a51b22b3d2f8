"""Settings documents that the user hands to a command (pipeline specs, uncertainty designs):
read through the safe reading layer and refused with a message that names the file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from admtrack.errors import AdmtrackError
from admtrack.ingest.safe_read import FileRefused, load_yaml_file


def read_mapping(path: Path, what: str) -> dict[str, Any]:
    """The YAML or JSON mapping at the top level of ``path``; ``what`` names it in messages.
    Read safely (size limit, UTF-8, no aliases, bounded depth, no duplicate keys); any problem
    is an :class:`AdmtrackError` whose message starts with the file."""
    if not path.is_file():
        raise AdmtrackError(f"{path}: no such file")
    try:
        loaded = load_yaml_file(path, str(path))
    except FileRefused as exc:
        issue = exc.issues[0]
        place = f"{path}, row {issue.location.row}" if issue.location.row else f"{path}"
        if issue.code in ("file.bad-yaml", "file.bad-json"):
            raise AdmtrackError(f"{path}: the {what} is {issue.message}") from None
        raise AdmtrackError(
            f"{place}: the {what} is refused: {issue.code}: {issue.message}"
        ) from None
    if not isinstance(loaded, dict):
        raise AdmtrackError(f"{path}: expected a mapping at the top level of the {what}")
    return loaded
