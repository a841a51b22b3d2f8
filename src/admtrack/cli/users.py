"""``admtrack users add|list|disable|enable|set-role|reset-password|revoke-sessions``.

There is no default account and no default password: the first admin comes from
``admtrack users add NAME --role admin``. A password is read from a hidden prompt (typed
twice) or, for scripts, from standard input with ``--password-stdin``; never from the command
line, where it would stay in the shell history and the process list.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

import typer

from admtrack.cli.common import DB_OPTION, open_engine, user_errors
from admtrack.cli.output import FORMAT_OPTION, OutputFormat, emit

if TYPE_CHECKING:
    from admtrack.services.accounts import Role, User


ACTOR = "cli:users"
app = typer.Typer(
    help="User accounts: add, list, disable, enable, set-role, reset-password.",
    no_args_is_help=True,
)
ROLE_HELP = "admin, secretariat, focal_point or viewer"
COUNTRY_OPTION = typer.Option(
    None,
    "--country",
    help="ISO3 member state (required for a focal point; a viewer without one sees all)",
)
STDIN_OPTION = typer.Option(
    False, "--password-stdin", help="read the password from the first line of standard input"
)
COLUMNS = ["username", "role", "country", "active", "created_at"]


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    password: str = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    return password


def _row(user: User) -> dict[str, Any]:
    return {
        "username": user.username,
        "role": user.role.value,
        "country": user.country or "",
        "active": user.active,
        "created_at": user.created_at.isoformat(timespec="seconds"),
    }


@app.command("add")
@user_errors
def add(
    username: str,
    role: str = typer.Option(..., "--role", help=ROLE_HELP),
    country: str | None = COUNTRY_OPTION,
    password_stdin: bool = STDIN_OPTION,
    db: str | None = DB_OPTION,
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """Add a user with a role (and a member state for a focal point or viewer)."""
    from admtrack.services.accounts import add_user, parse_role

    the_role = parse_role(role)
    user = add_user(open_engine(db), username, the_role, country, _password(password_stdin), ACTOR)
    emit([_row(user)], fmt, COLUMNS)


@app.command("list")
@user_errors
def list_(db: str | None = DB_OPTION, fmt: OutputFormat = FORMAT_OPTION) -> None:
    """Every user with role, country and whether the account is active."""
    from admtrack.services.accounts import list_users

    emit([_row(u) for u in list_users(open_engine(db))], fmt, COLUMNS)


@app.command("disable")
@user_errors
def disable(username: str, db: str | None = DB_OPTION, fmt: OutputFormat = FORMAT_OPTION) -> None:
    """Disable an account: it can no longer sign in, its sessions and tokens end."""
    from admtrack.services.accounts import set_active

    emit([_row(set_active(open_engine(db), username, False, ACTOR))], fmt, COLUMNS)


@app.command("enable")
@user_errors
def enable(username: str, db: str | None = DB_OPTION, fmt: OutputFormat = FORMAT_OPTION) -> None:
    """Enable a disabled account again."""
    from admtrack.services.accounts import set_active

    emit([_row(set_active(open_engine(db), username, True, ACTOR))], fmt, COLUMNS)


@app.command("set-role")
@user_errors
def set_role_(
    username: str,
    role: str = typer.Option(..., "--role", help=ROLE_HELP),
    country: str | None = COUNTRY_OPTION,
    db: str | None = DB_OPTION,
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """Change a user's role (and member state); their sessions and tokens end."""
    from admtrack.services.accounts import parse_role, set_role

    the_role: Role = parse_role(role)
    emit([_row(set_role(open_engine(db), username, the_role, country, ACTOR))], fmt, COLUMNS)


@app.command("reset-password")
@user_errors
def reset_password_(
    username: str,
    password_stdin: bool = STDIN_OPTION,
    db: str | None = DB_OPTION,
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """Set a new password; the user's sessions and tokens end."""
    from admtrack.services.accounts import reset_password

    user = reset_password(open_engine(db), username, _password(password_stdin), ACTOR)
    emit([_row(user)], fmt, COLUMNS)


@app.command("revoke-sessions")
@user_errors
def revoke_sessions(username: str, db: str | None = DB_OPTION) -> None:
    """Sign a user out everywhere (every session ends at once)."""
    from admtrack.services.accounts import Sessions

    n = Sessions(open_engine(db)).revoke_all(username, ACTOR)
    typer.echo(f"{username}: {n} session(s) revoked")
