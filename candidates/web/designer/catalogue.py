"""What the rule builder (web/rules.js) needs to know, in the reader's language: the
facts of `recruiting.rules` with their types, operators and choices, the values it
suggests, and the words of its buttons. Sent once with the page as JSON data."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from candidates.web import labels
from recruiting.rules import describe_facts

# The catalogue's descriptions, in the reader's language.
FACT_HELP = {
    "specialties": lambda: _("The candidate's specialties (their slugs)."),
    "matches_job_specialty": lambda: _("The candidate has the specialty of the job."),
    "years_experience": lambda: _("Years of professional experience."),
    "education": lambda: _("The highest degree of the candidate."),
    "school": lambda: _("The school of the candidate's highest degree."),
    "current_employer": lambda: _("The candidate's current employer."),
    "source": lambda: _("How the candidate came to apply."),
    "referred": lambda: _("Someone referred the candidate."),
    "referred_by_unit_member": lambda: _(
        "The referrer is a member or the lead of the job's business unit."
    ),
    "publications": lambda: _("Counts the candidate's publications that match."),
    "awards": lambda: _("Counts the candidate's awards that match."),
    "venue": lambda: _("Where it was published, as written (e.g. ACL)."),
    "year": lambda: _("The year."),
    "tier": lambda: _("How selective the venue is."),
    "specialty": lambda: _("The slug of the publication's specialty."),
    "years_ago": lambda: _("How many calendar years ago; 0 is this year."),
    "in_job_specialty": lambda: _("The publication is in the specialty of the job."),
    "name": lambda: _("The name of the award."),
    "level": lambda: _("The reach of the award."),
}
CHOICE_LABELS = {
    "education": labels.EDUCATION,
    "source": labels.SOURCE,
    "tier": labels.TIER,
    "level": labels.AWARD_LEVEL,
}
# Which suggestion list a string or set fact offers.
SUGGEST = {"specialties": "specialties", "specialty": "specialties", "venue": "venues"}


def _fact(spec: dict[str, Any]) -> dict[str, Any]:
    name = spec["name"]
    help_text = FACT_HELP.get(name)
    choice_labels = CHOICE_LABELS.get(name, {})
    return {
        "name": name,
        "type": spec["type"],
        "label": str(labels.RULE_FACT.get(name, name)),
        "help": help_text() if help_text else spec["description"],
        "operators": spec["operators"],
        "choices": [
            {"value": c, "label": str(choice_labels.get(c, c))} for c in spec["choices"] or []
        ],
        "suggest": SUGGEST.get(name, ""),
        "fields": [_fact(f) for f in spec["item_fields"] or []],
    }


def builder_words() -> dict[str, str]:
    return {
        "all": _("all of these hold"),
        "any": _("any of these holds"),
        "match": _("Match when"),
        "group": _("Group"),
        "fact": _("Fact"),
        "operator": _("Operator"),
        "value": _("Value"),
        "addCondition": _("Add a condition"),
        "addGroup": _("Add a group"),
        "remove": _("Remove"),
        "removeGroup": _("Remove this group"),
        "removeCondition": _("Remove this condition"),
        "yes": _("yes"),
        "no": _("no"),
        "present": _("is given"),
        "missing": _("is missing"),
        "atLeast": _("at least"),
        "items": _("of them"),
        "count": _("How many"),
        "where": _("Count only the items where"),
        "addWhere": _("Only count items that…"),
        "removeWhere": _("Count every item"),
        "addValue": _("Add"),
        "removeValue": _("Remove %s"),
        "newValue": _("New value"),
        "cannotShow": _("The builder cannot show this definition; edit the JSON below."),
        "jsonInvalid": _("The JSON is not valid yet; the builder follows once it is."),
        "unknown": _("(unknown)"),
    }


def builder_catalogue(
    suggestions: dict[str, list[Any]], problems: list[dict[str, str]]
) -> dict[str, Any]:
    return {
        "facts": [_fact(spec) for spec in describe_facts()],
        "operators": {op: str(text) for op, text in labels.RULE_OPERATOR.items()},
        "lists": suggestions,
        "words": builder_words(),
        "problems": problems,
    }
