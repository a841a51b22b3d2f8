"""``admtrack i18n extract|update|compile|status``: the interface's translation catalogues."""

from __future__ import annotations

import typer

from admtrack.cli.common import user_errors
from admtrack.cli.output import FORMAT_OPTION, OutputFormat, emit

app = typer.Typer(
    help="Translations of the interface: extract, update, compile, status.", no_args_is_help=True
)


@app.command("extract")
@user_errors
def extract() -> None:
    """Collect every interface string of the code and templates into locale/messages.pot."""
    from admtrack.i18n import catalogues

    template = catalogues.extract()
    changed = catalogues.write_template(template)
    state = "written" if changed else "unchanged"
    typer.echo(f"{catalogues.POT_PATH}: {len(template)} messages ({state})")


@app.command("update")
@user_errors
def update() -> None:
    """Extract, then merge the template into every language's messages.po."""
    from admtrack.i18n import catalogues

    template = catalogues.extract()
    catalogues.write_template(template)
    changed = catalogues.update(template)
    for path in changed:
        typer.echo(f"updated {path}")
    typer.echo(f"{len(template)} messages; {len(changed)} catalogues changed")


@app.command("compile")
@user_errors
def compile_catalogues() -> None:
    """Compile every messages.po to messages.mo (admtrack itself reads the .po files)."""
    from admtrack.i18n import catalogues

    failed = False
    for path, problems in catalogues.compile_all():
        typer.echo(f"compiled {path}")
        for problem in problems:
            typer.echo(f"  {problem}", err=True)
            failed = True
    if failed:
        raise typer.Exit(2)


@app.command("status")
@user_errors
def status(fmt: OutputFormat = FORMAT_OPTION) -> None:
    """Completeness of each language's catalogue: translated / total messages."""
    from admtrack.i18n import REVIEW_NOTE, catalogues

    rows = [
        {
            "language": r.code,
            "name": r.name,
            "covers": r.coverage,
            "translated": r.translated,
            "total": r.total,
            "percent": r.percent,
        }
        for r in catalogues.status()
    ]
    emit(rows, fmt)
    if fmt is OutputFormat.TABLE:
        typer.echo(f"\nEvery catalogue but English: {REVIEW_NOTE}")
        typer.echo("'interface' covers every page; 'navigation' the main navigation and the")
        typer.echo("member states' names (from CLDR), the rest of the page is in English.")
