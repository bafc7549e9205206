"""List endpoints: a page costs the same number of queries whatever its size."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from candidates.services import applications as svc
from recruiting.models import Drive, Track
from tests import factories as f
from tests.api.tables import API, RESOURCES, Resource, client_as, moved_to, new_application
from tests.conftest import World

pytestmark = pytest.mark.django_db

ROWS = 60


def many_applications(world: World) -> None:
    for index in range(ROWS):
        application = new_application(world, top_paper=index % 3 == 0)
        if index % 4 == 0:
            svc.application_reject(
                application_id=application.pk,
                expected_version=application.version,
                actor=None,
                rejection_reason=world.no_fit,
            )


def many_candidates(world: World) -> None:
    for _ in range(ROWS):
        candidate = f.CandidateFactory(specialties=[world.nlp, world.cv])
        f.PublicationFactory(candidate=candidate, specialty=world.nlp)
        f.AwardFactory(candidate=candidate)


def many_jobs(world: World) -> None:
    for _ in range(ROWS):
        f.JobFactory(unit=world.unit, specialty=world.nlp, tracks=[world.standard, world.fast])


def many_tracks(world: World) -> None:
    for _ in range(ROWS):
        f.TrackFactory(kind=Track.Kind.FAST, fallback_track=world.standard)


def many_units(world: World) -> None:
    for _ in range(ROWS):
        unit = f.BusinessUnitFactory(lead=f.UserFactory())
        for _ in range(2):
            membership = f.MembershipFactory(unit=unit)
            membership.specialties.set([world.nlp, world.cv])


LISTS: dict[str, Callable[[World], None]] = {
    "applications": many_applications,
    "candidates": many_candidates,
    "jobs": many_jobs,
    "tracks": many_tracks,
    "business-units": many_units,
}


def page(client: APIClient, path: str, size: int) -> tuple[int, int]:
    """The number of queries for one page of `size` rows, and the rows it held."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"{API}/{path}/?page_size={size}")
    assert response.status_code == 200, response.content
    return len(queries), len(response.json()["results"])


@pytest.mark.parametrize("path", LISTS)
def test_the_queries_of_a_list_do_not_grow_with_the_page_size(
    world: World, recruiter: Any, path: str
) -> None:
    LISTS[path](world)
    client = client_as(recruiter)
    page(client, path, 1)  # Warm per-process caches (content types, roles) first.

    small, small_rows = page(client, path, 5)
    large, large_rows = page(client, path, 50)

    assert (small_rows, large_rows) == (5, 50)
    assert small == large


def test_a_page_of_applications_with_a_token_costs_at_most_five_queries_and_no_count(
    world: World, unit_lead: Any
) -> None:
    many_applications(world)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {f.token_for(unit_lead)}")

    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"{API}/applications/?page_size=50")

    assert response.status_code == 200
    assert len(response.json()["results"]) == 50
    assert len(queries) <= 5, [q["sql"] for q in queries]
    assert not [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]


def test_filtering_by_several_statuses_reads_no_distinct_rows(world: World, recruiter: Any) -> None:
    many_applications(world)
    client = client_as(recruiter)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"{API}/applications/?status=active&status=rejected&page_size=200")

    rows = response.json()["results"]
    assert {row["status"] for row in rows} == {"active", "rejected"}
    assert len({row["id"] for row in rows}) == len(rows) == ROWS
    assert not [q["sql"] for q in queries if "DISTINCT" in q["sql"].upper()]


@pytest.mark.parametrize("ordering", ["created_at", "-created_at", "stage_entered_at"])
def test_paging_applications_in_any_offered_order_visits_each_once(
    world: World, recruiter: Any, ordering: str
) -> None:
    # A hired application has no due time; the others do.
    hired = moved_to(new_application(world), "offer")
    svc.application_hire(application_id=hired.pk, expected_version=hired.version, actor=None)
    others = [new_application(world) for _ in range(3)]
    client = client_as(recruiter)
    url: str | None = f"{API}/applications/?ordering={ordering}&page_size=1"
    seen: list[int] = []

    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        seen += [row["id"] for row in response.json()["results"]]
        url = response.json()["next"]

    assert sorted(seen) == sorted([hired.pk, *(a.pk for a in others)])


def test_ordering_by_a_column_that_may_be_empty_is_not_offered(
    world: World, recruiter: Any
) -> None:
    # A cursor cannot page past a NULL position, so due_at is no ordering of a cursor list:
    # asking for it is refused, naming the orderings there are.
    new_application(world)

    response = client_as(recruiter).get(f"{API}/applications/?ordering=-due_at&page_size=1")

    assert response.status_code == 400
    assert list(response.json()["extra"]["fields"]) == ["ordering"]
    assert "created_at, stage_entered_at" in response.json()["message"]


# Relations a serializer shows under another name; DRF's default orderings accept them.
RELATED = ["memberships", "specialties", "target_specialties", "tracks", "stages", "rules"]


@pytest.mark.parametrize("resource", RESOURCES, ids=str)
def test_ordering_a_configuration_list_by_any_field_keeps_each_row_once(
    world: World, admin: Any, resource: Resource
) -> None:
    for unit in (world.unit, world.other_unit):
        for _ in range(2):
            f.MembershipFactory(unit=unit).specialties.set([world.nlp, world.cv])
    drive = Drive.objects.create(name="AI talent drive", starts_on="2025-04-01")
    drive.target_specialties.set([world.nlp, world.cv])
    client = client_as(admin)
    plain = client.get(f"{API}/{resource.path}/?page_size=200").json()["results"]
    expected = sorted(row["id"] for row in plain)

    orderings = [f"{sign}{name}" for name in [*plain[0], *RELATED] for sign in ("", "-")]
    pages = {o: client.get(f"{API}/{resource.path}/?page_size=200&ordering={o}") for o in orderings}

    # An ordering the list does not offer is refused (400, naming the parameter); one it
    # offers keeps each row once.
    refused = {o: r for o, r in pages.items() if r.status_code == 400}
    assert {o: r.status_code for o, r in pages.items() if r.status_code not in (200, 400)} == {}
    assert {
        o for o, r in refused.items() if list(r.json()["extra"]["fields"]) != ["ordering"]
    } == set()
    assert len(refused) < len(pages)
    assert {
        o: ids
        for o, r in pages.items()
        if r.status_code == 200
        and (ids := [row["id"] for row in r.json()["results"]])
        and sorted(ids) != expected
    } == {}


def test_an_override_reads_as_no_rule_on_every_database() -> None:
    from candidates.api.serializers import reason_summary

    # SQLite reads a JSON null out of the reason as the text "null".
    row = {
        "reason_track": "Top-paper fast track",
        "reason_rule": "null",
        "reason_rule_version": "null",
        "reason_decided": "override",
    }

    assert reason_summary(row) == {
        "track": "Top-paper fast track",
        "rule": None,
        "rule_version": None,
        "decided": "override",
    }
