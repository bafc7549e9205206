"""What a unit lead's panel view reads: each assessment with its seats, the members who
could take a seat, the aggregate and the decisions the viewer may take on it.

Reads only; the reassignment and the decisions are the services'. The candidate's
name comes from `assessment_summary`, which hides it where the stage is anonymised
and the viewer may not see it (a viewer, say)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import F, Prefetch, Q, QuerySet
from django.utils import timezone

from candidates.assessments.panel import PoolMember, choose_panel, load_pool
from candidates.assessments.selectors import assessment_summary, assessments_visible_to
from candidates.models import ApplicationStatus, Assessment, Assignment
from candidates.pipeline.table import Action, refusal_for_role, refusal_for_status
from candidates.web.assessments.selectors import (
    deadline_state,
    is_placeholder_name,
    people_names,
)
from recruiting.models import BusinessUnit, RejectionReason
from recruiting.roles import Role, sees_all_units, user_roles
from recruiting.selectors import led_unit_ids

PAGE_SIZE = 20
OPEN, DECIDE = "open", "decide"

# What a decided panel leads to, by its result: the lead confirms the proposal or
# takes the other road the result allows (a "discuss" may go either way).
CHOICES = {
    Assessment.Result.PASS: ("advance",),
    Assessment.Result.DISCUSS: ("advance", "reject", "fallback"),
    Assessment.Result.FAIL: ("reject", "fallback"),
}
ACTIONS = {"advance": Action.ADVANCE, "reject": Action.REJECT, "fallback": Action.FALLBACK}


@dataclass(frozen=True)
class Seat:
    assessor_id: int
    name: str
    status: str
    reason: str
    submitted_at: datetime | None
    weighted: float | None


@dataclass(frozen=True)
class Member:
    user_id: int
    name: str
    open_load: int
    capacity: int
    matches_specialty: bool


@dataclass
class PanelCard:
    assessment: Assessment
    candidate_name: str
    anonymized: bool
    sla: str
    seats: list[Seat]
    seated: int
    panel_size: int
    aggregate: dict[str, Any] | None
    at_stage: bool
    can_reassign: bool
    eligible: list[Member] = field(default_factory=list)
    decisions: list[str] = field(default_factory=list)

    @property
    def open_seats(self) -> list[Seat]:
        return [s for s in self.seats if s.status == Assignment.Status.ASSIGNED]


def overseen(user: Any) -> QuerySet[Assessment]:
    """The assessments a lead oversees (their units'; every unit's for the roles that
    see all), with what a card reads."""
    scope = assessments_visible_to(user)
    if not sees_all_units(user):
        scope = scope.filter(application__job__unit_id__in=led_unit_ids(user))
    return scope.select_related(
        "application__track", "application__stage", "application__job__unit", "stage__scorecard"
    ).prefetch_related(
        Prefetch(
            "seats",
            queryset=Assignment.objects.select_related("assessor").order_by("id"),
            to_attr="all_seats",
        )
    )


AT_STAGE = Q(application__stage_id=F("stage_id"), application__status=ApplicationStatus.ACTIVE)


def open_panels(scope: QuerySet[Assessment]) -> QuerySet[Assessment]:
    """Pending panels (those with seats), short-staffed first, then soonest due."""
    return scope.filter(status=Assessment.Status.PENDING, stage__scorecard__isnull=False).order_by(
        "-understaffed", "due_at", "id"
    )


def panels_to_decide(scope: QuerySet[Assessment]) -> QuerySet[Assessment]:
    """Decided assessments whose application still waits at the stage for a person:
    a proposal to confirm, or a "discuss"; the longest waiting first."""
    waiting = Q(result=Assessment.Result.DISCUSS) | ~Q(proposal="")
    return (
        scope.filter(AT_STAGE, status=Assessment.Status.DECIDED)
        .filter(waiting)
        .order_by("decided_at", "id")
    )


def report_units(user: Any) -> list[BusinessUnit]:
    """The units the viewer's panel view can narrow to."""
    units = BusinessUnit.objects.order_by("name")
    if not sees_all_units(user):
        units = units.filter(pk__in=led_unit_ids(user))
    return list(units)


def _may_reassign(user: Any, assessment: Assessment) -> bool:
    return Role.ADMIN in user_roles(user) or (
        assessment.application.job.unit_id in led_unit_ids(user)
    )


def _decisions(user: Any, assessment: Assessment, at_stage: bool) -> list[str]:
    """The decisions the viewer may take on a decided panel, as the engine would allow."""
    if assessment.status != Assessment.Status.DECIDED or not at_stage:
        return []
    application, stage = assessment.application, assessment.stage
    track = application.track
    roles = user_roles(user)
    allowed = []
    for choice in CHOICES.get(assessment.result, ()):  # type: ignore[call-overload]
        if choice == "fallback" and not (
            track.fallback_track_id and track.fallback_stage_kind and stage.kind == "bu_assessment"
        ):
            continue
        action = ACTIONS[choice]
        if refusal_for_role(action, roles, stage.movers) or refusal_for_status(
            action, application.status
        ):
            continue
        allowed.append(choice)
    return allowed


def _eligible(
    pool: list[PoolMember], assessment: Assessment, names: dict[int, str]
) -> list[Member]:
    """Who may take a seat, best first, as the service would choose: not on the panel
    (now or before), under capacity, with no conflict of interest."""
    application = assessment.application
    candidate = application.candidate
    taken = frozenset(s.assessor_id for s in assessment.all_seats)  # type: ignore[attr-defined]
    chosen = choose_panel(
        pool,
        size=len(pool),
        specialty_id=application.job.specialty_id,
        referrer_id=candidate.referred_by_id,
        employer=candidate.current_employer,
        exclude=taken,
    )
    by_id = {m.user_id: m for m in pool}
    return [
        Member(
            user_id=pk,
            name=names.get(pk, str(pk)),
            open_load=by_id[pk].open_load,
            capacity=by_id[pk].capacity,
            matches_specialty=application.job.specialty_id in by_id[pk].specialties,
        )
        for pk in chosen
    ]


def panel_cards(user: Any, assessments: list[Assessment]) -> list[PanelCard]:
    """The cards of these assessments (read through `overseen`), with the unit pools
    read once per unit on the page, not once per panel."""
    now = timezone.now()
    cards = []
    for assessment in assessments:
        application = assessment.application
        summary = assessment_summary(assessment, user, now)
        at_stage = (
            application.stage_id == assessment.stage_id
            and application.status == ApplicationStatus.ACTIVE
        )
        aggregate = assessment.aggregate if isinstance(assessment.aggregate, dict) else None
        scores = {s["assessor_id"]: s["weighted"] for s in (aggregate or {}).get("scores", [])}
        seats = [
            Seat(
                assessor_id=seat.assessor_id,
                name=seat.assessor.get_full_name() or seat.assessor.get_username(),
                status=seat.status,
                reason=seat.reason,
                submitted_at=seat.submitted_at,
                weighted=scores.get(seat.assessor_id),
            )
            for seat in assessment.all_seats  # type: ignore[attr-defined]
        ]
        # Who sits now first; those who left (declined, removed) after them.
        seats.sort(key=lambda seat: seat.status not in Assignment.ACTIVE)
        cards.append(
            PanelCard(
                assessment=assessment,
                candidate_name=summary["candidate"]["full_name"],
                anonymized=is_placeholder_name(summary["candidate"]),
                sla=deadline_state(assessment, summary, now),
                seats=seats,
                seated=sum(1 for s in seats if s.status in Assignment.ACTIVE),
                panel_size=assessment.stage.panel_size,
                aggregate=aggregate,
                at_stage=at_stage,
                can_reassign=assessment.status == Assessment.Status.PENDING
                and at_stage
                and _may_reassign(user, assessment),
                decisions=_decisions(user, assessment, at_stage),
            )
        )
    _add_eligible(cards)
    return cards


def _add_eligible(cards: list[PanelCard]) -> None:
    units = {c.assessment.application.job.unit_id for c in cards if c.can_reassign}
    pools = {unit_id: load_pool(unit_id, lock=False) for unit_id in sorted(units)}
    names = people_names(m.user_id for pool in pools.values() for m in pool)
    for card in cards:
        if card.can_reassign:
            pool = pools[card.assessment.application.job.unit_id]
            card.eligible = _eligible(pool, card.assessment, names)


def rejection_reasons(cards: list[PanelCard]) -> list[RejectionReason]:
    """The configured reasons, when some card offers a rejection."""
    if not any("reject" in c.decisions for c in cards):
        return []
    return list(RejectionReason.objects.filter(is_active=True))


def panel_card(user: Any, pk: int) -> PanelCard | None:
    """One card, when the assessment is among those the user oversees."""
    found = list(overseen(user).filter(pk=pk))
    return panel_cards(user, found)[0] if found else None
