"""The track designer in Chromium: stages reordered by drag and by keyboard, versions
that keep running applications, errors beside their stage; a rule built in the
builder, tried on past applications, saved, and routing the next application."""

from __future__ import annotations

from typing import Any

import pytest

from candidates.models import Application
from candidates.services import applications as svc
from recruiting.models import EligibilityRule, Stage, Track
from tests import factories as f
from tests.browser.conftest import log_in, policy_violations, shoot, switch_language
from tests.conftest import World

pytestmark = pytest.mark.django_db(transaction=True)


def apply(world: World, recruiter: Any, name: str, **candidate: Any) -> Application:
    person = f.CandidateFactory(full_name=name, specialties=[world.nlp], **candidate)
    return svc.application_create(candidate=person, job=world.job, actor=recruiter).application


def stage_names(page: Any) -> list[str]:
    return [
        page.locator(f"#stage-list > li:nth-child({i + 1}) input[name$='-name']").input_value()
        for i in range(page.locator("#stage-list > li").count())
    ]


def drag(page: Any, source: Any, target: Any) -> None:
    """Drag `source` (a handle) down past the middle of `target`, as a hand does."""
    start, end = source.bounding_box(), target.bounding_box()
    page.mouse.move(start["x"] + start["width"] / 2, start["y"] + start["height"] / 2)
    page.mouse.down()
    page.mouse.move(start["x"] + 5, start["y"] + 20, steps=5)
    page.mouse.move(end["x"] + 40, end["y"] + end["height"] * 0.75, steps=25)
    page.mouse.up()


def test_an_admin_reorders_stages_by_drag_and_by_keyboard_and_a_new_version_is_saved(
    live_server: Any, page: Any, world: World, recruiter: Any, admin: Any
) -> None:
    for name in ("Li Na", "Wang Wei"):
        apply(world, recruiter, name)
    violations = policy_violations(page)
    log_in(page, live_server, "admin")
    page.goto(f"{live_server.url}/tracks/")
    shoot(page, "designer-tracks")
    page.click(f"a[href='/tracks/{world.standard.pk}/']")
    assert stage_names(page)[:3] == ["Review", "Screen", "Written Test"]
    shoot(page, "designer-stages")

    stages = page.locator("#stage-list > li")
    drag(page, stages.nth(1).locator(".drag-handle"), stages.nth(2))
    assert stage_names(page)[:3] == ["Review", "Written Test", "Screen"]
    stages.nth(0).locator("[data-move='down']").focus()
    page.keyboard.press("Enter")
    assert stage_names(page)[:3] == ["Written Test", "Review", "Screen"]
    assert page.locator("#stage-list > li:nth-child(2) [data-move='down']").evaluate(
        "b => b === document.activeElement"
    )
    page.keyboard.press("Shift+Tab")  # the same stage's Up button
    page.keyboard.press("Enter")
    assert stage_names(page)[:3] == ["Review", "Written Test", "Screen"]
    page.click("#stages-form .btn-primary[type=submit]")

    assert "Saved as version 2; 2 applications keep version 1." in page.inner_text(".messages")
    kinds = list(
        Stage.objects.filter(track=world.standard, version=2)
        .order_by("position")
        .values_list("kind", flat=True)
    )
    assert kinds == ["review", "written_test", "screen", "interview", "offer", "hired"]
    assert set(Application.objects.values_list("track_version", flat=True)) == {1}
    assert page.locator(".page-head .badge-primary").inner_text() == "version 2"
    assert violations == []


def test_an_invalid_stage_list_shows_the_errors_beside_the_stages(
    live_server: Any, page: Any, world: World, admin: Any
) -> None:
    log_in(page, live_server, "admin")
    page.goto(f"{live_server.url}/tracks/{world.fast.pk}/")
    before = list(Stage.objects.filter(track=world.fast).values_list("pk", "name"))

    page.click("[data-add-stage]")
    added = page.locator("#stage-list > li").nth(5 - 1)  # before the final "hired" stage
    assert page.locator("#stage-list > li").last.locator("select[name$='-kind']").input_value() == (
        "hired"
    )
    added.locator("input[name$='-name']").fill("Coding test")
    added.locator("select[name$='-kind']").select_option("written_test")
    assert added.locator("[data-for='written_test']").is_visible()
    page.locator("#stage-list > li").first.locator("input[name$='-sla_days']").fill("400")
    page.click("#stages-form .btn-primary[type=submit]")

    assert "The stages were not saved" in page.inner_text("#stages-form .alert-error")
    coding = page.locator(
        "#stage-list > li.has-error", has=page.locator("input[value='Coding test']")
    )
    assert "A fast track has no written test." in coding.inner_text()
    first = page.locator("#stage-list > li").first
    assert "An SLA is more than zero and at most a year." in first.inner_text()
    assert "has-error" not in (page.locator("#stage-list > li").nth(1).get_attribute("class") or "")
    shoot(page, "designer-stage-errors")
    assert list(Stage.objects.filter(track=world.fast).values_list("pk", "name")) == before


def build_two_emnlp_papers_rule(page: Any) -> None:
    """In the builder: all of [has the job's specialty, any of [at least 2 publications
    whose venue is one of EMNLP]]."""
    page.fill("#id_name", "Two EMNLP papers")
    root = page.locator("#rule-builder > [data-node='group']")
    root.locator(":scope > .group-actions [data-action='add-group']").click()
    group = root.locator("[data-path='$.all[1]']")
    group.locator("[data-role='fact']").select_option("publications")
    row = page.locator("[data-path='$.all[1].any[0]']")
    row.locator("[data-role='min']").fill("2")
    row.locator("[data-action='add-where']").click()
    item = page.locator("[data-path='$.all[1].any[0].where.all[0]']")
    item.locator("[data-role='fact']").select_option("venue")
    item.locator("[data-role='op']").select_option("in")
    page.locator("[data-path='$.all[1].any[0].where.all[0]'] [data-role='chip-input']").fill(
        "EMNLP"
    )
    page.keyboard.press("Enter")


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_an_admin_builds_a_rule_tries_it_saves_it_and_the_next_application_is_routed(
    live_server: Any, page: Any, world: World, recruiter: Any, admin: Any, language: str
) -> None:
    for name in ("Li Na", "Wang Wei"):
        person = apply(world, recruiter, name).candidate
        if name == "Li Na":
            for _ in range(2):
                f.PublicationFactory(candidate=person, venue="EMNLP", tier="strong")
    violations = policy_violations(page)
    log_in(page, live_server, "admin")
    suffix = "" if language == "en" else "-zh"
    if language != "en":
        switch_language(page, language)
        page.goto(f"{live_server.url}/tracks/")
        assert "招聘通道" in page.inner_text("h1")
        shoot(page, "designer-tracks-zh")
        page.goto(f"{live_server.url}/tracks/{world.fast.pk}/")
        assert "阶段" in page.inner_text("#stages-title")
        shoot(page, "designer-stages-zh")
    page.goto(f"{live_server.url}/tracks/{world.fast.pk}/rules/new/")

    build_two_emnlp_papers_rule(page)
    page.click("#try-it")
    page.wait_for_selector("#simulation .sim-stats")
    page.click("#rule-json > summary")

    result = page.inner_text("#simulation")
    assert "Li Na" in result
    assert "Wang Wei" not in result
    shown = page.inner_text("#rule-json-view")
    assert '"fact": "publications"' in shown
    assert '"EMNLP"' in shown
    assert '"min": 2' in shown
    shoot(page, f"designer-rule-simulation{suffix}")
    page.click("#rule-form .btn-primary")

    rule = EligibilityRule.objects.get(name="Two EMNLP papers")
    assert rule.version == 1
    assert rule.definition["all"][1] == {
        "any": [
            {
                "fact": "publications",
                "op": "exists",
                "min": 2,
                "where": {"all": [{"fact": "venue", "op": "in", "value": ["EMNLP"]}]},
            }
        ]
    }
    assert page.locator(".page-head .badge-primary").inner_text() in ("version 1", "版本 1")
    newcomer = f.CandidateFactory(full_name="Zhao Lei", specialties=[world.nlp])
    for _ in range(2):
        f.PublicationFactory(candidate=newcomer, venue="EMNLP", tier="strong")
    routed = svc.application_create(candidate=newcomer, job=world.job, actor=recruiter)
    assert routed.application.is_fast_track
    assert routed.application.track_id == world.fast.pk
    assert routed.application.fast_track_reason["rule"] == "Two EMNLP papers"
    assert violations == []


def test_an_invalid_rule_shows_the_error_on_its_condition(
    live_server: Any, page: Any, world: World, admin: Any
) -> None:
    log_in(page, live_server, "admin")
    page.goto(f"{live_server.url}/tracks/{world.fast.pk}/rules/{world.rule.pk}/")
    years = page.locator("[data-path='$.all[0].where.all[1]']")
    assert years.locator("[data-role='fact']").input_value() == "years_ago"

    years.locator("[data-role='value'] input").fill("")
    page.click("#try-it")
    page.wait_for_selector("#simulation .problem-list")
    assert "has-error" in (years.get_attribute("class") or "")
    page.click("#rule-form .btn-primary")

    marked = page.locator(".rule-row.has-error")
    assert marked.count() == 1
    assert marked.get_attribute("data-path") == "$.all[0].where.all[1]"
    assert 'needs a "value"' in marked.inner_text()
    assert page.locator("#rule-problems").is_visible()
    shoot(page, "designer-rule-error")
    world.rule.refresh_from_db()
    assert world.rule.version == 1
    assert Track.objects.get(pk=world.fast.pk).rules.count() == 1
