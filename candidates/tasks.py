"""Celery tasks: load by id or run a sweep, call a service, safe to run twice."""

from __future__ import annotations

from celery import shared_task

from candidates.assessments.sla import assessments_check_sla


@shared_task(name="candidates.check_assessment_slas")
def check_assessment_slas() -> dict[str, int]:
    return assessments_check_sla()
