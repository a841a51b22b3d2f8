"""Docs checked by tests: the CLI reference is current, and every setting and every method name
of the pipeline spec is documented."""

from __future__ import annotations

import importlib.util
import typing
from pathlib import Path

import pytest

from admtrack.analytics import spec
from admtrack.config import Settings

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


def _generator() -> typing.Any:
    loc = importlib.util.spec_from_file_location("gen_cli_reference", DOCS / "gen_cli_reference.py")
    assert loc is not None and loc.loader is not None
    module = importlib.util.module_from_spec(loc)
    loc.loader.exec_module(module)
    return module


def test_cli_reference_is_generated_from_the_current_help(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    assert (DOCS / "cli.md").read_text(encoding="utf-8") == _generator().reference(), (
        "docs/cli.md is stale: run `python docs/gen_cli_reference.py`"
    )


def test_every_command_is_in_the_reference() -> None:
    from admtrack.cli.app import app

    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    for group in app.registered_groups:
        assert group.typer_instance is not None
        for command in group.typer_instance.registered_commands:
            name = command.name or (command.callback.__name__ if command.callback else "")
            assert f"`admtrack {group.name} {name}`" in text
    for command in app.registered_commands:
        assert f"`admtrack {command.name}`" in text


def test_every_setting_is_documented() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    for field in Settings.model_fields:
        assert f"ADMTRACK_{field.upper()}" in text


@pytest.mark.parametrize(
    "literal", [spec.ImputeMethod, spec.NormaliseMethod, spec.AggregateMethod, spec.TreatFunction]
)
def test_every_method_name_is_in_the_methodology(literal: object) -> None:
    text = "\n".join(
        p.read_text(encoding="utf-8") for p in sorted((DOCS / "methodology").glob("*.md"))
    )
    missing = [
        m
        for m in typing.get_args(literal)
        if m != "none" and f"`{m}`" not in text and m not in text
    ]
    assert not missing, f"not documented in docs/methodology: {missing}"


def test_the_verdict_rules_page_is_generated_from_the_plan_and_the_engine() -> None:
    loc = importlib.util.spec_from_file_location("gen_verdict_rules", DOCS / "gen_verdict_rules.py")
    assert loc is not None and loc.loader is not None
    module = importlib.util.module_from_spec(loc)
    loc.loader.exec_module(module)
    assert (DOCS / "methodology" / "verdict-rules.md").read_text(encoding="utf-8") == (
        module.page()
    ), "docs/methodology/verdict-rules.md is stale: run `python docs/gen_verdict_rules.py`"
