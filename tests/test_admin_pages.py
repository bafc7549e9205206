"""Every page of the Django admin, as an admin would use it: each list, each add page
sent empty (invalid) and each change page sent back as it was read (valid) answers
without a server error; and the admin saves through the services, so it refuses what
they refuse, beside the field, and changes what they change."""

from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any

import pytest
from django.contrib import admin as django_admin
from django.test import Client
from django.urls import reverse

from candidates.models import Application, Candidate
from candidates.notifications.defaults import seed_subscriptions
from candidates.notifications.message_defaults import seed_templates
from candidates.notifications.models import MessageTemplate, Subscription
from candidates.services import applications as svc
from candidates.services.candidates import candidate_create
from recruiting.models import EligibilityRule, Stage
from recruiting.services import scorecard_save
from tests import factories as f


class FormReader(HTMLParser):
    """The fields a browser would send for the page's main form, as it was rendered."""

    def __init__(self) -> None:
        super().__init__()
        self.data: list[tuple[str, str]] = []
        self.in_form = False
        self._select: str | None = None
        self._selected: list[str] = []
        self._first_option: str | None = None
        self._textarea: str | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("id", "").endswith("_form"):
            self.in_form = True
        if not self.in_form:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.data.append((name, a.get("value", "on")))
            elif kind not in ("submit", "button", "file", "image"):
                self.data.append((name, a.get("value", "")))
        elif tag == "select" and name:
            self._select, self._selected, self._first_option = name, [], None
        elif tag == "option" and self._select is not None:
            if "selected" in a:
                self._selected.append(a.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, ""

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self.in_form:
            self.in_form = False
        elif tag == "select" and self._select is not None:
            self.data += [(self._select, value) for value in self._selected]
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            # A textarea's first newline is markup, not content.
            self.data.append((self._textarea, self._text.removeprefix("\n")))
            self._textarea = None


def form_of(html: str) -> dict[str, Any]:
    reader = FormReader()
    reader.feed(html)
    data: dict[str, Any] = {}
    for name, value in reader.data:
        data.setdefault(name, []).append(value)
    return {k: v if len(v) > 1 else v[0] for k, v in data.items()}


@pytest.fixture
def site(admin: Any) -> Client:
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client = Client()
    client.force_login(admin)
    return client


@pytest.fixture
def everything(world: Any, recruiter: Any, admin: Any) -> None:
    """At least one row of every model the admin shows."""
    seed_templates(MessageTemplate)
    seed_subscriptions(Subscription)
    scorecard_save(
        template=None,
        data={"name": "Research", "criteria": [{"name": "Depth", "weight": 1}]},
    )
    candidate = candidate_create(
        actor=recruiter, data={"full_name": "Li Na", "email": "li.na@example.com"}
    )
    f.PublicationFactory(candidate=candidate)
    svc.application_create(candidate=candidate, job=world.job, actor=recruiter)


def admin_urls() -> Iterator[tuple[str, type[Any]]]:
    for model in django_admin.site._registry:
        meta = model._meta
        yield f"admin:{meta.app_label}_{meta.model_name}", model


MODELS = sorted(admin_urls(), key=lambda pair: pair[0])


@pytest.mark.parametrize(("name", "model"), MODELS, ids=[name for name, _ in MODELS])
def test_every_admin_page_answers_valid_and_invalid_input_without_a_server_error(
    site: Client, everything: None, name: str, model: type[Any]
) -> None:
    listing = site.get(reverse(f"{name}_changelist"))
    assert listing.status_code == 200

    add = site.get(reverse(f"{name}_add"))
    if add.status_code == 200:
        empty = {k: v for k, v in form_of(add.content.decode()).items() if "-" in k}
        refused = site.post(reverse(f"{name}_add"), empty)
        assert refused.status_code == 200, refused.content[:500]
        assert b"errornote" in refused.content or b"errorlist" in refused.content
    else:
        assert add.status_code == 403

    instance = model._default_manager.order_by("pk").first()
    if instance is None:
        return
    change_url = reverse(f"{name}_change", args=[instance.pk])
    page = site.get(change_url)
    assert page.status_code == 200
    if b'name="_save"' not in page.content:
        return  # read-only
    sent = site.post(change_url, {**form_of(page.content.decode()), "_save": "Save"})
    assert sent.status_code in (200, 302), sent.content[:500]
    if sent.status_code == 200:
        pytest.fail(f"{name}: the unchanged form was refused: {sent.content[:2000]!r}")


def test_saving_a_track_with_only_its_description_changed_works(site: Client, world: Any) -> None:
    url = reverse("admin:recruiting_track_change", args=[world.fast.pk])
    data = form_of(site.get(url).content.decode())
    version = world.fast.current_version

    answer = site.post(url, {**data, "description": "Top-venue authors, straight to the unit"})

    assert answer.status_code == 302
    world.fast.refresh_from_db()
    assert world.fast.description == "Top-venue authors, straight to the unit"
    assert world.fast.current_version == version


def test_a_rule_on_a_standard_track_is_a_form_error_and_nothing_is_saved(
    site: Client, world: Any
) -> None:
    before = EligibilityRule.objects.count()

    answer = site.post(
        reverse("admin:recruiting_eligibilityrule_add"),
        {
            "track": world.standard.pk,
            "name": "Seniors",
            "definition": '{"all": [{"fact": "years_experience", "op": "gte", "value": 5}]}',
            "is_active": "on",
        },
    )

    assert answer.status_code == 200
    assert b"Eligibility rules belong to fast tracks." in answer.content
    assert EligibilityRule.objects.count() == before


def test_a_candidate_added_in_the_admin_is_normalised_like_one_from_the_api(
    site: Client, world: Any
) -> None:
    url = reverse("admin:candidates_candidate_add")
    data = form_of(site.get(url).content.decode())

    answer = site.post(
        url,
        {
            **data,
            "full_name": "Wang Fang",
            "email": " Wang.Fang@Example.COM ",
            "phone": "138 0013 8000",
            "publications-TOTAL_FORMS": "1",
            "publications-0-title": "Sparse experts",
            "publications-0-venue": "ACL",
            "publications-0-year": "2025",
            "publications-0-tier": "top",
        },
    )

    assert answer.status_code == 302
    candidate = Candidate.objects.get(full_name="Wang Fang")
    assert candidate.email_normalized == "wang.fang@example.com"
    assert candidate.phone_normalized == "+8613800138000"
    assert list(candidate.publications.values_list("title", flat=True)) == ["Sparse experts"]


def test_an_admin_edit_to_an_email_keeps_duplicate_detection_working(
    site: Client, recruiter: Any
) -> None:
    first = candidate_create(actor=recruiter, data={"full_name": "A", "email": "a@example.com"})
    second = candidate_create(actor=recruiter, data={"full_name": "B", "email": "b@example.com"})
    url = reverse("admin:candidates_candidate_change", args=[second.pk])
    data = form_of(site.get(url).content.decode())

    site.post(url, {**data, "email": "B.New@example.com"})
    refused = site.post(url, {**data, "email": "A@EXAMPLE.com"})

    second.refresh_from_db()
    assert second.email_normalized == "b.new@example.com"
    assert refused.status_code == 200
    assert b"A candidate with this email already exists." in refused.content
    assert reverse("admin:candidates_candidate_change", args=[first.pk]).encode() in refused.content
    assert second.email == "B.New@example.com"


def test_candidates_cannot_be_deleted_from_the_admin(
    site: Client, world: Any, recruiter: Any
) -> None:
    candidate = candidate_create(actor=recruiter, data={"full_name": "C", "email": "c@ex.com"})
    svc.application_create(candidate=candidate, job=world.job, actor=recruiter)
    url = reverse("admin:candidates_candidate_delete", args=[candidate.pk])

    answer = site.post(url, {"post": "yes"})

    assert answer.status_code == 403
    assert Candidate.objects.filter(pk=candidate.pk).exists()
    assert Application.objects.filter(candidate=candidate).exists()


def test_removing_or_renaming_a_rated_criterion_in_the_admin_is_a_form_error(
    site: Client, world: Any, recruiter: Any, assessor: Any
) -> None:
    from candidates.assessments.scoring import ScoreInput, assessment_submit_score
    from candidates.models import Assessment

    template = scorecard_save(
        template=None,
        data={
            "name": "Panel",
            "criteria": [{"name": "Depth", "weight": 1}, {"name": "Breadth", "weight": 1}],
        },
    )
    Stage.objects.filter(track=world.fast, kind="bu_assessment").update(
        scorecard=template, panel_size=1, quorum=1
    )
    candidate = f.CandidateFactory()
    f.PublicationFactory(candidate=candidate, specialty=world.nlp)
    candidate.specialties.set([world.nlp])
    change = svc.application_create(candidate=candidate, job=world.job, actor=recruiter)
    svc.application_advance(
        application_id=change.application.pk, expected_version=1, actor=recruiter
    )
    assessment = Assessment.objects.get(application=change.application)
    criteria = {c.name: c.pk for c in template.criteria.all()}
    assessment_submit_score(
        assessment_id=assessment.pk,
        actor=assessor,
        data=ScoreInput(ratings={pk: (3, "") for pk in criteria.values()}, recommendation=3),
    )
    url = reverse("admin:recruiting_scorecardtemplate_change", args=[template.pk])
    data = form_of(site.get(url).content.decode())
    depth = next(k for k, v in data.items() if k.endswith("-name") and v == "Depth")

    deleted = site.post(url, {**data, depth.replace("-name", "-DELETE"): "on"})
    renamed = site.post(url, {**data, depth: "Depth of research"})

    assert deleted.status_code == 200
    assert b"Deleting criterion Depth would require deleting" in deleted.content
    assert renamed.status_code == 200
    assert b"Assessors have rated Depth" in renamed.content
    assert set(template.criteria.values_list("name", flat=True)) == {"Depth", "Breadth"}
