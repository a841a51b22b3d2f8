"""Signing in and out: server-side sessions in the database and the sign-in rate limit.

The browser holds only a random session id; the database holds its SHA-256, the user, the
CSRF token of the session, its expiry and, once revoked, when. Failed sign-ins are counted per
account and per address over a sliding window; beyond the limit sign-in is refused, even with
the right password, until the window has passed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from admtrack.errors import TooManyAttempts, Unauthenticated
from admtrack.services.accounts.roles import Principal, Role
from admtrack.services.accounts.secrets import digest, new_token, verify_password
from admtrack.store import Store
from admtrack.store import accounts_repo as repo


@dataclass(frozen=True, slots=True)
class SessionPolicy:
    lifetime: timedelta = timedelta(hours=8)
    window: timedelta = timedelta(minutes=15)
    failures_per_account: int = 5
    failures_per_address: int = 20


@dataclass(frozen=True, slots=True)
class SignedIn:
    """A new session: the cookie value (shown to the browser once) and its CSRF token."""

    cookie: str
    csrf_token: str
    principal: Principal
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class ActiveSession:
    principal: Principal
    csrf_token: str
    id_hash: str


def _now() -> datetime:
    return datetime.now(UTC)


class Sessions:
    def __init__(
        self,
        engine: sa.Engine,
        policy: SessionPolicy = SessionPolicy(),
        clock: Callable[[], datetime] = _now,
    ) -> None:
        self.engine = engine
        self.policy = policy
        self.clock = clock

    def sign_in(self, username: str, password: str, address: str) -> SignedIn:
        """A new session for valid credentials; ``Unauthenticated`` (one message for an unknown
        user, a wrong password or a disabled account) or ``TooManyAttempts`` otherwise."""
        name = username.strip().lower()[:64]
        now = self.clock()
        store = Store(self.engine, clock=self.clock)
        with store.reader() as r:
            since = now - self.policy.window
            by_account = repo.failed_attempts_since(r.connection, since, username=name)
            by_address = repo.failed_attempts_since(r.connection, since, address=address)
            user = repo.user_by_name(r.connection, name)
        limited = (
            by_account >= self.policy.failures_per_account
            or by_address >= self.policy.failures_per_address
        )
        ok = verify_password(user.password_hash if user else None, password) and not limited
        ok = ok and user is not None and user.active
        with store.transaction(actor=f"user:{name}" if name else "anonymous") as tx:
            repo.record_attempt(tx.connection, name, address, now, bool(ok))
            if not ok or user is None:
                reason = "rate-limited" if limited else "bad credentials"
                detail = {"address": address, "reason": reason}
                tx.audit.record([("failed-sign-in", "session", name or "-", None, detail)])
            else:
                cookie, csrf = new_token(), new_token()
                expires = now + self.policy.lifetime
                repo.insert_session(tx.connection, digest(cookie), user.id, csrf, now, expires,
                                    address)  # fmt: skip
                tx.audit.record([("sign-in", "session", name, None, {"address": address})])
        if limited:
            minutes = int(self.policy.window.total_seconds() // 60)
            raise TooManyAttempts(f"too many failed sign-ins; try again in {minutes} minutes")
        if not ok or user is None:
            raise Unauthenticated("unknown user name or wrong password")
        principal = Principal(user.id, user.username, Role(user.role), user.country)
        return SignedIn(cookie, csrf, principal, expires)

    def resolve(self, cookie: str) -> ActiveSession | None:
        """The live session of a cookie value, or None (unknown, expired, revoked, disabled)."""
        if not cookie or len(cookie) > 128:
            return None
        id_hash = digest(cookie)
        with Store(self.engine).reader() as r:
            row = repo.session_by_hash(r.connection, id_hash)
            if row is None or row.revoked_at is not None or row.expires_at <= self.clock():
                return None
            user = repo.user_by_id(r.connection, row.user_id)
        if user is None or not user.active:
            return None
        principal = Principal(user.id, user.username, Role(user.role), user.country)
        return ActiveSession(principal, row.csrf_token, id_hash)

    def sign_out(self, session: ActiveSession) -> None:
        with Store(self.engine, clock=self.clock).transaction(session.principal.actor) as tx:
            repo.revoke_sessions(tx.connection, tx.audit.at, id_hash=session.id_hash)
            tx.audit.record([("sign-out", "session", session.principal.username, None, None)])

    def revoke_all(self, username: str, actor: str) -> int:
        """End every session of ``username`` (e.g. a lost laptop); return how many."""
        with Store(self.engine, clock=self.clock).transaction(actor) as tx:
            user = repo.user_by_name(tx.connection, username.strip().lower())
            if user is None:
                return 0
            n = repo.revoke_sessions(tx.connection, tx.audit.at, user_id=user.id)
            tx.audit.record([("revoke", "session", user.username, None, {"sessions": n})])
        return n
