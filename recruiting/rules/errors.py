"""Problems found in a rule definition, reported all at once."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class RuleProblem:
    """One problem, at a JSONPath-like location such as `$.all[1].value`."""

    path: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"path": self.path, "message": self.message}


class RuleError(Exception):
    """A rule definition is invalid; `errors` lists every problem found."""

    def __init__(self, errors: Iterable[RuleProblem]) -> None:
        self.errors: list[RuleProblem] = list(errors)
        summary = "; ".join(f"{p.path}: {p.message}" for p in self.errors)
        super().__init__(f"Invalid rule: {summary}" if summary else "Invalid rule.")
