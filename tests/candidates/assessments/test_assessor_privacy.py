"""What an assessor can read, everywhere: every GET the API offers, with every id that
exists, and the commands' answers. No body carries a candidate's contact details,
salary expectation or links; on an anonymised stage, not their name, school or employer
either. Viewers may read assessments but not change them (403, as every refused write)."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from candidates.models import Application, Assessment, Candidate
from candidates.notifications.defaults import seed_subscriptions
from candidates.notifications.message_defaults import seed_templates
from candidates.notifications.models import MessageTemplate, Subscription
from recruiting.models import BusinessUnit, Job, Stage, Track
from tests.candidates.assessments.conftest import Panel, at_assessment
from tests.candidates.notifications.helpers import deliver_due, dispatch_all

API = "/api/v1"
SECRETS = {
    "email": "hidden.person@example.com",
    "phone": "+8613900004444",
    "salary_expectation": 31415,
    "links": ["https://github.com/hidden-person"],
}
ANONYMISED = {"full_name": "Qian Shan", "school": "Fudan University", "current_employer": "Zhipu"}


def api_get_paths() -> list[str]:
    """Every URL pattern under /api/v1/ that answers GET, as a template with `{id}`."""
    found: list[str] = []

    def walk(patterns: list[Any], prefix: str) -> None:
        for pattern in patterns:
            route = str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + route)
            elif isinstance(pattern, URLPattern):
                found.append(prefix + route)

    walk(get_resolver().url_patterns, "")
    paths = set()
    for route in found:
        if not route.startswith("api/v1/") or "unsubscribe" in route:
            continue
        route = route.replace("^", "").replace("$", "")
        route = re.sub(r"\(\?P<\w+>[^)]*\)|<(\w+:)?\w+>", "{id}", route)
        paths.add("/" + route.replace("\\", ""))
    return sorted(p for p in paths if "format" not in p)


@pytest.fixture
def secrets_everywhere(panel: Panel, recruiter: Any, assessor: Any) -> list[Assessment]:
    """Two assessments the assessor sits on, one anonymised, with notifications sent."""
    seed_subscriptions(Subscription)
    seed_templates(MessageTemplate)
    panel.stage.panel_size = 4  # everyone in the pool sits, the assessor included
    panel.stage.save()
    _, plain = at_assessment(panel, recruiter, **SECRETS)
    anonymised_stage = Stage.objects.get(pk=panel.stage.pk)
    anonymised_stage.anonymize = True
    anonymised_stage.save()
    other = {k: (v if k != "email" else "second.hidden@example.com") for k, v in SECRETS.items()}
    other["phone"] = "+8613900005555"
    _, hidden = at_assessment(panel, recruiter, **other, **ANONYMISED)
    dispatch_all()
    deliver_due()
    assert assessor.pk in set(plain.seats.values_list("assessor_id", flat=True))
    assert assessor.pk in set(hidden.seats.values_list("assessor_id", flat=True))
    return [plain, hidden]


def every_id() -> set[int]:
    ids: set[int] = set()
    for model in (Candidate, Application, Assessment, Job, BusinessUnit, Track, Stage):
        ids |= set(model.objects.values_list("pk", flat=True))
    return ids


def leaks(text: str) -> list[str]:
    found = [
        str(value)
        for value in ("hidden.person", "second.hidden", "13900004444", "13900005555", "31415")
        if str(value) in text
    ]
    found += [s for s in ("github.com/hidden-person", *ANONYMISED.values()) if s in text]
    return found


def test_no_answer_an_assessor_can_get_carries_contact_salary_or_anonymised_values(
    secrets_everywhere: list[Assessment], assessor: Any, api: Any, panel: Panel
) -> None:
    client = api(assessor)
    ids = every_id()
    answers: dict[str, str] = {}
    for path in api_get_paths():
        for pk in sorted(ids) if "{id}" in path else [0]:
            url = path.replace("{id}", str(pk))
            response = client.get(url)
            if response.status_code == 200:
                answers[url] = response.content.decode()
    for query in ("?mine=true", "?q=hidden", "?q=13900004444", "?status=pending"):
        for resource in ("assessments", "candidates", "applications"):
            response = client.get(f"{API}/{resource}/{query}")
            answers[f"{resource}{query}"] = response.content.decode()
    plain, hidden = secrets_everywhere
    score = {"ratings": panel.ratings(3, 3, 3), "recommendation": 3}
    for assessment in (plain, hidden):
        url = f"{API}/assessments/{assessment.pk}/"
        answers[f"draft {assessment.pk}"] = client.put(f"{url}draft/", score, format="json")
        answers[f"submit {assessment.pk}"] = client.post(f"{url}submit/", score, format="json")
    answers = {k: v if isinstance(v, str) else v.content.decode() for k, v in answers.items()}

    # The anonymised candidate's name is their packet's "Candidate <id>"; the plain
    # one's name may show. Contact, salary and links never do.
    leaked = {url: found for url, text in answers.items() if (found := leaks(text))}
    assert leaked == {}
    assert any(f"{API}/assessments/{hidden.pk}/" == url for url in answers)
    assert any(url.startswith(f"{API}/notifications/") for url in answers)
    notifications = json.loads(answers[f"{API}/notifications/"])["results"]
    assert notifications, "the assessor should have been told of the assignments"


def test_the_crawl_reaches_the_pages_that_would_leak(
    secrets_everywhere: list[Assessment], recruiter: Any, api: Any
) -> None:
    plain, _ = secrets_everywhere
    text = api(recruiter).get(f"{API}/candidates/{plain.application.candidate_id}/").content

    assert leaks(text.decode())
    assert f"{API}/candidates/{{id}}/" in api_get_paths()


@pytest.mark.parametrize("command", ["draft", "submit", "amend", "decline", "reassign"])
def test_a_viewer_writing_to_an_assessment_they_can_read_is_refused_with_403(
    panel: Panel, recruiter: Any, viewer: Any, api: Any, command: str
) -> None:
    _, assessment = at_assessment(panel, recruiter)
    url = f"{API}/assessments/{assessment.pk}/"
    assert api(viewer).get(url).status_code == 200

    method = "put" if command == "draft" else "post"
    response = getattr(api(viewer), method)(f"{url}{command}/", {"reason": "x"}, format="json")

    assert response.status_code == 403
    assert "message" in response.json()
