"""Small presentation helpers: dates in the reader's time zone, SLA states with words."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def when(value: datetime | None) -> str:
    """A date and time in the reader's time zone, as 2026-12-02 16:05."""
    if value is None:
        return ""
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


@register.filter
def day(value: datetime | None) -> str:
    if value is None:
        return ""
    return timezone.localtime(value).strftime("%Y-%m-%d")


@register.simple_tag(takes_context=True)
def nav_current(context: Any, url_name: str) -> str:
    """`aria-current="page"` on the navigation link of the page being shown."""
    request = context.get("request")
    if request is None:
        return ""
    path = reverse(url_name)
    here = request.path
    current = here == path if path == "/" else here.startswith(path)
    return mark_safe('aria-current="page"') if current else ""


@register.inclusion_tag("layout/_sla.html")
def sla(state: str) -> dict[str, str]:
    """An SLA state as a badge with its words: on time, due soon, overdue (or none)."""
    labels = {"ontime": _("on time"), "soon": _("due soon"), "overdue": _("overdue")}
    return {"state": state, "label": labels.get(state, "")}


@register.filter
def label(code: Any, kind: str) -> str:
    """The reader's words for a product code: `{{ app.status|label:"status" }}`."""
    from candidates.web import labels

    table = getattr(labels, kind.upper(), {})
    return str(table.get(code, code if code is not None else ""))
