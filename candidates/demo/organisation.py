"""The demo organisation in the database: users, units, tracks, rules, jobs.

Everything is looked up by its natural key and only written when missing, so a
second run writes nothing: existing rows are never updated, passwords never re-hashed,
stages never replaced (that would start a new track version).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from candidates.demo import catalogue as c
from recruiting.models import (
    BusinessUnit,
    Drive,
    EligibilityRule,
    Job,
    Location,
    Membership,
    RejectionReason,
    ScorecardTemplate,
    Specialty,
    Stage,
    Track,
)
from recruiting.roles import ALL_GROUP_ROLES
from recruiting.services import rule_save, scorecard_save, track_set_stages


@dataclass
class Organisation:
    users: dict[str, Any]
    specialties: dict[str, Specialty]
    units: dict[str, BusinessUnit]
    tracks: dict[str, Track]
    reasons: dict[str, RejectionReason]
    jobs: dict[str, Job]
    # Jobs created by this run: only they are put on hold once people have applied.
    new_jobs: set[str] = field(default_factory=set)

    def lead_of(self, job: Job) -> Any:
        """The unit's lead, as the same object each time: it caches its roles."""
        unit = next(u for u in self.units.values() if u.pk == job.unit_id)
        known = {user.pk: user for user in self.users.values()}
        return known.get(unit.lead_id) or unit.lead


def organisation_ensure(*, today: date) -> Organisation:
    """The organisation the demo runs in, created where it is missing."""
    users = _users()
    specialties = _specialties()
    locations = _locations()
    units = _units(users, locations)
    _memberships(users, units, specialties)
    drive = _drive(specialties, today)
    tracks = _tracks()
    reasons = {
        code: RejectionReason.objects.get_or_create(code=code, defaults={"label": label})[0]
        for code, label in c.REJECTION_REASONS
    }
    jobs, new_jobs = _jobs(units, specialties, locations, drive, tracks)
    return Organisation(users, specialties, units, tracks, reasons, jobs, new_jobs)


def _users() -> dict[str, Any]:
    user_model = get_user_model()
    groups = {role: Group.objects.get_or_create(name=role.value)[0] for role in ALL_GROUP_ROLES}
    # One hash for everyone: hashing is slow by design, and these share a password anyway.
    password = make_password(c.PASSWORD)
    users: dict[str, Any] = {}
    for person in c.PEOPLE:
        is_admin = person.username == "admin"
        user, _ = user_model.objects.get_or_create(
            username=person.username,
            defaults={
                "first_name": person.first_name,
                "last_name": person.last_name,
                "email": f"{person.username}@example.com",
                "password": password,
                "is_staff": is_admin,
                "is_superuser": is_admin,
            },
        )
        user.groups.add(groups[person.role])  # a no-op when already there
        users[person.username] = user
    return users


def _specialties() -> dict[str, Specialty]:
    return {
        slug: Specialty.objects.get_or_create(slug=slug, defaults={"name": name, "name_zh": zh})[0]
        for slug, name, zh in c.SPECIALTIES
    }


def _locations() -> dict[str, Location]:
    return {
        city: Location.objects.get_or_create(city=city, defaults={"city_zh": zh})[0]
        for city, zh in c.CITIES
    }


def _units(users: dict[str, Any], locations: dict[str, Location]) -> dict[str, BusinessUnit]:
    return {
        unit.slug: BusinessUnit.objects.get_or_create(
            slug=unit.slug,
            defaults={
                "name": unit.name,
                "city": locations[unit.city],
                "lead": users[unit.lead],
                "default_assessment_sla": unit.assessment_sla,
            },
        )[0]
        for unit in c.UNITS
    }


def _memberships(
    users: dict[str, Any], units: dict[str, BusinessUnit], specialties: dict[str, Specialty]
) -> None:
    for person in c.PEOPLE:
        if person.unit is None or person.role.value != "assessor":
            continue
        membership, created = Membership.objects.get_or_create(
            unit=units[person.unit],
            user=users[person.username],
            defaults={
                "weekly_capacity": person.weekly_capacity,
                "past_employers": list(person.past_employers),
            },
        )
        if created:
            membership.specialties.set([specialties[s] for s in person.specialties])


def _drive(specialties: dict[str, Specialty], today: date) -> Drive:
    # Announced on WeChat about nine weeks ago; the history starts soon after.
    starts = today - timedelta(days=63)
    drive, created = Drive.objects.get_or_create(
        name=c.DRIVE_NAME,
        defaults={
            "starts_on": starts,
            "ends_on": starts + timedelta(days=120),
            "target_headcount": sum(job.headcount for job in c.JOBS),
            "channels": list(c.DRIVE_CHANNELS),
        },
    )
    if created:
        drive.target_specialties.set(specialties.values())
    return drive


def _scorecard() -> ScorecardTemplate:
    existing = ScorecardTemplate.objects.filter(name=c.SCORECARD_NAME).first()
    if existing is not None:
        return existing
    criteria = [
        {"name": name, "description": description, "weight": Decimal(weight)}
        for name, description, weight in c.SCORECARD_CRITERIA
    ]
    return scorecard_save(template=None, data={"name": c.SCORECARD_NAME, "criteria": criteria})


def _stage_data(spec: c.StageSpec, scorecard: ScorecardTemplate) -> dict[str, object]:
    data = spec.as_data()
    if spec.kind == "bu_assessment":
        data.update(scorecard=scorecard, **c.ASSESSMENT_SETTINGS)
    if spec.kind == "written_test":
        data["pass_mark"] = c.WRITTEN_TEST_PASS_MARK
    return data


def _tracks() -> dict[str, Track]:
    tracks: dict[str, Track] = {}
    scorecard = _scorecard()
    for spec in c.TRACKS:
        fallback = tracks[c.STANDARD] if spec.fallback_stage_kind else None
        track, _ = Track.objects.get_or_create(
            name=spec.name,
            defaults={
                "kind": spec.kind,
                "routing": spec.routing,
                "description": spec.description,
                "fallback_track": fallback,
                "fallback_stage_kind": spec.fallback_stage_kind,
            },
        )
        if not Stage.objects.filter(track=track).exists():
            track = track_set_stages(
                track=track, stages=[_stage_data(s, scorecard) for s in spec.stages]
            )
        for rule in spec.rules:
            if not EligibilityRule.objects.filter(track=track, name=rule.name).exists():
                rule_save(
                    rule=None,
                    track=track,
                    data={
                        "name": rule.name,
                        "description": rule.description,
                        "definition": rule.definition,
                        "is_active": True,
                    },
                )
        tracks[spec.name] = track
    return tracks


def _jobs(
    units: dict[str, BusinessUnit],
    specialties: dict[str, Specialty],
    locations: dict[str, Location],
    drive: Drive,
    tracks: dict[str, Track],
) -> tuple[dict[str, Job], set[str]]:
    jobs: dict[str, Job] = {}
    new: set[str] = set()
    for spec in c.JOBS:
        job, created = Job.objects.get_or_create(
            title=spec.title,
            unit=units[spec.unit],
            defaults={
                "specialty": specialties[spec.specialty],
                "location": locations[spec.city],
                "drive": drive,
                "salary_min": spec.salary[0],
                "salary_max": spec.salary[1],
                "headcount": spec.headcount,
                # Open while the history is played: one cannot apply to a job on hold.
                "status": Job.Status.DRAFT if spec.status == "draft" else Job.Status.OPEN,
            },
        )
        if created:
            job.tracks.set(tracks.values())
            new.add(spec.title)
        jobs[spec.title] = job
    return jobs, new


def jobs_put_on_hold(org: Organisation) -> None:
    """Jobs the catalogue has on hold, once their applicants are in (new jobs only)."""
    for spec in c.JOBS:
        job = org.jobs[spec.title]
        if spec.status == "on_hold" and spec.title in org.new_jobs and job.status == "open":
            job.status = Job.Status.ON_HOLD
            job.save(update_fields=["status", "updated_at"])
