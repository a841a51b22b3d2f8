"""Users, server-side sessions, API tokens and sign-in attempts: plain reads and writes on a
connection. Secrets arrive here already hashed; this module never sees a password or a token."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from admtrack.store.tables import api_tokens, sessions, sign_in_attempts, users


@dataclass(frozen=True, slots=True)
class UserRow:
    id: int
    username: str
    role: str
    country: str | None
    password_hash: str
    active: bool
    created_at: datetime


@dataclass(frozen=True, slots=True)
class SessionRow:
    id_hash: str
    user_id: int
    csrf_token: str
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None


@dataclass(frozen=True, slots=True)
class TokenRow:
    id: int
    user_id: int
    name: str
    role: str
    country: str | None
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None


def _user(row: sa.Row[Any]) -> UserRow:
    return UserRow(
        row.id, row.username, row.role, row.country, row.password_hash, row.active, row.created_at
    )


def insert_user(
    connection: sa.Connection,
    username: str,
    role: str,
    country: str | None,
    password_hash: str,
    at: datetime,
) -> int:
    values = {"username": username, "role": role, "country": country,
              "password_hash": password_hash, "active": True, "created_at": at}  # fmt: skip
    result = connection.execute(sa.insert(users).values(**values).returning(users.c.id))
    return int(result.scalar_one())


def user_by_name(connection: sa.Connection, username: str) -> UserRow | None:
    row = connection.execute(sa.select(users).where(users.c.username == username)).first()
    return None if row is None else _user(row)


def user_by_id(connection: sa.Connection, user_id: int) -> UserRow | None:
    row = connection.execute(sa.select(users).where(users.c.id == user_id)).first()
    return None if row is None else _user(row)


def list_users(connection: sa.Connection) -> list[UserRow]:
    return [_user(r) for r in connection.execute(sa.select(users).order_by(users.c.username))]


def count_users(connection: sa.Connection) -> int:
    return int(connection.scalar(sa.select(sa.func.count()).select_from(users)) or 0)


def update_user(connection: sa.Connection, user_id: int, **values: Any) -> None:
    connection.execute(sa.update(users).where(users.c.id == user_id).values(**values))


def insert_session(
    connection: sa.Connection,
    id_hash: str,
    user_id: int,
    csrf_token: str,
    at: datetime,
    expires_at: datetime,
    address: str,
) -> None:
    connection.execute(
        sa.insert(sessions).values(
            id_hash=id_hash, user_id=user_id, csrf_token=csrf_token, created_at=at,
            expires_at=expires_at, address=address[:64],
        )
    )  # fmt: skip


def session_by_hash(connection: sa.Connection, id_hash: str) -> SessionRow | None:
    row = connection.execute(sa.select(sessions).where(sessions.c.id_hash == id_hash)).first()
    if row is None:
        return None
    return SessionRow(
        row.id_hash, row.user_id, row.csrf_token, row.created_at, row.expires_at, row.revoked_at
    )


def revoke_sessions(
    connection: sa.Connection,
    at: datetime,
    *,
    id_hash: str | None = None,
    user_id: int | None = None,
) -> int:
    """Mark sessions revoked (one by its hash, or all of a user's); return how many."""
    query = sa.update(sessions).where(sessions.c.revoked_at.is_(None)).values(revoked_at=at)
    if id_hash is not None:
        query = query.where(sessions.c.id_hash == id_hash)
    if user_id is not None:
        query = query.where(sessions.c.user_id == user_id)
    return int(connection.execute(query).rowcount)


def insert_token(
    connection: sa.Connection,
    token_hash: str,
    user_id: int,
    name: str,
    role: str,
    country: str | None,
    at: datetime,
    expires_at: datetime,
) -> int:
    query = (
        sa.insert(api_tokens)
        .values(
            token_hash=token_hash,
            user_id=user_id,
            name=name,
            role=role,
            country=country,
            created_at=at,
            expires_at=expires_at,
        )  # fmt: skip
        .returning(api_tokens.c.id)
    )
    return int(connection.execute(query).scalar_one())


def _token(row: sa.Row[Any]) -> TokenRow:
    return TokenRow(
        row.id, row.user_id, row.name, row.role, row.country, row.created_at, row.expires_at,
        row.revoked_at,
    )  # fmt: skip


def token_by_hash(connection: sa.Connection, token_hash: str) -> TokenRow | None:
    query = sa.select(api_tokens).where(api_tokens.c.token_hash == token_hash)
    row = connection.execute(query).first()
    return None if row is None else _token(row)


def tokens_of(connection: sa.Connection, user_id: int) -> list[TokenRow]:
    query = sa.select(api_tokens).where(api_tokens.c.user_id == user_id).order_by(api_tokens.c.id)
    return [_token(r) for r in connection.execute(query)]


def revoke_tokens(
    connection: sa.Connection, at: datetime, user_id: int, token_id: int | None = None
) -> int:
    query = (
        sa.update(api_tokens)
        .where(api_tokens.c.user_id == user_id, api_tokens.c.revoked_at.is_(None))
        .values(revoked_at=at)
    )
    if token_id is not None:
        query = query.where(api_tokens.c.id == token_id)
    return int(connection.execute(query).rowcount)


def record_attempt(
    connection: sa.Connection, username: str, address: str, at: datetime, succeeded: bool
) -> None:
    connection.execute(
        sa.insert(sign_in_attempts).values(
            at=at, username=username[:64], address=address[:64], succeeded=succeeded
        )
    )


def failed_attempts_since(
    connection: sa.Connection, since: datetime, *, username: str | None = None,
    address: str | None = None,
) -> int:  # fmt: skip
    """Failed sign-ins since ``since`` for a username or an address."""
    query = sa.select(sa.func.count()).where(
        sign_in_attempts.c.at >= since, sign_in_attempts.c.succeeded.is_(False)
    )
    if username is not None:
        query = query.where(sign_in_attempts.c.username == username[:64])
    if address is not None:
        query = query.where(sign_in_attempts.c.address == address[:64])
    return int(connection.scalar(query) or 0)
