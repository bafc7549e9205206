"""Each member of staff reads the pages in their own language and time zone.

The language is the one they chose (their emails' too); until they choose, the one
their browser asks for. The time zone is theirs, else the organisation's: every date a
page shows is in it, so a page never mixes offsets.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation

from candidates.notifications.preferences import staff_preferences


class UserPreferencesMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or request.path.startswith("/api/"):
            return self.get_response(request)
        chosen = staff_preferences(user.pk)
        if chosen.language:
            translation.activate(chosen.language)
            request.LANGUAGE_CODE = chosen.language
        if chosen.time_zone:
            timezone.activate(zoneinfo.ZoneInfo(chosen.time_zone))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
