"""How one condition reads a candidate's value: coercion, comparison and display.

A value of the wrong type counts as missing, like None: facts are built by code that
may lag behind the catalogue, and a rule should then fail closed rather than crash.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from types import MappingProxyType
from typing import Any

from recruiting.rules.facts import FactType

Test = Callable[[object], bool]

EMPTY: Mapping[str, object] = MappingProxyType({})


def as_number(raw: object) -> int | float | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float) and math.isfinite(raw):
        return raw
    return None


def fold(text: str) -> str:
    """The form strings are compared in: trimmed and case-insensitive."""
    return text.strip().casefold()


def as_text(raw: object) -> str | None:
    if isinstance(raw, str):
        folded = fold(raw)
        return folded or None
    return None


def as_bool(raw: object) -> bool | None:
    return raw if isinstance(raw, bool) else None


def as_set(raw: object) -> frozenset[str] | None:
    if isinstance(raw, set | frozenset | list | tuple):
        folded = frozenset(fold(s) for s in raw if isinstance(s, str))
        folded = folded - {""}
        return folded or None
    return None


def as_items(raw: object) -> Sequence[object]:
    return raw if isinstance(raw, list | tuple) else ()


def as_item(raw: object) -> Mapping[str, object]:
    """An item that is not an object reads as an object without fields."""
    return raw if isinstance(raw, Mapping) else EMPTY


_COERCE: Mapping[FactType, Callable[[object], object]] = MappingProxyType(
    {
        FactType.NUMBER: as_number,
        FactType.STRING: as_text,
        FactType.ENUM: as_text,
        FactType.BOOL: as_bool,
        FactType.SET: as_set,
    }
)


def render(kind: FactType, raw: object) -> Any:
    """The candidate's value as shown in an explanation (JSON-able; None when missing)."""
    value = _COERCE[kind](raw)
    if value is None:
        return None
    if kind is FactType.SET:
        assert isinstance(value, frozenset)
        return sorted(value)
    # Strings are shown as the candidate wrote them, not in their compared form.
    return raw


def leaf_test(kind: FactType, op: str, value: Any) -> Test:
    """A test of one candidate value for a validated (non-collection) condition."""
    if op == "exists":
        return _exists(_COERCE[kind], bool(value))
    if kind is FactType.NUMBER:
        return _number_test(op, value)
    if kind is FactType.STRING or kind is FactType.ENUM:
        return _text_test(op, value)
    if kind is FactType.BOOL:
        return _bool_eq(bool(value))
    if kind is FactType.SET:
        return _contains_any(frozenset(fold(v) for v in value))
    raise ValueError(f"No test for {op!r} on {kind.value}.")


def _exists(coerce: Callable[[object], object], wanted: bool) -> Test:
    def test(raw: object) -> bool:
        return (coerce(raw) is not None) is wanted

    return test


def _number_test(op: str, value: Any) -> Test:
    if op == "in":
        choices = frozenset(value)

        def is_in(raw: object) -> bool:
            actual = as_number(raw)
            return actual is not None and actual in choices

        return is_in
    target: int | float = value

    def eq(raw: object) -> bool:
        actual = as_number(raw)
        return actual is not None and actual == target

    def gte(raw: object) -> bool:
        actual = as_number(raw)
        return actual is not None and actual >= target

    def lte(raw: object) -> bool:
        actual = as_number(raw)
        return actual is not None and actual <= target

    return {"eq": eq, "gte": gte, "lte": lte}[op]


def _text_test(op: str, value: Any) -> Test:
    if op == "in":
        choices = frozenset(fold(v) for v in value)

        def is_in(raw: object) -> bool:
            return isinstance(raw, str) and fold(raw) in choices

        return is_in
    target = fold(value)

    def eq(raw: object) -> bool:
        return isinstance(raw, str) and fold(raw) == target

    return eq


def _bool_eq(target: bool) -> Test:
    def eq(raw: object) -> bool:
        return isinstance(raw, bool) and raw is target

    return eq


def _contains_any(wanted: frozenset[str]) -> Test:
    def test(raw: object) -> bool:
        actual = as_set(raw)
        return actual is not None and not actual.isdisjoint(wanted)

    return test
