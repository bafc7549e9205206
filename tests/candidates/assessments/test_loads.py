"""Each assessor's kept count of open seats equals a fresh count of their seats through
every way a seat opens and closes; seating reads the counts, not the seats; and the
specialty head start keeps unlimited capacity from piling panels on a few people."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from candidates.assessments.loads import counted_open_seats, loads_recount, seats_opened
from candidates.assessments.panel import SPECIALTY_HEADSTART, PoolMember, choose_panel
from candidates.assessments.scoring import ScoreInput, assessment_submit_score
from candidates.assessments.seats import assessment_decline, assessment_reassign
from candidates.models import Application, Assessment, AssessorLoad, Assignment
from candidates.services import applications as svc
from recruiting.errors import DomainError
from recruiting.roles import Role
from tests import factories as f
from tests.candidates.assessments.conftest import Panel, at_assessment


def kept() -> dict[int, int]:
    return dict(AssessorLoad.objects.exclude(open_seats=0).values_list("assessor_id", "open_seats"))


def assigned_seat(rng: random.Random) -> Assignment | None:
    seats = list(
        Assignment.objects.filter(status="assigned", assessment__status="pending").order_by("id")
    )
    return rng.choice(seats) if seats else None


def fresh(application_id: int) -> Application:
    return Application.objects.get(pk=application_id)


def operations(
    panel: Panel, recruiter: Any, unit_lead: Any
) -> list[Callable[[random.Random], Any]]:
    def open_one(rng: random.Random) -> Any:
        return at_assessment(panel, recruiter)

    def submit(rng: random.Random) -> Any:
        seat = assigned_seat(rng)
        if seat is None:
            return None
        card = ScoreInput(
            ratings={c.pk: (rng.randint(1, 4), "") for c in panel.criteria},
            recommendation=rng.randint(1, 4),
        )
        return assessment_submit_score(
            assessment_id=seat.assessment_id, actor=seat.assessor, data=card
        )

    def decline(rng: random.Random) -> Any:
        seat = assigned_seat(rng)
        if seat is None:
            return None
        return assessment_decline(
            assessment_id=seat.assessment_id, actor=seat.assessor, reason="Travelling"
        )

    def reassign(rng: random.Random) -> Any:
        seat = assigned_seat(rng)
        if seat is None:
            return None
        return assessment_reassign(
            assessment_id=seat.assessment_id,
            actor=unit_lead,
            remove_user_id=seat.assessor_id,
            reason="Workload",
        )

    def leave(rng: random.Random) -> Any:
        pending = list(Assessment.objects.filter(status="pending").order_by("id"))
        if not pending:
            return None
        app = fresh(rng.choice(pending).application_id)
        command = rng.choice(["withdraw", "reject_and_back", "hold"])
        if command == "withdraw":
            return svc.application_withdraw(
                application_id=app.pk, expected_version=app.version, actor=recruiter
            )
        if command == "hold":
            held = svc.application_hold(
                application_id=app.pk, expected_version=app.version, actor=recruiter
            ).application
            return svc.application_resume(
                application_id=app.pk, expected_version=held.version, actor=recruiter
            )
        rejected = svc.application_reject(
            application_id=app.pk,
            expected_version=app.version,
            actor=recruiter,
            rejection_reason=f.RejectionReasonFactory(),
        ).application
        # Back in the stage: a new assessment and a new panel.
        return svc.application_unreject(
            application_id=app.pk,
            expected_version=rejected.version,
            actor=recruiter,
            reason="Rejected by mistake",
        )

    return [open_one, open_one, submit, submit, submit, decline, reassign, leave]


def test_the_counts_equal_a_fresh_count_after_random_seat_changes(
    panel: Panel, recruiter: Any, unit_lead: Any
) -> None:
    for index in range(5):
        f.MembershipFactory(
            unit=panel.world.unit,
            user=f.UserFactory(username=f"extra{index}", roles=[Role.ASSESSOR]),
            weekly_capacity=50,
        )
    panel.world.unit.memberships.update(weekly_capacity=50)
    rng = random.Random(20261202)
    ops = operations(panel, recruiter, unit_lead)
    done = []

    for _ in range(60):
        op = rng.choice(ops)
        try:
            op(rng)
            done.append(op.__name__)
        except DomainError:
            done.append(f"{op.__name__} (refused)")
        assert kept() == counted_open_seats(), done

    assert {"open_one", "submit", "decline", "reassign", "leave"} <= set(done)
    assert Assessment.objects.filter(status="decided").exists()
    assert Assessment.objects.filter(status="closed").exists()


def test_a_recount_rebuilds_counts_that_drifted(panel: Panel, recruiter: Any) -> None:
    at_assessment(panel, recruiter)
    AssessorLoad.objects.update(open_seats=99)

    loads_recount()

    assert kept() == counted_open_seats()


def test_seats_change_only_inside_a_kept_transaction(panel: Panel, recruiter: Any) -> None:
    _, assessment = at_assessment(panel, recruiter)

    with pytest.raises(RuntimeError, match="loads_kept"):
        seats_opened(assessment, [recruiter.pk])


def test_seating_a_panel_reads_the_counts_not_the_seats(panel: Panel, recruiter: Any) -> None:
    at_assessment(panel, recruiter)
    person = f.CandidateFactory(specialties=[panel.world.nlp])
    f.PublicationFactory(candidate=person, specialty=panel.world.nlp, tier="top")
    application = svc.application_create(
        candidate=person, job=panel.world.job, actor=recruiter
    ).application

    with CaptureQueriesContext(connection) as captured:
        svc.application_advance(application_id=application.pk, expected_version=1, actor=recruiter)

    counting = [
        q["sql"]
        for q in captured.captured_queries
        if "COUNT(" in q["sql"].upper() and "candidates_assignment" in q["sql"]
    ]
    assert counting == []


def member(user_id: int, *, specialist: bool, load: int) -> PoolMember:
    return PoolMember(user_id, frozenset({7} if specialist else ()), load, 10_000, frozenset())


def test_specialists_go_first_while_within_the_head_start_of_the_lightest_load() -> None:
    pool = [
        member(1, specialist=True, load=SPECIALTY_HEADSTART),
        member(2, specialist=False, load=0),
        member(3, specialist=False, load=1),
    ]

    assert choose_panel(pool, size=2, specialty_id=7, referrer_id=None, employer="") == [1, 2]


def test_unlimited_capacity_does_not_pile_panels_on_the_specialists() -> None:
    pool = [member(n, specialist=n <= 3, load=0) for n in range(1, 21)]

    for _ in range(1000):
        chosen = choose_panel(pool, size=3, specialty_id=7, referrer_id=None, employer="")
        pool = [
            PoolMember(m.user_id, m.specialties, m.open_load + (m.user_id in chosen), m.capacity,
                       m.past_employers)
            for m in pool
        ]  # fmt: skip

    loads = sorted(m.open_load for m in pool)
    assert loads[-1] - loads[0] <= SPECIALTY_HEADSTART + 1
    specialists = [m.open_load for m in pool if m.user_id <= 3]
    assert min(specialists) >= loads[-1] - 1


def test_the_recount_command_rebuilds_counts_and_tallies(panel: Panel, recruiter: Any) -> None:
    from io import StringIO

    from django.core.management import call_command

    at_assessment(panel, recruiter)
    AssessorLoad.objects.update(open_seats=42)
    out = StringIO()

    call_command("recount_assessment_figures", stdout=out)

    assert kept() == counted_open_seats()
    assert "recounted" in out.getvalue()
