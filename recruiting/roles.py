"""Roles are auth groups; these helpers read them once per request. No models here:
the models name roles (who may move out of a stage), so this module sits below them."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Any, cast

from django.contrib.auth.models import User


class Role(StrEnum):
    ADMIN = "admin"
    RECRUITER = "recruiter"
    UNIT_LEAD = "unit_lead"
    ASSESSOR = "assessor"
    VIEWER = "viewer"
    # The pipeline itself (auto-advance after an assessment, sweeps); never a group.
    SYSTEM = "system"


ALL_GROUP_ROLES = [Role.ADMIN, Role.RECRUITER, Role.UNIT_LEAD, Role.ASSESSOR, Role.VIEWER]
# Roles that see every unit's applications; the others see only their own units'.
ORGANISATION_WIDE = frozenset({Role.ADMIN, Role.RECRUITER, Role.VIEWER})


def user_roles(user: Any) -> frozenset[Role]:
    """The user's roles, cached on the user object for the rest of the request."""
    if user is None or not user.is_authenticated:
        return frozenset()
    cached: frozenset[Role] | None = getattr(user, "_recruiting_roles", None)
    if cached is None:
        cached = remember_roles(user, user.groups.values_list("name", flat=True))
    return cached


def remember_roles(user: Any, group_names: Iterable[str]) -> frozenset[Role]:
    """Cache on the user the roles its groups give (a superuser is also an admin)."""
    names = set(group_names)
    roles = frozenset(role for role in ALL_GROUP_ROLES if role.value in names)
    if user.is_superuser:
        roles |= {Role.ADMIN}
    user._recruiting_roles = roles
    return roles


def has_role(user: Any, *roles: Role) -> bool:
    return bool(user_roles(user) & set(roles))


def sees_all_units(user: Any) -> bool:
    return bool(user_roles(user) & ORGANISATION_WIDE)


def acting_user(request: Any) -> User:
    """The authenticated user of a request that passed a role permission."""
    user = request.user
    assert user.is_authenticated, "views that act require an authenticated user"
    return cast(User, user)
