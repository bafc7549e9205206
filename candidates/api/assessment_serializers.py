"""Assessment input and output. Output is built per viewer: assessors get a redacted
packet, and the panel's scores only once they have submitted their own."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from rest_framework import serializers

from candidates.assessments.scoring import ScoreInput
from candidates.assessments.selectors import may_see_panel, panel_scores, sees_contact_details
from candidates.models import Assessment, Candidate, Score

REC_LABELS = {1: "strong no", 2: "no", 3: "yes", 4: "strong yes"}


class RatingInput(serializers.Serializer[Any]):
    criterion = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    value = serializers.IntegerField(min_value=1, max_value=4)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class ScoreInputSerializer(serializers.Serializer[Any]):
    ratings = RatingInput(many=True, max_length=50)  # type: ignore[call-arg]
    recommendation = serializers.IntegerField(
        min_value=1, max_value=4, required=False, allow_null=True, default=None
    )
    notes = serializers.CharField(max_length=10_000, required=False, allow_blank=True, default="")

    def validate_ratings(self, ratings: list[dict[str, Any]]) -> list[dict[str, Any]]:
        ids = [r["criterion"] for r in ratings]
        if len(ids) != len(set(ids)):
            raise serializers.ValidationError("Rate each criterion once.")
        return ratings

    def to_input(self) -> ScoreInput:
        data = self.validated_data
        return ScoreInput(
            ratings={r["criterion"]: (r["value"], r["note"]) for r in data["ratings"]},
            recommendation=data.get("recommendation"),
            notes=data.get("notes", ""),
        )


class AmendInputSerializer(ScoreInputSerializer):
    reason = serializers.CharField(max_length=2000)


class DeclineInputSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=2000)


class ReassignInputSerializer(serializers.Serializer[Any]):
    remove = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    add = serializers.IntegerField(
        min_value=1, max_value=2**63 - 1, required=False, allow_null=True
    )
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class WrittenScoreInputSerializer(serializers.Serializer[Any]):
    score = serializers.IntegerField(min_value=0, max_value=100)


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
        "submitted_at": score.submitted_at.isoformat() if score.submitted_at else None,
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


def assessment_summary(assessment: Assessment, user: Any, now: Any) -> dict[str, Any]:
    """The inbox row: no panel data unless the viewer may see it."""
    application = assessment.application
    stage = assessment.stage
    seats = getattr(assessment, "my_seats", [])
    seat = next((s for s in seats if s.status in ("assigned", "submitted")), None)
    visible = may_see_panel(user, assessment)
    return {
        "id": assessment.pk,
        "status": assessment.status,
        "due_at": assessment.due_at.isoformat() if assessment.due_at else None,
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
