"""What every command shares: the ``--db`` option, opening the database from settings, and
turning admtrack's errors into a clear message and exit code 2 instead of a traceback."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, ParamSpec, TypeVar

import typer

from admtrack.errors import AdmtrackError

if TYPE_CHECKING:
    import sqlalchemy as sa

DB_OPTION = typer.Option(
    None,
    "--db",
    help="database URL (default: ADMTRACK_DATABASE_URL, else the SQLite file in ADMTRACK_DATA_DIR)",
)

P = ParamSpec("P")
R = TypeVar("R")


def open_engine(db: str | None, *, require_schema: bool = True) -> sa.Engine:
    """The engine for ``--db`` or the settings; unless ``require_schema`` is False, refuse a
    database that `admtrack init` has not set up yet, with a message saying so."""
    from admtrack.config import load_settings
    from admtrack.services.stored_data import open_database

    settings = load_settings(database_url=db)
    if not settings.database_url:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = open_database(settings.resolved_database_url, require_schema=require_schema)
    _OPENED.append(engine)
    return engine


#: The engines a command opened, closed when it ends (see :func:`user_errors`).
_OPENED: list[sa.Engine] = []


def user_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Report :class:`AdmtrackError` (bad input, refused import, unknown code) without a traceback."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except AdmtrackError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from None
        finally:  # release the command's database connections
            while _OPENED:
                _OPENED.pop().dispose()

    return wrapper
