"""Daily digests and the purge of delivered rows. Each digest is claimed by a row keyed
by its period, so a second beat started by mistake writes nothing twice."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from candidates.models import Application, Assessment, OutboxEvent
from candidates.notifications.catalogue import (
    DigestItem,
    Event,
    digest_overdue_assessments,
    digest_stale_applications,
)
from candidates.notifications.models import Delivery, JobFollower, PeriodicClaim
from candidates.notifications.variables import when
from candidates.outbox import outbox_write

ITEM_LIMIT = 100


def _claim_and_write(key: str, event: Event, *, now: datetime) -> bool:
    with transaction.atomic():
        try:
            with transaction.atomic():
                PeriodicClaim.objects.create(key=key)
        except IntegrityError:
            return False
        outbox_write([event], at=now)
    return True


def _item(application: Application, stage_name: str, due: datetime | None) -> DigestItem:
    return {
        "candidate_name": application.candidate.full_name,
        "job_title": application.job.title,
        "stage_name": stage_name,
        "due_at": when(due),
    }


def overdue_assessment_digests(*, now: datetime) -> int:
    """One `digest.overdue_assessments` per unit with overdue assessments, once a day."""
    by_unit: dict[int, list[Assessment]] = defaultdict(list)
    overdue = (
        Assessment.objects.overdue(now)
        .select_related("application__candidate", "application__job__unit", "stage")
        .order_by("due_at", "id")
    )
    for assessment in overdue:
        by_unit[assessment.application.job.unit_id].append(assessment)
    written = 0
    day = timezone.localdate(now).isoformat()
    for unit_id, assessments in by_unit.items():
        unit = assessments[0].application.job.unit
        event = digest_overdue_assessments(
            unit_id=unit_id,
            unit_name=unit.name,
            assessment_ids=[a.pk for a in assessments[:ITEM_LIMIT]],
            items=[_item(a.application, a.stage.name, a.due_at) for a in assessments[:ITEM_LIMIT]],
        )
        written += _claim_and_write(f"{event[0]}:{unit_id}:{day}", event, now=now)
    return written


def stale_application_digests(*, now: datetime) -> int:
    """One `digest.stale_applications` per recruiter whose jobs have active applications
    past their stage's SLA (the job's followers, else whoever opened it), once a day."""
    stale = (
        Application.objects.overdue(now)
        .select_related("candidate", "job", "stage")
        .order_by("due_at", "id")
    )
    followers: dict[int, set[int]] = defaultdict(set)
    for job_id, user_id in JobFollower.objects.values_list("job_id", "user_id"):
        followers[job_id].add(user_id)
    by_user: dict[int, list[Application]] = defaultdict(list)
    for application in stale:
        readers = followers.get(application.job_id) or (
            {application.created_by_id} if application.created_by_id else set()
        )
        for user_id in readers:
            by_user[user_id].append(application)
    written = 0
    day = timezone.localdate(now).isoformat()
    for user_id, applications in by_user.items():
        event = digest_stale_applications(
            user_id=user_id,
            application_ids=[a.pk for a in applications[:ITEM_LIMIT]],
            items=[_item(a, a.stage.name, a.due_at) for a in applications[:ITEM_LIMIT]],
        )
        written += _claim_and_write(f"{event[0]}:{user_id}:{day}", event, now=now)
    return written


def notifications_digests(*, now: datetime | None = None) -> dict[str, int]:
    now = now or timezone.now()
    return {
        "overdue_assessments": overdue_assessment_digests(now=now),
        "stale_applications": stale_application_digests(now=now),
    }


def notifications_purge(*, now: datetime | None = None) -> dict[str, int]:
    """Delete sent and cancelled deliveries, and dispatched events left without any,
    older than NOTIFY_RETENTION_DAYS. Dead deliveries stay until replayed or handled;
    in-app notifications stay with their user."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.NOTIFY_RETENTION_DAYS)
    deliveries, _ = Delivery.objects.filter(
        status__in=[Delivery.Status.SENT, Delivery.Status.CANCELLED], updated_at__lt=cutoff
    ).delete()
    events, _ = (
        OutboxEvent.objects.filter(status=OutboxEvent.Status.DISPATCHED, dispatched_at__lt=cutoff)
        .exclude(deliveries__isnull=False)
        .delete()
    )
    claims, _ = PeriodicClaim.objects.filter(created_at__lt=cutoff).delete()
    return {"deliveries": deliveries, "events": events, "claims": claims}
