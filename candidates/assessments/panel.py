"""Choosing a panel: same unit, matching specialty first, fewest open assessments,
under capacity, never someone with a conflict of interest."""

from __future__ import annotations

from dataclasses import dataclass

from candidates.assessments.loads import open_seats
from candidates.models import Application
from recruiting.models import Membership

# A member of the job's specialty goes first only while holding at most this many open
# seats more than the least loaded eligible member; past that, load alone decides.
# Without it, under a generous capacity, the specialists of a busy specialty took every
# panel (1,355 open seats each while others held none).
SPECIALTY_HEADSTART = 5


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
    if not eligible:
        return []
    lightest = min(m.open_load for m in eligible)

    def rank(m: PoolMember) -> tuple[bool, int, int]:
        ahead = specialty_id in m.specialties and m.open_load <= lightest + SPECIALTY_HEADSTART
        return (not ahead, m.open_load, m.user_id)

    return [m.user_id for m in sorted(eligible, key=rank)[:size]]


def load_pool(unit_id: int, *, lock: bool) -> list[PoolMember]:
    """The unit's active members with their open load. Locking the membership rows
    serialises panel assignment per unit, so two panels formed at once cannot both
    take an assessor's last free slot."""
    memberships = Membership.objects.filter(unit_id=unit_id, is_active=True)
    if lock:
        list(memberships.select_for_update().values_list("pk", flat=True))
    members = list(memberships.order_by("user_id"))
    # The kept counts, not a count of the seats: that grew with every panel seated.
    open_load = open_seats(m.user_id for m in members)
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
        for m in members
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
