from __future__ import annotations

import math
from typing import Any

import pytest

from recruiting.rules import FACTS, compile_rule


def verdict(condition: dict[str, Any], facts: dict[str, Any]) -> bool:
    """The verdict of a one-condition rule, checked to agree with its explanation."""
    rule = compile_rule(condition)
    held = rule.matches(facts)
    assert rule.explain(facts)["held"] is held
    # The same condition inside groups must not change anything.
    assert compile_rule({"all": [condition]}).matches(facts) is held
    assert compile_rule({"any": [{"all": [condition]}]}).matches(facts) is held
    return held


def cond(fact: str, op: str, value: Any = None) -> dict[str, Any]:
    node: dict[str, Any] = {"fact": fact, "op": op}
    if value is not None:
        node["value"] = value
    return node


CASES = [
    # number
    ("years_experience", "eq", 3, 3, True),
    ("years_experience", "eq", 3, 3.0, True),
    ("years_experience", "eq", 3.5, 3.5, True),
    ("years_experience", "eq", 3, 4, False),
    ("years_experience", "in", [1, 2, 3], 2, True),
    ("years_experience", "in", [1, 2.5], 2.5, True),
    ("years_experience", "in", [1, 2, 3], 5, False),
    ("years_experience", "gte", 3, 3, True),
    ("years_experience", "gte", 3, 7.25, True),
    ("years_experience", "gte", 3, 2.5, False),
    ("years_experience", "lte", 3, 3, True),
    ("years_experience", "lte", 3, -1, True),
    ("years_experience", "lte", 3, 3.5, False),
    ("years_experience", "exists", True, 0, True),
    ("years_experience", "exists", False, 0, False),
    # string
    ("school", "eq", "MIT", "MIT", True),
    ("school", "eq", "MIT", "  mit ", True),
    ("school", "eq", "École Polytechnique", "ÉCOLE polytechnique", True),
    ("school", "eq", "Ecole Polytechnique", "École Polytechnique", False),
    ("school", "eq", "MIT", "Stanford", False),
    ("current_employer", "eq", "DeepMind", "deepmind", True),
    ("current_employer", "in", ["OpenAI", "DeepMind"], " DEEPMIND", True),
    ("current_employer", "in", ["OpenAI", "DeepMind"], "Meta", False),
    ("school", "exists", True, "MIT", True),
    ("school", "exists", True, "   ", False),
    ("school", "exists", False, "", True),
    ("school", "exists", False, "MIT", False),
    # enum
    ("education", "eq", "phd", "phd", True),
    ("education", "eq", "phd", "master", False),
    ("education", "in", ["master", "phd"], "master", True),
    ("education", "in", ["master", "phd"], "bachelor", False),
    ("education", "exists", True, "none", True),
    ("education", "exists", False, "none", False),
    ("source", "eq", "referral", "referral", True),
    ("source", "in", ["drive", "campus"], "careers_site", False),
    # bool
    ("referred", "eq", True, True, True),
    ("referred", "eq", True, False, False),
    ("referred", "eq", False, False, True),
    ("referred_by_unit_member", "eq", False, True, False),
    ("matches_job_specialty", "eq", True, True, True),
    ("referred", "exists", True, False, True),
    ("referred", "exists", False, True, False),
    # set
    ("specialties", "contains_any", ["nlp", "robotics"], {"nlp", "speech"}, True),
    ("specialties", "contains_any", ["NLP"], {"nlp"}, True),
    ("specialties", "contains_any", ["nlp"], [" NLP "], True),
    ("specialties", "contains_any", ["nlp"], ("speech", "nlp"), True),
    ("specialties", "contains_any", ["nlp"], frozenset({"nlp"}), True),
    ("specialties", "contains_any", ["nlp", "robotics"], {"computer-vision"}, False),
    ("specialties", "contains_any", ["nlp"], set(), False),
    ("specialties", "exists", True, {"nlp"}, True),
    ("specialties", "exists", True, set(), False),
    ("specialties", "exists", False, [], True),
    ("specialties", "exists", False, ["nlp"], False),
]


@pytest.mark.parametrize(
    ("fact", "op", "value", "actual", "expected"),
    CASES,
    ids=[f"{c[0]}-{c[1]}-{'held' if c[4] else 'failed'}-{i}" for i, c in enumerate(CASES)],
)
def test_every_operator_on_every_type_holds_or_fails_as_documented(
    fact: str, op: str, value: Any, actual: Any, expected: bool
) -> None:
    assert verdict(cond(fact, op, value), {fact: actual}) is expected


def test_every_type_and_operator_is_covered_by_a_held_and_a_failed_case() -> None:
    seen = {(FACTS[c[0]].type, c[1], c[4]) for c in CASES}
    for spec in FACTS.values():
        if spec.fields:
            continue
        for op in spec.operators:
            assert (spec.type, op, True) in seen, (spec.type, op)
            assert (spec.type, op, False) in seen, (spec.type, op)


def test_a_bare_exists_means_exists_with_value_true() -> None:
    assert verdict(cond("school", "exists"), {"school": "MIT"}) is True
    assert verdict(cond("school", "exists"), {}) is False


SAMPLE_VALUES: dict[str, dict[str, Any]] = {
    "number": {"eq": 1, "in": [1], "gte": 0, "lte": 100},
    "string": {"eq": "x", "in": ["x"]},
    "enum": {},
    "bool": {"eq": False},
    "set": {"contains_any": ["nlp"]},
}


def missing_cases() -> list[tuple[str, str, Any]]:
    cases: list[tuple[str, str, Any]] = []
    for name, spec in FACTS.items():
        if spec.fields:
            continue
        for op in spec.operators:
            if op == "exists":
                cases.append((name, op, True))
            elif spec.choices:
                cases.append((name, op, spec.choices[0] if op == "eq" else list(spec.choices)))
            else:
                cases.append((name, op, SAMPLE_VALUES[spec.type.value][op]))
    return cases


@pytest.mark.parametrize(("fact", "op", "value"), missing_cases())
@pytest.mark.parametrize("missing", ["absent", "none"])
def test_a_missing_fact_makes_every_operator_false(
    fact: str, op: str, value: Any, missing: str
) -> None:
    facts = {} if missing == "absent" else {fact: None}
    assert verdict(cond(fact, op, value), facts) is False


@pytest.mark.parametrize("fact", [n for n, s in FACTS.items() if not s.fields])
@pytest.mark.parametrize("missing", ["absent", "none"])
def test_a_missing_fact_satisfies_exists_false(fact: str, missing: str) -> None:
    facts = {} if missing == "absent" else {fact: None}
    assert verdict(cond(fact, "exists", False), facts) is True


@pytest.mark.parametrize(
    ("fact", "op", "value", "actual"),
    [
        ("years_experience", "eq", 1, True),
        ("years_experience", "gte", 0, "5"),
        ("years_experience", "lte", 10, math.nan),
        ("years_experience", "gte", 0, math.inf),
        ("school", "eq", "MIT", ["MIT"]),
        ("education", "eq", "phd", 3),
        ("referred", "eq", True, 1),
        ("referred", "eq", False, 0),
        ("specialties", "contains_any", ["nlp"], "nlp"),
        ("specialties", "contains_any", ["nlp"], {"speech": True}),
    ],
)
def test_a_value_of_the_wrong_type_counts_as_missing(
    fact: str, op: str, value: Any, actual: Any
) -> None:
    assert verdict(cond(fact, op, value), {fact: actual}) is False
    assert verdict(cond(fact, "exists", False), {fact: actual}) is True


def test_a_set_ignores_items_that_are_not_strings_or_are_blank() -> None:
    facts = {"specialties": ["", "  ", 3, None]}
    assert verdict(cond("specialties", "exists"), facts) is False
    assert verdict(cond("specialties", "contains_any", ["nlp"]), {"specialties": [3, "NLP"]})


PUBS = [
    {"venue": "ACL", "year": 2023, "tier": "top", "specialty": "nlp", "years_ago": 1,
     "in_job_specialty": True},
    {"venue": "Workshop", "year": 2015, "tier": "other", "specialty": "speech", "years_ago": 9,
     "in_job_specialty": False},
    {"venue": "NeurIPS", "year": 2020, "tier": "top", "specialty": "nlp", "years_ago": 4,
     "in_job_specialty": True},
]  # fmt: skip


def pubs(where: dict[str, Any] | None = None, minimum: int | None = None) -> dict[str, Any]:
    node: dict[str, Any] = {"fact": "publications", "op": "exists"}
    if where is not None:
        node["where"] = where
    if minimum is not None:
        node["min"] = minimum
    return node


def test_a_collection_without_where_counts_every_item() -> None:
    assert verdict(pubs(), {"publications": PUBS}) is True
    assert verdict(pubs(minimum=3), {"publications": PUBS}) is True
    assert verdict(pubs(minimum=4), {"publications": PUBS}) is False
    assert verdict(pubs(), {"publications": []}) is False


def test_a_collection_counts_the_items_that_satisfy_where() -> None:
    top = {"fact": "tier", "op": "eq", "value": "top"}
    assert verdict(pubs(top, 2), {"publications": PUBS}) is True
    assert verdict(pubs(top, 3), {"publications": PUBS}) is False
    recent_top = {"all": [top, {"fact": "years_ago", "op": "lte", "value": 2}]}
    assert verdict(pubs(recent_top), {"publications": PUBS}) is True
    assert verdict(pubs(recent_top, 2), {"publications": PUBS}) is False


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        ({"fact": "venue", "op": "in", "value": ["acl", "EMNLP"]}, True),
        ({"fact": "venue", "op": "eq", "value": "ICML"}, False),
        ({"fact": "year", "op": "gte", "value": 2023}, True),
        ({"fact": "year", "op": "lte", "value": 2010}, False),
        ({"fact": "tier", "op": "in", "value": ["strong"]}, False),
        ({"fact": "specialty", "op": "eq", "value": "SPEECH"}, True),
        ({"fact": "in_job_specialty", "op": "eq", "value": True}, True),
        ({"fact": "years_ago", "op": "eq", "value": 3}, False),
        ({"fact": "venue", "op": "exists", "value": False}, False),
    ],
)
def test_where_conditions_read_the_fields_of_each_item(
    where: dict[str, Any], expected: bool
) -> None:
    assert verdict(pubs(where), {"publications": PUBS}) is expected


def test_awards_are_read_like_publications() -> None:
    awards = [
        {"name": "Best Paper", "level": "international", "year": 2022, "years_ago": 2},
        {"name": "Hackathon", "level": "internal", "year": 2023, "years_ago": 1},
    ]
    major = {"fact": "level", "op": "in", "value": ["international", "national"]}
    rule = {"fact": "awards", "op": "exists", "where": major}
    assert verdict(rule, {"awards": awards}) is True
    assert verdict({**rule, "min": 2}, {"awards": awards}) is False
    named = {"fact": "name", "op": "eq", "value": "best paper"}
    assert verdict({"fact": "awards", "op": "exists", "where": named}, {"awards": awards})


@pytest.mark.parametrize("value", [None, "many", 3, {"venue": "ACL"}])
def test_a_collection_that_is_missing_or_not_a_list_has_no_items(value: Any) -> None:
    facts = {} if value is None else {"publications": value}
    assert verdict(pubs(), facts) is False
    assert verdict(pubs({"fact": "venue", "op": "exists", "value": False}), facts) is False


def test_an_item_that_is_not_an_object_reads_as_an_item_without_fields() -> None:
    facts = {"publications": ["ACL 2023", None]}
    assert verdict(pubs(), facts) is True
    assert verdict(pubs({"fact": "venue", "op": "exists"}), facts) is False
    assert verdict(pubs({"fact": "venue", "op": "exists", "value": False}, 2), facts) is True


def test_any_holds_when_one_child_holds_and_all_needs_every_child() -> None:
    yes = cond("referred", "eq", True)
    no = cond("years_experience", "gte", 10)
    facts = {"referred": True, "years_experience": 2}
    assert verdict({"any": [no, yes]}, facts) is True
    assert verdict({"any": [no, no]}, facts) is False
    assert verdict({"all": [yes, yes]}, facts) is True
    assert verdict({"all": [yes, no]}, facts) is False
    assert verdict({"all": [yes, {"any": [no, {"all": [yes]}]}]}, facts) is True


def test_facts_may_be_any_mapping_and_unused_facts_are_ignored() -> None:
    from types import MappingProxyType

    facts = MappingProxyType({"years_experience": 5, "unexpected": object()})
    assert compile_rule(cond("years_experience", "gte", 5)).matches(facts) is True
