"""Explanations: every condition of a rule evaluated (no short-circuit), as a JSON-able tree."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from recruiting.rules.facts import FactSpec, FactType, lookup
from recruiting.rules.leaves import as_item, as_items, leaf_test, render
from recruiting.rules.match import Match, matcher

Explain = Callable[[Mapping[str, object]], dict[str, Any]]


def explainer(node: Mapping[str, Any], path: str, scope: FactSpec | None) -> Explain:
    """The explanation of a normalized node, built once so that each call only evaluates."""
    for op in ("all", "any"):
        if op in node:
            children = tuple(
                explainer(child, f"{path}.{op}[{index}]", scope)
                for index, child in enumerate(node[op])
            )
            return _group(path, op, children)
    spec = lookup(node["fact"], scope)
    if spec.type is FactType.COLLECTION:
        where = node.get("where")
        if where is None:
            return _collection(path, spec.name, node["min"], None)
        inner = (matcher(where, spec), explainer(where, f"{path}.where", spec))
        return _collection(path, spec.name, node["min"], inner)
    return _condition(path, spec, node["op"], node["value"])


def _group(path: str, op: str, children: tuple[Explain, ...]) -> Explain:
    combine = all if op == "all" else any

    def explain(facts: Mapping[str, object]) -> dict[str, Any]:
        kids = [child(facts) for child in children]
        return {
            "path": path,
            "op": op,
            "held": combine(kid["held"] for kid in kids),
            "children": kids,
        }

    return explain


def _condition(path: str, spec: FactSpec, op: str, value: Any) -> Explain:
    test = leaf_test(spec.type, op, value)
    name, kind = spec.name, spec.type

    def explain(facts: Mapping[str, object]) -> dict[str, Any]:
        raw = facts.get(name)
        return {
            "path": path,
            "fact": name,
            "op": op,
            # A fresh list each time: callers may keep and change explanations.
            "value": list(value) if isinstance(value, list) else value,
            "actual": render(kind, raw),
            "held": test(raw),
        }

    return explain


def _collection(path: str, name: str, minimum: int, where: tuple[Match, Explain] | None) -> Explain:
    def explain(facts: Mapping[str, object]) -> dict[str, Any]:
        items = as_items(facts.get(name))
        if where is None:
            matched = list(range(len(items)))
        else:
            # Every item is judged, but only the one shown is explained: building the
            # explanation of every item would cost most of the time for nothing.
            match = where[0]
            matched = [i for i, item in enumerate(items) if match(as_item(item))]
        out: dict[str, Any] = {
            "path": path,
            "fact": name,
            "op": "exists",
            "min": minimum,
            "held": len(matched) >= minimum,
            "actual": len(matched),
            "matched": matched,
            "items": len(items),
        }
        if where is not None:
            shown = matched[0] if matched else 0
            out["where"] = where[1](as_item(items[shown])) if items else None
        return out

    return explain
