"""`manage.py seed_demo`: the demo organisation, candidates and history, once."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from candidates.demo.catalogue import PASSWORD, PEOPLE
from candidates.demo.seed import SeedResult, application_summary, demo_users, seed_demo

# The five role personas come first in the catalogue.
PERSONAS = frozenset(person.username for person in PEOPLE[:5])


class Command(BaseCommand):
    help = (
        "Create demo data: units, tracks with fast-track rules, jobs of the AI talent drive, "
        "~300 candidates and ~400 applications with eight weeks of history. Safe to run "
        "again: existing data is left as it is."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        result = seed_demo(now=now)
        if result.changed:
            self._summary(result, now)
        else:
            self.stdout.write("Demo data already present; nothing changed.")
        self._users()

    def _summary(self, result: SeedResult, now: datetime) -> None:
        self.stdout.write(self.style.SUCCESS("Demo data created."))
        rows = [(name, added, result.totals[name]) for name, added in result.created.items()]
        self._table(("table", "added", "total"), [r for r in rows if r[1]])
        summary = application_summary(now)
        statuses = ", ".join(f"{n} {s}" for s, n in summary["statuses"].items())
        self.stdout.write(f"\nApplications: {statuses}.")
        self.stdout.write(
            f"Fast track: {summary['fast_track']} now on one; {result.switched} switched by a "
            f"recruiter, {result.overridden} by an admin's override "
            f"({summary['skipped']} skipped stages); {result.fallen_back} fell back."
        )
        self.stdout.write(f"Overdue (past their stage's SLA): {summary['overdue']}.")
        hires = "; ".join(f"{t} {n}/{h}" for t, n, h, _ in summary["hires"])
        self.stdout.write(f"Hired (of headcount): {hires or 'none'}.\n")

    def _users(self) -> None:
        users = demo_users()
        personas = [row for row in users if row[0] in PERSONAS]
        others = [row for row in users if row[0] not in PERSONAS]
        self.stdout.write(f"\nDemo users (password for all: {PASSWORD}):")
        self._table(("username", "role", "unit", "name"), personas)
        leads = ", ".join(f"{u} ({unit})" for u, role, unit, _ in others if role == "unit_lead")
        assessors = [u for u, role, _, _ in others if role == "assessor"]
        if others:
            self.stdout.write(
                f"Also unit leads {leads}, and {len(assessors)} assessors "
                f"({', '.join(assessors[:3])} …); same password."
            )

    def _table(self, header: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
        cells = [tuple(str(v) for v in header), *[tuple(str(v) for v in r) for r in rows]]
        widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
        for index, row in enumerate(cells):
            self.stdout.write(
                "  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip()
            )
            if index == 0:
                self.stdout.write("  ".join("-" * w for w in widths))
