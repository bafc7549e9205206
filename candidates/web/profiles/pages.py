"""What the profile page shows: the person, their applications, and for the
application in focus its state, the actions the viewer may take, the eligibility
explanation of every fast track the job admits and the timeline."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils.translation import get_language

from candidates.models import Application, ApplicationStatus, Candidate
from candidates.selectors import application_eligibility
from candidates.web.dashboard import sla_state
from candidates.web.profiles.actions import offers_for
from candidates.web.profiles.eligibility import explain_in_words
from candidates.web.profiles.forms import ApplyForm
from candidates.web.profiles.selectors import applications_of, person_named, specialty_names
from candidates.web.profiles.timeline import Timeline, application_timeline
from recruiting.models import Job
from recruiting.roles import Role, has_role
from recruiting.selectors import jobs_visible_to

EDITORS = (Role.ADMIN, Role.RECRUITER)


def open_jobs_for(user: Any, candidate: Candidate) -> Any:
    """Open jobs the user sees that the candidate has not applied to."""
    return (
        jobs_visible_to(user)
        .filter(status=Job.Status.OPEN)
        .exclude(applications__candidate=candidate)
        .select_related("unit", "location")
        .order_by("title", "id")
    )


def profile_context(
    user: Any, candidate: Candidate, *, focus: Application | None, now: datetime
) -> dict[str, Any]:
    can_edit = has_role(user, *EDITORS)
    context: dict[str, Any] = {
        "candidate": candidate,
        "applications": applications_of(user, candidate),
        "focus": focus,
        "can_edit": can_edit,
        "now": now,
    }
    if focus is None:
        jobs = open_jobs_for(user, candidate)
        if can_edit and jobs.exists():
            context["apply_form"] = ApplyForm(jobs=jobs)
        return context
    context.update(application_context(user, focus, candidate, now))
    return context


def application_context(
    user: Any, application: Application, candidate: Candidate, now: datetime
) -> dict[str, Any]:
    chinese = (get_language() or "").lower().startswith("zh")
    # The candidate as the page read it: with the facts the rules read, prefetched.
    eligibility = application_eligibility(application, now=now, candidate=candidate)
    names = specialty_names(chinese)
    tracks = [
        {
            **track,
            "rules": [
                {**rule, "words": explain_in_words(rule["explanation"], names)}
                for rule in track["rules"]
            ],
        }
        for track in eligibility["tracks"]
    ]
    reason = application.fast_track_reason or {}
    active = application.status == ApplicationStatus.ACTIVE
    timeline = application_timeline(user, application, now)
    return {
        "fast_tracks": tracks,
        "timeline": timeline,
        "offers": offers_for(user, application, fast_tracks=eligibility["tracks"]),
        "reason": reason,
        "suggestion": application.fast_track_suggestion or {},
        "overridden_by": _overrider(reason, timeline),
        "sla": sla_state(application.due_at, now) if active else "",
    }


def _overrider(reason: dict[str, Any], timeline: Timeline) -> str:
    """Who overrode the fast-track rules: the actor of the switch in the history, or
    (history written otherwise) the user the record names."""
    if reason.get("decided") != "override" or not reason.get("by_user_id"):
        return ""
    by = reason["by_user_id"]
    if by in timeline.actors:
        return timeline.actors[by]
    user = person_named(by)
    return str(user.get_full_name() or user.get_username()) if user else f"#{by}"
