"""The assessor's inbox and scorecard, the unit lead's panels, the calibration report:
each role's view, blind scoring and redaction in pages and fragments, refused input that
changes nothing, and query counts that do not grow with the data."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from candidates.models import Application, Assessment, Assignment, Score
from candidates.web.assessments.calibration import reading
from recruiting.models import Criterion, RejectionReason
from recruiting.roles import Role
from recruiting.selectors import forget_stages_in_use
from tests import factories as f
from tests.candidates.assessments import conftest as shared
from tests.candidates.assessments.conftest import Panel, at_assessment
from tests.candidates.assessments.test_assessor_privacy import ANONYMISED, SECRETS
from tests.web.assessment_setup import form_data, others, submit

pytestmark = pytest.mark.django_db

# A fast track's business-unit assessment with a three-criterion scorecard and a pool.
panel = shared.panel

HTMX = {"HTTP_HX_REQUEST": "true"}


def page(client: Any, pk: int) -> str:
    answer = client.get(f"/assessments/{pk}/")
    assert answer.status_code == 200, answer.content[:300]
    return str(answer.content.decode())


# ---------------------------------------------------------------- inbox


def test_an_assessor_sees_their_panels_soonest_due_first_with_overdue_in_words(
    panel: Panel, recruiter: Any, assessor: Any, browse: Any
) -> None:
    at_assessment(panel, recruiter, full_name="Later Person")
    _, late = at_assessment(panel, recruiter, full_name="Late Person")
    Assessment.objects.filter(pk=late.pk).update(due_at=timezone.now() - timedelta(hours=2))

    answer = browse(assessor).get("/assessments/")

    text = answer.content.decode()
    assert answer.status_code == 200
    assert text.index("Late Person") < text.index("Later Person")
    assert "⚠ overdue" in text
    assert "1 overdue" in text
    assert "2 open" in text


def test_an_assessor_sees_only_the_panels_they_sit_on(
    panel: Panel, recruiter: Any, other_unit_assessor: Any, browse: Any
) -> None:
    at_assessment(panel, recruiter, full_name="Only Ours")

    answer = browse(other_unit_assessor).get("/assessments/")

    assert answer.status_code == 200
    assert b"Only Ours" not in answer.content
    assert b"Nothing to score" in answer.content


def test_a_unit_lead_sees_what_they_oversee_and_can_narrow_to_their_own_seats(
    panel: Panel, recruiter: Any, unit_lead: Any, browse: Any
) -> None:
    at_assessment(panel, recruiter, full_name="Overseen Person")
    client = browse(unit_lead)

    overseen = client.get("/assessments/")
    own = client.get("/assessments/?mine=on")

    assert b"Overseen Person" in overseen.content
    assert b"Assessments you oversee" in overseen.content
    assert b"Overseen Person" not in own.content


def test_the_inbox_refuses_a_bad_filter_with_400(assessor: Any, browse: Any) -> None:
    answer = browse(assessor).get("/assessments/?page=many")

    assert answer.status_code == 400


def test_anonymous_visitors_are_sent_to_log_in(browse: Any) -> None:
    for url in ("/assessments/", "/assessments/1/", "/panels/", "/panels/calibration/"):
        answer = browse(None).get(url)

        assert answer.status_code == 302
        assert answer["Location"].startswith("/accounts/login/")


def test_show_more_answers_the_next_rows_as_a_fragment(
    panel: Panel, recruiter: Any, assessor: Any, browse: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr("candidates.web.assessments.selectors.PAGE_SIZE", 1)
    at_assessment(panel, recruiter, full_name="First Person")
    at_assessment(panel, recruiter, full_name="Second Person")
    client = browse(assessor)

    first = client.get("/assessments/")
    more = client.get("/assessments/?page=2", **HTMX)

    assert b"First Person" in first.content
    assert b"Show more" in first.content
    assert b"<html" not in more.content
    assert b"Second Person" in more.content
    assert b"First Person" not in more.content


def _more_assessments(panel: Panel, recruiter: Any, count: int) -> None:
    for _ in range(count):
        at_assessment(panel, recruiter)


def test_the_inbox_query_count_does_not_grow_with_assessments(
    panel: Panel, recruiter: Any, assessor: Any, browse: Any
) -> None:
    panel.world.unit.memberships.filter(user=assessor).update(weekly_capacity=50)
    client = browse(assessor)
    _more_assessments(panel, recruiter, 2)
    client.get("/assessments/")
    with CaptureQueriesContext(connection) as few:
        client.get("/assessments/")
    _more_assessments(panel, recruiter, 6)

    with CaptureQueriesContext(connection) as many:
        answer = client.get("/assessments/")

    assert answer.content.count(b"/assessments/") >= 8
    assert len(many.captured_queries) == len(few.captured_queries)


# ---------------------------------------------------------------- the scorecard


def test_the_scorecard_shows_each_criterion_with_its_description_and_the_scale_in_words(
    panel: Panel, recruiter: Any, assessor: Any, browse: Any
) -> None:
    Criterion.objects.filter(pk=panel.criteria[0].pk).update(description="Knows the field deeply")
    _, assessment = at_assessment(panel, recruiter)

    text = page(browse(assessor), assessment.pk)

    assert "Knows the field deeply" in text
    for words in ("Strong no", "No", "Yes", "Strong yes", "Overall recommendation"):
        assert words in text
    for criterion in panel.criteria:
        assert text.count(f'name="rating_{criterion.pk}"') == 4
        assert f'name="note_{criterion.pk}"' in text
    assert 'hx-trigger="change, input changed delay:1s"' in text
    assert "data-confirm=" in text


def test_an_assessment_of_another_panel_is_404_for_an_assessor(
    panel: Panel, recruiter: Any, other_unit_assessor: Any, browse: Any
) -> None:
    _, assessment = at_assessment(panel, recruiter)
    client = browse(other_unit_assessor)

    seen = client.get(f"/assessments/{assessment.pk}/")
    drafted = client.post(f"/assessments/{assessment.pk}/draft/", form_data(panel, 3))

    assert seen.status_code == 404
    assert drafted.status_code == 404
    assert not Score.objects.exists()


def test_a_viewer_reads_an_assessment_but_every_write_is_refused_with_403(
    panel: Panel, recruiter: Any, viewer: Any, browse: Any
) -> None:
    _, assessment = at_assessment(panel, recruiter)
    client = browse(viewer)
    seat = assessment.seats.first()
    assert seat is not None

    seen = client.get(f"/assessments/{assessment.pk}/")
    writes = [
        client.post(f"/assessments/{assessment.pk}/{action}/", data)
        for action, data in (
            ("draft", form_data(panel, 3)),
            ("submit", form_data(panel, 3)),
            ("amend", form_data(panel, 3, reason="x")),
            ("decline", {"decline-reason": "busy"}),
            ("written-score", {"score": "80"}),
        )
    ]
    writes += [
        client.post(f"/panels/{assessment.pk}/reassign/", {"remove": seat.assessor_id}),
        client.post(f"/panels/{assessment.pk}/reject/", {"version": 1}),
    ]

    assert seen.status_code == 200
    assert b'id="scorecard-form"' not in seen.content
    assert [w.status_code for w in writes] == [403] * len(writes)
    assert not Score.objects.exists()


def test_a_draft_saved_as_the_assessor_types_fills_the_form_on_reload(
    panel: Panel, recruiter: Any, assessor: Any, browse: Any
) -> None:
    _, assessment = at_assessment(panel, recruiter)
    client = browse(assessor)
    first = panel.criteria[0]
    data = {f"rating_{first.pk}": "3", f"note_{first.pk}": "Deep on attention", "notes": "wip"}

    saved = client.post(f"/assessments/{assessment.pk}/draft/", data, **HTMX)
    text = page(client, assessment.pk)

    assert saved.status_code == 200
    assert b"Draft saved at" in saved.content
    assert b"<html" not in saved.content
    assert re.search(rf'name="rating_{first.pk}" value="3"[^>]*checked', text)
    assert "Deep on attention" in text
    assert "wip" in text
    assert "Draft saved at" in text


def test_a_note_without_a_rating_is_kept_in_the_form_and_the_page_says_it_waits(
    panel: Panel, recruiter: Any, assessor: Any, browse: Any
) -> None:
    _, assessment = at_assessment(panel, recruiter)
    first = panel.criteria[0]

    saved = browse(assessor).post(
        f"/assessments/{assessment.pk}/draft/", {f"note_{first.pk}": "Thinking"}, **HTMX
    )

    assert saved.status_code == 200
    assert b"is saved once you rate it" in saved.content
    assert first.name.encode() in saved.content


def test_a_draft_off_the_scale_is_refused_with_400_and_nothing_is_saved(
    panel: Panel, recruiter: Any, assessor: Any, browse: Any
) -> None:
    _, assessment = at_assessment(panel, recruiter)
    first = panel.criteria[0]
    client = browse(assessor)

    fragment = client.post(
        f"/assessments/{assessment.pk}/draft/", {f"rating_{first.pk}": "7"}, **HTMX
    )
    full = client.post(f"/assessments/{assessment.pk}/draft/", {"recommendation": "zero"})

    assert fragment.status_code == 400
    assert b'class="alert alert-error"' in fragment.content
    assert full.status_code == 400
    assert b"Select a valid choice" in full.content
    assert not Score.objects.exists()


def test_submitting_needs_every_rating_and_says_so_beside_each_missing_one(
    panel: Panel, recruiter: Any, assessor: Any, browse: Any
) -> None:
    _, assessment = at_assessment(panel, recruiter)
    data = {f"rating_{panel.criteria[0].pk}": "3"}

    answer = browse(assessor).post(f"/assessments/{assessment.pk}/submit/", data)

    assert answer.status_code == 400
    assert answer.content.count(b"Choose one of the four.") == len(panel.criteria)  # 2 + overall
    assert not Score.objects.filter(is_submitted=True).exists()
    assert assessment.seats.get(assessor=assessor).status == Assignment.Status.ASSIGNED


def test_other_scores_are_hidden_before_submitting_and_shown_with_the_aggregate_after(
    panel: Panel, recruiter: Any, assessor: Any, browse: Any
) -> None:
    _, assessment = at_assessment(panel, recruiter)
    colleague = others(assessment, assessor)[0]
    submit(panel, assessment, colleague, 4, note="Colleague secret note")
    client = browse(assessor)

    before = page(client, assessment.pk)
    done = client.post(f"/assessments/{assessment.pk}/submit/", form_data(panel, 3))
    after = page(client, assessment.pk)

    assert "Colleague secret note" not in before
    assert "stay hidden until you submit" in before
    assert done.status_code == 302
    assert done["Location"].endswith("#panel")
    assert "Colleague secret note" in after
    assert "Median" in after
    assert "3.5" in after
    assert colleague.username in after or colleague.get_full_name() in after


def test_an_amendment_needs_a_reason_and_adds_a_revision(
    panel: Panel, recruiter: Any, assessor: Any, browse: Any
) -> None:
    _, assessment = at_assessment(panel, recruiter)
    submit(panel, assessment, assessor, 3)
    client = browse(assessor)

    refused = client.post(f"/assessments/{assessment.pk}/amend/", form_data(panel, 2))
    amended = client.post(
        f"/assessments/{assessment.pk}/amend/", form_data(panel, 2, reason="Misread a criterion")
    )
    text = page(client, assessment.pk)

    assert refused.status_code == 400
    assert b"This field is required." in refused.content
    assert amended.status_code == 302
    revisions = Score.objects.filter(seat__assessor=assessor, is_submitted=True)
    assert sorted(revisions.values_list("revision", flat=True)) == [1, 2]
    assert "Misread a criterion" in text
    assert "revision 2" in text


def test_declining_with_a_reason_leaves_the_panel_and_seats_a_replacement(
    panel: Panel, recruiter: Any, assessor: Any, browse: Any
) -> None:
    _, assessment = at_assessment(panel, recruiter)
    client = browse(assessor)

    refused = client.post(f"/assessments/{assessment.pk}/decline/", {"decline-reason": " "})
    left = client.post(f"/assessments/{assessment.pk}/decline/", {"decline-reason": "On leave"})

    assert refused.status_code == 400
    assert left.status_code == 302
    assert left["Location"] == "/assessments/"
    seat = assessment.seats.get(assessor=assessor)
    assert (seat.status, seat.reason) == (Assignment.Status.DECLINED, "On leave")
    assert assessment.seats.filter(status=Assignment.Status.ASSIGNED).count() == 3
    assert client.get(f"/assessments/{assessment.pk}/").status_code == 404


def test_a_submitted_scorecard_cannot_be_submitted_again(
    panel: Panel, recruiter: Any, assessor: Any, browse: Any
) -> None:
    _, assessment = at_assessment(panel, recruiter)
    submit(panel, assessment, assessor, 3)

    again = browse(assessor).post(f"/assessments/{assessment.pk}/submit/", form_data(panel, 1))

    assert again.status_code == 409
    assert b"amend it with a reason" in again.content
    assert Score.objects.filter(seat__assessor=assessor).count() == 1


def _leaks(text: str) -> list[str]:
    values = ["hidden.person", "13900004444", "31415", "github.com/hidden-person"]
    return [value for value in [*values, *ANONYMISED.values()] if value in text]


def test_an_assessor_never_gets_contact_salary_links_or_anonymised_values_from_any_page(
    panel: Panel, recruiter: Any, assessor: Any, unit_lead: Any, browse: Any
) -> None:
    panel.stage.anonymize = True
    panel.stage.save()
    _, assessment = at_assessment(panel, recruiter, **SECRETS, **ANONYMISED)
    client = browse(assessor)
    data = form_data(panel, 3)

    answers = [
        client.get("/assessments/"),
        client.get("/assessments/?show=all"),
        client.get("/assessments/?page=1", **HTMX),
        client.get(f"/assessments/{assessment.pk}/"),
        client.post(f"/assessments/{assessment.pk}/draft/", data, **HTMX),
        client.post(f"/assessments/{assessment.pk}/submit/", {}),
        client.post(f"/assessments/{assessment.pk}/submit/", data, follow=True),
        client.get("/"),
    ]
    lead_sees = page(browse(unit_lead), assessment.pk)

    assert all(a.status_code in (200, 400) for a in answers)
    assert [_leaks(a.content.decode()) for a in answers] == [[]] * len(answers)
    assert f"Candidate {assessment.application.candidate_id}" in answers[3].content.decode()
    assert "Anonymised" in answers[3].content.decode()
    assert "hidden.person@example.com" in lead_sees
    assert "Qian Shan" in lead_sees


def test_an_assessor_on_a_plain_stage_sees_name_school_and_employer_but_no_contact(
    panel: Panel, recruiter: Any, assessor: Any, browse: Any
) -> None:
    _, assessment = at_assessment(panel, recruiter, **SECRETS, **ANONYMISED)

    text = page(browse(assessor), assessment.pk)

    assert all(value in text for value in ANONYMISED.values())
    assert _leaks(text) == list(ANONYMISED.values())


def test_the_assessment_page_query_count_does_not_grow_with_criteria_or_panel_members(
    panel: Panel, recruiter: Any, assessor: Any, browse: Any
) -> None:
    client = browse(assessor)
    panel.stage.panel_size, panel.stage.quorum = 2, 2
    panel.stage.save()
    _, small = at_assessment(panel, recruiter)
    for user in [assessor, *others(small, assessor)]:
        submit(panel, small, user, 3, note="fine")
    client.get(f"/assessments/{small.pk}/")
    with CaptureQueriesContext(connection) as few:
        client.get(f"/assessments/{small.pk}/")
    for position in range(4, 9):
        Criterion.objects.create(template=panel.scorecard, position=position, name=f"C{position}")
    panel.stage.panel_size, panel.stage.quorum, panel.stage.auto_advance = 4, 4, False
    panel.stage.save()
    forget_stages_in_use()  # a version in use never changes, so the engine caches it
    _, large = at_assessment(panel, recruiter)
    for user in [assessor, *others(large, assessor)]:
        submit(panel, large, user, 2, note="hmm")

    with CaptureQueriesContext(connection) as many:
        answer = client.get(f"/assessments/{large.pk}/")

    assert answer.content.count(b"2 \xc2\xb7 No") >= 8 * 4
    assert len(many.captured_queries) == len(few.captured_queries)


# ---------------------------------------------------------------- written tests


@pytest.fixture
def written(world: Any, recruiter: Any) -> Assessment:
    """A standard-track application waiting at a written test with a pass mark of 60."""
    from candidates.services import applications as svc
    from recruiting.models import Stage

    stage = Stage.objects.get(track=world.standard, kind="written_test")
    stage.pass_mark = 60
    stage.save()
    person = f.CandidateFactory(specialties=[world.nlp])
    application = svc.application_create(candidate=person, job=world.job, actor=recruiter)
    app = application.application
    for _ in range(2):
        app = svc.application_advance(
            application_id=app.pk, expected_version=app.version, actor=recruiter
        ).application
    return Assessment.objects.get(application=app, stage=stage)


def test_a_recruiter_records_a_written_tests_score_and_an_assessor_may_not(
    written: Assessment, recruiter: Any, unit_lead: Any, browse: Any
) -> None:
    client = browse(recruiter)

    form = page(client, written.pk)
    bad = client.post(f"/assessments/{written.pk}/written-score/", {"score": "140"})
    lead = browse(unit_lead).post(f"/assessments/{written.pk}/written-score/", {"score": "90"})
    good = client.post(f"/assessments/{written.pk}/written-score/", {"score": "72"})

    assert "Pass mark: 60 out of 100." in form
    assert 'name="score"' in form
    assert bad.status_code == 400
    assert lead.status_code == 403
    written.refresh_from_db()
    assert good.status_code == 302
    assert (written.written_score, written.result) == (72, Assessment.Result.PASS)


# ---------------------------------------------------------------- the panel view


def _fail(panel: Panel, recruiter: Any, assessor: Any, **candidate: Any) -> Assessment:
    """A panel decided "fail" (two strong noes), its application waiting at the stage."""
    _, assessment = at_assessment(panel, recruiter, **candidate)
    for user in [assessor, *others(assessment, assessor)][:2]:
        submit(panel, assessment, user, 1)
    assessment.refresh_from_db()
    return assessment


def test_a_lead_sees_their_units_open_panels_short_ones_first(
    panel: Panel, recruiter: Any, unit_lead: Any, other_unit_lead: Any, browse: Any
) -> None:
    at_assessment(panel, recruiter, full_name="Full Panel")
    _, short = at_assessment(panel, recruiter, full_name="Short Panel")
    Assessment.objects.filter(pk=short.pk).update(understaffed=True)

    mine = browse(unit_lead).get("/panels/")
    theirs = browse(other_unit_lead).get("/panels/")

    text = mine.content.decode()
    assert mine.status_code == 200
    assert text.index("Short Panel") < text.index("Full Panel")
    assert "⚠ Short of assessors" in text
    assert "The best free member" in text
    assert b"Full Panel" not in theirs.content


@pytest.mark.parametrize(
    ("role", "status"),
    [("assessor", 403), ("viewer", 200), ("recruiter", 200), ("admin", 200), ("unit_lead", 200)],
)
def test_the_panel_view_is_for_leads_and_the_roles_that_read_every_unit(
    world: Any, browse: Any, request: pytest.FixtureRequest, role: str, status: int
) -> None:
    user = request.getfixturevalue(role)

    answer = browse(user).get("/panels/")

    assert answer.status_code == status


def test_a_lead_reassigns_a_seat_to_a_member_they_pick(
    panel: Panel, recruiter: Any, assessor: Any, unit_lead: Any, browse: Any
) -> None:
    panel.stage.panel_size = 2
    panel.stage.save()
    _, assessment = at_assessment(panel, recruiter)
    seated = set(assessment.seats.values_list("assessor_id", flat=True))
    free = next(m for m in panel.members if m.pk not in seated)

    answer = browse(unit_lead).post(
        f"/panels/{assessment.pk}/reassign/",
        {"remove": assessor.pk, "add": free.pk, "reason": "Away this week"},
        **HTMX,
    )

    assert answer.status_code == 200
    assert b"The seat is reassigned." in answer.content
    assert f'id="panel-{assessment.pk}"'.encode() in answer.content
    assert assessment.seats.get(assessor=assessor).status == Assignment.Status.REMOVED
    assert assessment.seats.get(assessor=free).status == Assignment.Status.ASSIGNED


def test_a_conflict_of_interest_is_refused_with_the_services_message_and_nothing_changes(
    panel: Panel, recruiter: Any, assessor: Any, unit_lead: Any, browse: Any
) -> None:
    panel.stage.panel_size = 2
    panel.stage.save()
    _, assessment = at_assessment(panel, recruiter, current_employer="Zhipu")
    seated = set(assessment.seats.values_list("assessor_id", flat=True))
    free = next(m for m in panel.members if m.pk not in seated)
    free.memberships.update(past_employers=["Zhipu"])

    listed = browse(unit_lead).get("/panels/")
    answer = browse(unit_lead).post(
        f"/panels/{assessment.pk}/reassign/", {"remove": assessor.pk, "add": free.pk}, **HTMX
    )

    assert f'<option value="{free.pk}"'.encode() not in listed.content
    assert answer.status_code == 400
    assert b"Conflict of interest" in answer.content
    assert assessment.seats.get(assessor=assessor).status == Assignment.Status.ASSIGNED
    assert not assessment.seats.filter(assessor=free).exists()


def test_another_units_lead_cannot_reassign_and_a_recruiter_is_refused_by_the_service(
    panel: Panel, recruiter: Any, assessor: Any, other_unit_lead: Any, browse: Any
) -> None:
    _, assessment = at_assessment(panel, recruiter)

    stranger = browse(other_unit_lead).post(
        f"/panels/{assessment.pk}/reassign/", {"remove": assessor.pk}
    )
    desk = browse(recruiter).post(f"/panels/{assessment.pk}/reassign/", {"remove": assessor.pk})

    assert stranger.status_code == 404
    assert desk.status_code == 403
    assert b"Only the unit&#x27;s lead or an admin reassigns assessors." in desk.content
    assert assessment.seats.get(assessor=assessor).status == Assignment.Status.ASSIGNED


def test_a_lead_confirms_a_proposed_rejection_with_a_configured_reason(
    panel: Panel, recruiter: Any, assessor: Any, unit_lead: Any, browse: Any
) -> None:
    panel.world.fast.fallback_track = None
    panel.world.fast.save()
    assessment = _fail(panel, recruiter, assessor, full_name="Failed Person")
    application = assessment.application
    application.refresh_from_db()
    client = browse(unit_lead)

    listed = client.get("/panels/?view=decide")
    stale = client.post(
        f"/panels/{assessment.pk}/reject/",
        {"version": application.version - 1, "rejection_reason": panel.world.no_fit.pk},
        **HTMX,
    )
    missing = client.post(
        f"/panels/{assessment.pk}/reject/", {"version": application.version}, **HTMX
    )
    done = client.post(
        f"/panels/{assessment.pk}/reject/",
        {"version": application.version, "rejection_reason": panel.world.no_fit.pk},
        **HTMX,
    )

    assert assessment.proposal == Assessment.Proposal.REJECT
    assert b"Failed Person" in listed.content
    assert "★ Proposed".encode() in listed.content
    assert stale.status_code == 409
    assert missing.status_code == 400
    assert done.status_code == 200
    assert b"The application is rejected." in done.content
    application.refresh_from_db()
    assert application.status == "rejected"
    assert application.rejection_reason == panel.world.no_fit


def test_a_proposed_fallback_is_confirmed_and_a_second_click_changes_nothing(
    panel: Panel, recruiter: Any, assessor: Any, unit_lead: Any, browse: Any
) -> None:
    assessment = _fail(panel, recruiter, assessor)
    version = Application.objects.get(pk=assessment.application_id).version
    client = browse(unit_lead)
    data = {"version": version, "reason": "Strong coder; try the written test"}

    done = client.post(f"/panels/{assessment.pk}/fallback/", data)
    again = client.post(f"/panels/{assessment.pk}/fallback/", data)

    assert assessment.proposal == Assessment.Proposal.FALLBACK
    assert done.status_code == 302
    application = Application.objects.get(pk=assessment.application_id)
    assert application.track == panel.world.standard
    assert again.status_code == 409
    assert Application.objects.get(pk=application.pk).version == application.version


def test_a_discussed_panel_may_be_advanced_by_the_lead_but_a_failed_one_not(
    panel: Panel, recruiter: Any, assessor: Any, unit_lead: Any, browse: Any
) -> None:
    _, discussed = at_assessment(panel, recruiter)
    first, second = [assessor, *others(discussed, assessor)][:2]
    submit(panel, discussed, first, 3)
    submit(panel, discussed, second, 2)
    failed = _fail(panel, recruiter, assessor)
    client = browse(unit_lead)
    version = Application.objects.get(pk=discussed.application_id).version

    advanced = client.post(f"/panels/{discussed.pk}/advance/", {"version": version})
    refused = client.post(f"/panels/{failed.pk}/advance/", {"version": version})

    discussed.refresh_from_db()
    assert discussed.result == Assessment.Result.DISCUSS
    assert advanced.status_code == 302
    assert Application.objects.get(pk=discussed.application_id).stage_id != discussed.stage_id
    assert refused.status_code == 409
    assert Application.objects.get(pk=failed.application_id).stage_id == failed.stage_id


def test_the_panel_view_query_count_does_not_grow_with_panels_or_members(
    panel: Panel, recruiter: Any, assessor: Any, unit_lead: Any, browse: Any
) -> None:
    panel.world.unit.memberships.update(weekly_capacity=50)
    client = browse(unit_lead)
    _more_assessments(panel, recruiter, 2)
    _fail(panel, recruiter, assessor)
    client.get("/panels/")
    with CaptureQueriesContext(connection) as few_open:
        client.get("/panels/")
    with CaptureQueriesContext(connection) as few_decide:
        client.get("/panels/?view=decide")
    for index in range(3):
        user = f.UserFactory(username=f"extra{index}", roles=[Role.ASSESSOR])
        f.MembershipFactory(unit=panel.world.unit, user=user, weekly_capacity=50)
    _more_assessments(panel, recruiter, 5)
    _fail(panel, recruiter, assessor)
    _fail(panel, recruiter, assessor)

    with CaptureQueriesContext(connection) as many_open:
        opened = client.get("/panels/")
    with CaptureQueriesContext(connection) as many_decide:
        decided = client.get("/panels/?view=decide")

    assert opened.content.count(b'class="card panel-card') == 7
    assert decided.content.count(b'class="card panel-card') == 3
    assert len(many_open.captured_queries) == len(few_open.captured_queries)
    assert len(many_decide.captured_queries) == len(few_decide.captured_queries)


# ---------------------------------------------------------------- calibration


@pytest.mark.parametrize(
    ("role", "status"),
    [("assessor", 403), ("viewer", 200), ("recruiter", 200), ("admin", 200), ("unit_lead", 200)],
)
def test_the_calibration_report_is_for_every_role_but_assessors(
    world: Any, browse: Any, request: pytest.FixtureRequest, role: str, status: int
) -> None:
    user = request.getfixturevalue(role)

    answer = browse(user).get("/panels/calibration/")

    assert answer.status_code == status


def test_a_lead_without_a_unit_is_refused_the_calibration_report(browse: Any) -> None:
    lonely = f.UserFactory(username="lonely", roles=[Role.UNIT_LEAD])

    answer = browse(lonely).get("/panels/calibration/")

    assert answer.status_code == 403


def test_the_calibration_report_shows_each_assessor_and_the_units_agreement_with_chart_data(
    panel: Panel, recruiter: Any, assessor: Any, unit_lead: Any, browse: Any
) -> None:
    scorers = set()
    for index, values in enumerate(((4, 3), (1, 2), (3, 3))):
        _, assessment = at_assessment(panel, recruiter)
        pair = [assessor, others(assessment, assessor)[index % 2]]
        for user, value in zip(pair, values, strict=True):
            submit(panel, assessment, user, value)
            scorers.add(user.pk)

    answer = browse(unit_lead).get("/panels/calibration/")

    text = answer.content.decode()
    data = re.search(r'<script id="calibration-data" type="application/json">(.*?)</script>', text)
    assert data is not None
    chart = json.loads(data.group(1))
    assert len(chart["labels"]) == len(scorers) == 3
    assert len(chart["deviation"]) == 3
    assert "Large Models &amp; NLP" in text
    assert "\u03b1 = " in text
    assert "Only 3 panels so far" in text
    assert '<script src="' in text
    assert "<script>" not in text


@pytest.mark.parametrize(
    ("alpha", "units", "level", "words"),
    [
        (0.91, 12, "good", "Good agreement"),
        (0.7, 12, "tentative", "Tentative agreement"),
        (0.4, 12, "poor", "disagree more than a four-point scale"),
        (-0.2, 12, "poor", "No better than chance"),
        (None, 0, "none", "no panel has two submitted scorecards"),
        (None, 4, "none", "every scorecard gave the same weighted score"),
    ],
)
def test_the_agreement_is_read_in_plain_words_after_krippendorffs_thresholds(
    alpha: float | None, units: int, level: str, words: str
) -> None:
    found = reading({"alpha": alpha, "units": units})

    assert found[0] == level
    assert words in found[1]


def test_a_retired_rejection_reason_is_not_offered(
    panel: Panel, recruiter: Any, assessor: Any, unit_lead: Any, browse: Any
) -> None:
    panel.world.fast.fallback_track = None
    panel.world.fast.save()
    RejectionReason.objects.create(code="old", label="Retired reason", is_active=False)
    _fail(panel, recruiter, assessor)

    answer = browse(unit_lead).get("/panels/?view=decide")

    assert b"Not a fit for the role" in answer.content
    assert b"Retired reason" not in answer.content


def test_the_inbox_counts_stop_at_a_bound_and_say_so(
    panel: Panel, recruiter: Any, assessor: Any, browse: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr("candidates.web.assessments.selectors.COUNT_UP_TO", 2)
    monkeypatch.setattr("candidates.web.assessments.inbox.COUNT_UP_TO", 2)
    _more_assessments(panel, recruiter, 3)

    answer = browse(assessor).get("/assessments/")

    assert b"2+ open" in answer.content
    assert b"0 overdue" in answer.content
