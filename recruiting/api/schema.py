"""The OpenAPI schema: every operation lists the errors it may answer with the one error
body (`{"message", "extra"}`), so a client (and the contract fuzzing in `make test`) can
rely on the schema for failures too; and the schema is generated once per process and
served from memory.

Anyone may read it (it describes the API, no data), so what it costs is what anyone can
make a worker spend: generating it took 190 ms a call, and drf-spectacular before 0.29
kept every generation's views alive (1.7 MB a call, until the worker died). The schema
only changes with the code, so each rendering (per format, API version and language)
is built on first request and kept; the key space is bounded, since an unknown
language falls back to the default and an unknown version to none.
"""

from __future__ import annotations

from threading import Lock
from typing import Any

from django.conf import settings
from django.http import HttpResponse
from django.utils import translation
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SCHEMA_KWARGS, SpectacularAPIView
from rest_framework.request import Request

_RENDERED: dict[tuple[str | None, str, str], bytes] = {}
_LOCK = Lock()


def _language(request: Request) -> str:
    asked = request.GET.get("lang") or settings.LANGUAGE_CODE
    try:
        return translation.get_supported_language_variant(asked)
    except LookupError:
        return settings.LANGUAGE_CODE


class SchemaView(SpectacularAPIView):
    """OpenAPI 3 schema of this API (YAML, or JSON by content negotiation)."""

    @extend_schema(**SCHEMA_KWARGS)
    def get(self, request: Request, *args: Any, **kwargs: Any) -> HttpResponse:
        version = self.api_version or request.version or self._get_version_parameter(request)  # type: ignore[no-untyped-call]
        language = _language(request)
        renderer, media_type = request.accepted_renderer, request.accepted_media_type
        key = (version, language, media_type)
        body = _RENDERED.get(key)
        if body is None:
            with _LOCK, translation.override(language):
                body = _RENDERED.get(key)
                if body is None:
                    generator = self.generator_class(
                        urlconf=self.urlconf, api_version=version, patterns=self.patterns
                    )
                    data = generator.get_schema(  # type: ignore[no-untyped-call]
                        request=request, public=self.serve_public
                    )
                    body = renderer.render(data, media_type, self.get_renderer_context())
                    _RENDERED[key] = body
        charset = getattr(renderer, "charset", None)
        response = HttpResponse(
            body, content_type=f"{media_type}; charset={charset}" if charset else media_type
        )
        response["Content-Disposition"] = (
            f'inline; filename="{self._get_filename(request, version)}"'  # type: ignore[no-untyped-call]
        )
        return response


ERROR = {
    "type": "object",
    "description": "Every error: a sentence for a person, and details for a program.",
    "properties": {
        "message": {"type": "string", "description": "What went wrong, in one sentence."},
        "extra": {
            "type": "object",
            "description": "Details: `fields` (messages per field) for invalid input, "
            "`current_version` for a stale one, `existing_id` for a duplicate, "
            "`retry_after` for a refusal to come back to.",
            "additionalProperties": True,
        },
    },
    "required": ["message", "extra"],
}

# Why each status can answer, where it can.
WHY = {
    "400": "Invalid input: the fields that are wrong are in `extra.fields`.",
    "401": "Not logged in, or the token is unknown or expired.",
    "403": "Your role may not do this.",
    "404": "No such thing (or page of a list), or not visible to you.",
    "409": "The state does not allow it: a stale version, an illegal move, a duplicate.",
    "413": "The body is too large.",
    "414": "The address is too long: more than 4,096 characters of path and query.",
    "415": "The body is not JSON.",
    "429": "Too many requests or failed logins; `Retry-After` says when to come back.",
    "503": "The database or the broker cannot be reached; `Retry-After` says when to retry.",
}
WRITES = {"post", "put", "patch", "delete"}


def _statuses(path: str, method: str, operation: dict[str, Any]) -> list[str]:
    statuses = ["403", "414", "429", "503"]
    public = {} in operation.get("security", [{"auth": []}])
    if not public:
        statuses.append("401")
    query = {p["name"] for p in operation.get("parameters", []) if p.get("in") == "query"}
    if "{" in path or "page" in query:
        statuses.append("404")
    if operation.get("parameters") or operation.get("requestBody") or method in WRITES:
        statuses.append("400")
    if operation.get("requestBody") or method in WRITES:
        statuses += ["413", "415"]
    if method in WRITES:
        statuses.append("409")
    return statuses


def add_error_responses(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """drf-spectacular postprocessing hook: the error component, and on every operation
    the error statuses it can answer with, unless the operation documents them itself."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR
    body = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for path, item in result.get("paths", {}).items():
        for method, operation in item.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            responses = operation.setdefault("responses", {})
            for status in _statuses(path, method, operation):
                responses.setdefault(status, {"content": body, "description": WHY[status]})
    return result
