"""The assessment pages in Chromium: an assessor's draft survives a reload, the submit
(after its confirmation) reveals a panel that was blind before, amend and decline; a
lead reassigns a seat and confirms a proposed rejection; the calibration report draws
its chart. Every page under the Content-Security-Policy, in English and Chinese."""

from __future__ import annotations

import time
from typing import Any

import pytest

from candidates.assessments.seats import assessment_reassign
from candidates.models import Application, Assessment, Assignment, Rating, Score
from tests.browser.conftest import log_in, policy_violations, shoot, switch_language
from tests.candidates.assessments import conftest as shared
from tests.candidates.assessments.conftest import Panel, at_assessment
from tests.web.assessment_setup import others, submit

pytestmark = pytest.mark.django_db(transaction=True)

panel = shared.panel


def _open(page: Any, live_server: Any, assessment: Assessment) -> None:
    page.goto(f"{live_server.url}/assessments/{assessment.pk}/")


def _rate(page: Any, criterion_id: int, value: int) -> None:
    page.locator(f"input[name='rating_{criterion_id}'][value='{value}']").check()


def _wait_for(check: Any, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError("the condition did not hold in time")
        time.sleep(0.1)


def test_an_assessors_draft_survives_a_reload(
    live_server: Any, page: Any, panel: Panel, recruiter: Any, assessor: Any
) -> None:
    _, assessment = at_assessment(panel, recruiter, full_name="Wen Jing")
    first, second = panel.criteria[0], panel.criteria[1]
    violations = policy_violations(page)
    log_in(page, live_server, "assessor")
    page.goto(f"{live_server.url}/assessments/")
    shoot(page, "assessments-inbox")
    _open(page, live_server, assessment)
    shoot(page, "assessments-scorecard-blind")

    _rate(page, first.pk, 3)
    page.wait_for_selector("#draft-state:has-text('Draft saved at')")
    page.fill(f"#id_note_{first.pk}", "Explains attention variants clearly")
    page.wait_for_function(
        "document.querySelector('#draft-state').textContent.includes('Draft saved at')"
        " && !document.querySelector('#draft-state').hasAttribute('aria-busy')"
    )
    _wait_for(lambda: Rating.objects.filter(note__startswith="Explains").exists())
    page.reload()

    assert page.locator(f"input[name='rating_{first.pk}'][value='3']").is_checked()
    assert page.input_value(f"#id_note_{first.pk}") == "Explains attention variants clearly"
    assert "Draft saved at" in page.inner_text("#draft-state")
    # A change made just before leaving is sent on the way out (sendBeacon).
    _rate(page, second.pk, 2)
    page.fill("#id_notes", "Typed a moment before the reload")
    page.reload()
    _wait_for(lambda: Score.objects.filter(notes__startswith="Typed a moment").exists())
    page.reload()
    assert page.input_value("#id_notes") == "Typed a moment before the reload"
    assert page.locator(f"input[name='rating_{second.pk}'][value='2']").is_checked()
    shoot(page, "assessments-scorecard-drafted")
    switch_language(page, "zh-hans")
    assert "评分" in page.inner_text("main")
    shoot(page, "assessments-scorecard-drafted-zh")
    page.goto(f"{live_server.url}/assessments/")
    shoot(page, "assessments-inbox-zh")
    assert violations == []


def test_the_submit_asks_first_then_reveals_the_panel_that_was_blind_before(
    live_server: Any, page: Any, panel: Panel, recruiter: Any, assessor: Any
) -> None:
    _, assessment = at_assessment(panel, recruiter)
    colleague = others(assessment, assessor)[0]
    submit(panel, assessment, colleague, 4, note="The colleague's private view")
    violations = policy_violations(page)
    log_in(page, live_server, "assessor")
    _open(page, live_server, assessment)
    source = page.request.get(f"{live_server.url}/assessments/{assessment.pk}/").text()
    assert "private view" not in source
    assert "private view" not in page.content()
    switch_language(page, "zh-hans")
    shoot(page, "assessments-scorecard-blind-zh")
    switch_language(page, "en")
    for criterion in panel.criteria:
        _rate(page, criterion.pk, 3)
    page.locator("input[name='recommendation'][value='3']").check()

    page.once("dialog", lambda dialog: dialog.dismiss())
    page.click("#scorecard-form button.btn-primary")
    page.wait_for_timeout(300)
    assert not Score.objects.filter(seat__assessor=assessor, is_submitted=True).exists()
    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        page.click("#scorecard-form button.btn-primary")

    assert "Your scorecard is submitted" in page.inner_text("main")
    assert "The colleague's private view" in page.inner_text("#panel")
    assert "Median" in page.inner_text("#panel")
    assert Score.objects.filter(seat__assessor=assessor, is_submitted=True).count() == 1
    shoot(page, "assessments-scorecard-submitted")
    switch_language(page, "zh-hans")
    assert "评估小组" in page.inner_text("#panel")
    shoot(page, "assessments-scorecard-submitted-zh")
    assert violations == []


def test_an_assessor_amends_a_scorecard_and_declines_another_panel(
    live_server: Any, page: Any, panel: Panel, recruiter: Any, assessor: Any
) -> None:
    _, scored = at_assessment(panel, recruiter)
    submit(panel, scored, assessor, 3)
    _, other = at_assessment(panel, recruiter)
    violations = policy_violations(page)
    log_in(page, live_server, "assessor")
    _open(page, live_server, scored)

    page.click("#amend summary")
    _rate(page, panel.criteria[0].pk, 4)
    page.fill("#id_reason", "Re-read the thesis chapter")
    with page.expect_navigation():
        page.click("#amend button[type=submit]")
    assert "revision 2" in page.inner_text("#my-score")
    _open(page, live_server, other)
    page.click("#decline summary")
    page.fill("#id_decline-reason", "Away at a conference that week")
    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        page.click("#decline button[type=submit]")

    assert page.url.endswith("/assessments/")
    assert "You have left this panel" in page.inner_text("main")
    seat = other.seats.get(assessor=assessor)
    assert seat.status == Assignment.Status.DECLINED
    assert sorted(
        Score.objects.filter(seat__assessment=scored, seat__assessor=assessor).values_list(
            "revision", flat=True
        )
    ) == [1, 2]
    assert violations == []


def test_an_anonymised_packet_hides_who_the_candidate_is(
    live_server: Any, page: Any, panel: Panel, recruiter: Any, assessor: Any
) -> None:
    panel.stage.anonymize = True
    panel.stage.save()
    _, assessment = at_assessment(
        panel,
        recruiter,
        full_name="Qian Shan",
        school="Fudan University",
        current_employer="Zhipu",
        email="qian.shan@example.com",
        salary_expectation=31415,
    )
    log_in(page, live_server, "assessor")

    _open(page, live_server, assessment)

    text = page.content()
    for hidden in ("Qian Shan", "Fudan", "Zhipu", "qian.shan", "31415"):
        assert hidden not in text
    assert f"Candidate {assessment.application.candidate_id}" in page.inner_text("h1")
    shoot(page, "assessments-packet-anonymised")
    switch_language(page, "zh-hans")
    assert "匿名" in page.inner_text("main")
    shoot(page, "assessments-packet-anonymised-zh")


def test_a_lead_reassigns_a_seat_to_a_member_they_pick(
    live_server: Any, page: Any, panel: Panel, recruiter: Any, assessor: Any, unit_lead: Any
) -> None:
    panel.stage.panel_size = 2
    panel.stage.save()
    _, assessment = at_assessment(panel, recruiter, full_name="Lin Yue")
    colleague = others(assessment, assessor)[0]
    violations = policy_violations(page)
    log_in(page, live_server, "unit_lead")
    page.goto(f"{live_server.url}/panels/")
    shoot(page, "assessments-panels")
    page.reload()  # a screenshot leaves style="" on inputs, which an htmx swap would copy
    card = page.locator(f"#panel-{assessment.pk}")
    free = [m for m in panel.members if m.pk not in (assessor.pk, colleague.pk)]
    # Meanwhile, in another session, the colleague's seat goes to the best free member.
    assessment_reassign(assessment_id=assessment.pk, actor=unit_lead, remove_user_id=colleague.pk)
    taken = set(assessment.seats.values_list("assessor_id", flat=True))
    pick = next(m for m in free if m.pk not in taken)

    card.locator(f"#add-{assessment.pk}-{colleague.pk} ~ button").click()
    page.wait_for_selector("#page-errors .alert-error")
    refused = page.inner_text("#page-errors")
    card.locator(f"#add-{assessment.pk}-{assessor.pk}").select_option(str(pick.pk))
    card.locator(f"#why-{assessment.pk}-{assessor.pk}").fill("Away this week")
    card.locator(f"#add-{assessment.pk}-{assessor.pk} ~ button").click()
    page.wait_for_selector(f"#panel-{assessment.pk} .alert-success")

    assert "That assessor holds no open seat on this panel." in refused
    assert pick.username in page.inner_text(f"#panel-{assessment.pk}")
    assert assessment.seats.get(assessor=assessor).status == Assignment.Status.REMOVED
    assert assessment.seats.get(assessor=pick).status == Assignment.Status.ASSIGNED
    page.reload()
    switch_language(page, "zh-hans")
    shoot(page, "assessments-panels-zh")
    assert violations == []


def test_a_lead_confirms_a_proposed_rejection(
    live_server: Any, page: Any, panel: Panel, recruiter: Any, assessor: Any, unit_lead: Any
) -> None:
    panel.world.fast.fallback_track = None
    panel.world.fast.save()
    _, assessment = at_assessment(panel, recruiter, full_name="Zhou Lei")
    for user in [assessor, *others(assessment, assessor)][:2]:
        submit(panel, assessment, user, 1, note="Could not explain the basics")
    violations = policy_violations(page)
    log_in(page, live_server, "unit_lead")
    page.goto(f"{live_server.url}/panels/?view=decide")
    card = page.locator(f"#panel-{assessment.pk}")
    assert "Proposed" in card.inner_text()
    shoot(page, "assessments-panels-decide")
    switch_language(page, "zh-hans")
    shoot(page, "assessments-panels-decide-zh")
    switch_language(page, "en")  # a fresh page: a screenshot leaves style="" on inputs

    card.locator("select[name=rejection_reason]").select_option(label="Not a fit for the role")
    page.once("dialog", lambda dialog: dialog.accept())
    card.locator("button.btn-danger").click()
    page.wait_for_selector(f"#panel-{assessment.pk} .alert-success")

    assert "The application is rejected." in page.inner_text(f"#panel-{assessment.pk}")
    application = Application.objects.get(pk=assessment.application_id)
    assert application.status == "rejected"
    assert application.rejection_reason == panel.world.no_fit
    assert violations == []


def test_the_calibration_report_draws_its_chart_beside_a_readable_table(
    live_server: Any, page: Any, panel: Panel, recruiter: Any, assessor: Any, unit_lead: Any
) -> None:
    for index, values in enumerate(((4, 3), (1, 3), (3, 3), (2, 4))):
        _, assessment = at_assessment(panel, recruiter)
        pair = [assessor, others(assessment, assessor)[index % 2]]
        for user, value in zip(pair, values, strict=True):
            submit(panel, assessment, user, value)
    violations = policy_violations(page)
    log_in(page, live_server, "unit_lead")

    page.goto(f"{live_server.url}/panels/calibration/")
    page.wait_for_function(
        "window.Chart && Chart.getChart(document.getElementById('calibration-chart'))"
    )

    bars = page.evaluate(
        "Chart.getChart(document.getElementById('calibration-chart')).data.labels.length"
    )
    assert bars == 3
    assert page.locator("table tbody tr").count() == 3
    assert "\u03b1 = " in page.inner_text("main")
    shoot(page, "assessments-calibration")
    switch_language(page, "zh-hans")
    page.wait_for_function(
        "window.Chart && Chart.getChart(document.getElementById('calibration-chart'))"
    )
    shoot(page, "assessments-calibration-zh")
    assert violations == []
