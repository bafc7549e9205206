"""The frame of every page: login, the header, languages and time zones, the bell, error
pages, and each role's dashboard."""

from __future__ import annotations

import zoneinfo
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from candidates.notifications.models import Notification, StaffPreference
from candidates.services import applications as svc
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_an_anonymous_visit_to_the_root_leads_to_the_login_page(browse: Any) -> None:
    answer = browse(None).get("/")

    assert answer.status_code == 302
    assert answer["Location"] == "/accounts/login/?next=/"


def test_logging_in_lands_on_the_dashboard_and_a_wrong_password_says_so(recruiter: Any) -> None:
    client = Client()

    refused = client.post("/accounts/login/", {"username": "recruiter", "password": "wrong"})
    accepted = client.post(
        "/accounts/login/", {"username": "recruiter", "password": f.PASSWORD}, follow=True
    )

    assert refused.status_code == 200
    assert b"Please enter a correct username and password" in refused.content
    assert accepted.redirect_chain[-1][0] == "/"
    assert b"Waiting on you" in accepted.content


@pytest.mark.parametrize(
    ("role", "shown", "hidden"),
    [
        (
            "recruiter",
            [b"Waiting on you", b"Suggested fast tracks", b"Pipeline summary"],
            [b"Your assessments to score"],
        ),
        (
            "unit_lead",
            [b"Panels short of assessors", b"Panels to decide", b"Calibration flags"],
            [b"Waiting on you"],
        ),
        ("assessor", [b"Your assessments to score"], [b"Pipeline summary", b"Waiting on you"]),
        ("viewer", [b"Pipeline summary"], [b"Waiting on you", b"Panels to decide"]),
    ],
)
def test_each_role_lands_on_its_own_dashboard(
    world: Any,
    browse: Any,
    request: pytest.FixtureRequest,
    role: str,
    shown: list[bytes],
    hidden: list[bytes],
) -> None:
    user = request.getfixturevalue(role)

    answer = browse(user).get("/")

    assert answer.status_code == 200
    for text in shown:
        assert text in answer.content
    for text in hidden:
        assert text not in answer.content


def test_a_user_with_no_role_is_refused_with_a_page_not_json(browse: Any) -> None:
    nobody = f.UserFactory(username="nobody")

    answer = browse(nobody).get("/")

    assert answer.status_code == 403
    assert answer["Content-Type"].startswith("text/html")
    assert b"Your role may not open this page." in answer.content


def test_unknown_pages_answer_html_and_unknown_api_paths_json(recruiter: Any, browse: Any) -> None:
    page = browse(recruiter).get("/no-such-page/")
    api = browse(recruiter).get("/api/v1/no-such-resource/")

    assert page.status_code == 404
    assert page["Content-Type"].startswith("text/html")
    assert api.status_code == 404
    assert api.json()["message"]


def test_the_language_switch_persists_for_the_user_and_the_pages_follow_it(
    recruiter: Any, browse: Any
) -> None:
    client = browse(recruiter)

    switched = client.post("/accounts/language/", {"language": "zh-hans", "next": "/"})
    later = browse(recruiter).get("/")  # a new session: the choice is the user's

    assert switched.status_code == 302
    assert StaffPreference.objects.get(user=recruiter).language == "zh-hans"
    assert "我的工作".encode() in later.content
    assert b'<html lang="zh-hans">' in later.content


def test_an_unknown_language_changes_nothing(recruiter: Any, browse: Any) -> None:
    browse(recruiter).post("/accounts/language/", {"language": "xx", "next": "/"})

    assert not StaffPreference.objects.filter(user=recruiter).exists()


def test_dates_show_in_the_users_time_zone(world: Any, recruiter: Any, browse: Any) -> None:
    person = f.CandidateFactory(specialties=[world.nlp])
    change = svc.application_create(candidate=person, job=world.job, actor=recruiter)
    due = change.application.due_at
    client = browse(recruiter)

    client.post("/accounts/preferences/", {"language": "en", "time_zone": "America/New_York"})
    answer = client.get("/")

    assert StaffPreference.objects.get(user=recruiter).time_zone == "America/New_York"
    local = timezone.localtime(due, timezone=zoneinfo.ZoneInfo("America/New_York"))
    assert local.strftime("%Y-%m-%d %H:%M").encode() in answer.content


def test_a_time_zone_that_is_not_one_is_refused_beside_the_field(
    recruiter: Any, browse: Any
) -> None:
    answer = browse(recruiter).post(
        "/accounts/preferences/", {"language": "en", "time_zone": "Mars/Olympus"}
    )

    assert answer.status_code == 200
    assert b"errorlist" in answer.content
    assert not StaffPreference.objects.filter(user=recruiter).exists()


def notify(user: Any, title: str) -> Notification:
    return Notification.objects.create(user=user, event_type="application.created", title=title)


def test_the_bell_counts_unread_and_marks_read_in_place(recruiter: Any, browse: Any) -> None:
    first = notify(recruiter, "New application: Li Na for NLP Engineer")
    notify(recruiter, "Second")
    client = browse(recruiter)

    home = client.get("/")
    panel = client.get("/notifications/panel/", HTTP_HX_REQUEST="true")
    marked = client.post(f"/notifications/{first.pk}/read/", HTTP_HX_REQUEST="true")
    count = client.get("/notifications/count/", HTTP_HX_REQUEST="true")

    assert b'id="bell-count"' in home.content
    assert b">2</span>" in home.content
    assert b"New application: Li Na" in panel.content
    assert b"<html" not in panel.content
    assert marked.status_code == 200
    assert b"unread" not in marked.content
    assert b">1</span>" in count.content


def test_nobody_marks_someone_elses_notification(recruiter: Any, viewer: Any, browse: Any) -> None:
    theirs = notify(viewer, "Not yours")

    answer = browse(recruiter).post(f"/notifications/{theirs.pk}/read/")

    assert answer.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_all_read(recruiter: Any, browse: Any) -> None:
    notify(recruiter, "One")
    notify(recruiter, "Two")

    browse(recruiter).post("/notifications/read-all/")

    assert not Notification.objects.filter(user=recruiter, read_at__isnull=True).exists()


def test_the_dashboards_queries_do_not_grow_with_the_applications(
    world: Any, recruiter: Any, unit_lead: Any, browse: Any
) -> None:
    def add(n: int) -> None:
        for _ in range(n):
            person = f.CandidateFactory(specialties=[world.nlp])
            svc.application_create(candidate=person, job=world.job, actor=recruiter)

    counts = []
    for n in (3, 30):
        add(n)
        for user in (recruiter, unit_lead):
            client = browse(user)
            client.get("/")  # the session's first request reads more (roles, units)
            with CaptureQueriesContext(connection) as queries:
                assert client.get("/").status_code == 200
            counts.append((user.username, len(queries)))

    assert counts[:2] == counts[2:]


def test_recruiters_find_the_new_candidate_form_and_viewers_do_not(
    world: Any, recruiter: Any, viewer: Any, browse: Any
) -> None:
    for page in ("/", "/applications/"):
        assert b'href="/candidates/new/"' in browse(recruiter).get(page).content
        assert b'href="/candidates/new/"' not in browse(viewer).get(page).content
