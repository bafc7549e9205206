"""Periodic work: SLA reminders and escalation, daily digests claimed once, the purge;
and the variables an event gives its templates."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from candidates.assessments.sla import assessments_check_sla
from candidates.models import Application, Assessment, OutboxEvent
from candidates.notifications.messaging import VARIABLES
from candidates.notifications.models import Delivery, JobFollower
from candidates.notifications.periodic import notifications_digests, notifications_purge
from candidates.notifications.variables import variables_for
from candidates.services import applications as svc
from tests.candidates.notifications.helpers import deliver_due, dispatch_all, fast_tracked

pytestmark = pytest.mark.usefixtures("defaults")


def at_assessment(world: Any, recruiter: Any, **candidate: Any) -> Assessment:
    application = fast_tracked(world, recruiter, **candidate)
    svc.application_advance(application_id=application.pk, expected_version=1, actor=recruiter)
    return Assessment.objects.get(application=application)


def test_due_soon_then_overdue_reach_the_assessor_once_and_overdue_escalates_to_the_lead(
    world: Any, recruiter: Any, assessor: Any, unit_lead: Any
) -> None:
    assessment = at_assessment(world, recruiter, full_name="Zhang Min")
    dispatch_all()
    deliver_due()
    mail.outbox.clear()

    assessments_check_sla(now=assessment.due_at - timedelta(hours=2))
    assessments_check_sla(now=assessment.due_at - timedelta(hours=1))
    dispatch_all()
    deliver_due()
    soon = [m.subject for m in mail.outbox]
    assessments_check_sla(now=assessment.due_at + timedelta(hours=1))
    assessments_check_sla(now=assessment.due_at + timedelta(hours=2))
    dispatch_all()
    deliver_due()

    assert soon == ["Due soon: assessment of Zhang Min"]
    overdue = sorted((m.to[0].split("<")[-1].rstrip(">"), m.subject) for m in mail.outbox[1:])
    assert overdue == sorted(
        [
            (assessor.email, "Overdue: assessment of Zhang Min"),
            (unit_lead.email, "Escalation: assessment of Zhang Min is overdue"),
        ]
    )


def test_the_daily_digests_are_written_once_a_day_even_by_two_beats(
    world: Any, recruiter: Any, unit_lead: Any
) -> None:
    assessment = at_assessment(world, recruiter, full_name="Zhang Min")
    follower = recruiter.__class__.objects.create(username="follower", email="f@example.com")
    JobFollower.objects.create(job=world.job, user=follower)
    later = assessment.due_at + timedelta(days=1)

    first = notifications_digests(now=later)
    second = notifications_digests(now=later)
    dispatch_all()
    deliver_due()

    assert first == {"overdue_assessments": 1, "stale_applications": 1}
    assert second == {"overdue_assessments": 0, "stale_applications": 0}
    digest = next(m for m in mail.outbox if m.subject.startswith("1 overdue assessment"))
    assert unit_lead.email in digest.to[0]
    assert "- Zhang Min, NLP Research Engineer: Bu Assessment, due" in digest.body
    stale = next(m for m in mail.outbox if "past their stage" in m.subject)
    assert follower.email in stale.to[0]


def test_the_purge_drops_old_delivered_rows_and_keeps_dead_ones(
    world: Any, recruiter: Any, settings: Any
) -> None:
    fast_tracked(world, recruiter)
    dispatch_all()
    deliver_due()
    dead = Delivery.objects.filter(channel="email").first()
    assert dead is not None
    Delivery.objects.filter(pk=dead.pk).update(status="dead")
    later = timezone.now() + timedelta(days=settings.NOTIFY_RETENTION_DAYS + 1)

    purged = notifications_purge(now=later)

    assert purged["deliveries"] == 3
    assert list(Delivery.objects.values_list("pk", flat=True)) == [dead.pk]
    assert OutboxEvent.objects.count() == 1  # the event of the dead delivery stays


def test_the_purge_deletes_more_rows_than_one_statement_may_carry_parameters(
    settings: Any,
) -> None:
    # Bound on the server, a statement takes at most 65,535 parameters; the cascade
    # from events to their deliveries names every event id.
    old = timezone.now() - timedelta(days=settings.NOTIFY_RETENTION_DAYS + 1)
    OutboxEvent.objects.bulk_create(
        OutboxEvent(
            type="application.moved", status="dispatched", created_at=old, dispatched_at=old
        )
        for _ in range(70_000)
    )

    purged = notifications_purge()

    assert purged["events"] == 70_000
    assert not OutboxEvent.objects.exists()


@pytest.mark.parametrize("event_type", ["application.moved", "assessment.assigned"])
def test_an_event_gives_its_templates_every_variable_of_the_catalogue(
    event_type: str, world: Any, recruiter: Any, assessor: Any
) -> None:
    at_assessment(world, recruiter)
    event = OutboxEvent.objects.filter(type=event_type).first()
    assert event is not None

    variables = variables_for(event, audience="assessor", user=assessor)

    assert set(variables) == set(VARIABLES[event_type])
    empty = {k for k, v in variables.items() if v in ("", None)}
    assert empty <= {"unsubscribe_url", "previous_stage_name"}


def test_an_anonymised_stage_hides_the_candidates_name_from_assessors(
    world: Any, recruiter: Any, assessor: Any
) -> None:
    from recruiting.models import Stage

    Stage.objects.filter(track=world.fast, kind="bu_assessment").update(anonymize=True)
    at_assessment(world, recruiter, full_name="Zhang Min")
    event = OutboxEvent.objects.get(type="assessment.assigned")

    variables = variables_for(event, audience="assessor", user=assessor)

    application = Application.objects.get()
    assert variables["candidate_name"] == f"Candidate #{application.pk}"
