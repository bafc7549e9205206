"""`/`: each role's work first. A recruiter's queue by SLA, fast-track suggestions to
confirm and new applications; a unit lead's panels that need them; an assessor's inbox;
a viewer's (and everyone's) pipeline summary."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Count, F, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from candidates.assessments.selectors import assessments_visible_to
from candidates.models import Application, ApplicationStatus, Assessment
from candidates.notifications.models import JobFollower
from candidates.web.roles import main_role, roles_required
from recruiting.roles import Role, user_roles
from recruiting.selectors import led_unit_ids

LIMIT = 12
NEW_FOR = timedelta(days=7)


def sla_state(due: Any, now: Any, *, soon: timedelta = timedelta(hours=24)) -> str:
    """on time / due soon / overdue for a due time (empty when there is none)."""
    if due is None:
        return ""
    if due < now:
        return "overdue"
    return "soon" if due - now <= soon else "ontime"


def _cards(applications: Any, now: Any) -> list[Application]:
    rows = list(applications.select_related("candidate", "job", "stage", "track")[:LIMIT])
    for app in rows:
        app.sla = sla_state(app.due_at, now) if app.status == ApplicationStatus.ACTIVE else ""
    return rows


def recruiter_work(user: Any, now: Any) -> dict[str, Any]:
    """Applications on the jobs the recruiter follows (all jobs when they follow none)."""
    visible = Application.objects.visible_to(user)
    followed = JobFollower.objects.filter(user=user).values("job_id")
    mine = visible.filter(job_id__in=followed) if followed.exists() else visible
    active = mine.filter(status=ApplicationStatus.ACTIVE)
    return {
        "queue": _cards(active.exclude(due_at=None).order_by("due_at", "id"), now),
        "overdue_count": active.overdue(now).count(),
        "suggestions": _cards(
            active.filter(is_fast_track=False, fast_track_suggestion__isnull=False).order_by(
                "-created_at"
            ),
            now,
        ),
        "new": _cards(mine.filter(created_at__gte=now - NEW_FOR).order_by("-created_at"), now),
        "follows_jobs": followed.exists(),
    }


def _open_assessments(user: Any) -> Any:
    """The panels a unit lead oversees (every unit's for an admin)."""
    panels = assessments_visible_to(user)
    if Role.ADMIN in user_roles(user):
        return panels
    return panels.filter(application__job__unit_id__in=led_unit_ids(user))


def lead_work(user: Any, now: Any) -> dict[str, Any]:
    pending = _open_assessments(user).filter(status=Assessment.Status.PENDING)
    decided = _open_assessments(user).filter(status=Assessment.Status.DECIDED)
    at_stage = Q(application__stage_id=F("stage_id"), application__status="active")
    return {
        "understaffed": list(pending.filter(understaffed=True).order_by("due_at")[:LIMIT]),
        "to_decide": list(
            decided.filter(at_stage, result=Assessment.Result.DISCUSS).order_by("-decided_at")[
                :LIMIT
            ]
        ),
        "calibration": list(
            decided.filter(aggregate__calibration_needed=True).order_by("-decided_at")[:LIMIT]
        ),
        "proposals": list(
            decided.filter(at_stage).exclude(proposal="").order_by("-decided_at")[:LIMIT]
        ),
        "overdue_panels": pending.overdue(now).count(),
    }


def assessor_work(user: Any, now: Any) -> dict[str, Any]:
    inbox = list(
        assessments_visible_to(user, mine=True)
        .filter(status=Assessment.Status.PENDING)
        .order_by("due_at", "id")[:LIMIT]
    )
    for assessment in inbox:
        assessment.sla = sla_state(assessment.due_at, now)  # type: ignore[attr-defined]
    return {"inbox": inbox}


def pipeline_summary(user: Any) -> dict[str, Any]:
    """Counts by status and, for active applications, by stage kind."""
    visible = Application.objects.visible_to(user)
    by_status = dict(
        visible.order_by().values_list("status").annotate(n=Count("id")).values_list("status", "n")
    )
    by_kind = dict(
        visible.filter(status=ApplicationStatus.ACTIVE)
        .order_by()
        .values_list("stage__kind")
        .annotate(n=Count("id"))
        .values_list("stage__kind", "n")
    )
    fast = visible.filter(is_fast_track=True, status=ApplicationStatus.ACTIVE).count()
    return {"by_status": by_status, "by_kind": by_kind, "fast_active": fast}


@roles_required()
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    now = timezone.now()
    roles = user_roles(user)
    context: dict[str, Any] = {"main_role": main_role(user), "now": now}
    if roles & {Role.RECRUITER, Role.ADMIN}:
        context["recruiter"] = recruiter_work(user, now)
    if Role.UNIT_LEAD in roles or Role.ADMIN in roles:
        context["lead"] = lead_work(user, now)
    if Role.ASSESSOR in roles:
        context["assessor"] = assessor_work(user, now)
    if roles - {Role.ASSESSOR}:
        context["summary"] = pipeline_summary(user)
    return render(request, "dashboard/home.html", context)
