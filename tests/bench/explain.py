"""EXPLAIN ANALYZE of a captured statement: where a request's time goes in PostgreSQL."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection


@dataclass(frozen=True)
class Explained:
    planning_ms: float
    execution_ms: float
    plan: list[str]


def explain_analyze(sql: str) -> Explained:
    """Run the statement (a SELECT: it is executed) under EXPLAIN (ANALYZE, BUFFERS)."""
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
        plan = [row[0] for row in cursor.fetchall()]
    times = {
        line.split(":")[0]: float(line.split(":")[1].split()[0])
        for line in plan
        if line.startswith(("Planning Time:", "Execution Time:"))
    }
    return Explained(times["Planning Time"], times["Execution Time"], plan)
