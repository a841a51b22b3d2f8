"""API tokens for machine submissions: created by a user for themself, shown once, stored as
a SHA-256 digest, scoped to the owner's role and country at creation, and always expiring.
A token stops working when it expires, is revoked, or its owner's role, country or account
status changes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from admtrack.errors import ValidationError
from admtrack.services.accounts.roles import Principal, Role
from admtrack.services.accounts.secrets import digest, new_token
from admtrack.store import Store
from admtrack.store import accounts_repo as repo

PREFIX = "admtrack_"
MAX_DAYS = 365


@dataclass(frozen=True, slots=True)
class NewToken:
    id: int
    token: str  # shown once; only its digest is stored
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class TokenInfo:
    id: int
    name: str
    role: str
    country: str | None
    created_at: datetime
    expires_at: datetime
    revoked: bool


def _now() -> datetime:
    return datetime.now(UTC)


class Tokens:
    def __init__(self, engine: sa.Engine, clock: Callable[[], datetime] = _now) -> None:
        self.engine = engine
        self.clock = clock

    def create(self, owner: Principal, name: str, days: int = 90) -> NewToken:
        if owner.via != "session":
            raise ValidationError("token", ["a token is created from a signed-in session"])
        if not 1 <= days <= MAX_DAYS:
            raise ValidationError("days", [f"a token lasts 1 to {MAX_DAYS} days, not {days}"])
        label = name.strip()[:100] or "token"
        token = new_token(PREFIX)
        with Store(self.engine, clock=self.clock).transaction(owner.actor) as tx:
            expires = tx.audit.at + timedelta(days=days)
            token_id = repo.insert_token(tx.connection, digest(token), owner.user_id, label,
                                         owner.role.value, owner.country, tx.audit.at, expires)  # fmt: skip
            document = {"name": label, "role": owner.role.value, "country": owner.country,
                        "expires_at": expires.isoformat()}  # fmt: skip
            tx.audit.record(
                [("insert", "api_token", f"{owner.username}/{token_id}", None, document)]
            )
        return NewToken(token_id, token, expires)

    def list_for(self, owner: Principal) -> list[TokenInfo]:
        with Store(self.engine).reader() as r:
            rows = repo.tokens_of(r.connection, owner.user_id)
        return [
            TokenInfo(
                t.id,
                t.name,
                t.role,
                t.country,
                t.created_at,
                t.expires_at,
                t.revoked_at is not None,
            )  # fmt: skip
            for t in rows
        ]

    def revoke(self, owner: Principal, token_id: int) -> bool:
        with Store(self.engine, clock=self.clock).transaction(owner.actor) as tx:
            n = repo.revoke_tokens(tx.connection, tx.audit.at, owner.user_id, token_id)
            if n:
                key = f"{owner.username}/{token_id}"
                tx.audit.record([("revoke", "api_token", key, None, None)])
        return n > 0

    def resolve(self, bearer: str) -> Principal | None:
        if not bearer.startswith(PREFIX) or len(bearer) > 128:
            return None
        with Store(self.engine).reader() as r:
            token = repo.token_by_hash(r.connection, digest(bearer))
            if token is None or token.revoked_at is not None or token.expires_at <= self.clock():
                return None
            user = repo.user_by_id(r.connection, token.user_id)
        if user is None or not user.active:
            return None
        if (user.role, user.country) != (token.role, token.country):
            return None  # the owner's scope changed since the token was made
        return Principal(user.id, user.username, Role(token.role), token.country, via="token")
