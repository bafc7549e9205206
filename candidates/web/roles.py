"""What the pages offer each role: the navigation, and the guard every view passes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from recruiting.roles import Role, user_roles

# The role named in the header when someone holds several.
PRECEDENCE = (Role.ADMIN, Role.UNIT_LEAD, Role.RECRUITER, Role.ASSESSOR, Role.VIEWER)
ROLE_LABELS = {
    Role.ADMIN: _("Admin"),
    Role.RECRUITER: _("Recruiter"),
    Role.UNIT_LEAD: _("Unit lead"),
    Role.ASSESSOR: _("Assessor"),
    Role.VIEWER: _("Viewer"),
}


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: Any
    roles: frozenset[Role]


NAV = (
    NavItem("web:home", _("My work"), frozenset(Role) - {Role.SYSTEM}),
    NavItem(
        "web:jobs", _("Jobs"), frozenset({Role.ADMIN, Role.RECRUITER, Role.UNIT_LEAD, Role.VIEWER})
    ),
    NavItem(
        "web:applications",
        _("Applications"),
        frozenset({Role.ADMIN, Role.RECRUITER, Role.UNIT_LEAD, Role.VIEWER}),
    ),
    NavItem("web:inbox", _("Assessments"), frozenset({Role.ASSESSOR, Role.UNIT_LEAD, Role.ADMIN})),
    NavItem("web:panels", _("Panels"), frozenset({Role.UNIT_LEAD, Role.ADMIN, Role.RECRUITER})),
    NavItem("web:tracks", _("Tracks"), frozenset({Role.ADMIN})),
)


def main_role(user: Any) -> Role | None:
    roles = user_roles(user)
    return next((role for role in PRECEDENCE if role in roles), None)


def nav_for(user: Any) -> list[NavItem]:
    roles = user_roles(user)
    return [item for item in NAV if item.roles & roles]


View = Callable[..., HttpResponse]


def roles_required(
    *roles: Role,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """A page for these roles (any role when none is named): an anonymous visitor goes
    to the login page; a user without the role gets 403."""

    def decorate(view: View) -> View:
        @wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            held = user_roles(request.user)
            if not held or (roles and not held & set(roles)):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return guarded

    return decorate
