"""Creating a candidate and applying them: few statements, each row read once, and the
same routing whether the facts come from the database or from the create just made."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from candidates.models import Application, Candidate
from tests import factories as f
from tests.api.tables import API
from tests.conftest import World

pytestmark = pytest.mark.django_db


def token_client(user: Any) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {f.token_for(user)}")
    return client


def person(world: World, email: str, *, top_paper: bool) -> dict[str, Any]:
    return {
        "full_name": "Zhang Min",
        "email": email,
        "education": "phd",
        "years_experience": "4.0",
        "specialties": [world.nlp.pk, world.cv.pk],
        "publications": [
            {
                "title": "Sparse experts",
                "venue": "ACL" if top_paper else "a workshop",
                "year": date.today().year - 1,
                "tier": "top" if top_paper else "other",
                "specialty": world.nlp.pk,
            }
        ],
        "awards": [{"name": "ICPC medal", "level": "international", "year": 2020}],
    }


TRANSACTION = ("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE SAVEPOINT")


def statements(queries: CaptureQueriesContext) -> list[str]:
    """The statements run, without those that begin and end the transaction (a
    transaction outside a test, a savepoint inside the test's own)."""
    return [q["sql"] for q in queries.captured_queries if not q["sql"].startswith(TRANSACTION)]


def test_a_candidate_with_specialties_papers_and_awards_is_created_in_six_statements(
    world: World, recruiter: Any
) -> None:
    client = token_client(recruiter)

    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            f"{API}/candidates/", person(world, "a@example.com", top_paper=True), format="json"
        )

    assert response.status_code == 201, response.content
    assert sorted(response.json()["specialties"]) == sorted([world.nlp.pk, world.cv.pk])
    assert response.json()["publications"][0]["specialty"] == world.nlp.pk
    # token, specialties, candidate, its specialties, papers, awards
    sql = statements(queries)
    assert len(sql) <= 6, sql


def test_applying_reads_the_candidate_and_the_job_once_and_writes_in_one_transaction(
    world: World, recruiter: Any
) -> None:
    client = token_client(recruiter)
    created = client.post(
        f"{API}/candidates/", person(world, "b@example.com", top_paper=True), format="json"
    )

    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            f"{API}/applications/",
            {"candidate": created.json()["id"], "job": world.job.pk},
            format="json",
        )

    assert response.status_code == 201, response.content
    assert response.json()["track"]["id"] == world.fast.pk
    sql = statements(queries)
    assert len([s for s in sql if 'FROM "candidates_candidate" ' in s]) == 1, sql
    assert len([s for s in sql if 'FROM "recruiting_job" ' in s]) == 1, sql
    writes = [s.split(" (")[0] for s in sql if s.startswith("INSERT")]
    assert writes == [
        'INSERT INTO "candidates_application"',
        'INSERT INTO "candidates_transition"',
        'INSERT INTO "candidates_outboxevent"',
    ]
    # token, candidate + 3 facts, job + its tracks with their stages + rules, 3 writes
    assert len(sql) <= 11, sql


def test_routing_a_just_created_candidate_equals_routing_them_read_back(
    world: World, recruiter: Any
) -> None:
    from candidates.services.applications import application_create
    from candidates.services.candidates import candidate_create

    data = person(world, "c@example.com", top_paper=True)
    data.pop("specialties")
    fresh = candidate_create(actor=recruiter, data={**data, "publications": [
        {**p, "specialty": world.nlp} for p in data["publications"]
    ]})  # fmt: skip
    read_back = Candidate.objects.get(pk=fresh.pk)
    twin = f.JobFactory(unit=world.unit, specialty=world.nlp, tracks=[world.standard, world.fast])

    routed = application_create(candidate=fresh, job=world.job, actor=recruiter).application
    again = application_create(candidate=read_back, job=twin, actor=recruiter)

    assert routed.track_id == again.application.track_id == world.fast.pk
    assert (
        routed.fast_track_reason["explanation"]
        == (again.application.fast_track_reason["explanation"])
    )
    assert Application.objects.filter(candidate=fresh).count() == 2


def test_applying_twice_is_refused_with_409_naming_the_first_application(
    world: World, recruiter: Any
) -> None:
    client = token_client(recruiter)
    created = client.post(
        f"{API}/candidates/", person(world, "d@example.com", top_paper=False), format="json"
    )
    body = {"candidate": created.json()["id"], "job": world.job.pk}
    first = client.post(f"{API}/applications/", body, format="json")

    again = client.post(f"{API}/applications/", body, format="json")

    assert again.status_code == 409
    assert again.json()["extra"]["existing_id"] == first.json()["id"]


def test_the_routing_reads_give_what_the_orm_gives(world: World, recruiter: Any) -> None:
    from django.utils import timezone

    from candidates.pipeline.facts import FACT_PREFETCH, candidate_facts
    from candidates.selectors import candidate_for_routing
    from recruiting.models import Job, Stage
    from recruiting.selectors import job_for_routing

    someone = f.CandidateFactory(specialties=[world.nlp, world.cv], school="Tsinghua")
    f.PublicationFactory(candidate=someone, specialty=world.nlp, tier="top", year=2024)
    f.PublicationFactory(candidate=someone, specialty=None, year=2021)
    f.AwardFactory(candidate=someone)
    now = timezone.now()

    fast = candidate_for_routing(someone.pk)
    orm = Candidate.objects.prefetch_related(*FACT_PREFETCH).get(pk=someone.pk)
    job = job_for_routing(world.job.pk)
    orm_job = Job.objects.prefetch_related("tracks__rules").get(pk=world.job.pk)

    assert fast is not None
    assert job is not None
    facts = candidate_facts(fast, job, unit_members=frozenset(), now=now)
    assert facts == candidate_facts(orm, orm_job, unit_members=frozenset(), now=now)
    assert [(t.pk, [r.pk for r in t.rules.all()]) for t in job.tracks.all()] == [
        (t.pk, [r.pk for r in t.rules.all()]) for t in orm_job.tracks.all()
    ]
    for track in job.tracks.all():
        current = Stage.objects.filter(track=track, version=track.current_version)
        assert [s.pk for s in track.current_stages] == [s.pk for s in current.order_by("position")]
    assert (job.unit, job.specialty) == (world.unit, world.nlp)
    assert candidate_for_routing(10**12) is None
    assert job_for_routing(10**12) is None


def test_the_routing_reads_go_together_and_give_what_they_give_apart(
    world: World, recruiter: Any
) -> None:
    from candidates.selectors import candidate_for_routing, routing_reads
    from recruiting.selectors import job_for_routing

    someone = f.CandidateFactory(specialties=[world.nlp])
    f.PublicationFactory(candidate=someone, specialty=world.nlp, tier="top", year=2024)

    with CaptureQueriesContext(connection) as queries:
        candidate, job = routing_reads(someone.pk, world.job.pk)

    # The seven statements, all sent before the first answer is read (psycopg's pipeline).
    assert len(statements(queries)) == 7
    alone, job_alone = candidate_for_routing(someone.pk), job_for_routing(world.job.pk)
    assert candidate is not None
    assert job is not None
    assert alone is not None
    assert job_alone is not None
    assert [p.pk for p in candidate.publications.all()] == [p.pk for p in alone.publications.all()]
    assert [(t.pk, [s.pk for s in t.current_stages]) for t in job.tracks.all()] == [
        (t.pk, [s.pk for s in t.current_stages]) for t in job_alone.tracks.all()
    ]
    assert routing_reads(10**12, world.job.pk)[0] is None
    assert routing_reads(someone.pk, 10**12)[1] is None


def test_a_failing_statement_among_those_sent_together_is_djangos_error_and_harmless(
    world: World,
) -> None:
    from django.db import DatabaseError, transaction

    from recruiting import rows

    with pytest.raises(DatabaseError), transaction.atomic():
        rows.fetch_all([("SELECT 1", []), ("SELECT 1 / 0", []), ("SELECT 2", [])])

    assert rows.fetch_all([("SELECT %s", [3]), ("SELECT 4 WHERE false", [])]) == [[(3,)], []]
