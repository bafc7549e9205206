"""The bench organisation: users and roles, units, tracks with stages and rules, 12 jobs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from recruiting.models import (
    BusinessUnit,
    EligibilityRule,
    Job,
    Location,
    Membership,
    RejectionReason,
    Specialty,
    Stage,
    Track,
)
from recruiting.roles import ALL_GROUP_ROLES, Role
from recruiting.tokens import token_create
from tests.bench.rule_set import INTERNATIONAL_AWARD, REFERRAL, TOP_PAPER

RECRUITER = "bench-recruiter"
STANDARD, TOP_PAPER_TRACK, REFERRAL_TRACK = "Standard", "Top-paper fast track", "Referral"

SPECIALTIES = (
    ("ai-models", "AI models (large models)"),
    ("deep-learning", "Deep learning"),
    ("computer-vision", "Computer vision"),
    ("autonomous-driving", "Autonomous driving"),
    ("nlp", "Natural language processing"),
)
CITIES = ("Beijing", "Shenzhen", "Shanghai", "Guangzhou", "Hangzhou")
# slug, name, city, the unit's specialties
UNITS = (
    ("large-models-nlp", "Large Models & NLP", "Beijing", ("nlp", "ai-models")),
    ("computer-vision", "Computer Vision", "Shenzhen", ("computer-vision",)),
    ("autonomous-driving", "Autonomous Driving", "Shanghai", ("autonomous-driving",)),
    ("smart-devices", "Smart Devices", "Hangzhou", ("deep-learning",)),
)
NLP_UNIT, CV_UNIT, AD_UNIT, DEV_UNIT = (unit[0] for unit in UNITS)
# Other benches add units of their own; the core figures read only these.
CORE_UNITS = [unit[0] for unit in UNITS]
# title, unit slug, specialty slug, city, monthly CNY band
JOBS = (
    ("NLP Research Scientist", NLP_UNIT, "nlp", "Beijing", (35_000, 70_000)),
    ("Large Model Pre-training Engineer", NLP_UNIT, "ai-models", "Beijing", (35_000, 65_000)),
    ("NLP Engineer, Dialogue Systems", NLP_UNIT, "nlp", "Beijing", (22_000, 42_000)),
    ("LLM Inference Engineer", NLP_UNIT, "ai-models", "Shanghai", (26_000, 48_000)),
    ("Computer Vision Engineer", CV_UNIT, "computer-vision", "Shenzhen", (22_000, 40_000)),
    ("3D Vision Research Scientist", CV_UNIT, "computer-vision", "Shenzhen", (38_000, 70_000)),
    ("Multimodal Perception Engineer", CV_UNIT, "deep-learning", "Guangzhou", (24_000, 45_000)),
    ("Driving Planning Engineer", AD_UNIT, "autonomous-driving", "Shanghai", (28_000, 50_000)),
    ("Driving Perception Engineer", AD_UNIT, "autonomous-driving", "Shanghai", (26_000, 48_000)),
    ("Driving Simulation Engineer", AD_UNIT, "autonomous-driving", "Guangzhou", (22_000, 40_000)),
    ("On-device Deep Learning Engineer", DEV_UNIT, "deep-learning", "Hangzhou", (22_000, 40_000)),
    ("Speech & Language Engineer", DEV_UNIT, "nlp", "Hangzhou", (23_000, 42_000)),
)
WITH_LEAD = [Role.ADMIN.value, Role.RECRUITER.value, Role.UNIT_LEAD.value]
DESK = [Role.ADMIN.value, Role.RECRUITER.value]
# name, kind, SLA hours, movers
STANDARD_STAGES = (
    ("CV review", "review", 48, DESK),
    ("Phone screen", "screen", 72, DESK),
    ("Written test", "written_test", 120, DESK),
    ("Interview", "interview", 96, DESK),
    ("Offer", "offer", 72, WITH_LEAD),
    ("Hired", "hired", None, DESK),
)
FAST_STAGES = (
    ("CV review", "review", 24, DESK),
    ("Business-unit assessment", "bu_assessment", 72, WITH_LEAD),
    ("Interview", "interview", 96, DESK),
    ("Offer", "offer", 72, WITH_LEAD),
    ("Hired", "hired", None, DESK),
)
REJECTION_REASONS = (
    ("not-a-fit", "Not a fit for the role"),
    ("salary-expectations", "Salary expectations above the band"),
    ("accepted-another-offer", "Accepted another offer (often abroad)"),
    ("failed-written-test", "Failed the written test"),
)


@dataclass(frozen=True)
class Organisation:
    recruiter: Any
    token: str
    tracks: dict[str, Track]
    stages: dict[str, list[Stage]]
    rules: dict[str, EligibilityRule]
    jobs: list[Job]
    specialties: dict[str, Specialty]
    unit_members: list[int]
    rejection_reasons: list[RejectionReason]


def _user(username: str, *roles: Role) -> Any:
    user, created = get_user_model().objects.get_or_create(
        username=username, defaults={"email": f"{username}@bench.example"}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    user.groups.add(*(Group.objects.get(name=role.value) for role in roles))
    return user


def _track(name: str, kind: str, routing: str, stages: tuple[Any, ...]) -> Track:
    track = Track.objects.create(name=name, kind=kind, routing=routing)
    for position, (stage_name, stage_kind, hours, movers) in enumerate(stages, start=1):
        Stage.objects.create(
            track=track,
            version=track.current_version,
            position=position,
            name=stage_name,
            kind=stage_kind,
            sla=timedelta(hours=hours) if hours is not None else None,
            movers=movers,
        )
    return track


def _units() -> dict[str, BusinessUnit]:
    cities = {city: Location.objects.create(city=city) for city in CITIES}
    specialties = {s.slug: s for s in Specialty.objects.all()}
    units = {}
    for slug, name, city, unit_specialties in UNITS:
        lead = _user(f"bench-lead-{slug}", Role.UNIT_LEAD)
        unit = BusinessUnit.objects.create(name=name, slug=slug, city=cities[city], lead=lead)
        for n in range(3):
            member = Membership.objects.create(
                unit=unit, user=_user(f"bench-assessor-{slug}-{n}", Role.ASSESSOR)
            )
            member.specialties.set([specialties[s] for s in unit_specialties])
        units[slug] = unit
    return units


def create_organisation() -> None:
    """Every setup row the bench needs; run once, on an empty database."""
    for role in ALL_GROUP_ROLES:
        Group.objects.get_or_create(name=role.value)
    _user(RECRUITER, Role.RECRUITER)
    for slug, name in SPECIALTIES:
        Specialty.objects.create(slug=slug, name=name)
    units = _units()
    standard = _track(STANDARD, Track.Kind.STANDARD, Track.Routing.AUTO, STANDARD_STAGES)
    top = _track(TOP_PAPER_TRACK, Track.Kind.FAST, Track.Routing.AUTO, FAST_STAGES)
    referral = _track(REFERRAL_TRACK, Track.Kind.FAST, Track.Routing.SUGGEST, FAST_STAGES)
    for track in (top, referral):
        track.fallback_track = standard
        track.fallback_stage_kind = "written_test"
        track.save(update_fields=["fallback_track", "fallback_stage_kind"])
    EligibilityRule.objects.create(track=top, name="Top-venue paper", definition=TOP_PAPER)
    EligibilityRule.objects.create(
        track=top, name="International award", definition=INTERNATIONAL_AWARD
    )
    EligibilityRule.objects.create(track=referral, name="Unit referral", definition=REFERRAL)
    for code, label in REJECTION_REASONS:
        RejectionReason.objects.create(code=code, label=label)
    specialties = {s.slug: s for s in Specialty.objects.all()}
    locations = {loc.city: loc for loc in Location.objects.all()}
    for title, unit, specialty, city, (low, high) in JOBS:
        job = Job.objects.create(
            title=title,
            unit=units[unit],
            specialty=specialties[specialty],
            location=locations[city],
            salary_min=low,
            salary_max=high,
            headcount=3,
            status=Job.Status.OPEN,
        )
        job.tracks.set([standard, top, referral])


def load_organisation() -> Organisation:
    recruiter = get_user_model().objects.get(username=RECRUITER)
    tracks = {t.name: t for t in Track.objects.all()}
    return Organisation(
        recruiter=recruiter,
        # Only a digest is stored, and tokens expire: each run logs in afresh.
        token=token_create(user=recruiter).key,
        tracks=tracks,
        stages={
            name: list(
                Stage.objects.filter(track=t, version=t.current_version).order_by("position")
            )
            for name, t in tracks.items()
        },
        rules={r.name: r for r in EligibilityRule.objects.all()},
        jobs=list(
            Job.objects.filter(unit__slug__in=CORE_UNITS)
            .select_related("unit", "specialty")
            .order_by("id")
        ),
        specialties={s.slug: s for s in Specialty.objects.all()},
        unit_members=list(
            Membership.objects.filter(unit__slug__in=CORE_UNITS)
            .order_by("id")
            .values_list("user_id", flat=True)
        ),
        rejection_reasons=list(RejectionReason.objects.order_by("id")),
    )
