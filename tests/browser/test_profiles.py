"""The candidate and application profile in Chromium: creating a candidate (and the
duplicate refused with a link), applying them, acting from the profile through its
dialogs, a stale version, the eligibility explanation, a unit lead's override; every
screen in English and Chinese at 1280 and 360 px, under the CSP."""

from __future__ import annotations

from typing import Any

import pytest

from candidates.models import Application, Candidate
from candidates.notifications.models import Subscription, WebhookEndpoint
from candidates.services import applications as svc
from tests import factories as f
from tests.browser.conftest import (
    SCREENSHOTS,
    WIDTHS,
    log_in,
    policy_violations,
    shoot,
    switch_language,
)
from tests.candidates.notifications.helpers import dispatch_all
from tests.conftest import World

pytestmark = pytest.mark.django_db(transaction=True)


def standard(world: World, actor: Any, **candidate: Any) -> Application:
    person = f.CandidateFactory(specialties=[world.nlp], **candidate)
    return svc.application_create(candidate=person, job=world.job, actor=actor).application


def fast_tracked(world: World, actor: Any, **candidate: Any) -> Application:
    person = f.CandidateFactory(specialties=[world.nlp], **candidate)
    f.PublicationFactory(
        candidate=person, specialty=world.nlp, tier="top", venue="ACL", title="Sparse attention"
    )
    f.AwardFactory(candidate=person)
    return svc.application_create(candidate=person, job=world.job, actor=actor).application


def shoot_part(page: Any, selector: str, name: str) -> None:
    """One section of the page, at each width."""
    size = page.viewport_size
    SCREENSHOTS.mkdir(exist_ok=True)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.locator(selector).screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"))
    page.set_viewport_size(size)


WIDER_THAN_A_PHONE = """Array.from(document.querySelectorAll("body *"))
    .filter(e => e.getBoundingClientRect().right > 361)
    .slice(0, 5)
    .map(e => e.tagName + "." + e.className + ": " + (e.textContent || "").trim().slice(0, 40))"""


def wider_than_a_phone(page: Any) -> list[str]:
    """What makes a 360 px screen scroll sideways (nothing, on a page that works)."""
    size = page.viewport_size
    page.set_viewport_size({"width": 360, "height": 900})
    found: list[str] = page.evaluate(WIDER_THAN_A_PHONE)
    page.set_viewport_size(size)
    return found


def open_dialog(page: Any, name: str) -> Any:
    """Open an action's dialog; its form arrives from the server."""
    page.click(f"a[data-dialog=dialog-{name}]")
    dialog = page.locator(f"#dialog-{name}")
    dialog.locator("form button[type=submit]").wait_for()
    return dialog


def test_a_recruiter_creates_a_candidate_is_refused_a_duplicate_and_applies_them(
    live_server: Any, page: Any, world: World, recruiter: Any
) -> None:
    existing = f.CandidateFactory(full_name="Li Na", email="li.na@example.com")
    violations = policy_violations(page)
    log_in(page, live_server, "recruiter")

    page.goto(f"{live_server.url}/candidates/new/")
    page.fill("#id_full_name", "Zhao Lei")
    page.fill("#id_email", "LI.NA@example.com")
    page.fill("#id_years_experience", "6")
    page.check(f"input[name=specialties][value='{world.nlp.pk}']")
    page.fill("#id_publications-0-title", "Sparse attention for long documents")
    page.fill("#id_publications-0-venue", "ACL")
    page.fill("#id_publications-0-year", "2025")
    page.select_option("#id_publications-0-tier", "top")
    page.select_option("#id_publications-0-specialty", str(world.nlp.pk))
    page.click("button[data-add-row=publications]")
    page.click("main button[type=submit]")

    error = page.locator(".field.has-error .errorlist a")
    assert error.get_attribute("href") == f"/candidates/{existing.pk}/"
    assert "Another candidate has this email already" in page.locator(".has-error").inner_text()
    assert page.locator("#id_publications-0-title").input_value().startswith("Sparse")
    assert not Candidate.objects.filter(full_name="Zhao Lei").exists()

    page.fill("#id_email", "zhao.lei@example.com")
    page.click("main button[type=submit]")
    page.wait_for_selector("text=Apply them to a job below")
    person = Candidate.objects.get(full_name="Zhao Lei")
    assert [p.venue for p in person.publications.all()] == ["ACL"]

    page.select_option(".apply-form select", str(world.job.pk))
    page.click(".apply-form button[type=submit]")
    page.wait_for_selector("text=on the fast track")

    app = Application.objects.get(candidate=person)
    assert page.url == f"{live_server.url}/applications/{app.pk}/"
    assert app.is_fast_track
    assert "Rule “Top-venue paper in the last 3 years”" in page.locator("main").inner_text()
    assert violations == []


def test_a_recruiter_advances_rejects_and_undoes_the_rejection_from_the_profile(
    live_server: Any, page: Any, world: World, recruiter: Any
) -> None:
    app = standard(world, recruiter, full_name="Wang Fang")
    violations = policy_violations(page)
    log_in(page, live_server, "recruiter")
    page.goto(f"{live_server.url}/applications/{app.pk}/")

    page.click("button:has-text('Advance to Screen')")
    page.wait_for_selector(".messages >> text=Done: Advance")
    timeline = page.locator(".timeline")
    assert "Review → Screen" in timeline.inner_text()

    dialog = open_dialog(page, "reject")
    dialog.locator("select[name=rejection_reason]").select_option(str(world.no_fit.pk))
    dialog.locator("textarea[name=note]").fill("Prefers research roles")
    dialog.locator("button[type=submit]").click()
    page.wait_for_selector(".application-card .badge:has-text('Rejected')")
    assert "At Screen: Not a fit for the role" in timeline.inner_text()
    assert "Prefers research roles" in timeline.inner_text()

    dialog = open_dialog(page, "unreject")
    dialog.locator("textarea[name=reason]").fill("Rejected by mistake")
    dialog.locator("button[type=submit]").click()
    page.wait_for_selector(".application-card .badge:has-text('Active')")

    assert "Rejection undone" in timeline.inner_text()
    assert "Rejected by mistake" in timeline.inner_text()
    assert Application.objects.get(pk=app.pk).status == "active"
    assert violations == []


def test_a_stale_version_shows_the_engines_message_and_changes_nothing(
    live_server: Any, page: Any, world: World, recruiter: Any
) -> None:
    app = standard(world, recruiter)
    violations = policy_violations(page)
    log_in(page, live_server, "recruiter")
    page.goto(f"{live_server.url}/applications/{app.pk}/")
    dialog = open_dialog(page, "move")

    # Meanwhile, in another session:
    svc.application_hold(application_id=app.pk, expected_version=1, actor=recruiter)
    dialog.locator("select[name=to_stage]").select_option(label="Interview")
    dialog.locator("textarea[name=reason]").fill("Strong referral")
    dialog.locator("button[type=submit]").click()

    alert = page.locator(".refusal")
    alert.wait_for()
    assert "Stale version: you sent 1, the application is at version 2" in alert.inner_text()
    assert page.locator(".application-card .badge:has-text('On hold')").count() == 1
    assert Application.objects.get(pk=app.pk).stage.kind == "review"
    shoot(page, "profiles-stale-version")
    assert violations == []


def test_the_eligibility_explanation_renders_for_an_eligible_and_a_non_eligible_candidate(
    live_server: Any, page: Any, world: World, recruiter: Any
) -> None:
    eligible = fast_tracked(world, recruiter, full_name="Lin Yutong")
    not_eligible = standard(world, recruiter, full_name="Chen Jie")
    f.PublicationFactory(candidate=not_eligible.candidate, tier="strong", venue="EACL")
    log_in(page, live_server, "recruiter")

    page.goto(f"{live_server.url}/applications/{eligible.pk}/")
    held = page.locator("#eligibility-title >> xpath=../..").inner_text()
    page.goto(f"{live_server.url}/applications/{not_eligible.pk}/")
    failed = page.locator("#eligibility-title >> xpath=../..").inner_text()

    assert "✓ Eligible" in held
    assert "Tier is Top venue" in held
    assert "candidate: 1 of 1 match" in held
    assert "✗ Not eligible" in failed
    assert "candidate: Strong venue" in failed
    assert "✗ failed" in failed


def test_a_unit_lead_overrides_the_rules_with_a_reason(
    live_server: Any, page: Any, world: World, recruiter: Any, unit_lead: Any
) -> None:
    app = standard(world, recruiter, full_name="Zhou Min")
    unit_lead.first_name, unit_lead.last_name = "Tao", "Wang"
    unit_lead.save()
    violations = policy_violations(page)
    log_in(page, live_server, "unit_lead")
    page.goto(f"{live_server.url}/applications/{app.pk}/")

    dialog = open_dialog(page, "switch")
    assert dialog.locator("input[name=override]").is_checked()
    assert dialog.locator("textarea[name=reason]").get_attribute("required") is not None
    shoot(page, "profiles-dialog-override")
    dialog.locator("textarea[name=reason]").fill("Known ACL reviewer; we want to meet her")
    dialog.locator("button[type=submit]").click()
    page.wait_for_selector("text=Override of the rules by Tao Wang")

    assert "Known ACL reviewer" in page.locator(".timeline").inner_text()
    switched = Application.objects.get(pk=app.pk)
    assert switched.is_fast_track
    assert switched.fast_track_reason["decided"] == "override"
    assert violations == []


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_every_screen_of_the_profile_in_each_language(
    live_server: Any, page: Any, world: World, recruiter: Any, language: str
) -> None:
    world.nlp.name_zh = "自然语言处理"
    world.nlp.save()
    # A transactional test's database starts without the seeded subscriptions.
    Subscription.objects.create(event_type="application.*", audience="candidate", channel="email")
    WebhookEndpoint.objects.create(url="https://hooks.example.com/ats", owner=recruiter)
    fast = fast_tracked(world, recruiter, full_name="Lin Yutong", school="Tsinghua University")
    svc.application_advance(application_id=fast.pk, expected_version=1, actor=recruiter)
    plain = standard(world, recruiter, full_name="Chen Jie", current_employer="iFlytek")
    svc.application_advance(application_id=plain.pk, expected_version=1, actor=recruiter)
    dispatch_all()
    existing = f.CandidateFactory(full_name="Li Na", email="li.na@example.com")
    violations = policy_violations(page)
    log_in(page, live_server, "recruiter")
    if language != "en":
        switch_language(page, language)
    suffix = "" if language == "en" else "-zh"
    chinese = language == "zh-hans"

    page.goto(f"{live_server.url}/applications/{fast.pk}/")
    assert page.locator(".timeline .kind-assessment").count() == 1
    assert page.locator(".timeline .sent-list li").count() >= 2
    assert ("快速通道资格" in page.content()) is chinese
    assert ("自然语言处理" in page.content()) is chinese
    shoot(page, f"profiles-application-fast{suffix}")
    assert wider_than_a_phone(page) == []
    shoot_part(page, "#eligibility-title >> xpath=../..", f"profiles-eligibility{suffix}")
    page.goto(f"{live_server.url}/applications/{plain.pk}/")
    shoot(page, f"profiles-application-standard{suffix}")
    assert wider_than_a_phone(page) == []
    for name in ("move", "reject", "hold"):
        dialog = open_dialog(page, name)
        shoot(page, f"profiles-dialog-{name}{suffix}")
        dialog.locator("[data-close]").click()
    page.goto(f"{live_server.url}/applications/{plain.pk}/act/move/")
    shoot(page, f"profiles-action-page{suffix}")
    page.goto(f"{live_server.url}/candidates/{existing.pk}/")
    shoot(page, f"profiles-candidate{suffix}")
    page.goto(f"{live_server.url}/candidates/{fast.candidate_id}/edit/")
    shoot(page, f"profiles-candidate-edit{suffix}")
    page.goto(f"{live_server.url}/candidates/new/")
    shoot(page, f"profiles-candidate-form{suffix}")
    assert wider_than_a_phone(page) == []
    page.fill("#id_full_name", "Zhao Lei")
    page.fill("#id_email", "li.na@example.com")
    page.fill("#id_phone", "12")
    page.fill("#id_publications-0-title", "A paper without a venue")
    page.click("main button[type=submit]")
    page.locator(".has-error").first.wait_for()
    shoot(page, f"profiles-candidate-form-errors{suffix}")

    assert page.locator(".has-error").count() >= 3
    assert violations == []
