"""Reads of assessments, scoped to the user and redacted for assessors.

The payloads the API (and the pages) show of an assessment are built here and nowhere
else, so redaction has one owner: an assessor never gets contact details, salary
expectations or links; an anonymised stage hides name, school and employer from them;
and until they submit their own scorecard they see neither the others' scores nor the
aggregate."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from candidates.models import Assessment, Assignment, Candidate, Score
from recruiting.clock import iso
from recruiting.roles import Role, has_role, sees_all_units
from recruiting.selectors import led_unit_ids


def assessments_visible_to(user: Any, *, mine: bool = False) -> QuerySet[Assessment]:
    """The assessments the user may see (`Assessment.objects.visible_to`), with what the
    inbox and the detail read: the application, candidate, job and stage, and the
    user's own seats as `my_seats`."""
    return (
        Assessment.objects.visible_to(user, mine=mine)
        .select_related("application__candidate", "application__job", "stage")
        .prefetch_related(
            Prefetch(
                "seats",
                queryset=Assignment.objects.filter(assessor=user).order_by("id"),
                to_attr="my_seats",
            )
        )
    )


def may_see_panel(user: Any, assessment: Assessment) -> bool:
    """Blind scoring: an assessor sees the others' scores and the aggregate only
    after submitting their own; leads, recruiters and admins always do."""
    if sees_all_units(user) or assessment.application.job.unit_id in led_unit_ids(user):
        return True
    seats = getattr(assessment, "my_seats", None)
    if seats is None:
        seats = list(assessment.seats.filter(assessor=user))
    return any(s.status == Assignment.Status.SUBMITTED for s in seats)


def sees_contact_details(user: Any, assessment: Assessment) -> bool:
    """Assessors never see contact details, salary expectations or competing offers."""
    return has_role(user, Role.ADMIN, Role.RECRUITER) or (
        assessment.application.job.unit_id in led_unit_ids(user)
    )


def panel_scores(assessment: Assessment) -> list[Score]:
    return list(
        Score.objects.filter(seat__assessment=assessment, is_submitted=True)
        .select_related("seat__assessor")
        .prefetch_related("ratings")
        .order_by("seat__assessor_id", "revision")
    )


REC_LABELS = {1: "strong no", 2: "no", 3: "yes", 4: "strong yes"}


_when = iso


def candidate_packet(candidate: Candidate, *, contact: bool, anonymize: bool) -> dict[str, Any]:
    """What the viewer may know of the candidate. Assessors never get contact details,
    salary expectations or competing offers; an anonymised stage hides who they are."""
    packet: dict[str, Any] = {
        "id": candidate.pk,
        "full_name": f"Candidate {candidate.pk}" if anonymize else candidate.full_name,
        "education": candidate.education,
        "years_experience": str(candidate.years_experience),
        "specialties": [s.slug for s in candidate.specialties.all()],
        "publications": [
            {"title": p.title, "venue": p.venue, "year": p.year, "tier": p.tier}
            for p in candidate.publications.all()
        ],
        "awards": [
            {"name": a.name, "level": a.level, "year": a.year} for a in candidate.awards.all()
        ],
        "anonymized": anonymize,
    }
    if not anonymize:
        packet["school"] = candidate.school
        packet["current_employer"] = candidate.current_employer
    if contact:
        packet.update(
            email=candidate.email,
            phone=candidate.phone,
            salary_expectation=candidate.salary_expectation,
            links=candidate.links,
        )
    return packet


def score_data(score: Score) -> dict[str, Any]:
    return {
        "revision": score.revision,
        "submitted": score.is_submitted,
        "submitted_at": _when(score.submitted_at),
        "recommendation": score.recommendation,
        "recommendation_label": REC_LABELS.get(score.recommendation or 0),
        "weighted": str(score.weighted) if score.weighted is not None else None,
        "notes": score.notes,
        "amend_reason": score.amend_reason,
        "ratings": [
            {"criterion": r.criterion_id, "value": r.value, "note": r.note}
            for r in score.ratings.all()
        ],
    }


def assessment_summary(assessment: Assessment, user: Any, now: datetime) -> dict[str, Any]:
    """The inbox row: no panel data unless the viewer may see it."""
    application = assessment.application
    stage = assessment.stage
    seats = getattr(assessment, "my_seats", [])
    seat = next((s for s in seats if s.status in ("assigned", "submitted")), None)
    visible = may_see_panel(user, assessment)
    return {
        "id": assessment.pk,
        "status": assessment.status,
        "due_at": _when(assessment.due_at),
        "overdue": assessment.is_overdue(now),
        "understaffed": assessment.understaffed,
        "stage": {"id": stage.pk, "name": stage.name, "kind": stage.kind},
        "application": application.pk,
        "job": {"id": application.job_id, "title": application.job.title},
        "candidate": {
            "id": application.candidate_id,
            "full_name": f"Candidate {application.candidate_id}"
            if stage.anonymize and not sees_contact_details(user, assessment)
            else application.candidate.full_name,
        },
        "my_seat": seat.status if seat else None,
        "result": assessment.result if visible else None,
    }


def assessment_detail(assessment: Assessment, user: Any) -> dict[str, Any]:
    """The packet, the scorecard and what the viewer may see of the panel."""
    now = timezone.now()
    data = assessment_summary(assessment, user, now)
    stage = assessment.stage
    contact = sees_contact_details(user, assessment)
    candidate = Candidate.objects.prefetch_related("specialties", "publications", "awards").get(
        pk=assessment.application.candidate_id
    )
    data["candidate"] = candidate_packet(
        candidate, contact=contact, anonymize=stage.anonymize and not contact
    )
    data["scorecard"] = (
        {
            "id": stage.scorecard_id,
            "scale": REC_LABELS,
            "criteria": [
                {"id": c.pk, "name": c.name, "description": c.description, "weight": str(c.weight)}
                for c in stage.scorecard.criteria.all()
            ],
        }
        if stage.scorecard
        else None
    )
    data["settings"] = {
        "panel_size": stage.panel_size,
        "quorum": stage.quorum,
        "pass_threshold": str(stage.pass_threshold),
        "fail_threshold": str(stage.fail_threshold),
        "auto_advance": stage.auto_advance,
        "pass_mark": stage.pass_mark,
    }
    my_scores = Score.objects.filter(
        seat__assessment=assessment, seat__assessor=user
    ).prefetch_related("ratings")
    data["my_scores"] = [score_data(s) for s in my_scores.order_by("revision")]
    if may_see_panel(user, assessment):
        data["panel"] = [
            {
                "assessor": {"id": s.seat.assessor_id, "username": s.seat.assessor.get_username()},
                "seat_status": s.seat.status,
                **score_data(s),
            }
            for s in panel_scores(assessment)
        ]
        data["seats"] = [
            {"assessor": seat.assessor_id, "status": seat.status, "reason": seat.reason}
            for seat in assessment.seats.order_by("id")
        ]
        data["aggregate"] = assessment.aggregate
        data["proposal"] = assessment.proposal or None
        data["written_score"] = assessment.written_score
    return data
