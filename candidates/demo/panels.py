"""Scored panels for the demo: some business-unit assessments decided by their panels,
so the lead's pages (panels to decide, proposals, calibration) have something to show.

Played through the scoring service, as assessors would, an hour or two before the
seed's `now`. Deterministic (its own random seed) and done once: a database that holds
any score already is left alone. The demo `assessor` never scores here, and keeps at
least INBOX_KEEPS open assessments in their inbox.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from django.db.models import F

from candidates.assessments.scoring import ScoreInput, assessment_submit_score
from candidates.models import Assessment, Assignment, Score
from recruiting.models import Criterion

SEED = 20260116
PANELS = 12
KEPT_FOR_THE_INBOX = "assessor"
INBOX_KEEPS = 4
# Each panel's mood: the ratings its assessors lean to (a pass, a fail, a split panel
# whose spread flags calibration and asks for a discussion).
MOODS = ((4, 4), (3, 4), (2, 1), (1, 2), (4, 1), (3, 2))


def panels_score(*, now: datetime) -> int:
    """Have the seated assessors of up to PANELS open panels submit their scorecards;
    returns how many panels were scored."""
    if Score.objects.exists():
        return 0
    rng = random.Random(SEED)
    open_panels = (
        Assessment.objects.filter(
            status=Assessment.Status.PENDING,
            stage__scorecard__isnull=False,
            # Still at the stage and going: a held application's panel waits.
            application__status="active",
            application__stage=F("stage"),
        )
        .select_related("stage")
        .order_by("id")
    )
    inbox = open_panels.filter(seats__assessor__username=KEPT_FOR_THE_INBOX).count()
    scored = 0
    for index, assessment in enumerate(open_panels):
        if scored == PANELS:
            break
        criteria = list(Criterion.objects.filter(template_id=assessment.stage.scorecard_id))
        seats = list(
            assessment.seats.filter(status=Assignment.Status.ASSIGNED)
            .exclude(assessor__username=KEPT_FOR_THE_INBOX)
            .select_related("assessor")
            .order_by("id")
        )
        if len(seats) < assessment.stage.quorum:
            continue
        if len(seats) < assessment.seats.count():  # the demo assessor sits here too
            if inbox <= INBOX_KEEPS:
                continue
            inbox -= 1
        mood = MOODS[index % len(MOODS)]
        at = now - timedelta(hours=2) + timedelta(minutes=index)
        for number, seat in enumerate(seats[: assessment.stage.quorum]):
            lean = mood[number % len(mood)]
            ratings = {
                c.pk: (max(1, min(4, lean + rng.choice((-1, 0, 0, 1)))), "") for c in criteria
            }
            assessment_submit_score(
                assessment_id=assessment.pk,
                actor=seat.assessor,
                data=ScoreInput(ratings=ratings, recommendation=lean, notes=""),
                at=at + timedelta(seconds=number),
            )
        scored += 1
    return scored
