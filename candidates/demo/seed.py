"""The demo seed: plan everything from a fixed random seed, then write what is missing."""

from __future__ import annotations

import logging
import random
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import models, transaction
from django.utils import timezone

from candidates.demo import catalogue as c
from candidates.demo.history import HistoryPlayer, office_time
from candidates.demo.organisation import Organisation, jobs_put_on_hold, organisation_ensure
from candidates.demo.panels import panels_score
from candidates.demo.people import CandidatePlan, make_candidates
from candidates.demo.plan import candidate_ages, plan_applications
from candidates.models import Application, Candidate, OutboxEvent, Transition
from candidates.services.candidates import candidate_create, normalize_email
from recruiting.models import Job

SEED = 20260115
PENDING = OutboxEvent.Status.PENDING
RETENTION = timedelta(days=730)


@dataclass(frozen=True)
class SeedResult:
    created: dict[str, int]  # model name → rows added by this run
    totals: dict[str, int]  # model name → rows now
    switched: int
    overridden: int
    fallen_back: int

    @property
    def changed(self) -> bool:
        return any(self.created.values())


def seed_demo(*, now: datetime | None = None) -> SeedResult:
    """Create the demo organisation, candidates and application history where missing.

    One transaction: a failure leaves the database as it was. Deterministic: the same
    random seed gives the same people and plans, so a second run finds them all and
    writes nothing.
    """
    now = now or timezone.now()
    rng = random.Random(SEED)
    people = make_candidates(rng, year=timezone.localdate(now).year)
    plans = plan_applications(rng, people)
    ages = candidate_ages(rng, people, plans)
    before = row_counts()
    pending = set(OutboxEvent.objects.filter(status=PENDING).values_list("pk", flat=True))
    with _quiet_task_log(), transaction.atomic():
        org = organisation_ensure(today=timezone.localdate(now))
        candidates = _candidates_ensure(org, people, ages, now)
        player = HistoryPlayer(org, now=now)
        for plan, application in player.create_missing(plans, candidates):
            player.play(plan, application)
        jobs_put_on_hold(org)
        panels_score(now=now)
        _mark_delivered(written_before=now, already_pending=pending)
    after = row_counts()
    tally = player.tally
    return SeedResult(
        created={name: after[name] - before[name] for name in after},
        totals=after,
        switched=tally.switched,
        overridden=tally.overridden,
        fallen_back=tally.fallen_back,
    )


@contextmanager
def _quiet_task_log() -> Iterator[None]:
    """Hush the task log while the seed's events are handed over after commit.

    Every event enqueues its dispatch on commit; they are marked delivered already,
    so each task is a no-op, but without a broker each would log a line.
    """
    trace = logging.getLogger("celery.app.trace")
    level = trace.level
    trace.setLevel(logging.WARNING)
    try:
        yield
    finally:
        trace.setLevel(level)


def row_counts() -> dict[str, int]:
    """Rows of every model the demo may write, by model name."""
    models_: list[type[models.Model]] = [get_user_model(), Group]
    for label in ("recruiting", "candidates"):
        models_ += list(apps.get_app_config(label).get_models())
    return {model.__name__: model._default_manager.count() for model in models_}


def _candidates_ensure(
    org: Organisation, people: list[CandidatePlan], ages: dict[str, timedelta], now: datetime
) -> dict[str, Candidate]:
    """Every planned person by email: found, or created as the recruiter entered them."""
    emails = {normalize_email(p.email) or p.email: p.email for p in people}
    found = {
        emails[candidate.email_normalized or ""]: candidate
        for candidate in Candidate.objects.filter(email_normalized__in=list(emails))
    }
    recruiter = org.users["recruiter"]
    for person in sorted(people, key=lambda p: -ages[p.email]):
        if person.email in found:
            continue
        at = office_time(now, ages[person.email])
        candidate = candidate_create(actor=recruiter, data=_candidate_data(org, person, at))
        Candidate.objects.filter(pk=candidate.pk).update(created_at=at)
        found[person.email] = candidate
    return found


def _candidate_data(org: Organisation, person: CandidatePlan, at: datetime) -> dict[str, Any]:
    return {
        "full_name": person.full_name,
        "email": person.email,
        "phone": person.phone,
        "current_employer": person.current_employer,
        "school": person.school,
        "education": person.education,
        "years_experience": person.years_experience,
        "source": person.source,
        "referred_by": org.users[person.referrer] if person.referrer else None,
        "salary_expectation": person.salary_expectation,
        "links": list(person.links),
        "consent_given_at": at,
        "retain_until": (at + RETENTION).date(),
        "specialties": [org.specialties[slug] for slug in person.specialties],
        "publications": [
            {
                "title": paper.title,
                "venue": paper.venue,
                "year": paper.year,
                "tier": paper.tier,
                "specialty": org.specialties[paper.specialty],
            }
            for paper in person.publications
        ],
        "awards": [
            {"name": award.name, "level": award.level, "year": award.year}
            for award in person.awards
        ],
    }


def _mark_delivered(*, written_before: datetime, already_pending: set[Any]) -> None:
    """The seeded history is weeks old: its events count as delivered long ago.

    Otherwise the first outbox sweep would send a thousand emails and webhooks about
    things that "happened" last month. Every seeded event is dated before the run's
    `now`; events of real work going on meanwhile are dated after it.
    """
    OutboxEvent.objects.filter(status=PENDING, created_at__lt=written_before).exclude(
        pk__in=already_pending
    ).update(status=OutboxEvent.Status.DISPATCHED, dispatched_at=models.F("created_at"))


def demo_users() -> list[tuple[str, str, str, str]]:
    """(username, roles, units, name) of the demo's role personas and unit people."""
    users = get_user_model().objects.filter(username__in=[p.username for p in c.PEOPLE])
    users = users.prefetch_related("groups", "led_units", "memberships__unit")
    by_name = {user.username: user for user in users}
    rows = []
    for person in c.PEOPLE:
        user = by_name.get(person.username)
        if user is None:
            continue
        roles = ", ".join(sorted(g.name for g in user.groups.all()))
        units = [u.name for u in user.led_units.all()]
        units += [m.unit.name for m in user.memberships.all()]
        rows.append((user.username, roles, ", ".join(units), user.get_full_name()))
    return rows


def application_summary(now: datetime) -> dict[str, Any]:
    """Counts worth printing after a run."""
    statuses = Counter(Application.objects.values_list("status", flat=True))
    return {
        "statuses": dict(sorted(statuses.items())),
        "fast_track": Application.objects.filter(is_fast_track=True).count(),
        "skipped": Transition.objects.filter(kind="skipped").count(),
        "overdue": Application.objects.filter(status="active", due_at__lt=now).count(),
        "hires": [
            (job.title, job.hired_count, job.headcount, job.status)
            for job in Job.objects.filter(hired_count__gt=0).order_by("title")
        ],
    }
