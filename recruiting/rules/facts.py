"""The catalogue of facts a rule may read, their types and the operators of each type."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Any


class FactType(StrEnum):
    NUMBER = "number"
    STRING = "string"
    ENUM = "enum"
    BOOL = "bool"
    SET = "set"
    COLLECTION = "collection"


# Order matters: messages and docs list operators in this order.
OPERATORS: Mapping[FactType, tuple[str, ...]] = MappingProxyType(
    {
        FactType.NUMBER: ("eq", "in", "gte", "lte", "exists"),
        FactType.STRING: ("eq", "in", "exists"),
        FactType.ENUM: ("eq", "in", "exists"),
        FactType.BOOL: ("eq", "exists"),
        FactType.SET: ("contains_any", "exists"),
        FactType.COLLECTION: ("exists",),
    }
)

ALL_OPERATORS: frozenset[str] = frozenset(op for ops in OPERATORS.values() for op in ops)


@dataclass(frozen=True)
class FactSpec:
    """One fact (or one field of a collection's items)."""

    name: str
    type: FactType
    description: str
    choices: tuple[str, ...] = ()
    fields: tuple[FactSpec, ...] = ()

    @property
    def operators(self) -> tuple[str, ...]:
        return OPERATORS[self.type]

    def field(self, name: str) -> FactSpec | None:
        return next((f for f in self.fields if f.name == name), None)

    def describe(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "type": self.type.value,
            "description": self.description,
            "operators": list(self.operators),
            "choices": list(self.choices) if self.type is FactType.ENUM else None,
            "item_fields": (
                [f.describe() for f in self.fields] if self.type is FactType.COLLECTION else None
            ),
        }


EDUCATION_LEVELS = ("none", "bachelor", "master", "phd")
SOURCES = ("careers_site", "referral", "drive", "social", "headhunter", "campus", "other")
PUBLICATION_TIERS = ("top", "strong", "other")
AWARD_LEVELS = ("international", "national", "regional", "internal")

_YEARS_AGO = "How many calendar years ago (this year minus the year); 0 means this year."

_PUBLICATION_FIELDS = (
    FactSpec("venue", FactType.STRING, "Where it was published, e.g. a conference or a journal."),
    FactSpec("year", FactType.NUMBER, "The year of publication."),
    FactSpec(
        "tier",
        FactType.ENUM,
        "How selective the venue is: top, strong or other.",
        PUBLICATION_TIERS,
    ),
    FactSpec("specialty", FactType.STRING, 'The slug of the publication\'s specialty, e.g. "nlp".'),
    FactSpec("years_ago", FactType.NUMBER, _YEARS_AGO),
    FactSpec("in_job_specialty", FactType.BOOL, "The publication is in the specialty of the job."),
)

_AWARD_FIELDS = (
    FactSpec("name", FactType.STRING, "The name of the award."),
    FactSpec(
        "level",
        FactType.ENUM,
        "The reach of the award: international, national, regional or internal.",
        AWARD_LEVELS,
    ),
    FactSpec("year", FactType.NUMBER, "The year the award was received."),
    FactSpec("years_ago", FactType.NUMBER, _YEARS_AGO),
)

_CATALOGUE = (
    FactSpec(
        "specialties",
        FactType.SET,
        'Slugs of the candidate\'s specialties, e.g. "nlp", "computer-vision".',
    ),
    FactSpec(
        "matches_job_specialty",
        FactType.BOOL,
        "The candidate has the specialty of the job.",
    ),
    FactSpec("years_experience", FactType.NUMBER, "Years of professional experience."),
    FactSpec(
        "education",
        FactType.ENUM,
        "The highest degree of the candidate.",
        EDUCATION_LEVELS,
    ),
    FactSpec("school", FactType.STRING, "The school of the candidate's highest degree."),
    FactSpec("current_employer", FactType.STRING, "The candidate's current employer."),
    FactSpec("source", FactType.ENUM, "How the candidate came to apply.", SOURCES),
    FactSpec("referred", FactType.BOOL, "Someone referred the candidate."),
    FactSpec(
        "referred_by_unit_member",
        FactType.BOOL,
        "The referrer is a member or the lead of the job's business unit.",
    ),
    FactSpec(
        "publications",
        FactType.COLLECTION,
        "The candidate's publications, one item each.",
        fields=_PUBLICATION_FIELDS,
    ),
    FactSpec(
        "awards",
        FactType.COLLECTION,
        "The candidate's awards, one item each.",
        fields=_AWARD_FIELDS,
    ),
)

FACTS: Mapping[str, FactSpec] = MappingProxyType({f.name: f for f in _CATALOGUE})

COLLECTIONS: tuple[str, ...] = tuple(
    name for name, spec in FACTS.items() if spec.type is FactType.COLLECTION
)


def lookup(name: str, scope: FactSpec | None) -> FactSpec:
    """A validated name: a top-level fact, or a field of the items of `scope`."""
    spec = FACTS[name] if scope is None else scope.field(name)
    if spec is None:
        raise KeyError(name)
    return spec


def describe_facts() -> list[dict[str, Any]]:
    """The catalogue as JSON-able dicts, in catalogue order (for the API and the docs)."""
    return [spec.describe() for spec in FACTS.values()]
