"""The candidate and application profile: who may open it, what it shows (facts,
applications, the eligibility explanation in words, the timeline with panels and
messages), the candidate form, applying to a job, and every action through the engine."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from candidates.assessments.scoring import ScoreInput, assessment_submit_score
from candidates.models import Application, Candidate, Transition
from candidates.selectors import application_eligibility
from candidates.services import applications as svc
from candidates.web.profiles.selectors import candidates_for_profile
from recruiting.models import Track
from tests import factories as f
from tests.candidates.assessments.conftest import (
    Panel,
    at_assessment,
    panel,  # noqa: F401 (a fixture)
)
from tests.candidates.notifications.helpers import dispatch_all
from tests.conftest import World

pytestmark = pytest.mark.django_db


def standard(world: World, actor: Any, **candidate: Any) -> Application:
    person = f.CandidateFactory(specialties=[world.nlp], **candidate)
    return svc.application_create(candidate=person, job=world.job, actor=actor).application


def fast_tracked(world: World, actor: Any, **candidate: Any) -> Application:
    person = f.CandidateFactory(specialties=[world.nlp], **candidate)
    f.PublicationFactory(candidate=person, specialty=world.nlp, tier="top", venue="ACL")
    return svc.application_create(candidate=person, job=world.job, actor=actor).application


def act(client: Any, app: Application, action: str, **data: Any) -> Any:
    data.setdefault("version", app.version)
    return client.post(f"/applications/{app.pk}/act/{action}/", data)


def fresh(app: Application) -> Application:
    return Application.objects.select_related("stage", "track").get(pk=app.pk)


# Who may open the pages


@pytest.mark.parametrize("role", ["admin", "recruiter", "viewer", "unit_lead"])
def test_the_profile_opens_for_the_roles_that_see_the_application(
    world: World, recruiter: Any, browse: Any, request: pytest.FixtureRequest, role: str
) -> None:
    app = standard(world, recruiter, full_name="Li Na")

    application = browse(request.getfixturevalue(role)).get(f"/applications/{app.pk}/")
    person = browse(request.getfixturevalue(role)).get(f"/candidates/{app.candidate_id}/")

    assert application.status_code == 200
    assert person.status_code == 200
    assert b"Li Na" in application.content


@pytest.mark.parametrize("role", ["assessor", "other_unit_assessor", "other_unit_lead"])
def test_assessors_and_another_units_lead_find_no_profile(
    world: World, recruiter: Any, browse: Any, request: pytest.FixtureRequest, role: str
) -> None:
    app = standard(world, recruiter, full_name="Li Na")
    client = browse(request.getfixturevalue(role))

    answers = [
        client.get(f"/applications/{app.pk}/"),
        client.get(f"/candidates/{app.candidate_id}/"),
    ]

    assert [a.status_code for a in answers] == [404, 404]
    assert all(b"Li Na" not in a.content for a in answers)


def test_an_anonymous_visitor_is_sent_to_log_in(world: World, recruiter: Any, browse: Any) -> None:
    app = standard(world, recruiter)

    answer = browse(None).get(f"/applications/{app.pk}/")

    assert answer.status_code == 302
    assert answer["Location"].startswith("/accounts/login/")


def test_an_id_beyond_any_column_is_a_404_not_a_500(recruiter: Any, browse: Any) -> None:
    client = browse(recruiter)

    answers = [
        client.get(f"/applications/{10**30}/"),
        client.get(f"/candidates/{10**30}/"),
        client.post(f"/applications/{10**30}/act/advance/", {"version": 1}),
    ]

    assert [a.status_code for a in answers] == [404, 404, 404]


def test_a_unit_lead_sees_only_their_units_applications_of_a_person(
    world: World, recruiter: Any, unit_lead: Any, browse: Any
) -> None:
    app = standard(world, recruiter)
    svc.application_create(candidate=app.candidate, job=world.other_job, actor=recruiter)

    mine = browse(unit_lead).get(f"/candidates/{app.candidate_id}/")
    everyone = browse(recruiter).get(f"/candidates/{app.candidate_id}/")

    assert b"NLP Research Engineer" in mine.content
    assert b"Perception Engineer" not in mine.content
    assert b"Perception Engineer" in everyone.content


# What the profile shows


def test_the_facts_show_specialties_publications_and_awards_in_the_readers_language(
    world: World, recruiter: Any, browse: Any
) -> None:
    world.nlp.name_zh = "自然语言处理"
    world.nlp.save()
    app = fast_tracked(world, recruiter, full_name="Wang Fang", school="Tsinghua University")
    f.AwardFactory(candidate=app.candidate, name="Kaggle Grandmaster", level="international")
    client = browse(recruiter)

    english = client.get(f"/candidates/{app.candidate_id}/").content.decode()
    client.post("/accounts/language/", {"language": "zh-hans"})
    chinese = client.get(f"/candidates/{app.candidate_id}/").content.decode()

    assert "Natural language processing" in english
    assert "Tsinghua University" in english
    assert "ACL" in english
    assert "Kaggle Grandmaster" in english
    assert "International" in english
    assert "自然语言处理" in chinese
    assert "Natural language processing" not in chinese


def test_the_application_shows_its_state_and_why_it_is_on_a_fast_track(
    world: World, recruiter: Any, browse: Any
) -> None:
    app = fast_tracked(world, recruiter)

    page = browse(recruiter).get(f"/applications/{app.pk}/").content.decode()

    assert "Top paper fast track" in page
    assert "Top-venue paper in the last 3 years" in page
    assert "Fast track" in page


def test_the_eligibility_explanation_is_in_words_condition_by_condition(
    world: World, recruiter: Any, browse: Any
) -> None:
    eligible = fast_tracked(world, recruiter)
    not_eligible = standard(world, recruiter)
    f.PublicationFactory(candidate=not_eligible.candidate, tier="other", venue="Workshop")
    client = browse(recruiter)

    held = client.get(f"/applications/{eligible.pk}/").content.decode()
    failed = client.get(f"/applications/{not_eligible.pk}/").content.decode()

    assert "At least 1 publication such that:" in held
    assert "Tier is Top venue" in held
    assert "In the job&#x27;s specialty" in held
    assert "✓ Eligible" in held
    assert "✗ Not eligible" in failed
    assert "candidate: Other venue" in failed
    assert "&quot;fact&quot;" not in failed
    assert '"fact"' not in failed


def test_the_profiles_candidate_gives_the_same_eligibility_as_a_fresh_read(
    world: World, recruiter: Any
) -> None:
    app = fast_tracked(world, recruiter)
    f.AwardFactory(candidate=app.candidate)
    now = timezone.now()

    fresh_read = application_eligibility(app, now=now)
    profiles = application_eligibility(
        app, now=now, candidate=candidates_for_profile(recruiter).get(pk=app.candidate_id)
    )

    assert profiles == fresh_read


def test_the_timeline_shows_moves_skips_rejections_and_who_did_them(
    world: World, recruiter: Any, browse: Any
) -> None:
    app = standard(world, recruiter)
    svc.application_advance(application_id=app.pk, expected_version=1, actor=recruiter)
    svc.application_reject(
        application_id=app.pk, expected_version=2, actor=recruiter, rejection_reason=world.no_fit
    )

    page = browse(recruiter).get(f"/applications/{app.pk}/").content.decode()

    assert "Review → Screen" in page
    assert "Not a fit for the role" in page
    assert "recruiter" in page
    assert page.index("Not a fit for the role") < page.index("Review → Screen")


def test_an_override_in_the_timeline_says_who_and_why(
    world: World, recruiter: Any, unit_lead: Any, browse: Any
) -> None:
    app = standard(world, recruiter)
    written = app.track.stages.get(kind="written_test")
    svc.application_move(
        application_id=app.pk,
        expected_version=1,
        actor=recruiter,
        to_stage_id=written.pk,
        reason="x",
    )
    unit_lead.first_name, unit_lead.last_name = "Tao", "Wang"
    unit_lead.save()
    browse(unit_lead).post(
        f"/applications/{app.pk}/act/switch/",
        {"version": 2, "track": world.fast.pk, "override": "on", "reason": "Known ACL reviewer"},
    )

    page = browse(recruiter).get(f"/applications/{app.pk}/").content.decode()

    assert "Override of the rules by Tao Wang" in page
    assert "Known ACL reviewer" in page
    assert "Skipped Written Test" in page
    assert "Top-venue paper in the last 3 years" in page
    assert "Standard → Top paper fast track" in page


def test_what_people_wrote_is_escaped_in_the_timeline(
    world: World, recruiter: Any, browse: Any
) -> None:
    app = standard(world, recruiter)
    svc.application_hold(
        application_id=app.pk,
        expected_version=1,
        actor=recruiter,
        reason="<script>alert(1)</script>",
        note='"><img src=x>',
    )

    page = browse(recruiter).get(f"/applications/{app.pk}/").content.decode()

    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page
    assert "<img src=x>" not in page


def test_messages_sent_about_the_application_show_to_recruiters_only(
    world: World, recruiter: Any, viewer: Any, unit_lead: Any, browse: Any
) -> None:
    app = standard(world, recruiter)
    svc.application_reject(
        application_id=app.pk, expected_version=1, actor=recruiter, rejection_reason=world.no_fit
    )
    dispatch_all()

    for_recruiter = browse(recruiter).get(f"/applications/{app.pk}/").content.decode()
    for_viewer = browse(viewer).get(f"/applications/{app.pk}/").content.decode()
    for_lead = browse(unit_lead).get(f"/applications/{app.pk}/").content.decode()

    assert "Email → Candidate" in for_recruiter
    assert "Messages sent" in for_recruiter
    assert "Email → Candidate" not in for_viewer
    assert "Email → Candidate" not in for_lead


def test_a_panel_shows_its_scores_to_those_who_may_see_them(
    panel: Panel,  # noqa: F811 (the fixture imported above)
    recruiter: Any,
    browse: Any,
) -> None:
    app, assessment = at_assessment(panel, recruiter)
    seated = [seat.assessor for seat in assessment.seats.all()]
    for member in seated[:2]:
        assessment_submit_score(
            assessment_id=assessment.pk,
            actor=member,
            data=ScoreInput(
                ratings={c.pk: (4, "") for c in panel.criteria}, recommendation=4, notes=""
            ),
        )

    page = browse(recruiter).get(f"/applications/{app.pk}/").content.decode()

    assert "Panel: Bu Assessment" in page
    assert "Strong yes" in page
    assert "Median 4.0 of 4" in page


# Which actions a viewer is offered


def _offered(page: str) -> set[str]:
    return {name for name in ACTIONS if f"/act/{name}/" in page}


ACTIONS = (
    "advance",
    "move",
    "switch",
    "fallback",
    "hire",
    "hold",
    "resume",
    "unreject",
    "reject",
    "withdraw",
)


@pytest.mark.parametrize(
    ("role", "offered"),
    [
        ("recruiter", {"advance", "move", "hold", "reject", "withdraw"}),
        ("admin", {"advance", "move", "switch", "hold", "reject", "withdraw"}),
        ("unit_lead", {"switch"}),
        ("viewer", set()),
    ],
)
def test_the_buttons_are_the_actions_the_role_may_take_at_this_stage(
    world: World,
    recruiter: Any,
    browse: Any,
    request: pytest.FixtureRequest,
    role: str,
    offered: set[str],
) -> None:
    app = standard(world, recruiter)

    page = browse(request.getfixturevalue(role)).get(f"/applications/{app.pk}/").content.decode()

    assert _offered(page) == offered


def test_a_rejected_application_offers_only_the_undo(
    world: World, recruiter: Any, browse: Any
) -> None:
    app = standard(world, recruiter)
    svc.application_reject(
        application_id=app.pk, expected_version=1, actor=recruiter, rejection_reason=world.no_fit
    )

    page = browse(recruiter).get(f"/applications/{app.pk}/").content.decode()

    assert _offered(page) == {"unreject"}


def test_at_the_assessment_of_a_fast_track_a_fallback_is_offered(
    world: World, recruiter: Any, unit_lead: Any, browse: Any
) -> None:
    app = fast_tracked(world, recruiter)
    svc.application_advance(application_id=app.pk, expected_version=1, actor=recruiter)

    page = browse(unit_lead).get(f"/applications/{app.pk}/").content.decode()

    assert {"advance", "fallback", "reject"} <= _offered(page)


# Taking actions


def test_advancing_moves_the_application_and_says_so(
    world: World, recruiter: Any, browse: Any
) -> None:
    app = standard(world, recruiter)

    answer = act(browse(recruiter), app, "advance")

    assert answer.status_code == 302
    assert answer["Location"] == f"/applications/{app.pk}/"
    assert fresh(app).stage.kind == "screen"


def test_a_stale_version_shows_the_engines_message_and_changes_nothing(
    world: World, recruiter: Any, browse: Any
) -> None:
    app = standard(world, recruiter)
    svc.application_hold(application_id=app.pk, expected_version=1, actor=recruiter)

    answer = act(browse(recruiter), app, "advance", version=1)

    assert answer.status_code == 409
    assert b"Stale version: you sent 1, the application is at version 2" in answer.content
    assert b"Nothing was changed" in answer.content
    assert fresh(app).status == "on_hold"
    assert fresh(app).stage.kind == "review"


def test_rejecting_takes_a_configured_reason_and_a_retired_one_is_refused(
    world: World, recruiter: Any, browse: Any
) -> None:
    app = standard(world, recruiter)
    retired = f.RejectionReasonFactory(code="old", label="Old reason", is_active=False)
    client = browse(recruiter)

    refused = act(client, app, "reject", rejection_reason=retired.pk)
    unchanged = fresh(app).status
    accepted = act(client, app, "reject", rejection_reason=world.no_fit.pk, note="Too junior")

    assert refused.status_code == 400
    assert b"Select a valid choice" in refused.content
    assert unchanged == "active"
    assert accepted.status_code == 302
    assert fresh(app).status == "rejected"
    assert Transition.objects.get(application=app, kind="rejected").note == "Too junior"


def test_undoing_a_rejection_needs_a_reason(world: World, recruiter: Any, browse: Any) -> None:
    app = standard(world, recruiter)
    svc.application_reject(
        application_id=app.pk, expected_version=1, actor=recruiter, rejection_reason=world.no_fit
    )
    client = browse(recruiter)

    refused = act(client, app, "unreject", version=2, reason="  ")
    accepted = act(client, app, "unreject", version=2, reason="Rejected by mistake")

    assert refused.status_code == 400
    assert b"This field is required" in refused.content
    assert accepted.status_code == 302
    assert fresh(app).status == "active"


def test_a_move_needs_a_reason_and_a_stage_of_the_same_track_version(
    world: World, recruiter: Any, browse: Any
) -> None:
    app = standard(world, recruiter)
    interview = app.track.stages.get(kind="interview")
    fast_review = world.fast.stages.get(kind="review")
    client = browse(recruiter)

    no_reason = act(client, app, "move", to_stage=interview.pk)
    other_track = act(client, app, "move", to_stage=fast_review.pk, reason="Try")
    moved = act(client, app, "move", to_stage=interview.pk, reason="Strong referral")

    assert no_reason.status_code == 400
    assert other_track.status_code == 400
    assert moved.status_code == 302
    assert fresh(app).stage == interview


def test_hold_resume_and_withdraw_go_through_the_engine(
    world: World, recruiter: Any, browse: Any
) -> None:
    app = standard(world, recruiter)
    client = browse(recruiter)

    act(client, app, "hold", reason="Travelling")
    held = fresh(app).status
    act(client, app, "resume", version=2)
    resumed = fresh(app).status
    act(client, app, "withdraw", version=3, reason="Took another offer")

    assert (held, resumed, fresh(app).status) == ("on_hold", "active", "withdrawn")


def test_hire_is_refused_before_the_offer_stage_with_the_engines_message(
    world: World, recruiter: Any, browse: Any
) -> None:
    app = standard(world, recruiter)

    answer = act(browse(recruiter), app, "hire")

    assert answer.status_code == 409
    assert b"Only an application at an offer stage can be hired." in answer.content
    assert fresh(app).status == "active"


def test_hiring_at_the_offer_stage(world: World, recruiter: Any, browse: Any) -> None:
    app = standard(world, recruiter)
    offer = app.track.stages.get(kind="offer")
    svc.application_move(
        application_id=app.pk, expected_version=1, actor=recruiter, to_stage_id=offer.pk, reason="x"
    )

    answer = act(browse(recruiter), fresh(app), "hire")

    assert answer.status_code == 302
    assert fresh(app).status == "hired"


@pytest.mark.parametrize("role", ["viewer", "assessor"])
def test_readers_may_not_act(
    world: World, recruiter: Any, browse: Any, request: pytest.FixtureRequest, role: str
) -> None:
    app = standard(world, recruiter)

    answer = act(browse(request.getfixturevalue(role)), app, "advance")

    assert answer.status_code == 403
    assert fresh(app).version == 1


def test_another_units_lead_finds_no_application_to_act_on(
    world: World, recruiter: Any, other_unit_lead: Any, browse: Any
) -> None:
    app = standard(world, recruiter)

    answer = act(browse(other_unit_lead), app, "switch", track=world.fast.pk, override="on")

    assert answer.status_code == 404
    assert fresh(app).version == 1


def test_an_unknown_action_is_not_found(world: World, recruiter: Any, browse: Any) -> None:
    app = standard(world, recruiter)

    answer = act(browse(recruiter), app, "delete")

    assert answer.status_code == 404


def test_a_unit_lead_overrides_the_rules_with_a_reason(
    world: World, recruiter: Any, unit_lead: Any, browse: Any
) -> None:
    app = standard(world, recruiter)
    client = browse(unit_lead)

    without_reason = act(client, app, "switch", track=world.fast.pk, override="on")
    with_reason = act(
        client, app, "switch", track=world.fast.pk, override="on", reason="Known ACL reviewer"
    )

    assert without_reason.status_code == 400
    assert b"needs a written reason" in without_reason.content
    assert with_reason.status_code == 302
    app = fresh(app)
    assert app.is_fast_track
    assert app.track == world.fast
    assert app.fast_track_reason["decided"] == "override"
    assert app.fast_track_reason["by_user_id"] == unit_lead.pk


def test_a_recruiter_may_not_override_and_is_told_why(
    world: World, recruiter: Any, browse: Any
) -> None:
    app = standard(world, recruiter)

    answer = act(
        browse(recruiter), app, "switch", track=world.fast.pk, override="on", reason="Please"
    )

    assert answer.status_code == 403
    assert b"Overriding fast-track rules needs a unit lead or an admin." in answer.content
    assert not fresh(app).is_fast_track


def test_a_suggested_fast_track_is_switched_to_by_a_recruiter(
    world: World, recruiter: Any, browse: Any
) -> None:
    Track.objects.filter(pk=world.fast.pk).update(routing=Track.Routing.SUGGEST)
    app = fast_tracked(world, recruiter)
    client = browse(recruiter)
    page = client.get(f"/applications/{app.pk}/").content.decode()

    answer = act(client, app, "switch", track=world.fast.pk)

    assert "a recruiter may switch the application to it" in page
    assert "/act/switch/" in page
    assert answer.status_code == 302
    assert fresh(app).is_fast_track
    assert fresh(app).stage.kind == "review"


def test_falling_back_sends_a_fast_track_application_to_the_written_test(
    world: World, recruiter: Any, browse: Any
) -> None:
    app = fast_tracked(world, recruiter)
    svc.application_advance(application_id=app.pk, expected_version=1, actor=recruiter)

    answer = act(browse(recruiter), fresh(app), "fallback", reason="Panel split; test first")

    assert answer.status_code == 302
    assert fresh(app).track == world.standard
    assert fresh(app).stage.kind == "written_test"


def test_an_action_page_without_javascript_shows_the_form_and_its_errors(
    world: World, recruiter: Any, browse: Any
) -> None:
    app = standard(world, recruiter)
    client = browse(recruiter)

    page = client.get(f"/applications/{app.pk}/act/move/")
    refused = act(client, app, "move", reason="")

    assert page.status_code == 200
    assert b'name="to_stage"' in page.content
    assert b'name="reason"' in page.content
    assert refused.status_code == 400
    assert b"errorlist" in refused.content


def test_a_dialog_loads_its_form_alone_carrying_the_version_the_page_showed(
    world: World, recruiter: Any, browse: Any
) -> None:
    app = standard(world, recruiter)
    svc.application_hold(application_id=app.pk, expected_version=1, actor=recruiter)

    answer = browse(recruiter).get(
        f"/applications/{app.pk}/act/withdraw/?version=1", HTTP_HX_REQUEST="true"
    )

    page = answer.content.decode()
    assert answer.status_code == 200
    assert "<html" not in page
    assert 'name="version" value="1"' in page
    assert "data-close" in page


def test_the_switch_dialog_marks_the_tracks_that_need_an_override(
    world: World, recruiter: Any, unit_lead: Any, browse: Any
) -> None:
    app = standard(world, recruiter)

    page = browse(unit_lead).get(f"/applications/{app.pk}/act/switch/").content.decode()

    assert 'data-needs-override="true"' in page
    assert "(the rules fail: override)" in page
    assert 'name="override"' in page
    assert "Reason (required for an override)" in page


# The candidate form


CANDIDATE = {
    "full_name": "Zhao Lei",
    "email": "zhao.lei@example.com",
    "phone": "",
    "current_employer": "SenseTime",
    "school": "Zhejiang University",
    "education": "phd",
    "years_experience": "6.5",
    "source": "referral",
    "referred_by": "",
    "salary_expectation": "42000",
    "links": "https://github.com/zhaolei\nscholar.google.com/citations?user=x",
    "publications-TOTAL_FORMS": "2",
    "publications-INITIAL_FORMS": "0",
    "publications-0-title": "Sparse attention for long documents",
    "publications-0-venue": "ACL",
    "publications-0-year": "2025",
    "publications-0-tier": "top",
    "publications-0-specialty": "",
    "publications-1-title": "",
    "publications-1-venue": "",
    "publications-1-year": "",
    "publications-1-tier": "other",
    "publications-1-specialty": "",
    "awards-TOTAL_FORMS": "1",
    "awards-INITIAL_FORMS": "0",
    "awards-0-name": "ICPC World Finals medal",
    "awards-0-level": "international",
    "awards-0-year": "2019",
}


@pytest.mark.parametrize("role", ["viewer", "unit_lead", "assessor"])
def test_only_recruiters_and_admins_create_or_edit_candidates(
    world: World, recruiter: Any, browse: Any, request: pytest.FixtureRequest, role: str
) -> None:
    app = standard(world, recruiter)
    client = browse(request.getfixturevalue(role))

    answers = [
        client.get("/candidates/new/"),
        client.post("/candidates/new/", CANDIDATE),
        client.get(f"/candidates/{app.candidate_id}/edit/"),
    ]

    assert [a.status_code for a in answers] == [403, 403, 403]
    assert not Candidate.objects.filter(full_name="Zhao Lei").exists()


def test_creating_a_candidate_saves_everything_and_offers_to_apply(
    world: World, recruiter: Any, browse: Any
) -> None:
    client = browse(recruiter)
    data = {**CANDIDATE, "specialties": [world.nlp.pk], "publications-0-specialty": world.nlp.pk}

    answer = client.post("/candidates/new/", data, follow=True)

    person = Candidate.objects.get(full_name="Zhao Lei")
    assert answer.redirect_chain[-1][0] == f"/candidates/{person.pk}/"
    assert b"Apply them to a job below" in answer.content
    assert b"Apply to a job" in answer.content
    assert list(person.specialties.all()) == [world.nlp]
    assert [p.title for p in person.publications.all()] == ["Sparse attention for long documents"]
    assert [a.level for a in person.awards.all()] == ["international"]
    assert person.links == [
        "https://github.com/zhaolei",
        "https://scholar.google.com/citations?user=x",
    ]
    assert person.created_by == recruiter


def test_a_duplicate_email_is_an_error_beside_the_field_linking_to_the_person(
    world: World, recruiter: Any, browse: Any
) -> None:
    existing = f.CandidateFactory(full_name="Zhao Lei (2024)", email="Zhao.Lei@Example.com")

    answer = browse(recruiter).post("/candidates/new/", CANDIDATE)

    assert answer.status_code == 400
    page = answer.content.decode()
    assert "Another candidate has this email already" in page
    assert f'href="/candidates/{existing.pk}/"' in page
    assert Candidate.objects.count() == 1


def test_a_duplicate_phone_in_another_format_is_refused_too(
    world: World, recruiter: Any, browse: Any
) -> None:
    existing = f.CandidateFactory(phone="+86 138 0013 8000", phone_normalized="+8613800138000")

    answer = browse(recruiter).post(
        "/candidates/new/", {**CANDIDATE, "email": "", "phone": "138 0013 8000"}
    )

    assert answer.status_code == 400
    assert b"Another candidate has this phone number already" in answer.content
    assert f'href="/candidates/{existing.pk}/"'.encode() in answer.content


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"email": "", "phone": ""}, b"A candidate needs an email or a phone number."),
        ({"phone": "12"}, b"Enter a valid phone number."),
        ({"years_experience": "99"}, b"less than or equal to 60"),
        ({"links": "not a link"}, b"is not a web address"),
        ({"publications-0-year": "1800"}, b"greater than or equal to 1950"),
        ({"publications-0-venue": ""}, b"This field is required."),
        ({"awards-TOTAL_FORMS": "x"}, b"ManagementForm data is missing"),
    ],
)
def test_bad_input_is_shown_beside_the_field_and_nothing_is_saved(
    world: World, recruiter: Any, browse: Any, changes: dict[str, str], message: bytes
) -> None:
    answer = browse(recruiter).post("/candidates/new/", {**CANDIDATE, **changes})

    assert answer.status_code == 400
    assert message in answer.content
    assert not Candidate.objects.exists()


def test_editing_replaces_publications_and_keeps_the_persons_own_email(
    world: World, recruiter: Any, browse: Any
) -> None:
    app = fast_tracked(world, recruiter, email="wang@example.com")
    person = app.candidate
    client = browse(recruiter)
    form = client.get(f"/candidates/{person.pk}/edit/")

    answer = client.post(
        f"/candidates/{person.pk}/edit/",
        {
            **CANDIDATE,
            "full_name": "Wang Fang",
            "email": "WANG@example.com",
            "publications-TOTAL_FORMS": "1",
            "publications-INITIAL_FORMS": "1",
            "publications-0-DELETE": "on",
        },
    )

    assert form.status_code == 200
    assert b"ACL" in form.content
    assert answer.status_code == 302
    person.refresh_from_db()
    assert person.full_name == "Wang Fang"
    assert person.publications.count() == 0
    assert person.awards.count() == 1


# Applying to a job


def test_applying_routes_to_a_fast_track_and_says_so(
    world: World, recruiter: Any, browse: Any
) -> None:
    person = f.CandidateFactory(specialties=[world.nlp])
    f.PublicationFactory(candidate=person, specialty=world.nlp, tier="top")

    answer = browse(recruiter).post(
        f"/candidates/{person.pk}/apply/", {"job": world.job.pk}, follow=True
    )

    app = Application.objects.get(candidate=person)
    assert answer.redirect_chain[-1][0] == f"/applications/{app.pk}/"
    assert "on the fast track “Top paper fast track”" in answer.content.decode()
    assert app.is_fast_track


def test_applying_without_a_matching_rule_says_so(
    world: World, recruiter: Any, browse: Any
) -> None:
    person = f.CandidateFactory(specialties=[world.nlp])

    answer = browse(recruiter).post(
        f"/candidates/{person.pk}/apply/", {"job": world.job.pk}, follow=True
    )

    assert "no fast-track rule matched" in answer.content.decode()


def test_applying_twice_to_one_job_is_refused(world: World, recruiter: Any, browse: Any) -> None:
    app = standard(world, recruiter)

    answer = browse(recruiter).post(f"/candidates/{app.candidate_id}/apply/", {"job": world.job.pk})

    assert answer.status_code == 400
    assert Application.objects.filter(candidate=app.candidate).count() == 1


def test_a_viewer_may_not_apply_anyone(world: World, viewer: Any, browse: Any) -> None:
    person = f.CandidateFactory()

    answer = browse(viewer).post(f"/candidates/{person.pk}/apply/", {"job": world.job.pk})

    assert answer.status_code == 403
    assert not Application.objects.exists()


# Speed


def _with_history(world: World, recruiter: Any, transitions: int) -> Application:
    app = fast_tracked(world, recruiter)
    version = 1
    for _ in range(transitions // 2):
        svc.application_hold(application_id=app.pk, expected_version=version, actor=recruiter)
        svc.application_resume(application_id=app.pk, expected_version=version + 1, actor=recruiter)
        version += 2
    dispatch_all()
    return app


def _queries(client: Any, app: Application) -> int:
    client.get(f"/applications/{app.pk}/")  # warms the per-process stage cache
    with CaptureQueriesContext(connection) as captured:
        answer = client.get(f"/applications/{app.pk}/")
    assert answer.status_code == 200
    return len(captured.captured_queries)


def test_the_profiles_queries_do_not_grow_with_the_history(
    world: World, recruiter: Any, browse: Any
) -> None:
    short = _with_history(world, recruiter, 4)
    long = _with_history(world, recruiter, 50)
    client = browse(recruiter)

    counts = (_queries(client, short), _queries(client, long))

    assert Transition.objects.filter(application=long).count() == 51
    assert counts[0] == counts[1]
