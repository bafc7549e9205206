"""Errors as the asker reads them: JSON under /api/ (as every API answer), an HTML page
for a person, and for an htmx request a message the page shows where it is."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from recruiting import errors as api_errors
from recruiting.errors import DomainError

logger = logging.getLogger(__name__)


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def _page(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    if getattr(request, "htmx", False):
        return render(request, "errors/_message.html", {"message": message}, status=status)
    context = {"status": status, "title": title, "message": message}
    return render(request, "errors/error.html", context, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return api_errors.json_bad_request(request, exception)
    return _page(request, 400, _("Bad request"), _("The request could not be understood."))


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return api_errors.json_permission_denied(request, exception)
    return _page(request, 403, _("Not allowed"), _("Your role may not open this page."))


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return api_errors.json_not_found(request, exception)
    return _page(
        request, 404, _("Not found"), _("There is no such page, or it is not visible to you.")
    )


def server_error(request: HttpRequest) -> HttpResponse:
    service = api_errors.unreachable_service(sys.exc_info()[1] or Exception())
    if _is_api(request) or service is not None:
        return api_errors.json_server_error(request)
    # No template rendering that could fail again: a plain page.
    return HttpResponse(
        "<!DOCTYPE html><title>Error</title><h1>Something went wrong on our side</h1>"
        "<p>Nothing was changed. Try again, or tell an administrator.</p>",
        status=500,
    )


class DomainErrorPages:
    """A refusal from a service (an illegal move, a stale version, a duplicate) raised
    in a page: the page says why, with the service's own message and status, and
    nothing was changed (the service refused before writing)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if _is_api(request) or not isinstance(exception, DomainError):
            return None
        response = _page(request, exception.status, _("Not done"), exception.message)
        for name, value in exception.headers().items():
            response[name] = value
        return response
