"""Choosing a panel: same unit, matching specialty first, fewest open assessments,
under capacity, never someone with a conflict of interest."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count

from candidates.models import Application, Assignment
from recruiting.models import Membership


@dataclass(frozen=True)
class PoolMember:
    user_id: int
    specialties: frozenset[int]
    open_load: int
    capacity: int
    past_employers: frozenset[str]


def conflicts(member: PoolMember, *, referrer_id: int | None, employer: str) -> str | None:
    """Why this member may not assess this candidate, or None."""
    if referrer_id is not None and member.user_id == referrer_id:
        return "referred the candidate"
    if employer and employer.strip().casefold() in member.past_employers:
        return "worked at the candidate's current employer"
    return None


def choose_panel(
    pool: list[PoolMember],
    *,
    size: int,
    specialty_id: int,
    referrer_id: int | None,
    employer: str,
    exclude: frozenset[int] = frozenset(),
) -> list[int]:
    """User ids of up to `size` assessors, best first; fewer when the pool runs short."""
    eligible = [
        m
        for m in pool
        if m.user_id not in exclude
        and m.open_load < m.capacity
        and conflicts(m, referrer_id=referrer_id, employer=employer) is None
    ]
    eligible.sort(key=lambda m: (specialty_id not in m.specialties, m.open_load, m.user_id))
    return [m.user_id for m in eligible[:size]]


def load_pool(unit_id: int, *, lock: bool) -> list[PoolMember]:
    """The unit's active members with their open load. Locking the membership rows
    serialises panel assignment per unit, so two panels formed at once cannot both
    take an assessor's last free slot."""
    memberships = Membership.objects.filter(unit_id=unit_id, is_active=True)
    if lock:
        list(memberships.select_for_update().values_list("pk", flat=True))
    open_load = dict(
        Assignment.objects.filter(
            assessor_id__in=memberships.values("user_id"),
            status=Assignment.Status.ASSIGNED,
            assessment__status="pending",
        )
        .values_list("assessor_id")
        .annotate(n=Count("id"))
        .values_list("assessor_id", "n")
    )
    specialties: dict[int, set[int]] = {}
    for membership_id, specialty_id in Membership.specialties.through.objects.filter(
        membership__unit_id=unit_id
    ).values_list("membership_id", "specialty_id"):
        specialties.setdefault(membership_id, set()).add(specialty_id)
    return [
        PoolMember(
            user_id=m.user_id,
            specialties=frozenset(specialties.get(m.pk, ())),
            open_load=open_load.get(m.user_id, 0),
            capacity=m.weekly_capacity,
            past_employers=frozenset(str(e).strip().casefold() for e in m.past_employers),
        )
        for m in memberships.order_by("user_id")
    ]


def panel_for(
    application: Application, *, size: int, exclude: frozenset[int] = frozenset()
) -> list[int]:
    candidate = application.candidate
    return choose_panel(
        load_pool(application.job.unit_id, lock=True),
        size=size,
        specialty_id=application.job.specialty_id,
        referrer_id=candidate.referred_by_id,
        employer=candidate.current_employer,
        exclude=exclude,
    )
