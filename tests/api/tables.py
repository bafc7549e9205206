"""The API's endpoints as tables, shared by the permission and bad-input matrices.

Each row knows how to build a valid request against the `world` of tests/conftest.py,
so a matrix can start from a request that would succeed and change one thing.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.apps import apps
from django.db import connection, transaction
from django.db.models import Model
from rest_framework.test import APIClient

from candidates.models import Application
from candidates.services import applications as svc
from recruiting.models import Drive, Stage, Track
from tests import factories as f
from tests.conftest import TOP_PAPER_RULE, World

API = "/api/v1"
ROLES = [
    "admin",
    "recruiter",
    "unit_lead",
    "assessor",
    "viewer",
    "other_unit_lead",
    "other_unit_assessor",
    "anonymous",
]
# Roles that see one unit only; `world.unit` is the unit of `unit_lead` and `assessor`.
UNIT_SCOPED = {"unit_lead", "assessor", "other_unit_lead", "other_unit_assessor"}
OTHER_UNIT = {"other_unit_lead", "other_unit_assessor"}


# ---------------------------------------------------------------- applications


def stage_of(track: Track, kind: str) -> Stage:
    return Stage.objects.get(track=track, version=track.current_version, kind=kind)


def new_application(world: World, *, top_paper: bool = False, job: Any = None) -> Application:
    candidate = f.CandidateFactory(specialties=[world.nlp])
    if top_paper:
        f.PublicationFactory(candidate=candidate, specialty=world.nlp, tier="top")
    return svc.application_create(candidate=candidate, job=job or world.job, actor=None).application


def moved_to(application: Application, kind: str) -> Application:
    """The application moved by the system (which may always move) to a stage of `kind`."""
    return svc.application_move(
        application_id=application.pk,
        expected_version=application.version,
        actor=None,
        to_stage_id=stage_of(application.track, kind).pk,
        reason="Set up by the test",
    ).application


def rejected(world: World) -> Application:
    application = new_application(world)
    return svc.application_reject(
        application_id=application.pk,
        expected_version=application.version,
        actor=None,
        rejection_reason=world.no_fit,
    ).application


def held(world: World) -> Application:
    application = new_application(world)
    return svc.application_hold(
        application_id=application.pk, expected_version=application.version, actor=None
    ).application


def newly_eligible(world: World) -> Application:
    """On the standard track, with a top paper published after it applied."""
    application = new_application(world)
    f.PublicationFactory(candidate=application.candidate, specialty=world.nlp, tier="top")
    return application


@dataclass(frozen=True)
class Command:
    """`POST /applications/{id}/{name}/` on an application `prepare` leaves where it is legal."""

    name: str
    prepare: Callable[[World], Application]
    body: Callable[[World], dict[str, Any]]
    # Whether the unit's lead may run it on that application (stage movers, routing).
    unit_lead_may: bool = False
    label: str = ""

    def __str__(self) -> str:
        return self.label or self.name


COMMANDS = [
    Command("advance", new_application, lambda w: {}),
    Command(
        "advance",
        lambda w: moved_to(new_application(w, top_paper=True), "bu_assessment"),
        lambda w: {},
        unit_lead_may=True,
        label="advance from a unit assessment",
    ),
    Command(
        "move",
        new_application,
        lambda w: {"to_stage": stage_of(w.standard, "interview").pk, "reason": "Strong referral"},
    ),
    Command("reject", new_application, lambda w: {"rejection_reason": w.no_fit.pk}),
    Command("unreject", rejected, lambda w: {"reason": "Reconsidered after a call"}),
    Command("withdraw", new_application, lambda w: {"reason": "Took another offer"}),
    Command("hold", new_application, lambda w: {"reason": "Headcount freeze"}),
    Command("resume", held, lambda w: {"reason": "Headcount approved"}),
    Command("hire", lambda w: moved_to(new_application(w), "offer"), lambda w: {}),
    Command(
        "fast-track",
        newly_eligible,
        lambda w: {"track": w.fast.pk, "reason": "New top-venue paper"},
        unit_lead_may=True,
    ),
    Command(
        "fallback",
        lambda w: moved_to(new_application(w, top_paper=True), "bu_assessment"),
        lambda w: {"reason": "Failed the assessment; worth a written test"},
        unit_lead_may=True,
    ),
]


# --------------------------------------------------------------- configuration


@dataclass(frozen=True)
class Resource:
    """A configuration resource under /api/v1/: admins write it, every role reads it."""

    path: str
    existing: Callable[[World], Model]
    disposable: Callable[[World], Model]
    create: Callable[[World], dict[str, Any]]
    change: dict[str, Any]

    def __str__(self) -> str:
        return self.path


RESOURCES = [
    Resource(
        "specialties",
        lambda w: w.nlp,
        lambda w: f.SpecialtyFactory(slug="autonomous-driving", name="Autonomous driving"),
        lambda w: {"slug": "ai-models", "name": "AI models", "name_zh": "大模型"},
        {"name_zh": "自然语言处理"},
    ),
    Resource(
        "locations",
        lambda w: w.job.location,
        lambda w: f.LocationFactory(city="Guangzhou"),
        lambda w: {"city": "Hangzhou", "city_zh": "杭州"},
        {"city_zh": "北京"},
    ),
    Resource(
        "business-units",
        lambda w: w.unit,
        lambda w: f.BusinessUnitFactory(name="Robotics", slug="robotics"),
        lambda w: {"name": "Autonomous Driving", "slug": "ad-unit", "lead": w.unit.lead_id},
        {"default_assessment_sla": "2 00:00:00"},
    ),
    Resource(
        "memberships",
        lambda w: w.unit.memberships.get(),
        lambda w: f.MembershipFactory(unit=w.unit),
        lambda w: {
            "unit": w.unit.pk,
            "user": f.UserFactory().pk,
            "specialties": [w.nlp.pk],
            "weekly_capacity": 3,
            "past_employers": ["Baidu"],
        },
        {"weekly_capacity": 2},
    ),
    Resource(
        "drives",
        lambda w: Drive.objects.get_or_create(name="Spring drive", starts_on="2025-03-01")[0],
        lambda w: Drive.objects.create(name="Old drive", starts_on="2024-03-01"),
        lambda w: {
            "name": "AI talent drive",
            "starts_on": "2025-04-01",
            "ends_on": "2025-06-30",
            "target_specialties": [w.nlp.pk],
            "target_headcount": 20,
            "channels": ["WeChat"],
        },
        {"target_headcount": 10},
    ),
    Resource(
        "jobs",
        lambda w: w.job,
        lambda w: f.JobFactory(unit=w.unit, specialty=w.nlp),
        lambda w: {
            "title": "Speech Scientist",
            "unit": w.unit.pk,
            "specialty": w.nlp.pk,
            "location": w.job.location_id,
            "salary_min": 24007,
            "salary_max": 40000,
            "currency": "CNY",
            "headcount": 2,
            "status": "open",
            "tracks": [w.standard.pk, w.fast.pk],
        },
        {"headcount": 3},
    ),
    Resource(
        "tracks",
        lambda w: w.standard,
        lambda w: f.TrackFactory(name="Unused"),
        lambda w: {"name": "Campus", "kind": "standard", "routing": "auto"},
        {"description": "The default for everyone"},
    ),
    Resource(
        "eligibility-rules",
        lambda w: w.rule,
        lambda w: f.EligibilityRuleFactory(track=w.fast, name="Disposable"),
        lambda w: {
            "track": w.fast.pk,
            "name": "Ten years in the field",
            "definition": {"all": [{"fact": "years_experience", "op": "gte", "value": 10}]},
            "is_active": True,
        },
        {"description": "Senior people skip the test"},
    ),
    Resource(
        "rejection-reasons",
        lambda w: w.no_fit,
        lambda w: f.RejectionReasonFactory(code="salary"),
        lambda w: {"code": "went-abroad", "label": "Accepted an offer abroad"},
        {"label": "Not a fit"},
    ),
]


def stages_body(world: World) -> dict[str, Any]:
    return {
        "stages": [
            {"name": "Review", "kind": "review", "sla": "3 00:00:00", "movers": ["recruiter"]},
            {"name": "Written test", "kind": "written_test", "sla": "5 00:00:00"},
            {"name": "Interview", "kind": "interview"},
            {"name": "Hired", "kind": "hired"},
        ]
    }


def candidate_body(world: World) -> dict[str, Any]:
    return {
        "full_name": "Li Wei",
        "email": "li.wei@example.com",
        "phone": "+86 138 0013 8000",
        "current_employer": "Baidu",
        "school": "Tsinghua University",
        "education": "phd",
        "years_experience": "4.5",
        "source": "referral",
        "specialties": [world.nlp.pk],
        "publications": [{"title": "Sparse attention", "venue": "ACL", "year": 2024}],
        "awards": [{"name": "ICPC medal", "level": "international", "year": 2019}],
        "salary_expectation": 30000,
        "links": ["https://github.com/liwei"],
        "referred_by": None,
        "consent_given_at": "2025-03-01T09:30:00+08:00",
        "retain_until": "2027-03-01",
    }


# ------------------------------------------------------------- write endpoints


@dataclass(frozen=True)
class Write:
    """One write endpoint: `prepare` returns its URL and a body an admin may send."""

    name: str
    method: str
    prepare: Callable[[World], tuple[str, dict[str, Any]]]
    # Whether the endpoint also parses forms (DRF's token view does).
    parses_forms: bool = False
    anonymous: bool = False

    def __str__(self) -> str:
        return self.name


def _resource_writes(resource: Resource) -> list[Write]:
    def detail(w: World) -> str:
        return f"{API}/{resource.path}/{resource.existing(w).pk}/"

    return [
        Write(
            f"POST {resource.path}",
            "POST",
            lambda w: (f"{API}/{resource.path}/", resource.create(w)),
        ),
        Write(f"PUT {resource.path}", "PUT", lambda w: (detail(w), resource.create(w))),
        Write(f"PATCH {resource.path}", "PATCH", lambda w: (detail(w), dict(resource.change))),
    ]


def _command_write(command: Command) -> Write:
    def prepare(w: World) -> tuple[str, dict[str, Any]]:
        application = command.prepare(w)
        body = {"version": application.version, "note": "Checked", **command.body(w)}
        return f"{API}/applications/{application.pk}/{command.name}/", body

    return Write(f"POST applications/{{id}}/{command.name}", "POST", prepare)


def _application_create(w: World) -> tuple[str, dict[str, Any]]:
    candidate = f.CandidateFactory(specialties=[w.nlp])
    return f"{API}/applications/", {"candidate": candidate.pk, "job": w.job.pk}


def _candidate_detail(w: World) -> str:
    return f"{API}/candidates/{f.CandidateFactory().pk}/"


WRITES = [
    *(write for resource in RESOURCES for write in _resource_writes(resource)),
    Write(
        "PUT tracks/{id}/stages",
        "PUT",
        lambda w: (f"{API}/tracks/{w.standard.pk}/stages/", stages_body(w)),
    ),
    Write(
        "POST tracks/{id}/simulate",
        "POST",
        lambda w: (f"{API}/tracks/{w.fast.pk}/simulate/", {"definition": TOP_PAPER_RULE}),
    ),
    Write("POST candidates", "POST", lambda w: (f"{API}/candidates/", candidate_body(w))),
    Write("PUT candidates", "PUT", lambda w: (_candidate_detail(w), candidate_body(w))),
    Write(
        "PATCH candidates",
        "PATCH",
        lambda w: (_candidate_detail(w), {"years_experience": 6, "school": "Peking University"}),
    ),
    Write("POST applications", "POST", _application_create),
    *(_command_write(c) for c in COMMANDS if not c.label),
    Write(
        "POST auth/token",
        "POST",
        lambda w: (f"{API}/auth/token/", {"username": "admin", "password": f.PASSWORD}),
        parses_forms=True,
        anonymous=True,
    ),
]


# ----------------------------------------------------------------- assertions


def client_as(user: Any | None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def error_of(response: Any) -> dict[str, Any]:
    """The error body, checked to be `{"message": str, "extra": {...}}` and nothing else."""
    assert response["Content-Type"].startswith("application/json"), response.content[:200]
    body = json.loads(response.content)
    assert isinstance(body, dict), body
    assert set(body) == {"message", "extra"}, body
    assert isinstance(body["message"], str), body
    assert body["message"].strip(), body
    assert isinstance(body["extra"], dict), body
    return body


@cache
def _tables() -> list[str]:
    models = [
        model
        for label in ("recruiting", "candidates", "auth")
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
    ]
    # Only tables that exist: a model may be ahead of its migration while work is in progress.
    existing = set(connection.introspection.table_names())
    return sorted({model._meta.db_table for model in models} & existing)


def database_state() -> dict[str, Any]:
    """A fingerprint of every row the API could change, to prove a refusal changed nothing."""
    tables = _tables()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One round trip: an md5 of each table's rows as text.
            cursor.execute(
                " UNION ALL ".join(
                    f"SELECT '{t}', md5(coalesce(string_agg(r::text, ',' ORDER BY r::text), ''))"
                    f' FROM "{t}" r'
                    for t in tables
                )
            )
            return dict(cursor.fetchall())
        state = {}
        for table in tables:
            cursor.execute(f'SELECT * FROM "{table}"')
            state[table] = sorted(map(repr, cursor.fetchall()))
        return state


@dataclass
class Attempt:
    response: Any
    changed: bool


def attempt(
    client: APIClient,
    method: str,
    url: str,
    data: bytes | str,
    content_type: str = "application/json",
    before: dict[str, Any] | None = None,
) -> Attempt:
    """Send one request in a savepoint rolled back afterwards, noting whether it wrote.

    Attempts leave the database as they found it, so a loop of them may pass the state
    taken once before the first as `before`."""
    before = before or database_state()
    with transaction.atomic():
        response = client.generic(method, url, data, content_type=content_type)
        # A 500 may leave the transaction aborted; the caller reports the status.
        changed = response.status_code < 500 and database_state() != before
        transaction.set_rollback(True)
    return Attempt(response, changed)


def as_json(body: Any) -> str:
    return json.dumps(body, ensure_ascii=False)
