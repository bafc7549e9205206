from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

import pytest

from recruiting.rules import CompiledRule, compile_rule

TOP = {"fact": "tier", "op": "eq", "value": "top"}
RECENT = {"fact": "years_ago", "op": "lte", "value": 3}
PUBLICATIONS = [
    {"tier": "other", "years_ago": 1},
    {"tier": "top", "years_ago": 6},
    {"tier": "top", "years_ago": 2},
    {"tier": "top", "years_ago": 0},
]


class Recording(Mapping[str, object]):
    """Facts that remember which names were read."""

    def __init__(self, facts: dict[str, object]) -> None:
        self.facts = facts
        self.read: list[str] = []

    def __getitem__(self, key: str) -> object:
        self.read.append(key)
        return self.facts[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.facts)

    def __len__(self) -> int:
        return len(self.facts)


def test_a_condition_explains_its_value_the_actual_value_and_whether_it_held() -> None:
    rule = compile_rule({"all": [{"fact": "years_experience", "op": "gte", "value": 5}]})
    assert rule.explain({"years_experience": 3.5}) == {
        "path": "$",
        "op": "all",
        "held": False,
        "children": [
            {
                "path": "$.all[0]",
                "fact": "years_experience",
                "op": "gte",
                "value": 5,
                "actual": 3.5,
                "held": False,
            }
        ],
    }


def test_a_bare_exists_is_explained_with_value_true() -> None:
    explained = compile_rule({"fact": "school", "op": "exists"}).explain({"school": " MIT "})
    assert explained == {
        "path": "$",
        "fact": "school",
        "op": "exists",
        "value": True,
        "actual": " MIT ",
        "held": True,
    }


@pytest.mark.parametrize(
    ("fact", "raw", "actual"),
    [
        ("specialties", {"speech", "NLP", "computer-vision"}, ["computer-vision", "nlp", "speech"]),
        ("specialties", set(), None),
        ("school", "  ", None),
        ("school", 42, None),
        ("years_experience", True, None),
        ("years_experience", float("nan"), None),
        ("years_experience", 0, 0),
        ("referred", False, False),
        ("education", "phd", "phd"),
    ],
)
def test_actual_values_are_json_able_and_none_when_missing_or_of_the_wrong_type(
    fact: str, raw: object, actual: object
) -> None:
    explained = compile_rule({"fact": fact, "op": "exists"}).explain({fact: raw})
    assert explained["actual"] == actual
    assert explained["held"] is (actual is not None)
    json.dumps(explained, allow_nan=False)


def test_a_missing_fact_is_explained_with_actual_null() -> None:
    explained = compile_rule({"fact": "school", "op": "exists", "value": False}).explain({})
    assert (explained["actual"], explained["held"]) == (None, True)


def test_a_collection_explains_the_count_the_matching_indices_and_the_first_match() -> None:
    rule = compile_rule(
        {
            "any": [
                {"fact": "referred", "op": "eq", "value": True},
                {"fact": "publications", "op": "exists", "where": {"all": [TOP, RECENT]}, "min": 2},
            ]
        }
    )
    explained = rule.explain({"publications": PUBLICATIONS})
    collection = explained["children"][1]
    assert {k: v for k, v in collection.items() if k != "where"} == {
        "path": "$.any[1]",
        "fact": "publications",
        "op": "exists",
        "min": 2,
        "held": True,
        "actual": 2,
        "matched": [2, 3],
        "items": 4,
    }
    assert collection["where"] == {
        "path": "$.any[1].where",
        "op": "all",
        "held": True,
        "children": [
            {"path": "$.any[1].where.all[0]", "fact": "tier", "op": "eq", "value": "top",
             "actual": "top", "held": True},
            {"path": "$.any[1].where.all[1]", "fact": "years_ago", "op": "lte", "value": 3,
             "actual": 2, "held": True},
        ],
    }  # fmt: skip
    assert explained["held"] is True


def test_a_collection_without_a_match_explains_its_first_item() -> None:
    rule = compile_rule({"fact": "publications", "op": "exists", "where": TOP})
    explained = rule.explain({"publications": [{"tier": "strong"}, {"tier": "other"}]})
    assert (explained["held"], explained["actual"], explained["matched"]) == (False, 0, [])
    assert explained["where"] == {
        "path": "$.where",
        "fact": "tier",
        "op": "eq",
        "value": "top",
        "actual": "strong",
        "held": False,
    }


def test_an_empty_collection_explains_where_as_null() -> None:
    rule = compile_rule({"fact": "publications", "op": "exists", "where": TOP})
    cases: list[dict[str, object]] = [{}, {"publications": []}, {"publications": None}]
    for facts in cases:
        explained = rule.explain(facts)
        assert (explained["items"], explained["matched"], explained["where"]) == (0, [], None)


def test_a_collection_without_where_has_no_where_key_and_matches_every_item() -> None:
    explained = compile_rule({"fact": "awards", "op": "exists", "min": 3}).explain(
        {"awards": [{}, {}]}
    )
    assert explained == {
        "path": "$",
        "fact": "awards",
        "op": "exists",
        "min": 3,
        "held": False,
        "actual": 2,
        "matched": [0, 1],
        "items": 2,
    }


def test_explain_evaluates_every_condition_while_matches_stops_early() -> None:
    rule = compile_rule(
        {
            "any": [
                {"fact": "referred", "op": "eq", "value": True},
                {"fact": "school", "op": "exists"},
            ]
        }
    )
    facts = Recording({"referred": True, "school": "MIT"})
    assert rule.matches(facts) is True
    assert facts.read == ["referred"]
    facts.read.clear()
    explained = rule.explain(facts)
    assert facts.read == ["referred", "school"]
    assert [child["held"] for child in explained["children"]] == [True, True]


def test_a_collection_stops_counting_once_min_is_reached() -> None:
    seen: list[int] = []

    class Item(Mapping[str, object]):
        def __init__(self, index: int) -> None:
            self.index = index

        def __getitem__(self, key: str) -> object:
            seen.append(self.index)
            return "top"

        def __iter__(self) -> Iterator[str]:
            return iter(["tier"])

        def __len__(self) -> int:
            return 1

    rule = compile_rule({"fact": "publications", "op": "exists", "where": TOP, "min": 2})
    assert rule.matches({"publications": [Item(i) for i in range(5)]}) is True
    assert seen == [0, 1]


def test_an_explanation_is_json_and_does_not_share_state_with_the_rule() -> None:
    rule = compile_rule({"fact": "specialties", "op": "contains_any", "value": ["nlp"]})
    first = rule.explain({"specialties": {"nlp"}})
    assert json.loads(json.dumps(first)) == first
    first["value"].append("robotics")
    first["actual"].append("robotics")
    assert rule.explain({"specialties": {"nlp"}})["value"] == ["nlp"]
    assert rule.definition["value"] == ["nlp"]


def test_the_definition_is_a_copy_and_the_compiled_rule_is_immutable() -> None:
    source: dict[str, Any] = {"fact": "school", "op": "in", "value": ["MIT"]}
    rule = compile_rule(source)
    source["value"].append("ETH")
    rule.definition["value"].append("ETH")
    assert rule.definition["value"] == ["MIT"]
    assert not rule.matches({"school": "ETH"})
    with pytest.raises(AttributeError):
        rule.facts_used = frozenset()  # type: ignore[misc]
    with pytest.raises(AttributeError):
        rule.anything = 1


def test_facts_used_lists_the_top_level_facts_only() -> None:
    rule = compile_rule(
        {
            "all": [
                {"fact": "years_experience", "op": "gte", "value": 3},
                {
                    "any": [
                        {"fact": "referred", "op": "eq", "value": True},
                        {"fact": "school", "op": "exists"},
                    ]
                },
                {"fact": "publications", "op": "exists", "where": TOP},
            ]
        }
    )
    assert rule.facts_used == frozenset({"years_experience", "referred", "school", "publications"})


def test_compiled_rules_with_the_same_normalized_definition_are_equal() -> None:
    a = compile_rule({"fact": "school", "op": "exists"})
    b = compile_rule({"op": "exists", "value": True, "fact": "school"})
    c = compile_rule({"fact": "school", "op": "exists", "value": False})
    assert a == b
    assert hash(a) == hash(b)
    assert a != c
    assert isinstance(a, CompiledRule)
    assert "school" in repr(a)
