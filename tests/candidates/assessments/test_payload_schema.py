"""Every assessment answer is what the schema says, for every viewer: the assessor
before and after submitting, the unit lead, a recruiter; lists, reports and the written
test's detail included. Keys an assessor may not see are absent, never undocumented."""

from __future__ import annotations

from typing import Any

from candidates.models import Assessment
from candidates.services import applications as svc
from recruiting.models import Stage
from tests import factories as f
from tests.candidates.assessments.conftest import Panel, at_assessment
from tests.openapi import schema_errors

API = "/api/v1"


def test_the_check_refuses_an_undocumented_key_and_a_wrong_type() -> None:
    row = {"assessor_id": 1, "assessments_scored": 2, "mean_score": 3.0, "pass_rate": None}
    row["mean_deviation_from_median"] = None

    assert schema_errors("AssessorCalibrationRow", row) == []
    assert schema_errors("AssessorCalibrationRow", {**row, "email": "x@example.com"})
    assert schema_errors("AssessorCalibrationRow", {**row, "assessments_scored": "2"})


def test_assessment_answers_match_the_schema_for_every_viewer(
    panel: Panel, recruiter: Any, unit_lead: Any, api: Any
) -> None:
    _, assessment = at_assessment(panel, recruiter, salary_expectation=30000)
    seated = list(assessment.seats.values_list("assessor_id", flat=True))
    first, second = [m for m in panel.members if m.pk in seated][:2]
    url = f"{API}/assessments/{assessment.pk}/"
    score = {"ratings": panel.ratings(4, 3, 3), "recommendation": 4, "notes": "Strong"}

    answers = {
        "blind": api(first).get(url),
        "inbox": api(first).get(f"{API}/assessments/?mine=true"),
        "draft": api(first).put(f"{url}draft/", score, format="json"),
        "submitted": api(first).post(f"{url}submit/", score, format="json"),
    }
    answers["decided"] = api(second).post(f"{url}submit/", score, format="json")
    answers["lead"] = api(unit_lead).get(url)
    answers["recruiter"] = api(recruiter).get(url)
    answers["list"] = api(recruiter).get(f"{API}/assessments/?status=decided")
    answers["assessors"] = api(recruiter).get(f"{API}/reports/calibration/assessors/")
    answers["units"] = api(recruiter).get(f"{API}/reports/calibration/units/")

    component = {"inbox": "AssessmentPage", "list": "AssessmentPage"}
    component |= {"assessors": "AssessorCalibration", "units": "UnitCalibration"}
    problems = {}
    for name, answer in answers.items():
        assert answer.status_code == 200, (name, answer.json())
        errors = schema_errors(component.get(name, "AssessmentDetail"), answer.json())
        if errors:
            problems[name] = errors
    assert problems == {}
    assert "panel" not in answers["blind"].json()
    assert "email" not in answers["blind"].json()["candidate"]
    assert answers["recruiter"].json()["candidate"]["salary_expectation"] == 30000
    assert answers["recruiter"].json()["aggregate"]["median"] is not None


def test_a_decline_and_a_written_test_match_the_schema(
    panel: Panel, recruiter: Any, api: Any
) -> None:
    _, assessment = at_assessment(panel, recruiter)
    seat = assessment.seats.first()
    assert seat is not None
    declined = api(seat.assessor).post(
        f"{API}/assessments/{assessment.pk}/decline/", {"reason": "Conflict"}, format="json"
    )
    Stage.objects.filter(track=panel.world.standard, kind="written_test").update(pass_mark=60)
    person = f.CandidateFactory(specialties=[panel.world.nlp])
    app = svc.application_create(candidate=person, job=panel.world.job, actor=recruiter)
    for version in (1, 2):
        svc.application_advance(
            application_id=app.application.pk, expected_version=version, actor=recruiter
        )
    written = Assessment.objects.get(application=app.application)
    scored = api(recruiter).post(
        f"{API}/assessments/{written.pk}/written-score/", {"score": 75}, format="json"
    )

    assert declined.status_code == 200
    assert schema_errors("LeftPanel", declined.json()) == []
    assert scored.status_code == 200
    assert schema_errors("AssessmentDetail", scored.json()) == []
    assert scored.json()["aggregate"] == {"written_score": 75, "pass_mark": 60}
