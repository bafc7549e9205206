"""`manage.py seed_demo`: a believable organisation, built once, reproducibly.

Seeding takes seconds, so the module seeds once inside a transaction that is rolled
back at the end; each test runs in a savepoint inside it, as pytest-django does.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterator
from datetime import datetime
from io import StringIO
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, Max, Q
from django.test import override_settings
from django.utils import timezone

from candidates.demo.catalogue import PASSWORD, TRACKS
from candidates.demo.people import make_candidates
from candidates.demo.plan import plan_applications
from candidates.demo.seed import SEED
from candidates.models import Application, Candidate, OutboxEvent, Transition
from recruiting.models import EligibilityRule, Job, Track

ROLE_USERS = {
    "admin": "admin",
    "recruiter": "recruiter",
    "lead": "unit_lead",
    "assessor": "assessor",
    "viewer": "viewer",
}
MD5 = "django.contrib.auth.hashers.MD5PasswordHasher"
RULE_NAMES = {rule.name for track in TRACKS for rule in track.rules}


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def seeded(django_db_setup: Any, django_db_blocker: Any) -> Iterator[str]:
    """The output of one run of the command on an empty database."""
    # Module scope runs before conftest's per-test fast hasher; use the same one.
    fast_hasher = override_settings(PASSWORD_HASHERS=[MD5])
    with django_db_blocker.unblock(), fast_hasher, transaction.atomic():
        yield seed()
        transaction.set_rollback(True)


def snapshot() -> dict[str, Any]:
    """Row counts and latest change of every model, and every application's version."""
    state: dict[str, Any] = {}
    for model in apps.get_models():
        rows = model._default_manager.all()
        fields = {f.name for f in model._meta.concrete_fields}
        latest = (
            rows.aggregate(latest=Max("updated_at"))["latest"] if "updated_at" in fields else None
        )
        state[model._meta.label] = (rows.count(), latest)
    state["versions"] = dict(Application.objects.values_list("id", "version"))
    state["outbox"] = dict(OutboxEvent.objects.values_list("id", "status"))
    return state


@pytest.mark.django_db
def test_seed_builds_the_organisation_with_every_role_and_a_believable_history(
    seeded: str,
) -> None:
    user_model = get_user_model()
    for username, group in ROLE_USERS.items():
        user = user_model.objects.get(username=username)
        assert user.groups.filter(name=group).exists()
        assert user.check_password(PASSWORD)
    assert list(user_model.objects.filter(is_staff=True).values_list("username", flat=True)) == [
        "admin"
    ]
    assert user_model.objects.get(username="admin").is_superuser
    assert Job.objects.get(title="NLP Research Scientist").unit.lead.username == "lead"
    assert 10 <= Job.objects.count() <= 14
    assert Track.objects.filter(kind="fast").count() == 2
    people = Candidate.objects.count()
    assert 250 <= people <= 350
    assert 0.10 <= Candidate.objects.exclude(referred_by=None).count() / people <= 0.20
    assert (
        0.12
        <= Candidate.objects.filter(publications__isnull=False).distinct().count() / people
        <= 0.30
    )
    assert (
        0.04 <= Candidate.objects.filter(awards__isnull=False).distinct().count() / people <= 0.14
    )
    assert 330 <= Application.objects.count() <= 480
    assert set(Application.objects.values_list("status", flat=True)) == {
        "active", "on_hold", "rejected", "withdrawn", "hired",
    }  # fmt: skip
    assert "Demo data created." in seeded
    assert PASSWORD in seeded


@pytest.mark.django_db
def test_the_demo_password_passes_the_password_validators_for_every_demo_user(
    seeded: str,
) -> None:
    for user in get_user_model().objects.all():
        validate_password(PASSWORD, user)  # raises ValidationError when refused


@pytest.mark.django_db
def test_fast_tracks_are_routed_by_named_rules_switched_with_skips_and_fallen_back(
    seeded: str,
) -> None:
    routed = Application.objects.filter(is_fast_track=True, fast_track_reason__decided="rule")
    assert routed.count() >= 10
    assert {a.fast_track_reason["rule"] for a in routed} <= RULE_NAMES
    created = Transition.objects.filter(kind="created", application__in=routed)
    assert all(t.reason.startswith("Routed by rule ") for t in created)
    skipped = Transition.objects.filter(kind="skipped")
    assert skipped.count() >= 5
    assert all(t.reason and t.actor is not None for t in skipped)
    assert Transition.objects.filter(kind="track_switched", actor__username="admin").exists()
    assert Transition.objects.filter(kind="track_switched", data__fallback=True).exists()
    assert Application.objects.exclude(fast_track_suggestion=None).exists()
    assert EligibilityRule.objects.filter(name__in=RULE_NAMES).count() == len(RULE_NAMES)


@pytest.mark.django_db
def test_hires_respect_headcount_and_the_history_is_in_order_and_in_the_past(
    seeded: str,
) -> None:
    now = timezone.now()

    jobs = Job.objects.annotate(hires=Count("applications", filter=Q(applications__status="hired")))
    assert sum(job.hires for job in jobs) >= 3
    for job in jobs:
        assert job.hires == job.hired_count <= job.headcount
    assert Application.objects.filter(status="active", due_at__lt=now).count() >= 3
    times: dict[int, list[datetime]] = defaultdict(list)
    for app_id, at in Transition.objects.order_by("id").values_list("application_id", "created_at"):
        times[app_id].append(at)
    assert all(history == sorted(history) and history[-1] < now for history in times.values())
    assert not OutboxEvent.objects.filter(status="pending").exists()


@pytest.mark.django_db
def test_a_second_run_changes_nothing(seeded: str) -> None:
    before = snapshot()

    output = seed()

    assert snapshot() == before
    assert "Demo data already present; nothing changed." in output
    assert "recruiter" in output


def test_the_plan_is_the_same_every_time() -> None:
    def plan() -> list[Any]:
        rng = random.Random(SEED)
        return plan_applications(rng, make_candidates(rng, year=2026))

    assert plan() == plan()
