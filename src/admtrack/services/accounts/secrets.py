"""Password hashing (Argon2id, argon2-cffi's recommended parameters) and random tokens, which
are stored only as SHA-256 digests (a token has 256 bits of entropy, so a fast hash is enough)."""

from __future__ import annotations

import functools
import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from admtrack.errors import ValidationError

_HASHER = PasswordHasher()


@functools.cache
def _dummy_hash() -> str:
    """A real hash to verify against when the user does not exist, so both cases take as long
    (made on first use, not at import: the command line starts without hashing anything)."""
    return _HASHER.hash("admtrack timing equaliser")


MIN_PASSWORD_LENGTH = 12


def check_password_policy(password: str) -> None:
    problems = []
    if len(password) < MIN_PASSWORD_LENGTH:
        problems.append(f"the password needs at least {MIN_PASSWORD_LENGTH} characters")
    if password.strip() != password:
        problems.append("the password may not start or end with spaces")
    if problems:
        raise ValidationError("password", problems)


def hash_password(password: str) -> str:
    check_password_policy(password)
    return _HASHER.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    """True when ``password`` matches; a missing user costs the same time as a wrong password."""
    try:
        return _HASHER.verify(stored_hash or _dummy_hash(), password) and stored_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def new_token(prefix: str = "") -> str:
    return prefix + secrets.token_urlsafe(32)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def same(a: str, b: str) -> bool:
    """Constant-time comparison of two tokens."""
    return secrets.compare_digest(a.encode(), b.encode())
