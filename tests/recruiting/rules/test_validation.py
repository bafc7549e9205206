from __future__ import annotations

import math
from typing import Any

import pytest

from recruiting.rules import (
    MAX_DEPTH,
    MAX_LIST,
    MAX_NODES,
    MAX_STRING,
    RuleError,
    RuleProblem,
    compile_rule,
)

OK = {"fact": "referred", "op": "eq", "value": True}


def problems(definition: object) -> list[tuple[str, str]]:
    with pytest.raises(RuleError) as caught:
        compile_rule(definition)
    assert caught.value.errors, "a RuleError always names at least one problem"
    assert all(isinstance(p, RuleProblem) for p in caught.value.errors)
    return [(p.path, p.message) for p in caught.value.errors]


def only_problem(definition: object) -> tuple[str, str]:
    found = problems(definition)
    assert len(found) == 1, found
    return found[0]


def nest(levels: int, leaf: dict[str, Any] = OK) -> dict[str, Any]:
    node = leaf
    for _ in range(levels - 1):
        node = {"all": [node]}
    return node


def test_unknown_fact_is_refused_with_its_path() -> None:
    rule = {"all": [OK, {"fact": "yeras_experience", "op": "gte", "value": 3}]}
    assert only_problem(rule) == ("$.all[1].fact", 'Unknown fact "yeras_experience".')


def test_an_operator_that_does_not_fit_the_type_names_the_allowed_ones() -> None:
    rule = {"any": [{"fact": "education", "op": "gte", "value": "phd"}]}
    assert only_problem(rule) == (
        "$.any[0].op",
        'Operator "gte" does not apply to fact "education" (enum); use one of: eq, in, exists.',
    )


@pytest.mark.parametrize(
    ("fact", "op", "allowed"),
    [
        ("years_experience", "contains_any", "eq, in, gte, lte, exists"),
        ("school", "gte", "eq, in, exists"),
        ("referred", "in", "eq, exists"),
        ("specialties", "eq", "contains_any, exists"),
        ("publications", "eq", "exists"),
    ],
)
def test_every_type_refuses_operators_of_other_types(fact: str, op: str, allowed: str) -> None:
    path, message = problems({"fact": fact, "op": op, "value": 1})[0]
    assert path == "$.op"
    assert message.endswith(f"use one of: {allowed}.")


def test_an_unknown_operator_is_refused_naming_the_operators_of_the_fact() -> None:
    assert only_problem({"fact": "years_experience", "op": "gt", "value": 3}) == (
        "$.op",
        'Unknown operator "gt"; use one of: eq, in, gte, lte, exists.',
    )


@pytest.mark.parametrize(
    ("condition", "fragment"),
    [
        ({"fact": "years_experience", "op": "gte", "value": "3"}, "a number, not a string"),
        ({"fact": "years_experience", "op": "eq", "value": None}, "a number, not null"),
        ({"fact": "years_experience", "op": "lte", "value": math.inf}, "a finite number"),
        ({"fact": "years_experience", "op": "lte", "value": math.nan}, "a finite number"),
        ({"fact": "years_experience", "op": "eq", "value": 10**16}, "from -10^15 to 10^15"),
        ({"fact": "school", "op": "eq", "value": 3}, "a string, not a number"),
        ({"fact": "school", "op": "eq", "value": "   "}, "a string that is not blank"),
        (
            {"fact": "education", "op": "eq", "value": "masters"},
            "one of: none, bachelor, master, phd",
        ),
        ({"fact": "education", "op": "eq", "value": "PhD"}, 'not "PhD"'),
        ({"fact": "source", "op": "eq", "value": ["referral"]}, "one of: careers_site, referral"),
        ({"fact": "referred", "op": "eq", "value": "true"}, "true or false, not a string"),
        ({"fact": "referred", "op": "eq", "value": 1}, "true or false, not a number"),
        ({"fact": "referred", "op": "exists", "value": "yes"}, "true or false"),
        ({"fact": "years_experience", "op": "in", "value": 3}, "a list of 1 to 100 items"),
        ({"fact": "specialties", "op": "contains_any", "value": "nlp"}, "this is a string"),
        ({"fact": "specialties", "op": "contains_any", "value": []}, "this is an empty list"),
    ],
)
def test_a_value_of_the_wrong_type_is_refused_at_the_value_path(
    condition: dict[str, Any], fragment: str
) -> None:
    path, message = only_problem({"all": [OK, condition]})
    assert path == "$.all[1].value"
    assert fragment in message


@pytest.mark.parametrize("op", ["eq", "gte", "lte"])
def test_a_bool_passed_as_a_number_is_refused(op: str) -> None:
    assert only_problem({"fact": "years_experience", "op": op, "value": True}) == (
        "$.value",
        f'The value of "{op}" on fact "years_experience" must be a number, not a boolean.',
    )


def test_each_bad_item_of_a_list_value_is_reported_at_its_index() -> None:
    rule = {"fact": "years_experience", "op": "in", "value": [1, True, "2", 3.5]}
    assert [p for p, _ in problems(rule)] == ["$.value[1]", "$.value[2]"]
    rule = {"fact": "education", "op": "in", "value": ["phd", "doctorate"]}
    path, message = only_problem(rule)
    assert path == "$.value[1]"
    assert 'one of: none, bachelor, master, phd; not "doctorate"' in message


def test_lists_hold_1_to_100_items() -> None:
    values = [str(i) for i in range(MAX_LIST)]
    compile_rule({"fact": "school", "op": "in", "value": values})
    path, message = only_problem({"fact": "school", "op": "in", "value": [*values, "x"]})
    assert (path, message.endswith("this is a list of 101.")) == ("$.value", True)


def test_a_condition_needs_a_value_except_for_exists() -> None:
    assert only_problem({"fact": "school", "op": "eq"}) == ("$", 'Operator "eq" needs a "value".')
    compile_rule({"fact": "school", "op": "exists"})


def test_a_condition_needs_a_fact_and_an_op() -> None:
    assert problems({"value": 3}) == [
        ("$", 'A condition needs a "fact": a fact.'),
        ("$", 'A condition needs an "op" (operator).'),
    ]
    assert only_problem({"fact": 3, "op": "eq", "value": 3})[0] == "$.fact"
    assert only_problem({"fact": "school", "op": None})[0] == "$.op"


@pytest.mark.parametrize("group", [{"all": []}, {"any": []}])
def test_an_empty_group_is_refused(group: dict[str, Any]) -> None:
    key = next(iter(group))
    assert only_problem({"all": [OK, group]}) == (
        f"$.all[1].{key}",
        f'"{key}" must be a non-empty list of nodes; this is an empty list.',
    )


def test_a_group_whose_list_is_not_a_list_is_refused() -> None:
    assert only_problem({"any": OK}) == (
        "$.any",
        '"any" must be a non-empty list of nodes; this is an object.',
    )


def test_a_group_with_both_keys_is_refused_and_both_lists_are_still_checked() -> None:
    assert problems({"all": [OK], "any": [{"fact": "nope", "op": "eq", "value": 1}]}) == [
        ("$", 'A group has exactly one key, "all" or "any", not both.'),
        ("$.any[0].fact", 'Unknown fact "nope".'),
    ]


def test_unknown_keys_in_a_group_or_a_condition_are_refused_at_their_path() -> None:
    rule = {"all": [{**OK, "negate": True}], "name": "x"}
    found = problems(rule)
    assert [p for p, _ in found] == ["$.name", "$.all[0].negate"]
    assert found[0][1].startswith('Unknown key "name" in a group')
    assert found[1][1].startswith('Unknown key "negate" in a condition')


def test_odd_keys_are_quoted_in_paths() -> None:
    assert only_problem({**OK, "two words": 1})[0] == '$["two words"]'
    odd: dict[object, object] = {7: 1}
    odd.update(OK)
    assert only_problem(odd)[0] == "$[7]"


@pytest.mark.parametrize("node", [None, 3, "all", [OK], True])
def test_a_node_that_is_not_an_object_is_refused(node: object) -> None:
    path, message = only_problem({"any": [OK, node]})
    assert path == "$.any[1]"
    assert message.startswith("A node must be a group")


def test_depth_is_limited_to_ten_levels() -> None:
    compile_rule(nest(MAX_DEPTH))
    assert only_problem(nest(MAX_DEPTH + 1)) == (
        "$" + ".all[0]" * MAX_DEPTH,
        "The rule is nested too deeply; at most 10 levels are allowed.",
    )


def test_a_where_node_counts_one_level_deeper_than_its_condition() -> None:
    collection = {
        "fact": "awards",
        "op": "exists",
        "where": {"fact": "year", "op": "gte", "value": 1},
    }
    compile_rule(nest(MAX_DEPTH - 1, collection))
    path, _ = only_problem(nest(MAX_DEPTH, collection))
    assert path == "$" + ".all[0]" * (MAX_DEPTH - 1) + ".where"


def test_a_rule_has_at_most_two_hundred_nodes() -> None:
    compile_rule({"any": [OK] * (MAX_NODES - 1)})
    assert only_problem({"any": [OK] * MAX_NODES}) == (
        "$",
        "A rule has at most 200 nodes (groups and conditions).",
    )


def test_a_huge_rule_is_refused_without_visiting_every_node() -> None:
    found = problems({"any": [{"fact": "nope", "op": "eq", "value": 1}] * 100_000})
    assert len(found) == MAX_NODES


def test_nul_characters_are_refused_in_every_string() -> None:
    found = problems(
        {
            "any": [
                {"fact": "school\x00", "op": "eq", "value": "MIT"},
                {"fact": "school", "op": "e\x00q", "value": "MIT"},
                {"fact": "school", "op": "eq", "value": "M\x00IT"},
                {"fact": "school", "op": "in", "value": ["MIT", "\x00"]},
            ]
        }
    )
    assert found == [
        ("$.any[0].fact", "Strings must not contain NUL characters."),
        ("$.any[1].op", "Strings must not contain NUL characters."),
        ("$.any[2].value", "Strings must not contain NUL characters."),
        ("$.any[3].value[1]", "Strings must not contain NUL characters."),
    ]


def test_strings_longer_than_two_hundred_characters_are_refused() -> None:
    compile_rule({"fact": "school", "op": "eq", "value": "x" * MAX_STRING})
    assert only_problem({"fact": "school", "op": "eq", "value": "x" * (MAX_STRING + 1)}) == (
        "$.value",
        "Strings are at most 200 characters; this one has 201.",
    )
    assert only_problem({"fact": "x" * 1000, "op": "eq", "value": 1})[0] == "$.fact"


def test_lone_surrogates_are_refused_as_they_cannot_be_stored() -> None:
    assert only_problem({"fact": "school", "op": "eq", "value": "MIT\ud800"}) == (
        "$.value",
        "Strings must be valid Unicode text (no lone surrogates).",
    )


@pytest.mark.parametrize("key", ["where", "min"])
def test_where_and_min_are_refused_on_a_fact_that_is_not_a_collection(key: str) -> None:
    extra = {"where": {"fact": "year", "op": "gte", "value": 1}, "min": 2}[key]
    assert only_problem({"all": [{"fact": "school", "op": "exists", key: extra}]}) == (
        f"$.all[0].{key}",
        f'"{key}" only applies to collection facts (publications, awards).',
    )


def test_a_collection_inside_where_is_refused() -> None:
    rule = {
        "fact": "publications",
        "op": "exists",
        "where": {
            "any": [
                {"fact": "tier", "op": "eq", "value": "top"},
                {"fact": "awards", "op": "exists"},
            ]
        },
    }
    assert only_problem(rule) == (
        "$.where.any[1].fact",
        'Collection fact "awards" cannot be used inside "where"; use a field of "publications" '
        "items: venue, year, tier, specialty, years_ago, in_job_specialty.",
    )


def test_where_names_item_fields_not_top_level_facts() -> None:
    rule = {
        "fact": "awards",
        "op": "exists",
        "where": {"fact": "years_experience", "op": "gte", "value": 1},
    }
    assert only_problem(rule) == (
        "$.where.fact",
        'Unknown field "years_experience" of "awards" items; '
        "use one of: name, level, year, years_ago.",
    )


def test_operators_inside_where_are_checked_against_the_field_type() -> None:
    rule = {
        "fact": "awards",
        "op": "exists",
        "where": {"fact": "level", "op": "gte", "value": "national"},
    }
    assert only_problem(rule) == (
        "$.where.op",
        'Operator "gte" does not apply to field "level" of "awards" items (enum); '
        "use one of: eq, in, exists.",
    )


@pytest.mark.parametrize(
    ("minimum", "shown"),
    [
        (0, "0"),
        (101, "101"),
        (-1, "-1"),
        (2.0, "2.0"),
        (True, "a boolean"),
        ("2", "a string"),
        (None, "null"),
    ],
)
def test_min_is_a_whole_number_from_1_to_100(minimum: object, shown: str) -> None:
    rule = {"all": [{"fact": "publications", "op": "exists", "min": minimum}]}
    assert only_problem(rule) == (
        "$.all[0].min",
        f'"min" must be a whole number from 1 to 100; this is {shown}.',
    )


def test_a_collection_takes_min_and_where_but_no_value() -> None:
    path, message = only_problem({"fact": "publications", "op": "exists", "value": True})
    assert path == "$.value"
    assert message.startswith('"value" does not apply to collection fact "publications"')


def test_where_must_be_a_node() -> None:
    path, message = only_problem({"fact": "publications", "op": "exists", "where": []})
    assert path == "$.where"
    assert message.startswith("A node must be")


def test_every_problem_is_reported_at_once_in_document_order() -> None:
    rule = {
        "all": [
            {"fact": "yeras_experience", "op": "gte", "value": 3},
            {"fact": "education", "op": "gte", "value": "phd"},
            {"fact": "years_experience", "op": "eq", "value": True},
            {"any": []},
            {
                "fact": "publications",
                "op": "exists",
                "where": {"fact": "awards", "op": "exists"},
                "min": 0,
            },
            {"fact": "school", "op": "eq", "value": "M\x00IT", "negate": True},
            nest(MAX_DEPTH),
        ]
    }
    assert [path for path, _ in problems(rule)] == [
        "$.all[0].fact",
        "$.all[1].op",
        "$.all[2].value",
        "$.all[3].any",
        "$.all[4].min",
        "$.all[4].where.fact",
        "$.all[5].negate",
        "$.all[5].value",
        "$.all[6]" + ".all[0]" * (MAX_DEPTH - 1),
    ]


def test_the_error_message_sums_up_the_problems() -> None:
    with pytest.raises(RuleError, match=r'^Invalid rule: \$\.fact: Unknown fact "x"\.$'):
        compile_rule({"fact": "x", "op": "eq", "value": 1})
    assert RuleProblem("$", "Bad.").as_dict() == {"path": "$", "message": "Bad."}


def test_a_problem_is_a_frozen_value() -> None:
    problem = RuleProblem("$.all[0]", "Bad.")
    assert problem == RuleProblem("$.all[0]", "Bad.")
    with pytest.raises(AttributeError):
        problem.path = "$"  # type: ignore[misc]


def test_the_definition_is_normalized_with_defaults() -> None:
    rule = compile_rule(
        {
            "any": (
                {"value": 3, "op": "gte", "fact": "years_experience"},
                {"fact": "school", "op": "exists"},
                {"fact": "publications", "op": "exists"},
                {
                    "fact": "awards",
                    "op": "exists",
                    "min": 2,
                    "where": {"fact": "year", "op": "in", "value": (2020, 2021)},
                },
            )
        }
    )
    assert rule.definition == {
        "any": [
            {"fact": "years_experience", "op": "gte", "value": 3},
            {"fact": "school", "op": "exists", "value": True},
            {"fact": "publications", "op": "exists", "min": 1},
            {
                "fact": "awards",
                "op": "exists",
                "where": {"fact": "year", "op": "in", "value": [2020, 2021]},
                "min": 2,
            },
        ]
    }


def test_values_are_kept_as_written_while_compared_folded() -> None:
    rule = compile_rule({"fact": "school", "op": "in", "value": [" MIT", "ETH Zürich"]})
    assert rule.definition["value"] == [" MIT", "ETH Zürich"]
    assert rule.matches({"school": "eth zürich"})


def test_a_single_condition_is_a_valid_rule() -> None:
    assert compile_rule(OK).matches({"referred": True})
