"""Personas per role and a small organisation most tests start from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from rest_framework.test import APIClient

from recruiting.models import BusinessUnit, EligibilityRule, Job, RejectionReason, Specialty, Track
from recruiting.roles import Role
from recruiting.selectors import forget_stages_in_use
from tests import factories as f

TOP_PAPER_RULE = {
    "all": [
        {
            "fact": "publications",
            "op": "exists",
            "where": {
                "all": [
                    {"fact": "tier", "op": "eq", "value": "top"},
                    {"fact": "years_ago", "op": "lte", "value": 3},
                    {"fact": "in_job_specialty", "op": "eq", "value": True},
                ]
            },
        }
    ]
}


@dataclass
class World:
    nlp: Specialty
    cv: Specialty
    unit: BusinessUnit
    other_unit: BusinessUnit
    standard: Track
    fast: Track
    rule: EligibilityRule
    job: Job
    other_job: Job
    no_fit: RejectionReason


@pytest.fixture
def admin(db: Any) -> Any:
    return f.UserFactory(username="admin", roles=[Role.ADMIN])


@pytest.fixture
def recruiter(db: Any) -> Any:
    return f.UserFactory(username="recruiter", roles=[Role.RECRUITER])


@pytest.fixture
def viewer(db: Any) -> Any:
    return f.UserFactory(username="viewer", roles=[Role.VIEWER])


@pytest.fixture
def unit_lead(db: Any) -> Any:
    return f.UserFactory(username="unit_lead", roles=[Role.UNIT_LEAD])


@pytest.fixture
def assessor(db: Any) -> Any:
    return f.UserFactory(username="assessor", roles=[Role.ASSESSOR])


@pytest.fixture
def other_unit_assessor(db: Any) -> Any:
    return f.UserFactory(username="other_unit_assessor", roles=[Role.ASSESSOR])


@pytest.fixture
def other_unit_lead(db: Any) -> Any:
    return f.UserFactory(username="other_unit_lead", roles=[Role.UNIT_LEAD])


@pytest.fixture
def world(
    db: Any, unit_lead: Any, assessor: Any, other_unit_assessor: Any, other_unit_lead: Any
) -> World:
    nlp = f.SpecialtyFactory(slug="nlp", name="Natural language processing")
    cv = f.SpecialtyFactory(slug="computer-vision", name="Computer vision")
    unit = f.BusinessUnitFactory(name="Large Models & NLP", slug="nlp-unit", lead=unit_lead)
    other_unit = f.BusinessUnitFactory(name="Computer Vision", slug="cv-unit", lead=other_unit_lead)
    f.MembershipFactory(unit=unit, user=assessor)
    f.MembershipFactory(unit=other_unit, user=other_unit_assessor)
    standard = f.TrackFactory(name="Standard", kind=Track.Kind.STANDARD)
    fast = f.TrackFactory(
        name="Top paper fast track",
        kind=Track.Kind.FAST,
        fallback_track=standard,
        fallback_stage_kind="written_test",
    )
    rule = f.EligibilityRuleFactory(
        track=fast, name="Top-venue paper in the last 3 years", definition=TOP_PAPER_RULE
    )
    job = f.JobFactory(
        title="NLP Research Engineer", unit=unit, specialty=nlp, tracks=[standard, fast]
    )
    other_job = f.JobFactory(
        title="Perception Engineer", unit=other_unit, specialty=cv, tracks=[standard, fast]
    )
    no_fit = f.RejectionReasonFactory(code="no-fit", label="Not a fit for the role")
    return World(nlp, cv, unit, other_unit, standard, fast, rule, job, other_job, no_fit)


def client_for(user: Any | None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def api() -> Any:
    """`api(user)` gives a client authenticated as that persona (None: anonymous)."""
    return client_for


@pytest.fixture(autouse=True)
def _fresh_stage_cache() -> None:
    # Ids come back when a test's database is flushed; the cache must not outlive it.
    forget_stages_in_use()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    # The default hasher is slow by design; tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tests serve static files from the apps, without a collectstatic manifest.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
