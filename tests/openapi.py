"""Real answers checked against the OpenAPI schema the API publishes.

The schema is generated once per test session (as `/api/schema/` serves it) and each
component turned into a JSON Schema: OpenAPI 3.0's `nullable` becomes a union with
null, references point into `$defs`, and an object that lists its properties allows
no others, so an answer with an undocumented key fails too.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import jsonschema
from drf_spectacular.generators import SchemaGenerator


@cache
def _components() -> dict[str, Any]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return {name: _convert(body) for name, body in schema["components"]["schemas"].items()}


def _convert(node: Any) -> Any:
    if isinstance(node, list):
        return [_convert(item) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        return {"$ref": node["$ref"].replace("#/components/schemas/", "#/$defs/")}
    converted = {k: _convert(v) for k, v in node.items() if k not in ("nullable", "readOnly")}
    if "properties" in converted and "additionalProperties" not in converted:
        converted["additionalProperties"] = False
    if node.get("nullable"):
        return {"anyOf": [converted, {"type": "null"}]}
    return converted


def schema_errors(component: str, document: Any) -> list[str]:
    """Why `document` is not an instance of the schema's `component`; empty when it is."""
    schema = {"$defs": _components(), "$ref": f"#/$defs/{component}"}
    validator = jsonschema.Draft202012Validator(schema)
    return [
        f"{'/'.join(str(p) for p in error.absolute_path)}: {error.message}"
        for error in validator.iter_errors(document)
    ]
