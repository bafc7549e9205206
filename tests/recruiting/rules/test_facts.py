from __future__ import annotations

import ast
import json
import sys
from pathlib import Path

import pytest

from recruiting.rules import FACTS, OPERATORS, FactType, compile_rule, describe_facts

RULES_DIR = Path(__file__).resolve().parents[3] / "recruiting" / "rules"

EXPECTED_TYPES = {
    "specialties": "set",
    "matches_job_specialty": "bool",
    "years_experience": "number",
    "education": "enum",
    "school": "string",
    "current_employer": "string",
    "source": "enum",
    "referred": "bool",
    "referred_by_unit_member": "bool",
    "publications": "collection",
    "awards": "collection",
}


def test_the_catalogue_holds_exactly_the_documented_facts_with_their_types() -> None:
    assert {name: spec.type.value for name, spec in FACTS.items()} == EXPECTED_TYPES


def test_enum_facts_offer_the_documented_choices() -> None:
    assert FACTS["education"].choices == ("none", "bachelor", "master", "phd")
    assert FACTS["source"].choices == (
        "careers_site",
        "referral",
        "drive",
        "social",
        "headhunter",
        "campus",
        "other",
    )


def test_collections_name_their_item_fields_and_types() -> None:
    publication = {f.name: f.type.value for f in FACTS["publications"].fields}
    award = {f.name: f.type.value for f in FACTS["awards"].fields}
    assert publication == {
        "venue": "string",
        "year": "number",
        "tier": "enum",
        "specialty": "string",
        "years_ago": "number",
        "in_job_specialty": "bool",
    }
    assert award == {"name": "string", "level": "enum", "year": "number", "years_ago": "number"}
    assert FACTS["publications"].field("tier").choices == ("top", "strong", "other")  # type: ignore[union-attr]
    assert FACTS["awards"].field("level").choices == (  # type: ignore[union-attr]
        "international",
        "national",
        "regional",
        "internal",
    )


def test_every_fact_and_field_has_a_description() -> None:
    for spec in FACTS.values():
        assert spec.description.strip()
        for field in spec.fields:
            assert field.description.strip()


def test_operators_by_type_are_the_documented_ones() -> None:
    assert {t.value: ops for t, ops in OPERATORS.items()} == {
        "number": ("eq", "in", "gte", "lte", "exists"),
        "string": ("eq", "in", "exists"),
        "enum": ("eq", "in", "exists"),
        "bool": ("eq", "exists"),
        "set": ("contains_any", "exists"),
        "collection": ("exists",),
    }


def test_describe_facts_is_json_able_and_lists_every_fact_in_catalogue_order() -> None:
    described = describe_facts()
    assert json.loads(json.dumps(described)) == described
    assert [d["name"] for d in described] == list(FACTS)
    by_name = {d["name"]: d for d in described}
    assert by_name["education"]["choices"] == ["none", "bachelor", "master", "phd"]
    assert by_name["education"]["item_fields"] is None
    assert by_name["years_experience"]["choices"] is None
    assert by_name["years_experience"]["operators"] == ["eq", "in", "gte", "lte", "exists"]
    fields = {f["name"]: f for f in by_name["publications"]["item_fields"]}
    assert fields["tier"] == {
        "name": "tier",
        "type": "enum",
        "description": FACTS["publications"].field("tier").description,  # type: ignore[union-attr]
        "operators": ["eq", "in", "exists"],
        "choices": ["top", "strong", "other"],
        "item_fields": None,
    }


def test_the_catalogue_cannot_be_changed_at_run_time() -> None:
    with pytest.raises(TypeError):
        FACTS["salary"] = FACTS["years_experience"]  # type: ignore[index]
    assert FactType("set") is FactType.SET


@pytest.mark.parametrize("module", sorted(RULES_DIR.glob("*.py")), ids=lambda p: p.name)
def test_the_rules_package_imports_only_the_standard_library_and_itself(module: Path) -> None:
    tree = ast.parse(module.read_text())
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
        for name in names:
            top = name.split(".")[0]
            assert name.startswith("recruiting.rules") or top in sys.stdlib_module_names, name


DOCS = Path(__file__).resolve().parents[3] / "docs" / "rules.md"


def test_the_documentation_names_every_fact_field_choice_and_operator() -> None:
    text = DOCS.read_text()
    names = {op for ops in OPERATORS.values() for op in ops}
    for spec in FACTS.values():
        names |= {spec.name, *spec.choices}
        for field in spec.fields:
            names |= {field.name, *field.choices}
    missing = sorted(name for name in names if f"`{name}`" not in text)
    assert not missing


def test_every_rule_example_in_the_documentation_compiles() -> None:
    blocks = [part.split("```")[0] for part in DOCS.read_text().split("```json\n")[1:]]
    examples = [json.loads(block) for block in blocks if "..." not in block]
    rules = [example for example in examples if "path" not in example]
    assert len(rules) >= 8
    for rule in rules:
        compile_rule(rule)
