from __future__ import annotations

from typing import Any

from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

from recruiting.roles import Role, has_role, user_roles


class RoleWritePermission(BasePermission):
    """Any role reads; the roles in `writers` write. Objects are scoped by the selectors."""

    writers: tuple[Role, ...] = (Role.ADMIN,)
    message = "Your role may not change this."

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        if not user or not user.is_authenticated or not user_roles(user):
            self.message = "Your account has no role in this system."
            return False
        return request.method in SAFE_METHODS or has_role(user, *self.writers)


class IsStaffRoleOrReadOnly(RoleWritePermission):
    writers = (Role.ADMIN,)
    message = "Only an admin may change this."


class IsRecruiterOrReadOnly(RoleWritePermission):
    writers = (Role.ADMIN, Role.RECRUITER)
    message = "Only a recruiter or an admin may change this."


class HasAnyRole(RoleWritePermission):
    """Any role may call; the service behind the view checks what that role may do."""

    writers = tuple(Role)


class MayMoveApplications(RoleWritePermission):
    """Viewers and assessors never move an application, whatever a stage's movers say;
    the engine decides for the other roles, by stage and unit."""

    writers = (Role.ADMIN, Role.RECRUITER, Role.UNIT_LEAD)
    message = "Your role may not change applications."


class MayAssess(RoleWritePermission):
    """Scoring and panel commands: viewers only read; the service decides for the rest
    (an assessor on the panel, the unit's lead, a recruiter for written tests)."""

    writers = (Role.ADMIN, Role.RECRUITER, Role.UNIT_LEAD, Role.ASSESSOR)
    message = "Your role may not change assessments."
