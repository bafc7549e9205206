"""The panel bench's unit of work, run in this process or in spawned worker processes.

A spawned child imports this module to find the functions it is given, before its
initializer has set Django up: so nothing here imports Django at module level.
Each function returns one duration per item, in seconds, in the order done.
"""

from __future__ import annotations

import os
import random
import time
from time import perf_counter
from typing import Any

# One assessment's two submissions: (assessment id, (assessor id, assessor id)).
Panel = tuple[int, tuple[int, ...]]


def start() -> None:
    """Initializer of a worker process: its environment is the parent's (settings,
    database, broker), set before the pool was started."""
    import django

    django.setup()


def ready(_: int) -> int:
    """Connect, and take long enough that each worker gets one of these."""
    from django.db import connection

    connection.ensure_connection()
    time.sleep(0.5)
    return os.getpid()


def advance(job: tuple[list[int], int]) -> list[float]:
    """Advance each application (at version 1) through the engine, as the recruiter."""
    from django.contrib.auth import get_user_model

    from candidates.services.applications import application_advance

    ids, actor_id = job
    actor = get_user_model().objects.get(pk=actor_id)
    durations = []
    for pk in ids:
        started = perf_counter()
        application_advance(application_id=pk, expected_version=1, actor=actor)
        durations.append(perf_counter() - started)
    return durations


def submit(job: tuple[list[Panel], list[int]]) -> list[float]:
    """Submit two complete scorecards per assessment; the second reaches the quorum,
    so the service aggregates and decides. One duration per assessment."""
    from django.contrib.auth import get_user_model

    from candidates.assessments.scoring import assessment_submit_score

    panels, criteria = job
    user_ids = {user_id for _, assessors in panels for user_id in assessors}
    users = get_user_model().objects.in_bulk(user_ids)
    durations = []
    for assessment_id, assessors in panels:
        cards = scorecards(assessment_id, assessors, criteria)
        started = perf_counter()
        for user_id, card in zip(assessors, cards, strict=True):
            assessment_submit_score(assessment_id=assessment_id, actor=users[user_id], data=card)
        durations.append(perf_counter() - started)
    return durations


def scorecards(assessment_id: int, assessors: tuple[int, ...], criteria: list[int]) -> list[Any]:
    """The panel's scorecards: each assessor rates around the candidate's level, so
    the panels pass, fail and are discussed in believable proportions."""
    from candidates.assessments.scoring import ScoreInput

    rng = random.Random(assessment_id)
    level = rng.choice((1.6, 2.2, 2.6, 3.0, 3.4))
    cards = []
    for _ in assessors:
        ratings = {c: (min(4, max(1, round(rng.gauss(level, 0.7)))), "") for c in criteria}
        mean = sum(value for value, _ in ratings.values()) / len(ratings)
        cards.append(ScoreInput(ratings=ratings, recommendation=round(mean), notes=""))
    return cards
