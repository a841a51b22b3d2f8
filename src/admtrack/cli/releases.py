"""``admtrack releases list|show|diff|publish``: data releases, what changed, publication."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import typer

from admtrack.cli.common import DB_OPTION, open_engine, user_errors
from admtrack.cli.output import FORMAT_OPTION, OutputFormat, emit
from admtrack.domain.observations import Release

app = typer.Typer(help="Data releases: list, show, diff, publish.", no_args_is_help=True)

CHANGE_COLUMNS = (
    "change", "indicator", "country", "year", "old_value", "new_value", "old_release",
    "new_release", "reason",
)  # fmt: skip


def _row(release: Release) -> dict[str, object]:
    return {
        "id": release.id,
        "status": release.status.value,
        "published": release.published.isoformat(),
        "description": release.description,
    }


@app.command("list")
@user_errors
def list_releases(db: str | None = DB_OPTION, fmt: OutputFormat = FORMAT_OPTION) -> None:
    """Every release, oldest first, with its status (draft or published)."""
    from admtrack.services import releases as release_service

    emit([_row(r) for r in release_service.list_releases(open_engine(db))], fmt)


@app.command("show")
@user_errors
def show(release_id: str, db: str | None = DB_OPTION, fmt: OutputFormat = FORMAT_OPTION) -> None:
    """A release and its changelog: every value added, revised or withdrawn since the one before."""
    from admtrack.services import releases as release_service

    engine = open_engine(db)
    release = release_service.get_release(engine, release_id)
    changes = [c.as_row() for c in release_service.changelog(engine, release_id)]
    if fmt is OutputFormat.TABLE:
        typer.echo(
            f"{release.id} ({release.status.value}, {release.published.isoformat()}): "
            f"{release.description}\n{len(changes)} changes since the previous release"
        )
    emit(changes, fmt, CHANGE_COLUMNS)


@app.command("diff")
@user_errors
def diff(
    older: str, newer: str, db: str | None = DB_OPTION, fmt: OutputFormat = FORMAT_OPTION
) -> None:
    """Values that differ between release OLDER and release NEWER, with their reasons."""
    from admtrack.services import releases as release_service

    changes = release_service.diff_releases(open_engine(db), older, newer)
    emit([c.as_row() for c in changes], fmt, CHANGE_COLUMNS)


@app.command("publish")
@user_errors
def publish(
    release_id: str,
    on: str | None = typer.Option(
        None, "--on", help="publication date YYYY-MM-DD (default: today)"
    ),
    db: str | None = DB_OPTION,
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """Publish a draft release: from then on its values can never change. Its bundle is written
    under the data directory (releases/<id>/)."""
    from admtrack.config import load_settings
    from admtrack.services import releases as release_service

    day = _day(on) if on else None
    engine = open_engine(db)
    folder = load_settings(database_url=db).data_dir / "releases"
    release = release_service.publish(
        engine,
        release_id,
        day,
        after_publish=lambda r: release_service.bundle_release(engine, r.id, folder),
    )
    emit([_row(release)], fmt)


@app.command("bundle")
@user_errors
def bundle(
    release_id: str,
    to: Path = typer.Option(..., "--to", help="folder to write the bundle into (as <to>/<id>/)"),
    db: str | None = DB_OPTION,
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """Write a published release's bundle: CSV, XLSX, Parquet, JSON, Data Package, SDMX, DCAT-AP
    and a SHA-256 manifest."""
    from admtrack.services import releases as release_service

    files = release_service.bundle_release(open_engine(db), release_id, to)
    emit([{"path": f.path, "bytes": f.bytes, "sha256": f.sha256} for f in files], fmt)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"{text!r} is not a date YYYY-MM-DD", param_hint="--on") from None
