"""The OpenAPI schema tells every answer an operation can give: each operation lists the
errors it may answer with the one error body (`{"message", "extra"}`), so a client (and
the contract fuzzing in `make test`) can rely on the schema for failures too."""

from __future__ import annotations

from typing import Any

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
