"""Helpers of the profile pages' templates."""

from __future__ import annotations

from typing import Any

from django import template

from candidates.web.profiles.forms import specialty_name

register = template.Library()


@register.filter
def specialty(value: Any) -> str:
    """A specialty's name in the reader's language (Chinese names come with the data)."""
    return specialty_name(value) if value is not None else ""


@register.filter
def person(user: Any) -> str:
    """A member of staff by name, else by username."""
    if user is None:
        return ""
    return str(user.get_full_name() or user.get_username())


@register.filter
def status_badge(status: str) -> str:
    """The badge class of an application status (its words go with it)."""
    return {
        "active": "badge-primary",
        "on_hold": "badge-warn",
        "rejected": "badge-bad",
        "withdrawn": "badge-muted",
        "hired": "badge-ok",
    }.get(status, "badge-muted")


@register.filter
def delivery_badge(status: str) -> str:
    return {"sent": "badge-ok", "dead": "badge-bad", "cancelled": "badge-muted"}.get(
        status, "badge-warn"
    )


@register.filter
def years(value: Any) -> str:
    """3.0 as 3, 2.5 as 2.5."""
    number = float(value or 0)
    return str(int(number)) if number.is_integer() else f"{number:g}"
