"""Compilation of a rule definition, and the compiled rule."""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from typing import Any, NoReturn, final

from recruiting.rules.explain import Explain, explainer
from recruiting.rules.match import Match, matcher
from recruiting.rules.validate import normalize


def compile_rule(definition: object) -> CompiledRule:
    """Validate a definition (raising RuleError with every problem) and compile it."""
    normalized = normalize(definition)
    return CompiledRule(normalized, matcher(normalized, None), explainer(normalized, "$", None))


@final
class CompiledRule:
    """A validated rule, ready to judge the facts of one candidate for one job."""

    __slots__ = ("_definition", "_explain", "_facts_used", "_key", "_match")

    _definition: dict[str, Any]
    _explain: Explain
    _facts_used: frozenset[str]
    _key: str
    _match: Match

    def __init__(self, definition: dict[str, Any], match: Match, explain: Explain) -> None:
        set_ = object.__setattr__
        set_(self, "_definition", definition)
        set_(self, "_match", match)
        set_(self, "_explain", explain)
        set_(self, "_facts_used", frozenset(_top_level_facts(definition)))
        set_(self, "_key", json.dumps(definition, sort_keys=True))

    def __setattr__(self, name: str, value: object) -> NoReturn:
        raise AttributeError("A compiled rule is immutable.")

    def __delattr__(self, name: str) -> NoReturn:
        raise AttributeError("A compiled rule is immutable.")

    @property
    def definition(self) -> dict[str, Any]:
        """The normalized definition (defaults filled in), as a fresh JSON-able copy."""
        return copy.deepcopy(self._definition)

    @property
    def facts_used(self) -> frozenset[str]:
        """Top-level facts the rule reads (collection item fields are not listed)."""
        return self._facts_used

    def matches(self, facts: Mapping[str, object]) -> bool:
        """The verdict, stopping at the first condition that decides it."""
        return self._match(facts)

    def explain(self, facts: Mapping[str, object]) -> dict[str, Any]:
        """Every condition evaluated, as a JSON-able tree (see docs/rules.md)."""
        return self._explain(facts)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, CompiledRule):
            return NotImplemented
        return self._key == other._key

    def __hash__(self) -> int:
        return hash(self._key)

    def __repr__(self) -> str:
        text = self._key if len(self._key) <= 80 else self._key[:79] + "…"
        return f"CompiledRule({text})"


def _top_level_facts(node: Mapping[str, Any]) -> set[str]:
    for op in ("all", "any"):
        if op in node:
            return set().union(*(_top_level_facts(child) for child in node[op]))
    return {node["fact"]}
