"""Managing users: add, list, disable, enable, change role, reset password; each change is
audited (entity ``account``) with before and after, never with a password or its hash."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from admtrack.errors import Forbidden, NotFound, ValidationError
from admtrack.services.accounts.roles import Principal, Role, check_scope
from admtrack.services.accounts.secrets import hash_password
from admtrack.store import Store
from admtrack.store import accounts_repo as repo
from admtrack.store.accounts_repo import UserRow

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")


@dataclass(frozen=True, slots=True)
class User:
    id: int
    username: str
    role: Role
    country: str | None
    active: bool
    created_at: datetime

    def document(self) -> dict[str, Any]:
        return {"role": self.role.value, "country": self.country, "active": self.active}


def _user(row: UserRow) -> User:
    return User(row.id, row.username, Role(row.role), row.country, row.active, row.created_at)


def parse_role(text: str) -> Role:
    try:
        return Role(text.strip().lower().replace("-", "_"))
    except ValueError:
        allowed = ", ".join(r.value for r in Role)
        raise ValidationError("role", [f"{text!r} is not one of {allowed}"]) from None


def add_user(
    engine: sa.Engine, username: str, role: Role, country: str | None, password: str, actor: str
) -> User:
    name = username.strip().lower()
    if not USERNAME.match(name):
        raise ValidationError(
            "username", [f"{username!r}: 2-64 characters a-z, 0-9, '.', '_' or '-'"]
        )
    code = check_scope(role, country)
    password_hash = hash_password(password)
    with Store(engine).transaction(actor=actor) as tx:
        if repo.user_by_name(tx.connection, name) is not None:
            raise ValidationError("username", [f"a user {name!r} already exists"])
        user_id = repo.insert_user(
            tx.connection, name, role.value, code, password_hash, tx.audit.at
        )
        user = _user(_require(tx.connection, name))
        tx.audit.record([("insert", "account", name, None, user.document())])
    assert user.id == user_id
    return user


def list_users(engine: sa.Engine) -> list[User]:
    with Store(engine).reader() as r:
        return [_user(row) for row in repo.list_users(r.connection)]


def _require(connection: sa.Connection, username: str) -> UserRow:
    row = repo.user_by_name(connection, username.strip().lower())
    if row is None:
        raise NotFound(f"no user {username!r}")
    return row


def _change(engine: sa.Engine, username: str, actor: str, **values: Any) -> User:
    with Store(engine).transaction(actor=actor) as tx:
        before = _user(_require(tx.connection, username))
        secret = values.pop("password_hash", None)
        changes = dict(values)
        if secret is not None:
            changes["password_hash"] = secret
        repo.update_user(tx.connection, before.id, **changes)
        after = _user(_require(tx.connection, username))
        if secret is not None or not after.active or after.role != before.role:
            # a new password, a disabled account or a new role ends every session and token
            repo.revoke_sessions(tx.connection, tx.audit.at, user_id=before.id)
            repo.revoke_tokens(tx.connection, tx.audit.at, before.id)
        old, new = before.document(), after.document()
        if secret is not None:
            old, new = {**old, "password": "(previous)"}, {**new, "password": "(reset)"}
        tx.audit.record([("update", "account", before.username, old, new)])
    return after


def set_active(engine: sa.Engine, username: str, active: bool, actor: str) -> User:
    return _change(engine, username, actor, active=active)


def set_role(engine: sa.Engine, username: str, role: Role, country: str | None, actor: str) -> User:
    return _change(engine, username, actor, role=role.value, country=check_scope(role, country))


def reset_password(engine: sa.Engine, username: str, password: str, actor: str) -> User:
    return _change(engine, username, actor, password_hash=hash_password(password))


def principal_of(engine: sa.Engine, username: str, *, via: str = "cli") -> Principal:
    """The existing, active account ``username`` as a principal with its role and country in
    force: how the CLI acts as a named person, checked as a signed-in one would be."""
    with Store(engine).reader() as r:
        row = repo.user_by_name(r.connection, username.strip().lower())
    if row is None:
        raise NotFound(f"no user {username!r}; add one with `admtrack users add`")
    if not row.active:
        raise Forbidden(f"the account {row.username!r} is disabled")
    return Principal(row.id, row.username, Role(row.role), row.country, via=via)
