"""Staff's preferences: the language of their pages and emails, their time zone."""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from functools import cache
from typing import Any

from candidates.notifications.models import Language, StaffPreference
from recruiting.errors import InvalidInput


def staff_language(user_id: int) -> str:
    """The language a member of staff reads their emails in (English unless they chose)."""
    chosen = (
        StaffPreference.objects.filter(user_id=user_id).values_list("language", flat=True).first()
    )
    return chosen or Language.EN


def staff_language_set(*, user: Any, language: str) -> str:
    """Choose the language of one's emails. Raises InvalidInput for one we do not write."""
    if language not in Language.values:
        raise InvalidInput(
            "That language is not offered.",
            fields={"language": [f"One of: {', '.join(Language.values)}."]},
        )
    StaffPreference.objects.update_or_create(user=user, defaults={"language": language})
    return language


@dataclass(frozen=True)
class Preferences:
    # None until chosen: pages follow the browser's language, emails are in English.
    language: str | None
    # None: the organisation's time zone (TIME_ZONE).
    time_zone: str | None


def staff_preferences(user_id: int) -> Preferences:
    """The member of staff's choices, in one query."""
    row = StaffPreference.objects.filter(user_id=user_id).values("language", "time_zone").first()
    if row is None:
        return Preferences(None, None)
    return Preferences(row["language"] or None, row["time_zone"] or None)


@cache
def time_zones() -> tuple[str, ...]:
    """Every time zone a member of staff may choose (IANA names, sorted)."""
    return tuple(sorted(zoneinfo.available_timezones()))


def staff_time_zone_set(*, user: Any, time_zone: str) -> str:
    """Choose the time zone of one's pages ("" for the organisation's). Raises
    InvalidInput for a name that is not an IANA time zone."""
    if time_zone and time_zone not in time_zones():
        raise InvalidInput(
            "That is not a time zone.", fields={"time_zone": ["An IANA name, e.g. Asia/Shanghai."]}
        )
    StaffPreference.objects.update_or_create(user=user, defaults={"time_zone": time_zone})
    return time_zone
