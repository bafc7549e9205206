from __future__ import annotations

import copy
import json
import math
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recruiting.rules import FACTS, MAX_DEPTH, MAX_NODES, FactSpec, RuleError, compile_rule

# Small pools, with case and space variants, so that rules and facts often meet.
TEXTS = ["MIT", " mit ", "ETH", "eth", "Stanford", "ACL", "acl", "nlp", "NLP", "x"]
SLUGS = ["nlp", "NLP", " nlp", "computer-vision", "speech", "robotics"]
NUMBERS = st.integers(-3, 12) | st.sampled_from([0.5, 2.5, 3.0, 10.0])
SETTINGS = settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])


# --- rules -------------------------------------------------------------------------------


def value_for(spec: FactSpec, op: str) -> st.SearchStrategy[Any]:
    kind = spec.type.value
    if kind == "number":
        scalar: st.SearchStrategy[Any] = NUMBERS
    elif kind == "enum":
        scalar = st.sampled_from(spec.choices)
    elif kind == "bool":
        scalar = st.booleans()
    elif kind == "set":
        scalar = st.sampled_from(SLUGS)
    else:
        scalar = st.sampled_from(TEXTS)
    if op in ("in", "contains_any"):
        return st.lists(scalar, min_size=1, max_size=4)
    return scalar


def condition(spec: FactSpec) -> st.SearchStrategy[dict[str, Any]]:
    def build(op: str) -> st.SearchStrategy[dict[str, Any]]:
        if op == "exists":
            return st.sampled_from([{}, {"value": True}, {"value": False}]).map(
                lambda extra: {"fact": spec.name, "op": op, **extra}
            )
        return value_for(spec, op).map(lambda v: {"fact": spec.name, "op": op, "value": v})

    return st.sampled_from(spec.operators).flatmap(build)


def groups(children: st.SearchStrategy[dict[str, Any]]) -> st.SearchStrategy[dict[str, Any]]:
    return st.builds(
        lambda op, kids: {op: kids},
        st.sampled_from(["all", "any"]),
        st.lists(children, min_size=1, max_size=4),
    )


def where_node(collection: FactSpec) -> st.SearchStrategy[dict[str, Any]]:
    leaves = st.one_of([condition(field) for field in collection.fields])
    return st.recursive(leaves, groups, max_leaves=4)


def collection_condition(spec: FactSpec) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {"fact": st.just(spec.name), "op": st.just("exists")},
        optional={"where": where_node(spec), "min": st.integers(1, 3)},
    )


def top_leaf() -> st.SearchStrategy[dict[str, Any]]:
    return st.one_of(
        [collection_condition(spec) if spec.fields else condition(spec) for spec in FACTS.values()]
    )


def depth(node: dict[str, Any]) -> int:
    for op in ("all", "any"):
        if op in node:
            return 1 + max(depth(child) for child in node[op])
    return 1 + (depth(node["where"]) if "where" in node else 0)


def size(node: dict[str, Any]) -> int:
    for op in ("all", "any"):
        if op in node:
            return 1 + sum(size(child) for child in node[op])
    return 1 + (size(node["where"]) if "where" in node else 0)


rules = st.recursive(top_leaf(), groups, max_leaves=12).filter(
    lambda r: depth(r) <= MAX_DEPTH and size(r) <= MAX_NODES
)


# --- facts -------------------------------------------------------------------------------

JUNK: st.SearchStrategy[Any] = st.sampled_from(
    [None, "", "  ", 0, 1, True, False, [], {}, "nlp", math.nan, ["x"]]
)


def fact_value(spec: FactSpec) -> st.SearchStrategy[Any]:
    kind = spec.type.value
    if kind == "number":
        good: st.SearchStrategy[Any] = NUMBERS
    elif kind == "enum":
        good = st.sampled_from(spec.choices) | st.sampled_from(spec.choices).map(str.upper)
    elif kind == "bool":
        good = st.booleans()
    elif kind == "set":
        good = st.sets(st.sampled_from(SLUGS), max_size=3) | st.lists(
            st.sampled_from(SLUGS), max_size=3
        )
    elif kind == "collection":
        item = st.dictionaries(
            st.sampled_from([f.name for f in spec.fields]),
            st.one_of([fact_value(f) for f in spec.fields]),
        )
        full = st.fixed_dictionaries({f.name: fact_value(f) for f in spec.fields})
        good = st.lists(full | full | item | JUNK, min_size=1, max_size=6)
    else:
        good = st.sampled_from(TEXTS)
    return st.one_of(good, good, JUNK)


ABSENT = object()
facts_strategy = st.fixed_dictionaries(
    {name: st.one_of(*[fact_value(spec)] * 3, st.just(ABSENT)) for name, spec in FACTS.items()}
).map(lambda facts: {name: value for name, value in facts.items() if value is not ABSENT})


# --- an independent reference evaluator --------------------------------------------------


def present(kind: str, raw: object) -> Any:
    """The compared form of a candidate value, or None when it is missing."""
    if kind == "number":
        ok = type(raw) in (int, float) and math.isfinite(raw)  # type: ignore[arg-type]
        return raw if ok else None
    if kind in ("string", "enum"):
        return raw.strip().casefold() or None if isinstance(raw, str) else None
    if kind == "bool":
        return raw if type(raw) is bool else None
    if kind == "set":
        if type(raw) not in (set, frozenset, list, tuple):
            return None
        folded = {s.strip().casefold() for s in raw if isinstance(s, str)} - {""}  # type: ignore[attr-defined]
        return folded or None
    raise AssertionError(kind)


def compare(kind: str, op: str, value: Any, actual: Any) -> bool:
    if op == "exists":
        return (actual is not None) is value
    if actual is None:
        return False

    def fold(v: Any) -> Any:
        return v.strip().casefold() if kind in ("string", "enum", "set") else v

    if op == "eq":
        return bool(actual == fold(value))
    if op == "in":
        return any(actual == fold(v) for v in value)
    if op == "gte":
        return bool(actual >= value)
    if op == "lte":
        return bool(actual <= value)
    if op == "contains_any":
        return any(fold(v) in actual for v in value)
    raise AssertionError(op)


def reference(node: dict[str, Any], facts: Any, scope: FactSpec | None = None) -> bool:
    if "all" in node:
        return all([reference(child, facts, scope) for child in node["all"]])
    if "any" in node:
        return any([reference(child, facts, scope) for child in node["any"]])
    spec = FACTS[node["fact"]] if scope is None else scope.field(node["fact"])
    assert spec is not None
    raw = facts.get(node["fact"]) if isinstance(facts, dict) else None
    if spec.fields:
        items = raw if isinstance(raw, list) else []
        where = node.get("where")
        count = sum(1 for item in items if where is None or reference(where, item, spec))
        return bool(count >= node.get("min", 1))
    value = node.get("value", True)
    return compare(spec.type.value, node["op"], value, present(spec.type.value, raw))


# --- walking explanations ----------------------------------------------------------------


def walk(
    node: dict[str, Any], scope: FactSpec | None = None
) -> Iterator[tuple[dict[str, Any], FactSpec | None]]:
    yield node, scope
    for child in node.get("children", []):
        yield from walk(child, scope)
    if node.get("where") is not None:
        yield from walk(node["where"], FACTS[node["fact"]])


# --- properties --------------------------------------------------------------------------


@SETTINGS
@given(rules, facts_strategy)
def test_explain_and_matches_give_the_same_verdict(
    rule: dict[str, Any], facts: dict[str, Any]
) -> None:
    compiled = compile_rule(rule)
    assert compiled.explain(facts)["held"] is compiled.matches(facts)


@SETTINGS
@given(rules, facts_strategy)
def test_matches_agrees_with_an_independent_reference_evaluator(
    rule: dict[str, Any], facts: dict[str, Any]
) -> None:
    assert compile_rule(rule).matches(facts) is reference(rule, facts)


@SETTINGS
@given(rules, facts_strategy)
def test_every_group_holds_exactly_as_its_name_says_of_its_children(
    rule: dict[str, Any], facts: dict[str, Any]
) -> None:
    for node, _ in walk(compile_rule(rule).explain(facts)):
        if "children" in node:
            held = [child["held"] for child in node["children"]]
            assert node["held"] is (all(held) if node["op"] == "all" else any(held))


@SETTINGS
@given(rules, facts_strategy)
def test_every_leaf_holds_exactly_as_its_actual_value_says(
    rule: dict[str, Any], facts: dict[str, Any]
) -> None:
    explained = compile_rule(rule).explain(facts)
    json.dumps(explained, allow_nan=False)
    for node, scope in walk(explained):
        if "children" in node:
            continue
        spec = FACTS[node["fact"]] if scope is None else scope.field(node["fact"])
        assert spec is not None
        if spec.fields:
            assert node["actual"] == len(node["matched"])
            assert node["held"] is (node["actual"] >= node["min"])
            assert node["matched"] == sorted(set(node["matched"]))
            assert all(0 <= i < node["items"] for i in node["matched"])
            if "where" in node:
                if node["items"] == 0:
                    assert node["where"] is None
                else:
                    assert node["where"]["held"] is bool(node["matched"])
            else:
                assert node["matched"] == list(range(node["items"]))
            continue
        kind = spec.type.value
        actual = node["actual"]
        compared = set(actual) if kind == "set" and actual is not None else actual
        if kind in ("string", "enum") and actual is not None:
            compared = actual.strip().casefold()
        assert node["held"] is compare(kind, node["op"], node["value"], compared)
        if scope is None:
            assert (actual is None) is (present(kind, facts.get(node["fact"])) is None)


@SETTINGS
@given(rules, facts_strategy)
def test_compiling_the_normalized_definition_gives_an_equivalent_rule(
    rule: dict[str, Any], facts: dict[str, Any]
) -> None:
    compiled = compile_rule(rule)
    again = compile_rule(compiled.definition)
    through_json = compile_rule(json.loads(json.dumps(compiled.definition)))
    assert again == compiled == through_json
    assert again.definition == compiled.definition == through_json.definition
    assert again.facts_used == compiled.facts_used
    assert again.matches(facts) is compiled.matches(facts)
    assert again.explain(facts) == compiled.explain(facts)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=30,
)

# Shapes close to the grammar reach deeper into validation than random JSON does.
GRAMMAR_WORDS = ["all", "any", "fact", "op", "value", "where", "min"]
NAMES = [*FACTS, *(f.name for s in FACTS.values() for f in s.fields), "eq", "in", "gte", "lte",
         "exists", "contains_any", "top", "phd", "nlp"]  # fmt: skip
near_rules = st.recursive(
    st.sampled_from(NAMES) | json_values,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(GRAMMAR_WORDS) | st.text(max_size=5), children, max_size=4
        )
    ),
    max_leaves=40,
)


def every_node(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield node
    for op in ("all", "any"):
        for child in node.get(op, []):
            yield from every_node(child)
    if "where" in node:
        yield from every_node(node["where"])


@st.composite
def broken_rules(draw: st.DrawFn) -> dict[str, Any]:
    """A valid rule with one key of one node replaced by anything, or removed."""
    rule = copy.deepcopy(draw(rules))
    node = draw(st.sampled_from(list(every_node(rule))))
    key = draw(st.sampled_from([*node, *GRAMMAR_WORDS]))
    if draw(st.booleans()) and key in node:
        del node[key]
    else:
        node[key] = draw(st.sampled_from(NAMES) | json_values)
    return rule


@settings(max_examples=500, suppress_health_check=[HealthCheck.too_slow])
@given(json_values | near_rules | broken_rules())
def test_validation_raises_nothing_but_rule_error_on_arbitrary_json(definition: object) -> None:
    try:
        compiled = compile_rule(definition)
    except RuleError as error:
        problems = error.errors
    else:
        json.dumps(compiled.definition, allow_nan=False)
        assert compiled.explain({})["held"] is compiled.matches({})
        return
    assert problems
    for problem in problems:
        assert problem.path.startswith("$")
        assert problem.message.endswith(".")
        problem.message.encode("utf-8")


@SETTINGS
@given(rules, st.data())
def test_breaking_one_part_of_a_valid_rule_is_reported_at_that_part_only(
    rule: dict[str, Any], data: st.DataObject
) -> None:
    broken = copy.deepcopy(rule)
    path, node = data.draw(st.sampled_from(list(node_paths(broken, "$"))))
    node["fact"] = "no_such_fact"
    with pytest.raises(RuleError) as caught:
        compile_rule(broken)
    assert [p.path for p in caught.value.errors] == [f"{path}.fact"]
    assert caught.value.errors[0].message.startswith(("Unknown fact", "Unknown field"))


def node_paths(node: dict[str, Any], path: str) -> Iterator[tuple[str, dict[str, Any]]]:
    for op in ("all", "any"):
        if op in node:
            for index, child in enumerate(node[op]):
                yield from node_paths(child, f"{path}.{op}[{index}]")
            return
    yield path, node
    if "where" in node:
        yield from node_paths(node["where"], f"{path}.where")
