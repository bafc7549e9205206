"""Fast-track eligibility rules: JSON definitions over a catalogue of candidate facts.

Pure Python over plain dicts (no Django): validate and compile a definition with
`compile_rule`, then ask the compiled rule whether facts match, or why. The rule
language is documented in docs/rules.md.
"""

from __future__ import annotations

from recruiting.rules.compile import CompiledRule, compile_rule
from recruiting.rules.errors import RuleError, RuleProblem
from recruiting.rules.facts import FACTS, OPERATORS, FactSpec, FactType, describe_facts
from recruiting.rules.validate import MAX_DEPTH, MAX_LIST, MAX_MIN, MAX_NODES, MAX_STRING

__all__ = [
    "FACTS",
    "MAX_DEPTH",
    "MAX_LIST",
    "MAX_MIN",
    "MAX_NODES",
    "MAX_STRING",
    "OPERATORS",
    "CompiledRule",
    "FactSpec",
    "FactType",
    "RuleError",
    "RuleProblem",
    "compile_rule",
    "describe_facts",
]
