"""`candidate_facts()` fills exactly the catalogue the rule language validates against:
the same names, and values of each fact's type, so a rule that validates can match."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from candidates.models import Candidate
from candidates.pipeline.facts import FACT_PREFETCH, candidate_facts
from recruiting.rules import FACTS, FactSpec, FactType
from tests import factories as f


def type_problems(value: Any, spec: FactSpec, path: str) -> list[str]:
    if value is None:
        return []  # every fact may be absent ("exists" tests for it)
    fits = {
        FactType.NUMBER: isinstance(value, int | float) and not isinstance(value, bool),
        FactType.STRING: isinstance(value, str),
        FactType.ENUM: isinstance(value, str) and value in spec.choices,
        FactType.BOOL: isinstance(value, bool),
        FactType.SET: isinstance(value, set | frozenset) and all(isinstance(v, str) for v in value),
        FactType.COLLECTION: isinstance(value, list),
    }[spec.type]
    if not fits:
        return [f"{path}: {value!r} is not a {spec.type.value}"]
    if spec.type is not FactType.COLLECTION:
        return []
    problems = []
    for n, item in enumerate(value):
        names = {field.name for field in spec.fields}
        if set(item) != names:
            problems.append(f"{path}[{n}]: {sorted(set(item) ^ names)} differ")
        for field in spec.fields:
            problems += type_problems(item.get(field.name), field, f"{path}[{n}].{field.name}")
    return problems


def test_candidate_facts_match_the_rule_catalogue_name_for_name_and_type_for_type(
    world: Any, unit_lead: Any
) -> None:
    person = f.CandidateFactory(
        specialties=[world.nlp],
        school="Tsinghua University",
        current_employer="Example AI",
        referred_by=unit_lead,
        source="referral",
        education="phd",
    )
    f.PublicationFactory(candidate=person, specialty=world.nlp, tier="top")
    f.PublicationFactory(candidate=person, specialty=None, tier="strong")
    f.AwardFactory(candidate=person)
    person = Candidate.objects.prefetch_related(*FACT_PREFETCH).get(pk=person.pk)

    facts = candidate_facts(
        person, world.job, unit_members=frozenset({unit_lead.pk}), now=timezone.now()
    )

    assert set(facts) == set(FACTS)
    problems = [p for name, spec in FACTS.items() for p in type_problems(facts[name], spec, name)]
    assert problems == []
    assert len(facts["publications"]) == 2
    assert len(facts["awards"]) == 1


def test_the_contract_check_notices_a_fact_of_the_wrong_type() -> None:
    assert type_problems("3", FACTS["years_experience"], "years_experience")
    assert type_problems([{"venue": "ACL"}], FACTS["publications"], "publications")
