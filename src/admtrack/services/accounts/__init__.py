"""Accounts: users and roles, sessions with CSRF tokens, sign-in rate limits, API tokens."""

from admtrack.services.accounts.roles import Principal, Role, member_states
from admtrack.services.accounts.sessions import ActiveSession, SessionPolicy, Sessions, SignedIn
from admtrack.services.accounts.tokens import NewToken, TokenInfo, Tokens
from admtrack.services.accounts.users import (
    User,
    add_user,
    list_users,
    parse_role,
    principal_of,
    reset_password,
    set_active,
    set_role,
)

__all__ = [
    "ActiveSession",
    "NewToken",
    "Principal",
    "Role",
    "SessionPolicy",
    "Sessions",
    "SignedIn",
    "TokenInfo",
    "Tokens",
    "User",
    "add_user",
    "list_users",
    "member_states",
    "parse_role",
    "principal_of",
    "reset_password",
    "set_active",
    "set_role",
]
