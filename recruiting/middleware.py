from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse

# Deeper than any body the API takes (a rule nests ten groups), far below the depth at
# which Python's JSON decoder gives up with a RecursionError instead of a ValueError.
MAX_JSON_DEPTH = 64
# Lone surrogates can only arrive as \u escapes (raw ones are not UTF-8, which the
# parser refuses); a body without one, and with few brackets, needs no second parse.
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_SURROGATE = re.compile("[\ud800-\udfff]")
# Of path and query together: gunicorn's own old default (4094 for the whole request
# line). docker/gunicorn.conf.py keeps gunicorn's limit above it, so that the API, not
# the HTTP server, answers an address too long; beyond gunicorn's limit its worker
# (recruiting/gunicorn_worker.py) answers with the same body.
MAX_ADDRESS_LENGTH = 4096


def address_too_long() -> dict[str, Any]:
    """The error body of a 414."""
    return {
        "message": f"The address is too long: at most {MAX_ADDRESS_LENGTH:,} "
        "characters of path and query.",
        "extra": {"limit": MAX_ADDRESS_LENGTH},
    }


class ApiAddressLengthLimit:
    """Under /api/, an address (path and query) longer than MAX_ADDRESS_LENGTH is a 414
    with the API's error body."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/api/") and len(request.get_full_path()) > MAX_ADDRESS_LENGTH:
            return JsonResponse(address_too_long(), status=414)
        return self.get_response(request)


class RejectNulBytesMiddleware:
    """Refuse input PostgreSQL cannot store or compare before any view reads it: NUL
    characters in the query string, and JSON bodies with lone surrogates (which no
    UTF-8 column holds, and which crash the renderer when an error message echoes
    them) or nested beyond `MAX_JSON_DEPTH` (which the parser answers with a 500).
    A JSON body beyond Django's upload limit is a 413 here rather than a bare 400."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        query = request.META.get("QUERY_STRING", "")
        if "%00" in query or "\x00" in query or "\x00" in request.path:
            return JsonResponse(
                {"message": "NUL characters are not allowed in a request.", "extra": {}},
                status=400,
            )
        if request.content_type == "application/json":
            try:
                body = request.body
            except RequestDataTooBig:
                return JsonResponse(
                    {
                        "message": "The request body is too large.",
                        "extra": {"limit_bytes": settings.DATA_UPLOAD_MAX_MEMORY_SIZE},
                    },
                    status=413,
                )
            problem = json_body_problem(body)
            if problem is not None:
                field, message = problem
                return JsonResponse(
                    {
                        "message": f"Invalid input. {message}",
                        "extra": {"fields": {field: [message]}},
                    },
                    status=400,
                )
        return self.get_response(request)


def json_body_problem(body: bytes) -> tuple[str, str] | None:
    """The field and message for a body that must be refused, or None to let it through
    (malformed JSON included: the parser's own error says what is wrong)."""
    if not _SURROGATE_ESCAPE.search(body) and body.count(b"[") + body.count(b"{") <= MAX_JSON_DEPTH:
        return None
    too_deep = f"The JSON is nested too deeply; at most {MAX_JSON_DEPTH} levels are allowed."
    try:
        data = json.loads(body)
    except RecursionError:
        return "non_field_errors", too_deep
    except ValueError:
        return None
    surrogate = "Lone surrogate characters are not allowed."
    # Iterative, so a body just under the decoder's limit cannot exhaust the stack here.
    stack: list[tuple[Any, int, str]] = [(data, 1, "non_field_errors")]
    while stack:
        value, depth, field = stack.pop()
        if depth > MAX_JSON_DEPTH:
            return field, too_deep
        if isinstance(value, str) and _SURROGATE.search(value):
            return field, surrogate
        if isinstance(value, dict):
            for key, item in value.items():
                if _SURROGATE.search(key):
                    return field, surrogate
                stack.append((item, depth + 1, key if depth == 1 else field))
        elif isinstance(value, list):
            stack.extend((item, depth + 1, field) for item in value)
    return None


class ApiAnswersJson:
    """Under /api/, every answer is JSON, errors included: a path no view matches (which
    DEBUG answers with Django's HTML page) or any other error that reached Django as a
    page becomes `{"message", "extra"}` with the same status."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            request.path.startswith("/api/")
            and response.status_code >= 400
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            message = {404: "No such page or resource."}.get(
                response.status_code, response.reason_phrase or "Error."
            )
            answer = JsonResponse({"message": message, "extra": {}}, status=response.status_code)
            for header in ("Retry-After", "Allow", "WWW-Authenticate"):
                if header in response:
                    answer[header] = response[header]
            return answer
        return response
