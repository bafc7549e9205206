"""What every page's layout shows: the navigation for the user's role, who they are,
their unread notifications, the languages they can switch to."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from candidates.notifications.models import Notification
from candidates.web.roles import ROLE_LABELS, main_role, nav_for


def layout(request: HttpRequest) -> dict[str, Any]:
    if request.path.startswith(("/api/", "/admin/")):
        return {}
    user = request.user
    if not user.is_authenticated:
        return {"languages": settings.LANGUAGES}
    role = main_role(user)
    return {
        "languages": settings.LANGUAGES,
        "nav": nav_for(user),
        "role_label": ROLE_LABELS.get(role, "") if role else "",
        "unread_count": Notification.objects.filter(user=user, read_at__isnull=True).count(),
    }
