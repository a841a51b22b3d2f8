"""``admtrack i18n status``: the completeness table, read from the catalogues themselves."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from admtrack import i18n
from admtrack.cli.app import app
from admtrack.i18n import catalogues

runner = CliRunner()


def test_status_counts_every_catalogue() -> None:
    result = runner.invoke(app, ["i18n", "status", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = {r["language"]: r for r in json.loads(result.output)}
    assert list(rows) == list(i18n.CODES)
    total = len(catalogues.message_ids(catalogues.read_template()))
    assert rows["en"]["translated"] == rows["en"]["total"] == total
    for code in i18n.CODES[1:]:
        counted = catalogues.count(catalogues.read_catalog(code), code)
        assert (rows[code]["translated"], rows[code]["total"]) == (counted.translated, total)
        assert rows[code]["percent"] == round(100 * counted.translated / total, 1)
        assert rows[code]["covers"] == i18n.language(code).coverage
    assert rows["km"]["translated"] < rows["th"]["translated"]  # navigation only


def test_status_table_says_the_translations_await_review() -> None:
    result = runner.invoke(app, ["i18n", "status"])
    assert result.exit_code == 0
    assert i18n.REVIEW_NOTE in result.output
    assert result.output.splitlines()[0].split() == [
        "language", "name", "covers", "translated", "total", "percent",
    ]  # fmt: skip
