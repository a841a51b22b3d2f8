"""Write docs/cli.md from the command's own --help texts: `python docs/gen_cli_reference.py`.

A test checks the committed file equals a fresh generation, so the reference cannot go stale."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import typer.core
from typer.testing import CliRunner

from admtrack.cli.app import app

OUT = Path(__file__).resolve().parent / "cli.md"
COMMANDS: tuple[tuple[str, ...], ...] = (
    (),
    ("init",),
    ("serve",),
    ("plans", "list"), ("plans", "show"), ("plans", "import"), ("plans", "export"),
    ("data", "import"), ("data", "fetch"), ("data", "export"), ("data", "coverage"), ("data", "observations"),
    ("data", "snapshot"),
    ("actions", "import"), ("actions", "list"), ("actions", "status"), ("actions", "report"),
    ("actions", "pending"), ("actions", "approve"), ("actions", "return"), ("actions", "export"),
    ("users", "add"), ("users", "list"), ("users", "disable"), ("users", "enable"),
    ("users", "set-role"), ("users", "reset-password"), ("users", "revoke-sessions"),
    ("releases", "list"), ("releases", "show"), ("releases", "diff"), ("releases", "publish"),
    ("releases", "bundle"),
    ("progress",),
    ("i18n", "extract"), ("i18n", "update"), ("i18n", "compile"), ("i18n", "status"),
    ("report", "end-of-term"), ("report", "baseline"), ("report", "country"), ("report", "sensitivity"),
    ("index", "build"), ("index", "uncertainty"), ("index", "sensitivity"), ("index", "audit"),
)  # fmt: skip


def help_text(command: tuple[str, ...]) -> str:
    env = {"COLUMNS": "100", "TERM": "dumb", "NO_COLOR": "1"}
    result = CliRunner().invoke(app, [*command, "--help"], env=env, prog_name="admtrack")
    if result.exit_code != 0:
        raise RuntimeError(f"admtrack {' '.join(command)} --help failed: {result.output}")
    return result.output.rstrip()


def reference() -> str:
    """Plain-text help (not the rich panels), so the file does not depend on the terminal."""
    saved = typer.core.HAS_RICH
    typer.core.HAS_RICH = False
    try:
        return _reference()
    finally:
        typer.core.HAS_RICH = saved


def _reference() -> str:
    parts = [
        "# CLI reference\n",
        "Generated from the commands' `--help` by `docs/gen_cli_reference.py`; do not edit by hand.\n",
    ]
    for command in COMMANDS:
        title = " ".join(("admtrack", *command))
        parts.append(f"## `{title}`\n\n```text\n{help_text(command)}\n```\n")
    return "\n".join(parts)


if __name__ == "__main__":
    os.environ.setdefault("COLUMNS", "100")
    OUT.write_text(reference(), encoding="utf-8")
    sys.stdout.write(f"wrote {OUT}\n")
