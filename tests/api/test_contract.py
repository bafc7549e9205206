"""The schema and the answers agree, and input is judged evenly: errors documented on
every operation with one body, typed answers, null where nothing was, dates in range
and in one form, malformed filters and unknown orderings refused naming the parameter,
JSON everywhere under /api/, a rejection reason by its code, links from SITE_URL."""

from __future__ import annotations

import logging
import re
from functools import cache
from typing import Any

import pytest
from drf_spectacular.generators import SchemaGenerator

from candidates.notifications.unsubscribe import unsubscribe_url
from tests.api.tables import API, candidate_body, client_as, new_application
from tests.openapi import schema_errors

pytestmark = pytest.mark.django_db
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")


@cache
def schema() -> dict[str, Any]:
    return SchemaGenerator().get_schema(request=None, public=True)


def operations() -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path, method, op)
        for path, item in schema()["paths"].items()
        for method, op in item.items()
        if method in ("get", "post", "put", "patch", "delete")
    ]


def test_every_operation_documents_its_errors_with_the_one_error_body() -> None:
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    missing = {
        f"{method} {path}": sorted({"403", "429", "503"} - set(op["responses"]))
        for path, method, op in operations()
        if not {"403", "429", "503"} <= set(op["responses"])
    }
    bodies = {
        f"{method} {path} {code}"
        for path, method, op in operations()
        for code, answer in op["responses"].items()
        if code[0] in "45" and answer.get("content") != error
    }

    assert missing == {}
    assert bodies == set()
    assert set(schema()["components"]["schemas"]["Error"]["required"]) == {"message", "extra"}


def test_every_successful_answer_has_a_typed_body() -> None:
    def untyped(body: dict[str, Any] | None) -> bool:
        if body is None or "$ref" in body:
            return body is None
        return body.get("type") == "object" and not body.get("properties")

    found = [
        f"{method} {path} {code}"
        for path, method, op in operations()
        for code, answer in op["responses"].items()
        if code.startswith("2")
        and code != "204"
        and (
            "content" not in answer
            or any(untyped(c.get("schema")) for c in answer["content"].values())
        )
        # Maps keyed by data (event types, statuses) are typed by their values.
        and path != "/api/v1/message-variables/"
    ]

    assert found == []


def test_the_simulations_example_is_a_rule_and_deleting_a_follow_is_documented_as_answered() -> (
    None
):
    simulate = schema()["paths"]["/api/v1/tracks/{id}/simulate/"]["post"]
    body = simulate["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    draft = schema()["components"]["schemas"][body.rsplit("/", 1)[1]]
    follow = schema()["paths"]["/api/v1/jobs/{id}/follow/"]["delete"]["responses"]

    assert isinstance(draft["properties"]["definition"]["example"], dict)
    assert "all" in draft["properties"]["definition"]["example"]
    assert "200" in follow
    assert "204" not in follow


def test_the_first_history_row_has_no_previous_status(world: Any, recruiter: Any) -> None:
    application = new_application(world)

    rows = client_as(recruiter).get(f"{API}/applications/{application.pk}/history/").json()

    assert rows[0]["kind"] == "created"
    assert rows[0]["from_status"] is None


def test_a_consent_in_the_year_1217_is_refused_and_nothing_is_written(
    world: Any, recruiter: Any
) -> None:
    body = {**candidate_body(world), "consent_given_at": "1217-03-24T12:00:00Z"}

    answer = client_as(recruiter).post(f"{API}/candidates/", body, format="json")

    assert answer.status_code == 400
    assert list(answer.json()["extra"]["fields"]) == ["consent_given_at"]


def test_every_date_time_is_written_in_one_form(
    world: Any, recruiter: Any, panel_ready: Any
) -> None:
    application = panel_ready
    client = client_as(recruiter)
    consent = client.post(
        f"{API}/candidates/",
        {**candidate_body(world), "consent_given_at": "2026-03-01T12:00:00Z"},
        format="json",
    ).json()["consent_given_at"]
    detail = client.get(f"{API}/applications/{application.pk}/").json()
    assessment = client.get(f"{API}/assessments/").json()["results"][0]
    eligibility = client.get(f"{API}/applications/{application.pk}/eligibility/").json()

    moments = [
        consent,
        detail["due_at"],
        detail["created_at"],
        assessment["due_at"],
        eligibility["evaluated_at"],
        detail["fast_track_reason"]["at"],
    ]
    assert all(RFC3339.match(m) for m in moments), moments
    assert {m[-6:] for m in moments} == {"+08:00"}


@pytest.fixture
def panel_ready(world: Any, recruiter: Any) -> Any:
    """A fast-tracked application advanced into its business-unit assessment."""
    from candidates.services import applications as svc

    application = new_application(world, top_paper=True)
    return svc.application_advance(
        application_id=application.pk, expected_version=1, actor=recruiter
    ).application


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        ("/applications/?overdue=maybe", "overdue"),
        ("/applications/?fast_track=perhaps", "fast_track"),
        ("/applications/?ordering=-nonexistent", "ordering"),
        ("/applications/?ordering=created_at,bogus", "ordering"),
        ("/candidates/?ordering=email", "ordering"),
        ("/jobs/?following=sometimes", "following"),
        ("/assessments/?mine=maybe", "mine"),
        ("/assessments/?overdue=2", "overdue"),
        ("/notifications/?unread=yes-please", "unread"),
        ("/specialties/?ordering=nothing", "ordering"),
    ],
)
def test_a_malformed_filter_or_unknown_ordering_answers_400_naming_it(
    world: Any, recruiter: Any, url: str, parameter: str
) -> None:
    answer = client_as(recruiter).get(f"{API}{url}")

    assert answer.status_code == 400, answer.content
    assert list(answer.json()["extra"]["fields"]) == [parameter]
    assert parameter in answer.json()["message"]


@pytest.mark.parametrize("url", ["/applications/?overdue=true", "/applications/?overdue=0"])
def test_well_formed_booleans_still_filter(world: Any, recruiter: Any, url: str) -> None:
    assert client_as(recruiter).get(f"{API}{url}").status_code == 200


@pytest.mark.parametrize("path", ["/api/", "/api/v1/"])
def test_the_api_root_lists_its_resources(client: Any, path: str) -> None:
    answer = client.get(path)

    assert answer.status_code == 200
    resources = answer.json()["resources"]
    assert resources["applications"].endswith("/api/v1/applications/")
    assert len(resources) >= 20
    assert answer.json()["docs"].endswith("/api/docs/")


@pytest.mark.parametrize("debug", [False, True])
def test_an_unknown_path_under_api_answers_json_even_in_debug(
    client: Any, settings: Any, debug: bool
) -> None:
    settings.DEBUG = debug

    answer = client.get("/api/v1/no-such-thing/")

    assert answer.status_code == 404
    assert answer.json() == {"message": "No such page or resource.", "extra": {}}


def test_a_rejection_reason_may_be_given_by_its_code(world: Any, recruiter: Any) -> None:
    application = new_application(world)
    url = f"{API}/applications/{application.pk}/reject/"

    unknown = client_as(recruiter).post(
        url, {"version": 1, "rejection_reason": "no-such-reason"}, format="json"
    )
    by_code = client_as(recruiter).post(
        url, {"version": 1, "rejection_reason": world.no_fit.code}, format="json"
    )

    assert unknown.status_code == 400
    assert list(unknown.json()["extra"]["fields"]) == ["rejection_reason"]
    assert by_code.status_code == 200, by_code.content
    assert by_code.json()["rejection_reason"]["code"] == "no-fit"


def test_email_links_start_at_site_url(settings: Any) -> None:
    settings.SITE_URL = "http://127.0.0.1:8080/"

    assert unsubscribe_url(7).startswith("http://127.0.0.1:8080/api/v1/notifications/unsubscribe/")


def test_djangos_log_lines_go_through_one_handler() -> None:
    django_logger = logging.getLogger("django")

    assert django_logger.handlers == []
    assert django_logger.propagate
    assert len(logging.getLogger().handlers) >= 1


def test_a_unit_answered_without_its_members_conforms_to_the_schema(
    world: Any, recruiter: Any
) -> None:
    answer = client_as(recruiter).get(f"{API}/business-units/{world.unit.pk}/")

    assert "members" not in answer.json()
    assert schema_errors("BusinessUnit", answer.json()) == []


@pytest.mark.parametrize("page", ["0", "000", "-1", "0.5", "1e3", "abc", "null", "%EF%BC%91"])
def test_a_page_number_that_is_no_whole_number_from_1_answers_400_naming_page(
    world: Any, recruiter: Any, page: str
) -> None:
    answer = client_as(recruiter).get(f"{API}/tracks/?page={page}")

    assert answer.status_code == 400, answer.content
    assert list(answer.json()["extra"]["fields"]) == ["page"]


def test_a_page_past_the_last_answers_404_as_the_schema_of_every_numbered_list_says(
    world: Any, recruiter: Any
) -> None:
    answer = client_as(recruiter).get(f"{API}/tracks/?page=99")

    numbered = [
        (path, op)
        for path, method, op in operations()
        if any(p["name"] == "page" for p in op.get("parameters", []))
    ]
    assert answer.status_code == 404
    assert numbered
    assert [path for path, op in numbered if "404" not in op["responses"]] == []
    assert all(
        p["schema"]["minimum"] == 1
        for _, op in numbered
        for p in op["parameters"]
        if p["name"] == "page"
    )


def test_every_operation_documents_the_414_of_an_address_too_long() -> None:
    assert [
        f"{method} {path}" for path, method, op in operations() if "414" not in op["responses"]
    ] == []
