"""In-app notifications: the bell in the header, the list, marking them read."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_POST

from candidates.notifications.in_app import notification_mark_read, notifications_mark_all_read
from candidates.notifications.models import Notification
from candidates.web.roles import roles_required
from recruiting.roles import acting_user

PANEL_SIZE = 10
PAGE_SIZE = 100


def link_for(notice: Notification) -> str:
    """Where a notification leads: its assessment, else its application's candidate."""
    data = notice.data or {}
    try:
        if data.get("assessment_id"):
            return reverse("web:assessment", args=[data["assessment_id"]])
        if data.get("application_id"):
            return reverse("web:application", args=[data["application_id"]])
    except NoReverseMatch:
        return ""
    return ""


def _notices(request: HttpRequest, limit: int) -> list[Notification]:
    notices = list(Notification.objects.filter(user=acting_user(request))[:limit])
    for notice in notices:
        notice.link = link_for(notice)  # type: ignore[attr-defined]
    return notices


@roles_required()
def notification_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "notifications/list.html", {"notifications": _notices(request, PAGE_SIZE)}
    )


@roles_required()
def notification_panel(request: HttpRequest) -> HttpResponse:
    """The bell's drop-down: the latest notifications, loaded when it is opened."""
    context: dict[str, Any] = {"notifications": _notices(request, PANEL_SIZE), "in_panel": True}
    return render(request, "notifications/list.html#notice-list", context)


@roles_required()
def notification_count(request: HttpRequest) -> HttpResponse:
    return render(request, "notifications/_count.html")


@require_POST
@roles_required()
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    notification_mark_read(user=user, notification_id=pk)
    if request.htmx:  # type: ignore[attr-defined]
        notice = Notification.objects.get(pk=pk, user=user)
        notice.link = link_for(notice)  # type: ignore[attr-defined]
        return render(request, "notifications/list.html#notice-item", {"notice": notice})
    return HttpResponseRedirect(reverse("web:notifications"))


@require_POST
@roles_required()
def notification_read_all(request: HttpRequest) -> HttpResponse:
    notifications_mark_all_read(user=acting_user(request))
    return HttpResponseRedirect(reverse("web:notifications"))
