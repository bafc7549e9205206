"""Words the track designer's pages use."""

from __future__ import annotations

import json
from datetime import timedelta

from django import template
from django.utils.translation import ngettext

register = template.Library()


@register.filter
def sla_words(value: timedelta | None) -> str:
    """An SLA in days and hours, as a person says it: "2 days 4 hours", "36 hours"."""
    if value is None:
        return ""
    hours = int(value.total_seconds() // 3600)
    days, rest = divmod(hours, 24)
    parts = []
    if days:
        parts.append(ngettext("%(count)s day", "%(count)s days", days) % {"count": days})
    if rest or not days:
        parts.append(ngettext("%(count)s hour", "%(count)s hours", rest) % {"count": rest})
    return " ".join(parts)


@register.filter
def to_json(value: object) -> str:
    """A value as JSON text, for a data attribute (autoescaping quotes it)."""
    return json.dumps(value, ensure_ascii=False)


@register.filter
def percent(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value * 100:.0f}%"


STATUS_BADGES = {
    "hired": "badge-ok",
    "rejected": "badge-bad",
    "withdrawn": "badge-muted",
    "on_hold": "badge-warn",
    "active": "badge-primary",
}


@register.filter
def status_badge(status: str) -> str:
    return STATUS_BADGES.get(status, "badge-muted")
