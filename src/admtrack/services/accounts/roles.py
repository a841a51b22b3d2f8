"""Roles and the signed-in principal: who may read, submit, review and administer what.

- **admin**: users and settings; reads everything, reviews nothing.
- **secretariat**: reviews, approves and returns submissions of every member state.
- **focal_point**: one member state; submits and comments for it only.
- **viewer**: reads pending data of one member state, or of all when it has none.
The public (no account) reads published data only.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from admtrack.domain.geography import COUNTRIES_BY_ISO3
from admtrack.errors import ValidationError


class Role(StrEnum):
    ADMIN = "admin"
    SECRETARIAT = "secretariat"
    FOCAL_POINT = "focal_point"
    VIEWER = "viewer"


def member_states() -> list[str]:
    """ISO3 codes a focal point or viewer can be scoped to (ASEAN members and observers)."""
    return sorted(
        c.iso3 for c in COUNTRIES_BY_ISO3.values() if c.memberships and not c.is_aggregate
    )


def check_scope(role: Role, country: str | None) -> str | None:
    """The normalised country of ``role``; a focal point needs one, admin and secretariat none."""
    code = country.strip().upper() if country else None
    if code is not None and code not in member_states():
        raise ValidationError("country", [f"{code!r} is not an ASEAN member state"])
    if role is Role.FOCAL_POINT and code is None:
        raise ValidationError("role", ["a focal point needs --country (one member state)"])
    if role in (Role.ADMIN, Role.SECRETARIAT) and code is not None:
        raise ValidationError("role", [f"the {role.value} role is not scoped to a country"])
    return code


@dataclass(frozen=True, slots=True)
class Principal:
    """A signed-in user (by session or API token) with the role and country in force."""

    user_id: int
    username: str
    role: Role
    country: str | None
    via: str = "session"  # "session" | "token"

    @property
    def actor(self) -> str:
        return f"user:{self.username}"

    @property
    def can_review(self) -> bool:
        return self.role is Role.SECRETARIAT

    @property
    def can_publish(self) -> bool:
        """May this principal publish a draft release (the secretariat's decision)?"""
        return self.role is Role.SECRETARIAT

    @property
    def can_read_audit(self) -> bool:
        return self.role in (Role.ADMIN, Role.SECRETARIAT)

    @property
    def sees_every_state(self) -> bool:
        if self.role in (Role.ADMIN, Role.SECRETARIAT):
            return True
        return self.role is Role.VIEWER and self.country is None

    def can_read_state(self, iso3: str) -> bool:
        """May this principal see the pending data of member state ``iso3``?"""
        return self.sees_every_state or self.country == iso3

    def can_submit_for(self, iso3: str) -> bool:
        return self.role is Role.FOCAL_POINT and self.country == iso3

    def can_comment_on(self, iso3: str) -> bool:
        return self.can_review or self.can_submit_for(iso3)
