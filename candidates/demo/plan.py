"""Who applies where and how each application ends, decided before anything is written.

Pure functions over the candidates and the catalogue. Times are offsets back from
"now", so the plan itself does not depend on the clock and a second run plans the same.
The stage an application ends in is a *level* (0 review … 4 offer), which maps onto
either kind of track: a fast track's business-unit assessment stands where the
standard track has its screen and written test.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import timedelta

from candidates.demo.catalogue import HIRED_ELSEWHERE, JOB_HOLD_REASON, JOBS, TRACKS, JobSpec
from candidates.demo.people import CandidatePlan, unit_for_specialty

LEVEL_OF_KIND = {
    "review": 0,
    "screen": 1,
    "bu_assessment": 1,
    "written_test": 2,
    "interview": 3,
    "offer": 4,
    "hired": 5,
}
OFFER = 4
HISTORY = timedelta(days=56)  # about eight weeks of history
OVERDUE = 7  # a handful of active applications left past their SLA
JOB_HELD = timedelta(days=5)
FALLBACKS = 3
OVERRIDES = 3

ENDING_WEIGHTS = {"active": 55, "hold": 5, "rejected": 30, "withdrawn": 8}
LEVEL_WEIGHTS = {
    "active": (30, 22, 18, 18, 12),
    "hold": (10, 25, 25, 25, 15),
    "rejected": (35, 25, 20, 15, 5),
    "withdrawn": (15, 25, 20, 25, 15),
}


@dataclass(frozen=True)
class ApplicationPlan:
    email: str
    job: str
    level: int  # where it ends, 0 (review) to 4 (offer)
    ending: str  # active, hold, rejected, withdrawn or hired
    created_ago: timedelta
    entered_ago: timedelta  # when it entered the stage it ends in
    ended_ago: timedelta  # when the ending happened; = entered_ago while active
    spacing: tuple[float, ...]  # relative gaps between the moves
    pick: float  # chooses reasons, so they vary but stay reproducible
    rejection: str | None = None  # a rejection reason the story forces (position filled)
    reason: str | None = None  # a hold or withdrawal reason the story forces
    switch_at: str = "screen"  # where a recruiter would accept a fast-track suggestion
    accept_suggestion: bool = False
    override: bool = False  # an admin puts it on the top-paper track despite the rules
    fallback: bool = False  # a fast-track assessment sends it back to the standard track


def _sla_bounds() -> tuple[dict[int, timedelta], dict[int, timedelta]]:
    """The shortest and longest SLA of any stage at each level, over every track."""
    shortest: dict[int, timedelta] = {}
    longest: dict[int, timedelta] = {}
    for track in TRACKS:
        for stage in track.stages:
            if stage.sla_hours is None:
                continue
            level, sla = LEVEL_OF_KIND[stage.kind], timedelta(hours=stage.sla_hours)
            shortest[level] = min(shortest.get(level, sla), sla)
            longest[level] = max(longest.get(level, sla), sla)
    return shortest, longest


SHORTEST_SLA, LONGEST_SLA = _sla_bounds()


def plan_applications(rng: random.Random, people: list[CandidatePlan]) -> list[ApplicationPlan]:
    """About 1.65 applications for four candidates in five, then hires, holds, overdues."""
    jobs = [job for job in JOBS if job.status != "draft"]
    plans = [
        _application(rng, person, job)
        for person in people
        if rng.random() < 0.8
        for job in _jobs_for(rng, person, jobs)
    ]
    plans = _plan_hires(rng, plans)
    plans = _hold_jobs_on_hold(rng, plans)
    plans = _pick_overdue(rng, plans)
    plans = _pick_special_routes(rng, plans, people)
    return plans


def _jobs_for(rng: random.Random, person: CandidatePlan, jobs: list[JobSpec]) -> list[JobSpec]:
    count = rng.choices([1, 2, 3], weights=[45, 45, 10])[0]
    chosen: list[JobSpec] = []
    if person.referrer is not None:
        # A referral is for a job in the referrer's unit.
        own = [j for j in jobs if j.unit == unit_for_specialty(person.primary)]
        chosen.append(rng.choice(own))
    while len(chosen) < count:
        weights = [_affinity(person, job) if job not in chosen else 0 for job in jobs]
        chosen.append(rng.choices(jobs, weights=weights)[0])
    return chosen


def _affinity(person: CandidatePlan, job: JobSpec) -> float:
    weight = (
        12 if job.specialty == person.primary else 5 if job.specialty in person.specialties else 1
    )
    # A job put on hold was paused early in the drive: fewer people found it.
    return weight * 0.25 if job.status == "on_hold" else weight


def _application(rng: random.Random, person: CandidatePlan, job: JobSpec) -> ApplicationPlan:
    ending = rng.choices(list(ENDING_WEIGHTS), weights=list(ENDING_WEIGHTS.values()))[0]
    level = rng.choices(range(5), weights=LEVEL_WEIGHTS[ending])[0]
    plan = ApplicationPlan(
        email=person.email,
        job=job.title,
        level=level,
        ending=ending,
        created_ago=timedelta(0),
        entered_ago=timedelta(0),
        ended_ago=timedelta(0),
        spacing=tuple(rng.uniform(0.5, 1.5) for _ in range(8)),
        pick=rng.random(),
        switch_at=rng.choice(["screen", "written_test"]),
        accept_suggestion=rng.random() < 0.5,
    )
    return _timed(rng, plan)


def _lead_time(rng: random.Random, level: int) -> timedelta:
    """From applying to entering the stage at `level`: a few days per stage."""
    return sum((timedelta(days=rng.uniform(1.2, 3.5)) for _ in range(level)), timedelta(0))


def _timed(rng: random.Random, plan: ApplicationPlan, *, overdue: bool = False) -> ApplicationPlan:
    lead = _lead_time(rng, plan.level)
    if plan.ending == "active":
        if overdue:
            entered = LONGEST_SLA[plan.level] * rng.uniform(1.3, 3.0)
        else:
            # Well inside the SLA: moving times into office hours may add five hours.
            entered = SHORTEST_SLA[plan.level] * rng.uniform(0.05, 0.65)
        return replace(plan, created_ago=entered + lead, entered_ago=entered, ended_ago=entered)
    dwell = SHORTEST_SLA[plan.level] * rng.uniform(0.1, 0.9)
    latest = HISTORY - lead - dwell
    ended = rng.uniform(3 / 24, max(latest / timedelta(days=1), 3 / 24))
    ended_ago = timedelta(days=ended)
    return replace(
        plan,
        created_ago=ended_ago + dwell + lead,
        entered_ago=ended_ago + dwell,
        ended_ago=ended_ago,
    )


def _plan_hires(rng: random.Random, plans: list[ApplicationPlan]) -> list[ApplicationPlan]:
    """A few hires per open job, never more than its headcount nor twice the same person.

    A full job rejects its other applicants; a hired person withdraws elsewhere.
    """
    by_job: dict[str, list[int]] = defaultdict(list)
    for index, plan in enumerate(plans):
        by_job[plan.job].append(index)
    hired: dict[str, timedelta] = {}  # email → when
    for job in JOBS:
        pool = [i for i in by_job[job.title] if plans[i].email not in hired]
        if job.status != "open" or not pool:
            continue
        wanted = 1 if job.headcount == 1 else min(job.headcount - 1, rng.choice((0, 1, 2)))
        chosen = rng.sample(pool, min(wanted, len(pool)))
        for index in chosen:
            plans[index] = _timed(rng, replace(plans[index], ending="hired", level=OFFER))
            hired[plans[index].email] = plans[index].ended_ago
        if chosen and len(chosen) == job.headcount:
            last_hire = min(plans[i].ended_ago for i in chosen)
            for index in set(by_job[job.title]) - set(chosen):
                plans[index] = _closed(rng, plans[index], last_hire, "rejected")
    for index, plan in enumerate(plans):
        if plan.email in hired and plan.ending != "hired":
            plans[index] = _closed(rng, plan, hired[plan.email], "withdrawn")
    return plans


def _closed(
    rng: random.Random, plan: ApplicationPlan, hire: timedelta, ending: str
) -> ApplicationPlan:
    """An open application closed after a hire: "position filled", or hired elsewhere.

    It happens after the later of the hire and the application's own last move.
    """
    if plan.ending not in ("active", "hold"):
        return plan
    since = min(plan.entered_ago, hire)
    return replace(
        plan,
        ending=ending,
        rejection="position-filled" if ending == "rejected" else None,
        reason=HIRED_ELSEWHERE if ending == "withdrawn" else None,
        ended_ago=since * rng.uniform(0.2, 0.8),
    )


def _hold_jobs_on_hold(rng: random.Random, plans: list[ApplicationPlan]) -> list[ApplicationPlan]:
    """A job put on hold (about five days ago) pauses its active applications too."""
    held = {job.title for job in JOBS if job.status == "on_hold"}
    return [
        replace(
            plan,
            ending="hold",
            reason=JOB_HOLD_REASON,
            ended_ago=min(plan.entered_ago, JOB_HELD) * rng.uniform(0.9, 0.99),
        )
        if plan.job in held and plan.ending == "active"
        else plan
        for plan in plans
    ]


def _pick_overdue(rng: random.Random, plans: list[ApplicationPlan]) -> list[ApplicationPlan]:
    active = [index for index, plan in enumerate(plans) if plan.ending == "active"]
    for index in rng.sample(active, min(OVERDUE, len(active))):
        plans[index] = _timed(rng, plans[index], overdue=True)
    return plans


def _pick_special_routes(
    rng: random.Random, plans: list[ApplicationPlan], people: list[CandidatePlan]
) -> list[ApplicationPlan]:
    """Mark a few for a fast-track fallback and a few for an admin's override.

    Whether they apply depends on the track the rules route each one to, which the
    history player sees; these are intentions, cheap to have on more than needed.
    """
    near_miss = {p.email for p in people if _near_miss(p)}
    deep = [i for i, p in enumerate(plans) if p.level >= 2 and p.ending != "hired"]
    for index in rng.sample(deep, min(len(deep), 40)):
        plans[index] = replace(plans[index], fallback=True)
    candidates = [i for i, p in enumerate(plans) if p.email in near_miss and p.level >= 2]
    for index in rng.sample(candidates, min(len(candidates), 3 * OVERRIDES)):
        plans[index] = replace(plans[index], override=True)
    return plans


def _near_miss(person: CandidatePlan) -> bool:
    """Strong credentials the rules do not count: a strong-tier paper, a national award."""
    return any(p.tier == "strong" for p in person.publications) or any(
        a.level == "national" for a in person.awards
    )


def candidate_ages(
    rng: random.Random, people: list[CandidatePlan], plans: list[ApplicationPlan]
) -> dict[str, timedelta]:
    """When each person entered the system: shortly before their first application."""
    first: dict[str, timedelta] = {}
    for plan in plans:
        first[plan.email] = max(first.get(plan.email, timedelta(0)), plan.created_ago)
    return {
        person.email: first[person.email] + timedelta(hours=rng.uniform(0.5, 48))
        if person.email in first
        else timedelta(days=rng.uniform(1, HISTORY.days))
        for person in people
    }
