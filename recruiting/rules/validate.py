"""Validation of a rule definition into its normalized form, collecting every problem."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from recruiting.rules.errors import RuleError, RuleProblem
from recruiting.rules.facts import ALL_OPERATORS, COLLECTIONS, FACTS, FactSpec, FactType
from recruiting.rules.wording import is_unicode, key_path, kind_of, label, quote

MAX_NODES = 200
MAX_DEPTH = 10
MAX_STRING = 200
MAX_LIST = 100
MAX_MIN = 100
# Larger numbers lose precision in JavaScript clients and some JSON stores.
MAX_NUMBER = 10**15

GROUP_KEYS = ("all", "any")
CONDITION_KEYS = ("fact", "op", "value", "where", "min")

_NODE_SHAPE = (
    'a group {"all": [...]} or {"any": [...]}, '
    'or a condition {"fact": ..., "op": ..., "value": ...}'
)


def normalize(definition: object) -> dict[str, Any]:
    """The definition with defaults filled in; raises RuleError listing every problem."""
    validator = _Validator()
    node = validator.node(definition, "$", 1, None)
    if validator.problems or node is None:
        raise RuleError(validator.problems)
    return node


class _Validator:
    def __init__(self) -> None:
        self.problems: list[RuleProblem] = []
        self.nodes = 0
        self.overflow = False

    def problem(self, path: str, message: str) -> None:
        self.problems.append(RuleProblem(path, message))

    def text(self, value: str, path: str) -> bool:
        """Check the limits every string of a definition obeys."""
        ok = True
        if len(value) > MAX_STRING:
            self.problem(
                path, f"Strings are at most {MAX_STRING} characters; this one has {len(value)}."
            )
            ok = False
        if "\x00" in value:
            self.problem(path, "Strings must not contain NUL characters.")
            ok = False
        if not is_unicode(value):
            self.problem(path, "Strings must be valid Unicode text (no lone surrogates).")
            ok = False
        return ok

    def node(
        self, raw: object, path: str, depth: int, scope: FactSpec | None
    ) -> dict[str, Any] | None:
        # Past the limits nothing more is visited, so a huge or deep input costs little.
        if self.overflow:
            return None
        self.nodes += 1
        if self.nodes > MAX_NODES:
            self.overflow = True
            self.problem("$", f"A rule has at most {MAX_NODES} nodes (groups and conditions).")
            return None
        if depth > MAX_DEPTH:
            self.problem(
                path, f"The rule is nested too deeply; at most {MAX_DEPTH} levels are allowed."
            )
            return None
        if not isinstance(raw, Mapping):
            self.problem(path, f"A node must be {_NODE_SHAPE}; this is {kind_of(raw)}.")
            return None
        if any(key in raw for key in GROUP_KEYS):
            return self.group(raw, path, depth, scope)
        return self.condition(raw, path, depth, scope)

    def group(
        self, raw: Mapping[Any, Any], path: str, depth: int, scope: FactSpec | None
    ) -> dict[str, Any] | None:
        keys = [key for key in GROUP_KEYS if key in raw]
        if len(keys) > 1:
            self.problem(path, 'A group has exactly one key, "all" or "any", not both.')
        for key in raw:
            if key not in GROUP_KEYS:
                self.problem(
                    key_path(path, key),
                    f"Unknown key {quote(key)} in a group; a group has exactly one key, "
                    '"all" or "any".',
                )
        children: list[dict[str, Any] | None] = []
        for key in keys:
            items = raw[key]
            if not isinstance(items, list | tuple) or not items:
                self.problem(
                    f"{path}.{key}",
                    f'"{key}" must be a non-empty list of nodes; this is '
                    f"{'an empty list' if isinstance(items, list | tuple) else kind_of(items)}.",
                )
                continue
            for index, item in enumerate(items):
                children.append(self.node(item, f"{path}.{key}[{index}]", depth + 1, scope))
                if self.overflow:
                    break
        if any(child is None for child in children):
            return None
        return {keys[0]: children}

    def condition(
        self, raw: Mapping[Any, Any], path: str, depth: int, scope: FactSpec | None
    ) -> dict[str, Any] | None:
        for key in raw:
            if key not in CONDITION_KEYS:
                self.problem(
                    key_path(path, key),
                    f'Unknown key {quote(key)} in a condition; a condition has "fact", "op" '
                    'and "value", or for a collection "fact", "op", "where" and "min".',
                )
        spec = self.fact(raw, path, scope)
        op = self.op(raw, path, spec, scope)
        if spec is not None and spec.type is FactType.COLLECTION:
            return self.collection(raw, path, depth, spec, op)
        for key in ("where", "min"):
            # With an unknown fact, a "where" may well be right and the name a typo.
            if key in raw and spec is not None:
                self.problem(
                    f"{path}.{key}",
                    f'"{key}" only applies to collection facts ({", ".join(COLLECTIONS)}).',
                )
        if spec is None or op is None:
            return None
        value = self.value(raw, path, spec, scope, op)
        if value is None:
            return None
        return {"fact": spec.name, "op": op, "value": value[0]}

    def fact(self, raw: Mapping[Any, Any], path: str, scope: FactSpec | None) -> FactSpec | None:
        if "fact" not in raw:
            needed = "a fact" if scope is None else f"a field of {quote(scope.name)} items"
            self.problem(path, f'A condition needs a "fact": {needed}.')
            return None
        name = raw["fact"]
        at = f"{path}.fact"
        if not isinstance(name, str):
            self.problem(
                at, f'"fact" must be a string, the name of a fact; this is {kind_of(name)}.'
            )
            return None
        if not self.text(name, at):
            return None
        if scope is None:
            spec = FACTS.get(name)
            if spec is None:
                self.problem(at, f"Unknown fact {quote(name)}.")
            return spec
        field = scope.field(name)
        if field is not None:
            return field
        fields = ", ".join(f.name for f in scope.fields)
        if name in COLLECTIONS:
            self.problem(
                at,
                f'Collection fact {quote(name)} cannot be used inside "where"; '
                f"use a field of {quote(scope.name)} items: {fields}.",
            )
        else:
            self.problem(
                at,
                f"Unknown field {quote(name)} of {quote(scope.name)} items; use one of: {fields}.",
            )
        return None

    def op(
        self, raw: Mapping[Any, Any], path: str, spec: FactSpec | None, scope: FactSpec | None
    ) -> str | None:
        if "op" not in raw:
            self.problem(path, 'A condition needs an "op" (operator).')
            return None
        op = raw["op"]
        at = f"{path}.op"
        if not isinstance(op, str):
            self.problem(
                at, f'"op" must be a string, the name of an operator; this is {kind_of(op)}.'
            )
            return None
        if not self.text(op, at):
            return None
        allowed = spec.operators if spec is not None else tuple(sorted(ALL_OPERATORS))
        if op in allowed:
            return op
        if op not in ALL_OPERATORS or spec is None:
            self.problem(at, f"Unknown operator {quote(op)}; use one of: {', '.join(allowed)}.")
        else:
            self.problem(
                at,
                f"Operator {quote(op)} does not apply to {label(spec, scope)} "
                f"({spec.type.value}); use one of: {', '.join(allowed)}.",
            )
        return None

    def collection(
        self, raw: Mapping[Any, Any], path: str, depth: int, spec: FactSpec, op: str | None
    ) -> dict[str, Any] | None:
        if "value" in raw:
            self.problem(
                f"{path}.value",
                f'"value" does not apply to collection fact {quote(spec.name)}; '
                'use "min" and "where" to say how many items of which kind it needs.',
            )
        minimum = raw.get("min", 1)
        if isinstance(minimum, bool) or not isinstance(minimum, int) or not 1 <= minimum <= MAX_MIN:
            number = isinstance(minimum, int | float) and not isinstance(minimum, bool)
            shown = quote(minimum) if number else kind_of(minimum)
            self.problem(
                f"{path}.min", f'"min" must be a whole number from 1 to {MAX_MIN}; this is {shown}.'
            )
        where = None
        if "where" in raw:
            where = self.node(raw["where"], f"{path}.where", depth + 1, spec)
            if where is None:
                return None
        if op is None or "value" in raw:
            return None
        node: dict[str, Any] = {"fact": spec.name, "op": op}
        if where is not None:
            node["where"] = where
        node["min"] = minimum
        return node

    def value(
        self, raw: Mapping[Any, Any], path: str, spec: FactSpec, scope: FactSpec | None, op: str
    ) -> tuple[Any] | None:
        """The normalized value, wrapped so that a valid null-free result is told apart."""
        at = f"{path}.value"
        subject = f"{quote(op)} on {label(spec, scope)}"
        if op == "exists":
            wanted = raw.get("value", True)
            if not isinstance(wanted, bool):
                self.problem(
                    at, f"The value of {subject} must be true or false; this is {kind_of(wanted)}."
                )
                return None
            return (wanted,)
        if "value" not in raw:
            self.problem(path, f'Operator {quote(op)} needs a "value".')
            return None
        value = raw["value"]
        if op in ("in", "contains_any"):
            return self.values(value, at, subject, spec)
        message = self.scalar(value, at, spec)
        if message is not None:
            self.problem(at, f"The value of {subject} must be {message}.")
            return None
        return (value,)

    def values(self, value: object, at: str, subject: str, spec: FactSpec) -> tuple[Any] | None:
        if not isinstance(value, list | tuple) or not 1 <= len(value) <= MAX_LIST:
            this = kind_of(value)
            if isinstance(value, list | tuple):
                this = "an empty list" if not value else f"a list of {len(value)}"
            self.problem(
                at,
                f"The value of {subject} must be a list of 1 to {MAX_LIST} items; this is {this}.",
            )
            return None
        ok = True
        for index, item in enumerate(value):
            message = self.scalar(item, f"{at}[{index}]", spec)
            if message is not None:
                self.problem(
                    f"{at}[{index}]", f"Each item of the value of {subject} must be {message}."
                )
                ok = False
        return (list(value),) if ok else None

    def scalar(self, value: object, at: str, spec: FactSpec) -> str | None:
        """What the value should have been, or None when it is fine (or already reported)."""
        kind = spec.type
        if kind is FactType.NUMBER:
            if isinstance(value, bool) or not isinstance(value, int | float):
                return f"a number, not {kind_of(value)}"
            if isinstance(value, float) and not math.isfinite(value):
                return "a finite number"
            if abs(value) > MAX_NUMBER:
                return "a number from -10^15 to 10^15"
            return None
        if kind is FactType.BOOL:
            return None if isinstance(value, bool) else f"true or false, not {kind_of(value)}"
        if kind is FactType.ENUM:
            choices = ", ".join(spec.choices)
            if not isinstance(value, str):
                return f"one of: {choices}; not {kind_of(value)}"
            if value not in spec.choices and self.text(value, at):
                return f"one of: {choices}; not {quote(value)}"
            return None
        if not isinstance(value, str):
            return f"a string, not {kind_of(value)}"
        if not self.text(value, at):
            return None
        return None if value.strip() else "a string that is not blank"
