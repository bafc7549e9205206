"""Written tests on the standard track: a recruiter records the score against a pass mark."""

from __future__ import annotations

from typing import Any

import pytest

from candidates.models import Assessment
from candidates.services import applications as svc
from recruiting.models import Stage
from tests import factories as f
from tests.conftest import World

pytestmark = pytest.mark.django_db


def waiting_for_the_test(world: World, recruiter: Any, *, auto: bool) -> tuple[Any, Assessment]:
    stage = Stage.objects.get(track=world.standard, kind="written_test")
    stage.pass_mark, stage.auto_advance = 60, auto
    stage.save()
    application = svc.application_create(
        candidate=f.CandidateFactory(), job=world.job, actor=recruiter
    ).application
    moved = svc.application_move(
        application_id=application.pk,
        expected_version=1,
        actor=recruiter,
        to_stage_id=stage.pk,
        reason="Screened",
    ).application
    return moved, Assessment.objects.get(application=moved, status="pending")


def test_a_score_at_the_pass_mark_passes_and_advances_when_configured(
    world: World, recruiter: Any, api: Any
) -> None:
    application, assessment = waiting_for_the_test(world, recruiter, auto=True)

    response = api(recruiter).post(
        f"/api/v1/assessments/{assessment.pk}/written-score/", {"score": 60}, format="json"
    )

    assert response.status_code == 200
    assessment.refresh_from_db()
    application.refresh_from_db()
    assert (assessment.result, assessment.written_score) == ("pass", 60)
    assert application.stage.kind == "interview"


def test_a_score_below_the_mark_fails_and_proposes_rejection(
    world: World, recruiter: Any, api: Any
) -> None:
    application, assessment = waiting_for_the_test(world, recruiter, auto=True)

    api(recruiter).post(
        f"/api/v1/assessments/{assessment.pk}/written-score/", {"score": 59}, format="json"
    )

    assessment.refresh_from_db()
    application.refresh_from_db()
    assert (assessment.result, assessment.proposal) == ("fail", "reject")
    assert (application.status, application.stage.kind) == ("active", "written_test")


@pytest.mark.parametrize("score", [-1, 101, "ninety", None])
def test_scores_outside_0_to_100_are_refused(
    world: World, recruiter: Any, api: Any, score: Any
) -> None:
    _, assessment = waiting_for_the_test(world, recruiter, auto=False)

    response = api(recruiter).post(
        f"/api/v1/assessments/{assessment.pk}/written-score/", {"score": score}, format="json"
    )

    assert response.status_code == 400
    assessment.refresh_from_db()
    assert assessment.written_score is None


def test_only_recruiters_and_admins_record_written_scores(
    world: World, recruiter: Any, viewer: Any, api: Any
) -> None:
    _, assessment = waiting_for_the_test(world, recruiter, auto=False)

    response = api(viewer).post(
        f"/api/v1/assessments/{assessment.pk}/written-score/", {"score": 80}, format="json"
    )

    assert response.status_code == 403
