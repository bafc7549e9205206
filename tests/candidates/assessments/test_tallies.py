"""The calibration reports read tallies kept by the scoring transactions; after any
sequence of submissions, amendments, decisions, declines and moves they give exactly
the figures a read of every scorecard gives, and a recount rebuilds the same tallies."""

from __future__ import annotations

import random
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from candidates.assessments.calibration import (
    assessor_report,
    assessor_report_from_history,
    unit_report,
    unit_report_from_history,
)
from candidates.assessments.scoring import (
    ScoreInput,
    assessment_amend_score,
    assessment_submit_score,
)
from candidates.assessments.seats import assessment_decline
from candidates.assessments.tallies import AGREEMENT, TALLY, tallies_recount
from candidates.models import AgreementTally, Assignment, CalibrationTally
from candidates.services import applications as svc
from recruiting.errors import DomainError
from tests import factories as f
from tests.candidates.assessments.conftest import Panel, at_assessment


def reports_agree(units: list[int]) -> None:
    assert assessor_report(units) == assessor_report_from_history(units)
    assert unit_report(units) == unit_report_from_history(units)


def card(rng: random.Random, panel: Panel) -> ScoreInput:
    return ScoreInput(
        ratings={c.pk: (rng.randint(1, 4), "") for c in panel.criteria},
        recommendation=rng.randint(1, 4),
    )


def test_the_reports_from_tallies_equal_the_reports_from_every_scorecard(
    panel: Panel, recruiter: Any
) -> None:
    panel.stage.auto_advance = False
    panel.stage.panel_size = 4
    panel.stage.save()
    panel.world.unit.memberships.update(weekly_capacity=50)
    units = [panel.world.unit.pk]
    rng = random.Random(7)
    done = []

    for _ in range(45):
        roll = rng.random()
        seats = list(Assignment.objects.order_by("id"))
        try:
            if roll < 0.2 or not seats:
                at_assessment(panel, recruiter)
                done.append("open")
            elif roll < 0.6:
                seat = rng.choice([s for s in seats if s.status == "assigned"] or seats)
                assessment_submit_score(
                    assessment_id=seat.assessment_id, actor=seat.assessor, data=card(rng, panel)
                )
                done.append("submit")
            elif roll < 0.8:
                seat = rng.choice([s for s in seats if s.status == "submitted"] or seats)
                assessment_amend_score(
                    assessment_id=seat.assessment_id,
                    actor=seat.assessor,
                    data=card(rng, panel),
                    reason="Second look",
                )
                done.append("amend")
            elif roll < 0.9:
                seat = rng.choice(seats)
                assessment_decline(
                    assessment_id=seat.assessment_id, actor=seat.assessor, reason="Away"
                )
                done.append("decline")
            else:
                app = rng.choice(seats).assessment.application
                app.refresh_from_db()
                svc.application_reject(
                    application_id=app.pk,
                    expected_version=app.version,
                    actor=recruiter,
                    rejection_reason=f.RejectionReasonFactory(),
                )
                done.append("reject")
        except DomainError:
            done.append("refused")
        reports_agree(units)

    assert {"open", "submit", "amend", "decline", "reject"} <= set(done), done
    assert any(row["pass_rate"] is not None for row in assessor_report(units))
    assert unit_report(units)[0]["units"] > 0
    kept = tallies(
        CalibrationTally.objects.exclude(scored=0), AgreementTally.objects.exclude(panels=0)
    )
    tallies_recount()
    assert tallies(CalibrationTally.objects.all(), AgreementTally.objects.all()) == kept


def tallies(calibration: Any, agreement: Any) -> tuple[list[Any], list[Any]]:
    """The rows without their ids, in order."""
    return (
        sorted(calibration.values_list("assessor_id", "unit_id", *TALLY)),
        sorted(agreement.values_list("unit_id", "size", *AGREEMENT)),
    )


def test_the_reports_read_the_tallies_not_the_scorecards(
    panel: Panel, recruiter: Any, unit_lead: Any, api: Any
) -> None:
    _, assessment = at_assessment(panel, recruiter)
    for seat in assessment.seats.order_by("id")[:2]:
        assessment_submit_score(
            assessment_id=assessment.pk, actor=seat.assessor, data=card(random.Random(1), panel)
        )

    with CaptureQueriesContext(connection) as queries:
        for report in ("assessors", "units"):
            assert api(unit_lead).get(f"/api/v1/reports/calibration/{report}/").status_code == 200

    read = " ".join(q["sql"] for q in queries)
    assert "candidates_score" not in read
    assert "candidates_calibrationtally" in read
    assert "candidates_agreementtally" in read
