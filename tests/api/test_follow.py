"""Following a job through the API: who may, what it changes, and what it brings."""

from __future__ import annotations

from typing import Any

import pytest

from candidates.notifications.models import Delivery, JobFollower
from candidates.services import applications as svc
from tests.candidates.notifications.helpers import dispatch_all, standard
from tests.conftest import World

pytestmark = pytest.mark.django_db


def url(job: Any) -> str:
    return f"/api/v1/jobs/{job.pk}/follow/"


def test_a_recruiter_follows_and_leaves_a_job(world: World, recruiter: Any, api: Any) -> None:
    client = api(recruiter)
    assert client.get(url(world.job)).json() == {
        "job": world.job.pk,
        "following": False,
        "followers": 0,
    }
    for _ in range(2):  # following twice is following once
        response = client.put(url(world.job))
        assert response.status_code == 200
        assert response.json() == {"job": world.job.pk, "following": True, "followers": 1}
    assert list(JobFollower.objects.values_list("job_id", "user_id")) == [
        (world.job.pk, recruiter.pk)
    ]
    response = client.delete(url(world.job))
    assert response.json() == {"job": world.job.pk, "following": False, "followers": 0}
    assert not JobFollower.objects.exists()


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("admin", 200),
        ("recruiter", 200),
        ("unit_lead", 200),
        ("viewer", 200),
        ("assessor", 403),
        ("other_unit_lead", 404),
        ("other_unit_assessor", 404),
        ("anonymous", 401),
    ],
)
def test_who_may_follow_a_units_job(
    world: World, request: pytest.FixtureRequest, api: Any, role: str, expected: int
) -> None:
    user = None if role == "anonymous" else request.getfixturevalue(role)
    response = api(user).put(url(world.job))
    assert response.status_code == expected
    if expected != 200:
        assert response.json()["message"]
    assert JobFollower.objects.count() == (1 if expected == 200 else 0)


def test_an_unknown_job_is_not_found(world: World, recruiter: Any, api: Any) -> None:
    for pk in (999_999, 10**30):
        response = api(recruiter).put(f"/api/v1/jobs/{pk}/follow/")
        assert response.status_code == 404
        assert response.json()["message"] == "No such job."


def test_the_job_list_filters_on_what_you_follow(world: World, recruiter: Any, api: Any) -> None:
    client = api(recruiter)
    client.put(url(world.other_job))
    followed = client.get("/api/v1/jobs/?following=true").json()["results"]
    assert [job["id"] for job in followed] == [world.other_job.pk]
    others = client.get("/api/v1/jobs/?following=false").json()["results"]
    assert world.other_job.pk not in {job["id"] for job in others}
    assert world.job.pk in {job["id"] for job in others}


def test_a_follower_hears_about_applications_someone_else_opened(
    world: World, recruiter: Any, admin: Any, api: Any
) -> None:
    api(recruiter).put(url(world.job))
    application = standard(world, admin)
    dispatch_all()
    svc.application_advance(application_id=application.pk, expected_version=1, actor=admin)
    dispatch_all()
    to_recruiter = Delivery.objects.filter(user=recruiter, channel="in_app").values_list(
        "event__type", flat=True
    )
    assert set(to_recruiter) >= {"application.created", "application.moved"}
