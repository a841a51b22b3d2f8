"""``admtrack users``: no default account; passwords from a hidden prompt or standard input,
never from the command line; every change audited and ending the user's sessions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from admtrack.cli.app import app
from admtrack.errors import Unauthenticated
from admtrack.services.accounts import Sessions
from admtrack.store import Store, create_engine_for, upgrade

runner = CliRunner()
PASSWORD = "a long test password"


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'users.sqlite'}"
    engine = create_engine_for(url)
    upgrade(engine)
    engine.dispose()
    return url


def _json(args: list[str], stdin: str | None = None) -> list[dict[str, object]]:
    result = runner.invoke(app, [*args, "--format", "json"], input=stdin)
    assert result.exit_code == 0, result.output
    data: list[dict[str, object]] = json.loads(result.output[result.output.index("[") :])
    return data


def test_a_fresh_database_has_no_account(db: str) -> None:
    assert _json(["users", "list", "--db", db]) == []


def test_first_admin_from_stdin_and_a_focal_point_from_the_prompt(db: str) -> None:
    admin = _json(
        ["users", "add", "Root", "--role", "admin", "--password-stdin", "--db", db], f"{PASSWORD}\n"
    )
    assert admin[0]["username"] == "root" and admin[0]["role"] == "admin"
    prompted = runner.invoke(
        app, ["users", "add", "vnm", "--role", "focal-point", "--country", "vnm", "--db", db],
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )  # fmt: skip
    assert prompted.exit_code == 0, prompted.output
    assert PASSWORD not in prompted.output  # the prompt hides what is typed
    table = runner.invoke(app, ["users", "list", "--db", db, "--format", "csv"]).output
    rows = table.splitlines()[1:]
    assert len(rows) == 2
    assert rows[0].startswith("root,admin,,True,") and rows[1].startswith(
        "vnm,focal_point,VNM,True,"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--role", "focal_point"], "a focal point needs --country"),
        (["--role", "admin", "--country", "VNM"], "not scoped to a country"),
        (["--role", "king"], "'king' is not one of"),
        (["--role", "viewer", "--country", "FRA"], "'FRA' is not an ASEAN member state"),
    ],
)
def test_bad_roles_are_refused_with_exit_code_2(db: str, args: list[str], message: str) -> None:
    result = runner.invoke(
        app, ["users", "add", "x1", *args, "--password-stdin", "--db", db], input=f"{PASSWORD}\n"
    )
    assert result.exit_code == 2 and message in result.output
    assert "Traceback" not in result.output


def test_short_password_is_refused(db: str) -> None:
    result = runner.invoke(
        app,
        ["users", "add", "x1", "--role", "admin", "--password-stdin", "--db", db],
        input="short\n",
    )
    assert result.exit_code == 2 and "at least 12 characters" in result.output


def test_disable_set_role_and_reset_password_end_sessions_and_are_audited(db: str) -> None:
    _json(
        ["users", "add", "sec", "--role", "secretariat", "--password-stdin", "--db", db],
        f"{PASSWORD}\n",
    )
    engine = create_engine_for(db)
    try:
        sessions = Sessions(engine)
        signed = sessions.sign_in("sec", PASSWORD, "127.0.0.1")
        assert sessions.resolve(signed.cookie) is not None
        assert _json(["users", "disable", "sec", "--db", db])[0]["active"] is False
        assert sessions.resolve(signed.cookie) is None
        with pytest.raises(Unauthenticated):
            sessions.sign_in("sec", PASSWORD, "127.0.0.1")
        _json(["users", "enable", "sec", "--db", db])
        changed = _json(
            ["users", "set-role", "sec", "--role", "viewer", "--country", "THA", "--db", db]
        )
        assert changed[0]["role"] == "viewer" and changed[0]["country"] == "THA"
        _json(
            ["users", "reset-password", "sec", "--password-stdin", "--db", db],
            "another long password\n",
        )
        assert (
            sessions.sign_in("sec", "another long password", "127.0.0.1").principal.role.value
            == "viewer"
        )
        with Store(engine).reader() as r:
            entries = r.audit_entries(entity="account", key="sec")
        assert [(e.action, (e.new_value or {}).get("active")) for e in entries] == [
            ("insert", True), ("update", False), ("update", True), ("update", True), ("update", True)
        ]  # fmt: skip
        assert (
            entries[3].old_value["role"] == "secretariat"
            and entries[3].new_value["role"] == "viewer"
        )
        assert all("hash" not in json.dumps(e.new_value) for e in entries)
        assert not any(PASSWORD in json.dumps([e.old_value, e.new_value]) for e in entries)
    finally:
        engine.dispose()
