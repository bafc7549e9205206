"""Scoring through the API: blind until submitted, immutable, aggregated, decided."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from candidates.models import Assessment, OutboxEvent, Score, Transition
from candidates.services import applications as svc
from tests.candidates.assessments.conftest import Panel, at_assessment
from tests.factories import token_for

pytestmark = pytest.mark.django_db

FORBIDDEN_KEYS = {
    "email",
    "phone",
    "salary_expectation",
    "competing_offers",
    "links",
    "phone_normalized",
    "email_normalized",
}


def seated(assessment: Assessment) -> list[Any]:
    return [
        seat.assessor
        for seat in assessment.seats.filter(status="assigned").select_related("assessor")
    ]


def submit(
    api: Any, user: Any, assessment: Assessment, panel: Panel, *values: int, recommendation: int = 3
) -> Any:
    return api(user).post(
        f"/api/v1/assessments/{assessment.pk}/submit/",
        {"ratings": panel.ratings(*values), "recommendation": recommendation, "notes": "Solid"},
        format="json",
    )


def keys_of(document: Any) -> set[str]:
    if isinstance(document, dict):
        return set(document) | {k for v in document.values() for k in keys_of(v)}
    if isinstance(document, list):
        return {k for v in document for k in keys_of(v)}
    return set()


def test_an_assessor_sees_neither_scores_nor_aggregate_until_submitting(
    panel: Panel, recruiter: Any, api: Any
) -> None:
    _, assessment = at_assessment(panel, recruiter)
    first, second, _ = seated(assessment)
    assert submit(api, first, assessment, panel, 4, 4, 3).status_code == 200

    before = api(second).get(f"/api/v1/assessments/{assessment.pk}/").json()
    assert "panel" not in before
    assert "aggregate" not in before
    assert before["result"] is None
    submit(api, second, assessment, panel, 3, 3, 3)
    after = api(second).get(f"/api/v1/assessments/{assessment.pk}/").json()

    assert len(after["panel"]) == 2
    assert after["aggregate"]["median"] is not None


def test_leads_and_recruiters_see_the_panel_at_every_step(
    panel: Panel, recruiter: Any, unit_lead: Any, api: Any
) -> None:
    _, assessment = at_assessment(panel, recruiter)
    submit(api, seated(assessment)[0], assessment, panel, 2, 2, 2, recommendation=2)

    for user in (recruiter, unit_lead):
        body = api(user).get(f"/api/v1/assessments/{assessment.pk}/").json()
        assert len(body["panel"]) == 1


def test_other_units_and_unseated_assessors_get_404(
    panel: Panel, recruiter: Any, other_unit_assessor: Any, api: Any
) -> None:
    panel.stage.panel_size, panel.stage.quorum = 2, 2
    panel.stage.save()
    _, assessment = at_assessment(panel, recruiter)
    unseated = next(m for m in panel.members if m not in seated(assessment))

    for user in (other_unit_assessor, unseated):
        assert api(user).get(f"/api/v1/assessments/{assessment.pk}/").status_code == 404
        assert submit(api, user, assessment, panel, 3, 3, 3).status_code == 404


def test_assessor_documents_carry_no_contact_details_or_salary_anywhere(
    panel: Panel, recruiter: Any, api: Any
) -> None:
    _, assessment = at_assessment(
        panel,
        recruiter,
        email="secret.person@example.com",
        phone="+8613900001111",
        salary_expectation=45678,
    )
    first, second, _ = seated(assessment)
    submit(api, first, assessment, panel, 3, 3, 3)

    documents = [
        api(first).get(f"/api/v1/assessments/{assessment.pk}/").json(),
        api(second).get(f"/api/v1/assessments/{assessment.pk}/").json(),
        api(first).get("/api/v1/assessments/?mine=true").json(),
        submit(api, second, assessment, panel, 3, 3, 3).json(),
    ]

    for document in documents:
        assert not keys_of(document) & FORBIDDEN_KEYS
        text = json.dumps(document)
        assert "secret.person" not in text
        assert "13900001111" not in text
        assert "45678" not in text


def test_an_anonymised_stage_hides_name_school_and_employer_from_assessors(
    panel: Panel, recruiter: Any, api: Any
) -> None:
    panel.stage.anonymize = True
    panel.stage.save()
    _, assessment = at_assessment(
        panel,
        recruiter,
        full_name="Wang Fang",
        school="Tsinghua University",
        current_employer="Meituan",
    )

    text = json.dumps(
        api(seated(assessment)[0]).get(f"/api/v1/assessments/{assessment.pk}/").json()
    )
    recruiter_text = json.dumps(api(recruiter).get(f"/api/v1/assessments/{assessment.pk}/").json())

    for secret in ("Wang Fang", "Tsinghua", "Meituan"):
        assert secret not in text
        assert secret in recruiter_text


def test_a_submitted_score_is_final_and_an_amendment_is_a_new_revision(
    panel: Panel, recruiter: Any, api: Any
) -> None:
    _, assessment = at_assessment(panel, recruiter)
    me = seated(assessment)[0]
    client = api(me)
    assert (
        client.put(
            f"/api/v1/assessments/{assessment.pk}/draft/",
            {"ratings": panel.ratings(2, 2, 2)},
            format="json",
        ).status_code
        == 200
    )
    assert submit(api, me, assessment, panel, 3, 3, 3).status_code == 200

    again = submit(api, me, assessment, panel, 4, 4, 4)
    draft = client.put(
        f"/api/v1/assessments/{assessment.pk}/draft/",
        {"ratings": panel.ratings(1, 1, 1)},
        format="json",
    )
    no_reason = client.post(
        f"/api/v1/assessments/{assessment.pk}/amend/",
        {"ratings": panel.ratings(4, 4, 4), "recommendation": 4},
        format="json",
    )
    amended = client.post(
        f"/api/v1/assessments/{assessment.pk}/amend/",
        {
            "ratings": panel.ratings(4, 4, 4),
            "recommendation": 4,
            "reason": "Misread the coding task",
        },
        format="json",
    )

    assert (again.status_code, draft.status_code, no_reason.status_code, amended.status_code) == (
        409,
        409,
        400,
        200,
    )
    revisions = list(
        Score.objects.filter(seat__assessor=me)
        .order_by("revision")
        .values_list("revision", "weighted", "amend_reason")
    )
    assert [(r, str(w)) for r, w, _ in revisions] == [(1, "3.000"), (2, "4.000")]
    assert revisions[1][2] == "Misread the coding task"
    assert [s["revision"] for s in amended.json()["my_scores"]] == [1, 2]


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"ratings": [{"criterion": 0, "value": 3}]}, 400),
        ({"ratings": "lots"}, 400),
        ({}, 400),
    ],
)
def test_malformed_scorecards_are_refused(
    panel: Panel, recruiter: Any, api: Any, body: dict[str, Any], status: int
) -> None:
    _, assessment = at_assessment(panel, recruiter)

    response = api(seated(assessment)[0]).post(
        f"/api/v1/assessments/{assessment.pk}/submit/", body, format="json"
    )

    assert response.status_code == status
    assert "message" in response.json()


def test_ratings_outside_the_scale_unknown_or_missing_criteria_are_refused(
    panel: Panel, recruiter: Any, api: Any
) -> None:
    _, assessment = at_assessment(panel, recruiter)
    client = api(seated(assessment)[0])
    url = f"/api/v1/assessments/{assessment.pk}/submit/"
    first = panel.criteria[0].pk

    outside = client.post(
        url, {"ratings": panel.ratings(5, 3, 3), "recommendation": 3}, format="json"
    )
    missing = client.post(
        url, {"ratings": [{"criterion": first, "value": 3}], "recommendation": 3}, format="json"
    )
    unknown = client.post(
        url,
        {
            "ratings": [*panel.ratings(3, 3, 3), {"criterion": 99999, "value": 3}],
            "recommendation": 3,
        },
        format="json",
    )
    no_recommendation = client.post(url, {"ratings": panel.ratings(3, 3, 3)}, format="json")

    assert [r.status_code for r in (outside, missing, unknown, no_recommendation)] == [
        400,
        400,
        400,
        400,
    ]
    assert "Communication" in missing.json()["message"] + json.dumps(missing.json()["extra"])
    assert not Score.objects.exists()


def test_a_pass_at_quorum_advances_through_the_engine_as_the_system(
    panel: Panel, recruiter: Any, api: Any
) -> None:
    application, assessment = at_assessment(panel, recruiter)
    first, second, _ = seated(assessment)

    submit(api, first, assessment, panel, 4, 3, 3)
    submit(api, second, assessment, panel, 3, 3, 4)

    assessment.refresh_from_db()
    application.refresh_from_db()
    assert (assessment.status, assessment.result) == ("decided", "pass")
    assert assessment.aggregate["median"] == pytest.approx(3.375)
    assert application.stage.kind == "interview"
    moved = Transition.objects.filter(application=application).latest("id")
    assert (moved.kind, moved.actor, moved.actor_role) == ("moved", None, "system")
    assert f"Assessment #{assessment.pk} passed" in moved.reason
    types = set(
        OutboxEvent.objects.filter(payload__assessment_id=assessment.pk).values_list(
            "type", flat=True
        )
    )
    assert {"assessment.submitted", "assessment.quorum_reached", "assessment.completed"} <= types


def test_a_fail_never_rejects_by_itself_it_proposes_the_fallback(
    panel: Panel, recruiter: Any, api: Any
) -> None:
    application, assessment = at_assessment(panel, recruiter)
    first, second, _ = seated(assessment)

    submit(api, first, assessment, panel, 1, 2, 2, recommendation=1)
    submit(api, second, assessment, panel, 2, 1, 1, recommendation=2)

    assessment.refresh_from_db()
    application.refresh_from_db()
    assert (assessment.result, assessment.proposal) == ("fail", "fallback")
    assert (application.status, application.stage.kind) == ("active", "bu_assessment")


def test_strong_disagreement_flags_calibration_and_asks_for_discussion(
    panel: Panel, recruiter: Any, api: Any
) -> None:
    _, assessment = at_assessment(panel, recruiter)
    first, second, _ = seated(assessment)

    submit(api, first, assessment, panel, 4, 4, 4, recommendation=4)
    submit(api, second, assessment, panel, 1, 2, 2, recommendation=1)

    assessment.refresh_from_db()
    assert assessment.aggregate["calibration_needed"] is True
    assert assessment.result == "discuss"


def test_scoring_after_the_application_moved_on_is_refused(
    panel: Panel, recruiter: Any, api: Any
) -> None:
    application, assessment = at_assessment(panel, recruiter)
    me = seated(assessment)[0]
    svc.application_hold(
        application_id=application.pk, expected_version=application.version, actor=recruiter
    )

    response = submit(api, me, assessment, panel, 3, 3, 3)

    assert response.status_code == 409
    assert "moved on" in response.json()["message"]
    assert not Score.objects.exists()


def test_the_inbox_lists_my_open_assessments_soonest_first(
    panel: Panel, recruiter: Any, api: Any
) -> None:
    me = panel.members[0]
    created = [at_assessment(panel, recruiter)[1] for _ in range(3)]

    body = api(me).get("/api/v1/assessments/?mine=true&status=pending&overdue=false").json()

    assert [row["id"] for row in body["results"]] == [
        a.pk for a in sorted(created, key=lambda a: (a.due_at, a.pk))
    ]
    assert {row["my_seat"] for row in body["results"]} == {"assigned"}


def test_the_inbox_query_count_does_not_grow_with_the_page_size(
    panel: Panel, recruiter: Any
) -> None:
    panel.world.unit.memberships.update(weekly_capacity=100)
    me = panel.members[0]
    for _ in range(12):
        at_assessment(panel, recruiter)
    # Token authentication, as a real client: every request loads the user afresh.
    client = APIClient(HTTP_AUTHORIZATION=f"Token {token_for(me)}")
    counts = []
    for size in (2, 10):
        with CaptureQueriesContext(connection) as queries:
            assert (
                len(
                    client.get(f"/api/v1/assessments/?mine=true&page_size={size}").json()["results"]
                )
                == size
            )
        counts.append(len(queries))

    assert counts[0] == counts[1]
    assert counts[0] <= 6


def test_overdue_filter_and_the_sla_check_tell_once(panel: Panel, recruiter: Any, api: Any) -> None:
    from datetime import timedelta

    from candidates.assessments.sla import assessments_check_sla

    _, late = at_assessment(panel, recruiter)
    _, soon = at_assessment(panel, recruiter)
    Assessment.objects.filter(pk=late.pk).update(due_at=timezone.now() - timedelta(hours=1))
    Assessment.objects.filter(pk=soon.pk).update(due_at=timezone.now() + timedelta(hours=3))

    first = assessments_check_sla()
    second = assessments_check_sla()

    assert first == {"due_soon": 1, "overdue": 1}
    assert second == {"due_soon": 0, "overdue": 0}
    ids = [
        r["id"] for r in api(recruiter).get("/api/v1/assessments/?overdue=true").json()["results"]
    ]
    assert ids == [late.pk]
    assert (
        OutboxEvent.objects.filter(
            type="assessment.overdue", payload__assessment_id=late.pk
        ).count()
        == 1
    )


def test_calibration_reports_for_leads_but_not_assessors(
    panel: Panel, recruiter: Any, unit_lead: Any, api: Any
) -> None:
    _, assessment = at_assessment(panel, recruiter)
    first, second, _ = seated(assessment)
    submit(api, first, assessment, panel, 4, 3, 3)
    submit(api, second, assessment, panel, 3, 3, 3)

    assessors = api(unit_lead).get("/api/v1/reports/calibration/assessors/").json()["assessors"]
    units = api(unit_lead).get("/api/v1/reports/calibration/units/").json()["units"]
    refused = api(first).get("/api/v1/reports/calibration/units/")

    assert {row["assessor_id"] for row in assessors} == {first.pk, second.pk}
    assert all(row["pass_rate"] == 1.0 for row in assessors)
    assert units[0]["statistic"] == "krippendorff_alpha"
    assert units[0]["units"] == 1
    assert refused.status_code == 403


def test_a_held_application_is_not_escalated_and_resuming_moves_its_assessment_due_time(
    panel: Panel, recruiter: Any
) -> None:
    from datetime import timedelta

    from candidates.assessments.sla import assessments_check_sla

    application, assessment = at_assessment(panel, recruiter)
    start = timezone.now()
    svc.application_hold(
        application_id=application.pk,
        expected_version=application.version,
        actor=recruiter,
        at=start,
    )
    Assessment.objects.filter(pk=assessment.pk).update(due_at=start - timedelta(hours=1))

    assert assessments_check_sla() == {"due_soon": 0, "overdue": 0}
    svc.application_resume(
        application_id=application.pk,
        expected_version=application.version + 1,
        actor=recruiter,
        at=start + timedelta(hours=5),
    )

    assessment.refresh_from_db()
    assert assessment.due_at == start + timedelta(hours=4)
