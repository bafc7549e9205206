"""One family of domain errors, turned into JSON by one DRF exception handler.

Every API error answers `{"message": str, "extra": {...}}`; validation errors carry
`extra.fields` with the messages per field.
"""

from __future__ import annotations

import logging
import math
import sys
from typing import Any

import psycopg
import redis
from django import db
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404, HttpRequest, JsonResponse
from kombu.exceptions import OperationalError as BrokerError
from rest_framework import exceptions, status
from rest_framework.response import Response

logger = logging.getLogger(__name__)


class DomainError(Exception):
    """A refused request; `status` is its HTTP status, `extra` any detail for the client."""

    status: int = status.HTTP_400_BAD_REQUEST

    def __init__(self, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.message = message
        self.extra = extra

    def headers(self) -> dict[str, str]:
        """Headers the answer carries besides the body."""
        return {}


class InvalidInput(DomainError):
    status = status.HTTP_400_BAD_REQUEST


class Unauthenticated(DomainError):
    """Credentials that do not hold; the answer says which scheme the API takes."""

    status = status.HTTP_401_UNAUTHORIZED

    def headers(self) -> dict[str, str]:
        return {"WWW-Authenticate": "Token"}


class NotAllowed(DomainError):
    status = status.HTTP_403_FORBIDDEN


class NotFound(DomainError):
    status = status.HTTP_404_NOT_FOUND


class Conflict(DomainError):
    """An illegal move, a stale version, a duplicate: the request fits, the state does not."""

    status = status.HTTP_409_CONFLICT


class TooManyRequests(DomainError):
    """Refused for now; `retry_after` seconds later it may be accepted."""

    status = status.HTTP_429_TOO_MANY_REQUESTS

    def __init__(self, message: str, *, retry_after: int, **extra: Any) -> None:
        super().__init__(message, retry_after=retry_after, **extra)
        self.retry_after = retry_after

    def headers(self) -> dict[str, str]:
        return {"Retry-After": str(self.retry_after)}


class ServiceUnavailable(DomainError):
    """Something the request needs cannot be reached; it may work in `retry_after` s."""

    status = status.HTTP_503_SERVICE_UNAVAILABLE

    def __init__(self, message: str, *, retry_after: int, **extra: Any) -> None:
        super().__init__(message, **extra)
        self.retry_after = retry_after

    def headers(self) -> dict[str, str]:
        return {"Retry-After": str(self.retry_after)}


# A restart of PostgreSQL takes seconds.
UNAVAILABLE_RETRY_AFTER = 5
# SQLSTATE classes that mean the database is out of reach or going away, not that the
# statement failed: 08 connection exception, 53 insufficient resources (too many
# connections), 57P operator intervention (shutting down, crashed, still starting).
_UNREACHABLE_SQLSTATES = ("08", "53", "57P")


def unreachable_service(exc: BaseException) -> str | None:
    """The name of what `exc` says cannot be reached — the database, the broker or the
    cache — or None when it is an error of the request itself."""
    if isinstance(exc, db.InterfaceError):
        return "database"  # a connection that was closed under us
    if isinstance(exc, db.OperationalError):
        cause = exc.__cause__
        if not isinstance(cause, psycopg.Error):
            return None  # SQLite's errors (a missing table, …) are the request's own
        # No SQLSTATE: the client could not connect, or lost the connection.
        if cause.sqlstate is None or cause.sqlstate.startswith(_UNREACHABLE_SQLSTATES):
            return "database"
        return None
    if isinstance(exc, BrokerError):
        return "broker"
    if isinstance(exc, redis.ConnectionError | redis.TimeoutError):
        return "cache"
    return None


def service_unavailable(service: str) -> ServiceUnavailable:
    return ServiceUnavailable(
        f"Temporarily unavailable: the {service} cannot be reached. Try again shortly.",
        retry_after=UNAVAILABLE_RETRY_AFTER,
    )


def too_many_requests(retry_after: int) -> TooManyRequests:
    """A rate limit's refusal."""
    return TooManyRequests(
        f"Too many requests; try again in {retry_after} seconds.", retry_after=retry_after
    )


def _flatten(detail: Any) -> Any:
    if isinstance(detail, dict):
        return {str(k): _flatten(v) for k, v in detail.items()}
    if isinstance(detail, list):
        return [_flatten(v) for v in detail]
    return str(detail)


def _first_message(fields: Any) -> str | None:
    if isinstance(fields, dict):
        for key, value in fields.items():
            inner = _first_message(value)
            if inner:
                return inner if key == "non_field_errors" else f"{key}: {inner}"
    if isinstance(fields, list):
        for value in fields:
            inner = _first_message(value)
            if inner:
                return inner
    if isinstance(fields, str):
        return fields
    return None


def json_error(exc: DomainError) -> JsonResponse:
    """A domain error as a plain Django response, for code outside DRF's views."""
    response = JsonResponse({"message": exc.message, "extra": exc.extra}, status=exc.status)
    for name, value in exc.headers().items():
        response[name] = value
    return response


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    # Imported here: DRF's views module imports the authentication and throttle classes
    # when it loads, and those raise the errors of this module.
    from rest_framework.views import exception_handler

    service = unreachable_service(exc)
    if service is not None:
        logger.warning("%s unreachable in %s: %s", service, context.get("view"), exc)
        exc = service_unavailable(service)
    if isinstance(exc, exceptions.Throttled):
        wait: float | None = getattr(exc, "wait", None)  # set by DRF, missing from its stubs
        exc = too_many_requests(max(1, math.ceil(wait or 1)))
    if isinstance(exc, DomainError):
        return Response(
            {"message": exc.message, "extra": exc.extra}, status=exc.status, headers=exc.headers()
        )
    if isinstance(exc, ProtectedError | RestrictedError):
        return Response(
            {
                "message": "This is in use elsewhere and cannot be deleted; retire it instead.",
                "extra": {},
            },
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, IntegrityError):
        return Response(
            {"message": "This conflicts with existing data; nothing was changed.", "extra": {}},
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            detail=exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound("Not found, or not visible to you.")
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()

    response = exception_handler(exc, context)
    if response is None:
        logger.exception("Unhandled error in %s", context.get("view"), exc_info=exc)
        return Response(
            {"message": "Something went wrong on our side; nothing was changed.", "extra": {}},
            status=status.HTTP_500_INTERNAL_SERVER_ERROR,
        )
    if isinstance(exc, exceptions.ValidationError):
        fields = _flatten(exc.detail)
        if isinstance(fields, list):
            fields = {"non_field_errors": fields}
        summary = _first_message(fields) or "Invalid input."
        response.data = {"message": f"Invalid input. {summary}", "extra": {"fields": fields}}
    else:
        detail = getattr(exc, "detail", None)
        response.data = {"message": str(detail) if detail else str(exc), "extra": {}}
    return response


def json_not_found(request: HttpRequest, exception: Exception | None = None) -> JsonResponse:
    return JsonResponse({"message": "No such page or resource.", "extra": {}}, status=404)


def json_server_error(request: HttpRequest) -> JsonResponse:
    # Django calls this while it handles the exception: an unreachable database in a
    # page, a middleware or a session save answers 503 here as it does in the API.
    service = unreachable_service(sys.exc_info()[1] or Exception())
    if service is not None:
        return json_error(service_unavailable(service))
    return JsonResponse(
        {"message": "Something went wrong on our side; nothing was changed.", "extra": {}},
        status=500,
    )


def json_bad_request(request: HttpRequest, exception: Exception | None = None) -> JsonResponse:
    return JsonResponse({"message": "Bad request.", "extra": {}}, status=400)


def json_permission_denied(
    request: HttpRequest, exception: Exception | None = None
) -> JsonResponse:
    return JsonResponse(
        {"message": "You do not have permission to do this.", "extra": {}}, status=403
    )
