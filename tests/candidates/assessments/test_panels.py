"""Entering an assessment stage seats a panel: specialty, load, capacity, conflicts."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from candidates.assessments.panel import PoolMember, choose_panel
from candidates.assessments.seats import assessment_decline, assessment_reassign
from candidates.models import Assignment, OutboxEvent
from recruiting.errors import Conflict, InvalidInput, NotAllowed, NotFound
from tests import factories as f
from tests.candidates.assessments.conftest import Panel, at_assessment

pytestmark = pytest.mark.django_db


def member(
    user_id: int,
    *,
    specialties: tuple[int, ...] = (),
    load: int = 0,
    capacity: int = 5,
    past: tuple[str, ...] = (),
) -> PoolMember:
    return PoolMember(user_id, frozenset(specialties), load, capacity, frozenset(past))


def test_matching_specialty_comes_first_then_the_lightest_load() -> None:
    pool = [
        member(1, load=0),
        member(2, specialties=(7,), load=3),
        member(3, load=1),
        member(4, specialties=(7,), load=1),
    ]

    assert choose_panel(pool, size=3, specialty_id=7, referrer_id=None, employer="") == [4, 2, 1]


def test_members_at_capacity_and_in_conflict_are_never_chosen() -> None:
    pool = [member(1, load=5, capacity=5), member(2), member(3, past=("baidu",)), member(4)]

    chosen = choose_panel(pool, size=3, specialty_id=7, referrer_id=2, employer=" Baidu ")

    assert chosen == [4]


def test_entering_the_assessment_seats_a_panel_due_after_the_sla(
    panel: Panel, recruiter: Any
) -> None:
    application, assessment = at_assessment(panel, recruiter)

    seats = list(assessment.seats.values_list("assessor_id", flat=True))
    assert len(seats) == 3
    assert seats[0] == panel.members[0].pk  # the only one with the job's specialty
    assert assessment.due_at == application.stage_entered_at + timedelta(hours=72)
    assert not assessment.understaffed
    assigned = OutboxEvent.objects.filter(
        type="assessment.assigned", payload__assessment_id=assessment.pk
    )
    assert sorted(e.payload["assessor_id"] for e in assigned) == sorted(seats)


def test_the_referrer_and_former_colleagues_are_kept_off_the_panel(
    panel: Panel, recruiter: Any
) -> None:
    referrer, colleague = panel.members[1], panel.members[2]
    panel.world.unit.memberships.filter(user=colleague).update(past_employers=["ByteDance"])

    _, assessment = at_assessment(
        panel, recruiter, referred_by=referrer, current_employer="bytedance"
    )

    seated = set(assessment.seats.values_list("assessor_id", flat=True))
    assert referrer.pk not in seated
    assert colleague.pk not in seated
    assert assessment.understaffed
    assert OutboxEvent.objects.filter(
        type="assessment.understaffed", payload__assessment_id=assessment.pk
    ).exists()


def test_open_load_spreads_panels_across_the_pool(panel: Panel, recruiter: Any) -> None:
    panel.stage.panel_size, panel.stage.quorum = 1, 1
    panel.stage.save()
    panel.world.unit.memberships.update(weekly_capacity=1)

    chosen = [at_assessment(panel, recruiter)[1].seats.get().assessor_id for _ in range(4)]
    _, fifth = at_assessment(panel, recruiter)

    assert len(set(chosen)) == 4
    assert fifth.understaffed
    assert not fifth.seats.exists()


def test_a_declining_assessor_is_replaced_and_the_decline_recorded(
    panel: Panel, recruiter: Any
) -> None:
    panel.stage.panel_size = 2
    panel.stage.save()
    _, assessment = at_assessment(panel, recruiter)
    leaving = panel.members[0]

    assessment_decline(assessment_id=assessment.pk, actor=leaving, reason="On leave next week")

    seat = assessment.seats.get(assessor=leaving)
    assert (seat.status, seat.reason) == ("declined", "On leave next week")
    assert assessment.seats.filter(status="assigned").count() == 2
    assert OutboxEvent.objects.filter(
        type="assessment.declined", payload__assessor_id=leaving.pk
    ).exists()


def test_declining_needs_a_reason_and_a_seat(
    panel: Panel, recruiter: Any, other_unit_assessor: Any
) -> None:
    _, assessment = at_assessment(panel, recruiter)

    with pytest.raises(InvalidInput):
        assessment_decline(assessment_id=assessment.pk, actor=panel.members[0], reason="  ")
    with pytest.raises(NotFound):
        assessment_decline(
            assessment_id=assessment.pk, actor=other_unit_assessor, reason="not mine"
        )


def test_the_unit_lead_reassigns_and_nobody_else_may(
    panel: Panel, recruiter: Any, unit_lead: Any, other_unit_lead: Any
) -> None:
    _, assessment = at_assessment(panel, recruiter)
    seated = list(assessment.seats.values_list("assessor_id", flat=True))
    free = next(m for m in panel.members if m.pk not in seated)

    with pytest.raises(NotAllowed):
        assessment_reassign(
            assessment_id=assessment.pk,
            actor=other_unit_lead,
            remove_user_id=seated[0],
            add_user_id=free.pk,
        )
    with pytest.raises(NotAllowed):
        assessment_reassign(
            assessment_id=assessment.pk,
            actor=recruiter,
            remove_user_id=seated[0],
            add_user_id=free.pk,
        )
    assessment_reassign(
        assessment_id=assessment.pk,
        actor=unit_lead,
        remove_user_id=seated[0],
        add_user_id=free.pk,
        reason="Workload",
    )

    assert assessment.seats.get(assessor_id=seated[0]).status == "removed"
    assert assessment.seats.get(assessor=free).status == "assigned"


def test_reassigning_to_an_outsider_or_a_conflicted_member_is_refused(
    panel: Panel, recruiter: Any, unit_lead: Any, other_unit_assessor: Any
) -> None:
    _, assessment = at_assessment(panel, recruiter)
    seated = list(assessment.seats.values_list("assessor_id", flat=True))

    with pytest.raises(InvalidInput, match="member"):
        assessment_reassign(
            assessment_id=assessment.pk,
            actor=unit_lead,
            remove_user_id=seated[0],
            add_user_id=other_unit_assessor.pk,
        )
    with pytest.raises(Conflict):
        assessment_reassign(
            assessment_id=assessment.pk,
            actor=unit_lead,
            remove_user_id=seated[0],
            add_user_id=seated[1],
        )
    assert assessment.seats.filter(status="assigned").count() == 3


def test_leaving_the_stage_closes_the_open_assessment(panel: Panel, recruiter: Any) -> None:
    application, assessment = at_assessment(panel, recruiter)
    from candidates.services.applications import application_reject

    application_reject(
        application_id=application.pk,
        expected_version=application.version,
        actor=recruiter,
        rejection_reason=f.RejectionReasonFactory(),
    )

    assessment.refresh_from_db()
    assert assessment.status == "closed"
    assert Assignment.objects.filter(assessment=assessment).count() == 3
