"""Celery tasks of the candidates app: load by id or run a check, call a service, safe
to run twice. Acknowledged late, requeued when the worker dies, one prefetched at a
time (see the CELERY_* settings). Published by name; nothing imports this module."""

from __future__ import annotations

from celery import shared_task

from candidates.assessments.sla import assessments_check_sla


@shared_task(name="candidates.check_assessment_slas")
def check_assessment_slas() -> dict[str, int]:
    return assessments_check_sla()
