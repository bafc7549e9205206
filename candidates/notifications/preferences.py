"""Staff's language preference: the language of the emails they get."""

from __future__ import annotations

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
