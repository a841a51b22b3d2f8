"""Accounts: Argon2 hashes, sessions that expire and can be revoked, sign-in limits per account
and per address, API tokens shown once, stored hashed and bound to the owner's scope."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from admtrack.errors import TooManyAttempts, Unauthenticated, ValidationError
from admtrack.services.accounts import Role, SessionPolicy, Sessions, Tokens, add_user, set_role
from admtrack.store import Store, create_engine_for, upgrade
from admtrack.store.tables import api_tokens, sessions, users

PASSWORD = "a long test password"


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[sa.Engine]:
    e = create_engine_for(f"sqlite:///{tmp_path / 'accounts.sqlite'}")
    upgrade(e)
    add_user(e, "fp", Role.FOCAL_POINT, "VNM", PASSWORD, "test")
    yield e
    e.dispose()


def test_passwords_and_session_ids_are_stored_only_as_hashes(engine: sa.Engine) -> None:
    signed = Sessions(engine).sign_in("fp", PASSWORD, "10.0.0.1")
    with engine.connect() as c:
        stored_hash = c.scalar(sa.select(users.c.password_hash))
        ids = list(c.scalars(sa.select(sessions.c.id_hash)))
    assert (
        stored_hash is not None
        and stored_hash.startswith("$argon2id$")
        and PASSWORD not in stored_hash
    )
    assert signed.cookie not in ids and len(ids) == 1 and len(ids[0]) == 64


def test_sessions_expire_and_can_be_revoked(engine: sa.Engine) -> None:
    clock = Clock()
    service = Sessions(engine, SessionPolicy(lifetime=timedelta(hours=8)), clock)
    signed = service.sign_in("fp", PASSWORD, "10.0.0.1")
    clock.now += timedelta(hours=7, minutes=59)
    assert service.resolve(signed.cookie) is not None
    clock.now += timedelta(minutes=2)
    assert service.resolve(signed.cookie) is None  # expired
    again = service.sign_in("fp", PASSWORD, "10.0.0.1")
    assert service.revoke_all("fp", "test") == 2  # every session not yet revoked, expired or not
    assert service.resolve(again.cookie) is None


def test_sign_in_limits_per_account_and_per_address(engine: sa.Engine) -> None:
    clock = Clock()
    policy = SessionPolicy(
        window=timedelta(minutes=15), failures_per_account=3, failures_per_address=5
    )
    service = Sessions(engine, policy, clock)
    for _ in range(3):
        with pytest.raises(Unauthenticated):
            service.sign_in("fp", "wrong password!!", "10.0.0.1")
    with pytest.raises(TooManyAttempts):
        service.sign_in("fp", PASSWORD, "10.0.0.2")  # the account is locked from any address
    clock.now += timedelta(minutes=16)
    assert service.sign_in("fp", PASSWORD, "10.0.0.2").principal.username == "fp"
    for name in ("a1", "a2", "a3", "a4", "a5"):
        with pytest.raises(Unauthenticated):
            service.sign_in(name, "whatever password", "10.0.0.9")
    with pytest.raises(TooManyAttempts):
        service.sign_in("fp", PASSWORD, "10.0.0.9")  # that address is locked for every account
    with Store(engine).reader() as r:
        failed = [e for e in r.audit_entries(entity="session") if e.action == "failed-sign-in"]
    assert len(failed) == 3 + 1 + 5 + 1 and all(PASSWORD not in str(e.new_value) for e in failed)


def test_tokens_are_shown_once_hashed_scoped_and_expire(engine: sa.Engine) -> None:
    clock = Clock()
    owner = Sessions(engine, clock=clock).sign_in("fp", PASSWORD, "10.0.0.1").principal
    service = Tokens(engine, clock)
    new = service.create(owner, "laptop", days=30)
    with engine.connect() as c:
        assert new.token not in list(c.scalars(sa.select(api_tokens.c.token_hash)))
    found = service.resolve(new.token)
    assert found is not None and (found.role, found.country, found.via) == (
        Role.FOCAL_POINT,
        "VNM",
        "token",
    )
    with pytest.raises(ValidationError):
        service.create(found, "from a token", days=30)  # tokens come from a signed-in session
    with pytest.raises(ValidationError):
        service.create(owner, "forever", days=10_000)
    clock.now += timedelta(days=31)
    assert service.resolve(new.token) is None  # expired
    clock.now -= timedelta(days=31)
    set_role(engine, "fp", Role.FOCAL_POINT, "THA", "test")
    assert service.resolve(new.token) is None  # the owner's scope changed
    with Store(engine).reader() as r:
        assert [e.action for e in r.audit_entries(entity="api_token")] == ["insert"]
