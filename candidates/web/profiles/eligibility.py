"""A rule's explanation (`recruiting/rules/explain.py`, docs/rules.md) in words: each
condition as a sentence in the reader's language, whether it held, and the candidate's
value, nested as the rule is."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from candidates.web import labels

FACTS: Mapping[str, Any] = {
    "specialties": gettext_lazy("Specialties"),
    "matches_job_specialty": gettext_lazy("Has the job's specialty"),
    "years_experience": gettext_lazy("Years of experience"),
    "education": gettext_lazy("Education"),
    "school": gettext_lazy("School"),
    "current_employer": gettext_lazy("Current employer"),
    "source": gettext_lazy("Source"),
    "referred": gettext_lazy("Referred by someone"),
    "referred_by_unit_member": gettext_lazy("Referred by a member of the job's unit"),
}
ITEM_FIELDS: Mapping[str, Mapping[str, Any]] = {
    "publications": {
        "venue": gettext_lazy("Venue"),
        "year": gettext_lazy("Year"),
        "tier": gettext_lazy("Tier"),
        "specialty": gettext_lazy("Specialty"),
        "years_ago": gettext_lazy("Years ago"),
        "in_job_specialty": gettext_lazy("In the job's specialty"),
    },
    "awards": {
        "name": gettext_lazy("Award"),
        "level": gettext_lazy("Level"),
        "year": gettext_lazy("Year"),
        "years_ago": gettext_lazy("Years ago"),
    },
}
# Facts (or item fields) whose values are codes with words of their own.
CODE_WORDS: Mapping[str, Mapping[str, Any]] = {
    "education": labels.EDUCATION,
    "source": labels.SOURCE,
    "tier": labels.PUBLICATION_TIER,
    "level": labels.AWARD_LEVEL,
}
SPECIALTY_FACTS = frozenset({"specialties", "specialty"})


@dataclass
class Node:
    """One line of the explanation: a sentence, whether it held, the candidate's value."""

    held: bool
    text: str
    actual: str = ""
    note: str = ""
    children: list[Node] = field(default_factory=list)


def explain_in_words(explanation: Mapping[str, Any], specialties: Mapping[str, str]) -> Node:
    """`specialties` names each specialty slug in the reader's language."""
    return _Words(specialties).node(explanation, None)


@dataclass(frozen=True)
class _Words:
    specialties: Mapping[str, str]

    def node(self, node: Mapping[str, Any], scope: str | None) -> Node:
        if "children" in node:
            return self.group(node, scope)
        if "min" in node:
            return self.collection(node)
        return self.condition(node, scope)

    def group(self, node: Mapping[str, Any], scope: str | None) -> Node:
        text = _("All of these:") if node["op"] == "all" else _("At least one of these:")
        children = [self.node(child, scope) for child in node["children"]]
        return Node(bool(node["held"]), text, children=children)

    def collection(self, node: Mapping[str, Any]) -> Node:
        fact, minimum, where = node["fact"], int(node["min"]), node.get("where")
        text = _collection_sentence(fact, minimum, where=where is not None)
        matched, items = int(node["actual"]), int(node["items"])
        if items:
            actual = _("%(matched)s of %(items)s match") % {"matched": matched, "items": items}
        else:
            actual = _("none")
        out = Node(bool(node["held"]), text, actual)
        if where is not None:
            if node.get("matched"):
                out.note = _("Shown for the first that matches (no. %(n)s):") % {
                    "n": node["matched"][0] + 1
                }
            else:
                out.note = _("None matches; shown for the first:")
            out.children = [self.node(where, fact)]
        return out

    def condition(self, node: Mapping[str, Any], scope: str | None) -> Node:
        fact, op, value = node["fact"], node["op"], node.get("value")
        name = str(_fact_name(fact, scope))
        if op == "exists":
            text = (
                _("%(fact)s is known") % {"fact": name}
                if value is not False
                else _("%(fact)s is missing") % {"fact": name}
            )
        elif op == "eq" and isinstance(value, bool):
            text = name if value else _("Not: %(fact)s") % {"fact": name}
        else:
            text = _SENTENCES[op]() % {"fact": name, "value": self.value(fact, value)}
        actual = node.get("actual")
        shown = _("missing") if actual is None or actual == [] else self.value(fact, actual)
        return Node(bool(node["held"]), text, shown)

    def value(self, fact: str, value: Any) -> str:
        if isinstance(value, list | tuple | set | frozenset):
            return ", ".join(self.value(fact, v) for v in value)
        if isinstance(value, bool):
            return str(_("yes") if value else _("no"))
        if isinstance(value, int | float | Decimal):
            return _number(value)
        text = str(value)
        if fact in SPECIALTY_FACTS:
            return self.specialties.get(text.casefold(), text)
        words = CODE_WORDS.get(fact)
        if words is not None and text in words:
            return str(words[text])
        return f"“{text}”"


_SENTENCES = {
    "eq": lambda: _("%(fact)s is %(value)s"),
    "in": lambda: _("%(fact)s is one of %(value)s"),
    "gte": lambda: _("%(fact)s is at least %(value)s"),
    "lte": lambda: _("%(fact)s is at most %(value)s"),
    "contains_any": lambda: _("%(fact)s include any of %(value)s"),
}


def _fact_name(fact: str, scope: str | None) -> Any:
    names = ITEM_FIELDS.get(scope, {}) if scope else FACTS
    return names.get(fact, fact)


def _collection_sentence(fact: str, minimum: int, *, where: bool) -> str:
    values = {"min": minimum}
    if fact == "publications":
        if where:
            return (
                ngettext(
                    "At least %(min)s publication such that:",
                    "At least %(min)s publications such that:",
                    minimum,
                )
                % values
            )
        return (
            ngettext("At least %(min)s publication", "At least %(min)s publications", minimum)
            % values
        )
    if fact == "awards":
        if where:
            return (
                ngettext(
                    "At least %(min)s award such that:",
                    "At least %(min)s awards such that:",
                    minimum,
                )
                % values
            )
        return ngettext("At least %(min)s award", "At least %(min)s awards", minimum) % values
    return _("At least %(min)s of %(fact)s") % {"min": minimum, "fact": fact}


def _number(value: float | int | Decimal) -> str:
    number = float(value)
    return str(int(number)) if number.is_integer() else f"{number:g}"
