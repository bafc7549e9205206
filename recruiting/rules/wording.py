"""How problems name things: quoted names, paths to keys, JSON types."""

from __future__ import annotations

import json
from collections.abc import Mapping

from recruiting.rules.facts import FactSpec


def quote(text: object) -> str:
    """A name for a message: JSON-quoted so odd characters stay visible, and kept short."""
    if not isinstance(text, str):
        try:
            return repr(text)[:60]
        except ValueError:  # ints too long to print
            return f"a {type(text).__name__}"
    short = text if len(text) <= 60 else text[:60] + "…"
    quoted = json.dumps(short, ensure_ascii=False)
    # Lone surrogates cannot be sent as UTF-8; escaped, they can.
    return quoted if is_unicode(quoted) else json.dumps(short)


def is_unicode(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def key_path(path: str, key: object) -> str:
    if isinstance(key, str) and key.isascii() and key.isidentifier():
        return f"{path}.{key}"
    return f"{path}[{quote(key)}]"


def kind_of(value: object) -> str:
    """The JSON type of a value, as a message says it."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, Mapping):
        return "an object"
    return f"a {type(value).__name__}"


def label(spec: FactSpec, scope: FactSpec | None) -> str:
    if scope is None:
        return f"fact {quote(spec.name)}"
    return f"field {quote(spec.name)} of {quote(scope.name)} items"
