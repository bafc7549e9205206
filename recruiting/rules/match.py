"""Verdicts: a rule compiled into closures that stop as soon as the answer is known."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from recruiting.rules.facts import FactSpec, FactType, lookup
from recruiting.rules.leaves import EMPTY, as_items, leaf_test

Match = Callable[[Mapping[str, object]], bool]


def matcher(node: Mapping[str, Any], scope: FactSpec | None) -> Match:
    for op in ("all", "any"):
        if op in node:
            children = tuple(matcher(child, scope) for child in node[op])
            if len(children) == 1:
                return children[0]
            return _all(children) if op == "all" else _any(children)
    spec = lookup(node["fact"], scope)
    name = spec.name
    if spec.type is FactType.COLLECTION:
        where = node.get("where")
        return _collection(name, node["min"], None if where is None else matcher(where, spec))
    test = leaf_test(spec.type, node["op"], node["value"])

    def condition(facts: Mapping[str, object]) -> bool:
        return test(facts.get(name))

    return condition


# Plain loops rather than all()/any() over a generator: this is the hot path, and the
# generator costs more than the conditions themselves.
def _all(children: tuple[Match, ...]) -> Match:
    def match(facts: Mapping[str, object]) -> bool:
        for child in children:  # noqa: SIM110
            if not child(facts):
                return False
        return True

    return match


def _any(children: tuple[Match, ...]) -> Match:
    def match(facts: Mapping[str, object]) -> bool:
        for child in children:  # noqa: SIM110
            if child(facts):
                return True
        return False

    return match


def _collection(name: str, minimum: int, where: Match | None) -> Match:
    if where is None:

        def count(facts: Mapping[str, object]) -> bool:
            return len(as_items(facts.get(name))) >= minimum

        return count

    def match(facts: Mapping[str, object]) -> bool:
        found = 0
        for item in as_items(facts.get(name)):
            # dict first: the usual case, and cheaper to check than the Mapping ABC.
            if where(item if isinstance(item, dict | Mapping) else EMPTY):
                found += 1
                if found >= minimum:
                    return True
        return False

    return match
