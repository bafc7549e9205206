"""The bench dataset: 50,000 candidates applying to 2 of 12 jobs each (100,000 applications).

Built with COPY, not through the services, but consistent: every application sits at a
stage of its track version, with a due time from the stage's SLA, a version that
counts its moves, a rejection reason when rejected, a fast-track reason (or a
suggestion) recorded as the router records it, and a `created` Transition.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from candidates.models import Application, Award, Candidate, Publication, Transition
from recruiting.models import Drive, Job, Stage
from recruiting.rules import compile_rule
from tests.bench import organisation as org
from tests.bench.copying import copy_instances, with_ids
from tests.bench.rule_set import OTHER_VENUES, STRONG_VENUES, TOP_SCHOOLS, TOP_VENUES

# Bump when the generator changes: an older dataset is then dropped and rebuilt.
VERSION = 2
MARKER = f"Bench dataset v{VERSION}"
CANDIDATES = 50_000
APPLICATIONS_EACH = 2
BASE_DOMAIN = "base.bench"
SHOWCASE_EMAIL = f"showcase@{BASE_DOMAIN}"
SEED = 20260401

SURNAMES = "Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Lin Gao Luo"
GIVEN = "Wei Fang Na Min Jing Lei Yang Jun Yong Yan Jie Tao Ming Chao Xiu Xia Hui Qiang Ping Yu"
SCHOOLS = [*TOP_SCHOOLS, "Fudan University", "Shanghai Jiao Tong University", "Nanjing University"]
EMPLOYERS = "Baidu Alibaba Tencent ByteDance Huawei SenseTime Megvii iFlytek Meituan NetEase DiDi"
AWARDS = (
    ("ICPC World Finals medal", "international"),
    ("Kaggle Grandmaster", "international"),
    ("China Collegiate Programming Contest gold", "national"),
    ("Provincial AI Challenge first prize", "regional"),
    ("Best intern award", "internal"),
)
# status: weight
STATUSES = {"active": 62, "on_hold": 4, "rejected": 24, "withdrawn": 7, "hired": 3}
# Weights of the stages before `hired`: most applications are early in the pipeline.
STAGE_WEIGHTS = (40, 25, 15, 12, 8)


@dataclass(frozen=True)
class Counts:
    candidates: int
    applications: int
    transitions: int


def is_current() -> bool:
    return Drive.objects.filter(name=MARKER).exists()


def is_empty() -> bool:
    return not Application.objects.exists() and not Job.objects.exists()


def build() -> Counts:
    """Everything, in one transaction: an interrupted build leaves no half dataset."""
    rng = random.Random(SEED)
    now = timezone.now()
    with transaction.atomic():
        org.create_organisation()
        world = org.load_organisation()
        candidates = _candidates(rng, world, now)
        _facts(rng, world, candidates, now)
        applications = _applications(rng, world, candidates, now)
        transitions = created_transitions(world, applications)
        Drive.objects.create(name=MARKER, starts_on=now.date(), channels=["bench"])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return Counts(len(candidates), len(applications), transitions)


def _name(rng: random.Random) -> str:
    return f"{rng.choice(SURNAMES.split())} {rng.choice(GIVEN.split())}{rng.choice(GIVEN.split())}"


def new_candidate(
    rng: random.Random, world: org.Organisation, email: str, now: datetime
) -> Candidate:
    created = now - timedelta(days=rng.uniform(0, 400))
    source = rng.choices(
        ["careers_site", "referral", "drive", "social", "headhunter", "campus", "other"],
        [30, 15, 20, 10, 10, 10, 5],
    )[0]
    referred = source == "referral" and rng.random() < 0.5
    return Candidate(
        full_name=_name(rng),
        email=email,
        email_normalized=email.casefold(),
        phone="",
        phone_normalized=None,
        current_employer=rng.choice([*EMPLOYERS.split(), ""]),
        school=rng.choice(SCHOOLS),
        education=rng.choices(["bachelor", "master", "phd"], [45, 40, 15])[0],
        years_experience=Decimal(rng.randint(0, 150)) / 10,
        source=source,
        referred_by_id=rng.choice(world.unit_members) if referred else None,
        salary_expectation=rng.randrange(15_000, 80_000, 500),
        links=[f"https://github.com/{email.split('@')[0]}"],
        consent_given_at=created,
        retain_until=(created + timedelta(days=730)).date(),
        created_by_id=world.recruiter.pk,
        created_at=created,
        updated_at=created,
    )


def _candidates(rng: random.Random, world: org.Organisation, now: datetime) -> list[Candidate]:
    emails = [SHOWCASE_EMAIL] + [f"cand{n:05d}@{BASE_DOMAIN}" for n in range(1, CANDIDATES)]
    candidates = [new_candidate(rng, world, email, now) for email in emails]
    showcase = candidates[0]
    showcase.education, showcase.years_experience, showcase.source = "phd", Decimal(6), "referral"
    showcase.referred_by_id = world.unit_members[0]
    copy_instances(with_ids(candidates))
    return candidates


def _facts(
    rng: random.Random, world: org.Organisation, candidates: list[Candidate], now: datetime
) -> None:
    """Specialties, publications and awards: what fast-track rules read."""
    slugs = list(world.specialties)
    links, papers, awards = [], [], []
    for index, candidate in enumerate(candidates):
        showcase = index == 0
        chosen = slugs[:3] if showcase else rng.sample(slugs, rng.choice([1, 1, 2]))
        links += [
            Candidate.specialties.through(
                candidate_id=candidate.pk, specialty_id=world.specialties[s].pk
            )
            for s in chosen
        ]
        n_papers = 7 if showcase else (rng.randint(1, 5) if rng.random() < 0.3 else 0)
        papers += [_paper(rng, world, candidate, now, n) for n in range(n_papers)]
        n_awards = 3 if showcase else (rng.randint(1, 2) if rng.random() < 0.12 else 0)
        awards += [_award(rng, candidate, now) for _ in range(n_awards)]
    copy_instances(with_ids(links))
    copy_instances(with_ids(papers))
    copy_instances(with_ids(awards))


def _paper(
    rng: random.Random, world: org.Organisation, candidate: Candidate, now: datetime, n: int
) -> Publication:
    tier = rng.choices(["top", "strong", "other"], [30, 35, 35])[0]
    venues = {"top": TOP_VENUES, "strong": STRONG_VENUES, "other": OTHER_VENUES}[tier]
    specialty = rng.choice([*world.specialties.values(), None])
    return Publication(
        candidate_id=candidate.pk,
        title=f"Paper {n + 1} of {candidate.full_name}",
        venue=rng.choice(venues),
        year=now.year - rng.randint(0, 8),
        tier=tier,
        specialty_id=specialty.pk if specialty else None,
        created_at=candidate.created_at,
        updated_at=candidate.created_at,
    )


def _award(rng: random.Random, candidate: Candidate, now: datetime) -> Award:
    name, level = rng.choice(AWARDS)
    return Award(
        candidate_id=candidate.pk,
        name=name,
        level=level,
        year=now.year - rng.randint(0, 8),
        created_at=candidate.created_at,
        updated_at=candidate.created_at,
    )


def _routing_records(world: org.Organisation) -> dict[str, dict[str, Any]]:
    """What the router records, with a real explanation tree, per rule."""
    facts = {
        "publications": [
            {"venue": "ACL", "year": 2025, "tier": "top", "specialty": "nlp", "years_ago": 1,
             "in_job_specialty": True},
            {"venue": "COLING", "year": 2022, "tier": "strong", "specialty": "nlp",
             "years_ago": 4, "in_job_specialty": True},
        ],
        "awards": [{"name": "ICPC World Finals medal", "level": "international", "year": 2023,
                    "years_ago": 3}],
        "referred_by_unit_member": True,
        "years_experience": 5.0,
    }  # fmt: skip
    records = {}
    for rule in world.rules.values():
        records[rule.name] = {
            "track_id": rule.track_id,
            "track": rule.track.name,
            "rule_id": rule.pk,
            "rule": rule.name,
            "rule_version": rule.version,
            "decided": "rule",
            "explanation": compile_rule(rule.definition).explain(facts),
        }
    return records


def _place(rng: random.Random, stages: list[Stage]) -> tuple[str, int]:
    """A status and the index of the stage the application is at."""
    status = rng.choices(list(STATUSES), list(STATUSES.values()))[0]
    if status == "hired":
        return status, len(stages) - 1
    before_hired = len(stages) - 1
    return status, rng.choices(range(before_hired), STAGE_WEIGHTS[:before_hired])[0]


def _application(
    rng: random.Random,
    world: org.Organisation,
    records: dict[str, dict[str, Any]],
    candidate: Candidate,
    job: Job,
    now: datetime,
) -> Application:
    roll = rng.random()
    track_name = org.TOP_PAPER_TRACK if roll < 0.15 else org.STANDARD
    track = world.tracks[track_name]
    stages = world.stages[track_name]
    status, index = _place(rng, stages)
    stage = stages[index]
    created = max(candidate.created_at, now - timedelta(days=365)) + timedelta(
        minutes=rng.uniform(0, 600)
    )
    entered = created if index == 0 else created + (now - created) * rng.uniform(0.1, 0.9)
    reason = suggestion = None
    if track_name == org.TOP_PAPER_TRACK:
        rule = "Top-venue paper" if rng.random() < 0.8 else "International award"
        reason = {**records[rule], "at": created.isoformat()}
    elif roll < 0.2:
        suggestion = {**records["Unit referral"], "at": created.isoformat()}
    return Application(
        candidate_id=candidate.pk,
        job_id=job.pk,
        track_id=track.pk,
        track_version=track.current_version,
        stage_id=stage.pk,
        status=status,
        stage_entered_at=entered,
        due_at=entered + stage.sla if stage.sla else None,
        is_fast_track=reason is not None,
        fast_track_reason=reason,
        fast_track_suggestion=suggestion,
        rejection_reason_id=rng.choice(world.rejection_reasons).pk
        if status == "rejected"
        else None,
        version=1 + index + (status != "active"),
        created_by_id=world.recruiter.pk,
        created_at=created,
        updated_at=entered,
    )


def _applications(
    rng: random.Random, world: org.Organisation, candidates: list[Candidate], now: datetime
) -> list[Application]:
    records = _routing_records(world)
    applications = [
        _application(rng, world, records, candidate, job, now)
        for candidate in candidates
        for job in rng.sample(world.jobs, APPLICATIONS_EACH)
    ]
    copy_instances(with_ids(applications))
    return applications


def created_transitions(world: org.Organisation, applications: list[Application]) -> int:
    """One `created` Transition per application, at its first stage, as the service writes."""
    first = {name: stages[0].pk for name, stages in world.stages.items()}
    first_by_track = {world.tracks[name].pk: pk for name, pk in first.items()}
    transitions = [
        Transition(
            application_id=app.pk,
            kind="created",
            from_stage_id=None,
            to_stage_id=first_by_track[app.track_id],
            from_status="",
            to_status="active",
            actor_id=world.recruiter.pk,
            actor_role="recruiter",
            reason=f"Routed by rule {app.fast_track_reason['rule']}"
            if app.fast_track_reason
            else "",
            note="",
            data={},
            created_at=app.created_at,
        )
        for app in applications
    ]
    return copy_instances(with_ids(transitions))


def showcase_candidate() -> Candidate:
    return Candidate.objects.get(email_normalized=SHOWCASE_EMAIL)
