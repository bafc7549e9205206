"""The pipeline engine through its services: routing, every move, every refusal."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from candidates.models import Application, OutboxEvent, Transition
from candidates.services import applications as svc
from candidates.services.fast_track import application_fallback, application_switch_track
from recruiting.errors import Conflict, InvalidInput, NotAllowed, NotFound
from recruiting.models import Job, Stage
from recruiting.services import track_set_stages
from tests import factories as f
from tests.conftest import World

pytestmark = pytest.mark.django_db


def stage(track: Any, kind: str) -> Stage:
    return Stage.objects.get(track=track, version=track.current_version, kind=kind)


def apply(
    world: World, actor: Any, *, top_paper: bool = False, job: Job | None = None
) -> Application:
    candidate = f.CandidateFactory(specialties=[world.nlp])
    if top_paper:
        f.PublicationFactory(candidate=candidate, specialty=world.nlp, tier="top")
    return svc.application_create(
        candidate=candidate, job=job or world.job, actor=actor
    ).application


def events(application: Application) -> list[str]:
    return list(
        OutboxEvent.objects.filter(payload__application_id=application.pk)
        .order_by("created_at", "type")
        .values_list("type", flat=True)
    )


def kinds(application: Application) -> list[str]:
    return list(application.transitions.order_by("created_at", "id").values_list("kind", flat=True))


def test_a_candidate_without_a_matching_rule_starts_on_the_standard_track(
    world: World, recruiter: Any
) -> None:
    application = apply(world, recruiter)

    assert application.track == world.standard
    assert application.stage == stage(world.standard, "review")
    assert not application.is_fast_track
    assert application.version == 1
    assert application.due_at == application.stage_entered_at + timedelta(hours=72)
    assert kinds(application) == ["created"]
    assert events(application) == ["application.created"]


def test_a_matching_rule_routes_to_the_fast_track_and_records_why(
    world: World, recruiter: Any
) -> None:
    application = apply(world, recruiter, top_paper=True)

    assert application.track == world.fast
    assert application.is_fast_track
    reason = application.fast_track_reason
    assert reason["rule_id"] == world.rule.pk
    assert reason["rule_version"] == world.rule.version
    assert reason["explanation"]["held"] is True
    assert sorted(events(application)) == ["application.created", "application.fast_tracked"]


def test_a_suggesting_track_records_a_suggestion_and_keeps_the_standard_track(
    world: World, recruiter: Any
) -> None:
    world.fast.routing = "suggest"
    world.fast.save()

    application = apply(world, recruiter, top_paper=True)

    assert application.track == world.standard
    assert application.fast_track_suggestion["rule"] == world.rule.name


def test_applying_twice_to_the_same_job_is_refused(world: World, recruiter: Any) -> None:
    application = apply(world, recruiter)

    with pytest.raises(Conflict) as refused:
        svc.application_create(candidate=application.candidate, job=world.job, actor=recruiter)

    assert refused.value.extra["existing_id"] == application.pk
    assert Application.objects.count() == 1


def test_a_job_that_is_not_open_takes_no_applications(world: World, recruiter: Any) -> None:
    world.job.status = Job.Status.ON_HOLD
    world.job.save()

    with pytest.raises(Conflict, match="not open"):
        apply(world, recruiter)


def test_advance_moves_to_the_next_stage_and_bumps_the_version(
    world: World, recruiter: Any
) -> None:
    application = apply(world, recruiter)

    change = svc.application_advance(
        application_id=application.pk, expected_version=1, actor=recruiter
    )

    assert change.application.stage == stage(world.standard, "screen")
    assert change.application.version == 2
    moved = change.transitions[0]
    assert (moved.kind, moved.from_stage, moved.to_stage, moved.actor, moved.actor_role) == (
        "moved",
        stage(world.standard, "review"),
        stage(world.standard, "screen"),
        recruiter,
        "recruiter",
    )
    assert events(application)[-1] == "application.moved"


def test_a_stale_version_is_refused_with_409_and_changes_nothing(
    world: World, recruiter: Any
) -> None:
    application = apply(world, recruiter)
    svc.application_advance(application_id=application.pk, expected_version=1, actor=recruiter)

    with pytest.raises(Conflict, match="Stale version") as refused:
        svc.application_advance(application_id=application.pk, expected_version=1, actor=recruiter)

    assert refused.value.extra["current_version"] == 2
    application.refresh_from_db()
    assert application.stage == stage(world.standard, "screen")
    assert kinds(application) == ["created", "moved"]


def test_move_needs_a_reason_and_a_stage_of_the_same_track_version(
    world: World, recruiter: Any
) -> None:
    application = apply(world, recruiter)
    interview = stage(world.standard, "interview")

    with pytest.raises(InvalidInput):
        svc.application_move(
            application_id=application.pk,
            expected_version=1,
            actor=recruiter,
            to_stage_id=interview.pk,
            reason=" ",
        )
    with pytest.raises(Conflict, match="not part"):
        svc.application_move(
            application_id=application.pk,
            expected_version=1,
            actor=recruiter,
            to_stage_id=stage(world.fast, "interview").pk,
            reason="strong",
        )
    change = svc.application_move(
        application_id=application.pk,
        expected_version=1,
        actor=recruiter,
        to_stage_id=interview.pk,
        reason="Strong referral",
    )

    assert change.application.stage == interview
    assert change.transitions[0].reason == "Strong referral"


def test_moving_to_the_hired_stage_is_refused_in_favour_of_hire(
    world: World, recruiter: Any
) -> None:
    application = apply(world, recruiter)

    with pytest.raises(Conflict, match="hire"):
        svc.application_move(
            application_id=application.pk,
            expected_version=1,
            actor=recruiter,
            to_stage_id=stage(world.standard, "hired").pk,
            reason="why not",
        )


def test_reject_then_unreject_returns_to_the_same_stage(world: World, recruiter: Any) -> None:
    application = apply(world, recruiter)
    svc.application_advance(application_id=application.pk, expected_version=1, actor=recruiter)

    rejected = svc.application_reject(
        application_id=application.pk,
        expected_version=2,
        actor=recruiter,
        rejection_reason=world.no_fit,
    ).application
    assert (rejected.status, rejected.rejection_reason) == ("rejected", world.no_fit)
    with pytest.raises(Conflict):
        svc.application_advance(application_id=application.pk, expected_version=3, actor=recruiter)
    back = svc.application_unreject(
        application_id=application.pk, expected_version=3, actor=recruiter, reason="Reviewed again"
    ).application

    assert (back.status, back.stage, back.rejection_reason) == (
        "active",
        stage(world.standard, "screen"),
        None,
    )
    assert kinds(application) == ["created", "moved", "rejected", "unrejected"]
    assert (
        Transition.objects.get(application=application, kind="rejected").rejection_reason
        == world.no_fit
    )


def test_hold_stops_the_clock_and_resume_moves_the_due_time_on(
    world: World, recruiter: Any
) -> None:
    application = apply(world, recruiter)
    start = application.stage_entered_at
    due = application.due_at

    svc.application_hold(
        application_id=application.pk,
        expected_version=1,
        actor=recruiter,
        at=start + timedelta(hours=1),
    )
    with pytest.raises(Conflict, match="on_hold"):
        svc.application_advance(application_id=application.pk, expected_version=2, actor=recruiter)
    resumed = svc.application_resume(
        application_id=application.pk,
        expected_version=2,
        actor=recruiter,
        at=start + timedelta(hours=25),
    ).application

    assert resumed.status == "active"
    assert resumed.due_at == due + timedelta(hours=24)


def test_withdrawn_is_final(world: World, recruiter: Any) -> None:
    application = apply(world, recruiter)
    svc.application_withdraw(
        application_id=application.pk,
        expected_version=1,
        actor=recruiter,
        reason="Took an offer abroad",
    )

    for service in (svc.application_advance, svc.application_hold, svc.application_withdraw):
        with pytest.raises(Conflict, match="withdrawn"):
            service(application_id=application.pk, expected_version=2, actor=recruiter)


def to_offer(application: Application, recruiter: Any, track: Any) -> Application:
    return svc.application_move(
        application_id=application.pk,
        expected_version=application.version,
        actor=recruiter,
        to_stage_id=stage(track, "offer").pk,
        reason="Fast decision",
    ).application


def test_hire_only_from_the_offer_stage(world: World, recruiter: Any) -> None:
    application = apply(world, recruiter)

    with pytest.raises(Conflict, match="offer"):
        svc.application_hire(application_id=application.pk, expected_version=1, actor=recruiter)


def test_hiring_the_last_headcount_closes_the_job(world: World, recruiter: Any) -> None:
    first, second, third = (apply(world, recruiter) for _ in range(3))
    for application in (first, second, third):
        to_offer(application, recruiter, world.standard)

    svc.application_hire(application_id=first.pk, expected_version=2, actor=recruiter)
    world.job.refresh_from_db()
    assert (world.job.hired_count, world.job.status) == (1, "open")
    hired = svc.application_hire(
        application_id=second.pk, expected_version=2, actor=recruiter
    ).application

    world.job.refresh_from_db()
    assert (world.job.hired_count, world.job.status) == (2, "closed")
    assert (hired.status, hired.stage.kind) == ("hired", "hired")
    with pytest.raises(Conflict, match="filled"):
        svc.application_hire(application_id=third.pk, expected_version=2, actor=recruiter)
    third.refresh_from_db()
    assert (third.status, third.version) == ("active", 2)


def test_roles_outside_the_stage_movers_are_refused(
    world: World, viewer: Any, unit_lead: Any
) -> None:
    application = apply(world, None)

    with pytest.raises(NotAllowed):
        svc.application_advance(application_id=application.pk, expected_version=1, actor=viewer)
    with pytest.raises(NotAllowed):
        svc.application_advance(application_id=application.pk, expected_version=1, actor=unit_lead)


def test_another_units_lead_does_not_see_the_application(
    world: World, other_unit_lead: Any
) -> None:
    application = apply(world, None)

    with pytest.raises(NotFound):
        application_switch_track(
            application_id=application.pk,
            expected_version=1,
            actor=other_unit_lead,
            track_id=world.fast.pk,
            override=True,
            reason="mine",
        )


def waiting_for_written_test(world: World, recruiter: Any, **kwargs: Any) -> Application:
    application = apply(world, recruiter, **kwargs)
    return svc.application_move(
        application_id=application.pk,
        expected_version=1,
        actor=recruiter,
        to_stage_id=stage(world.standard, "written_test").pk,
        reason="Screened by phone",
    ).application


def test_switching_to_a_fast_track_maps_the_written_test_to_the_assessment(
    world: World, recruiter: Any
) -> None:
    application = waiting_for_written_test(world, recruiter)
    f.PublicationFactory(candidate=application.candidate, specialty=world.nlp, tier="top")

    change = application_switch_track(
        application_id=application.pk, expected_version=2, actor=recruiter, track_id=world.fast.pk
    )

    switched = change.application
    assert (switched.track, switched.stage) == (world.fast, stage(world.fast, "bu_assessment"))
    assert switched.is_fast_track
    assert switched.fast_track_reason["rule_id"] == world.rule.pk
    skipped, moved = change.transitions
    assert (skipped.kind, skipped.from_stage) == ("skipped", stage(world.standard, "written_test"))
    assert world.rule.name in skipped.reason
    assert (moved.kind, moved.to_stage) == ("track_switched", stage(world.fast, "bu_assessment"))
    assert {
        "application.stage_skipped",
        "application.track_switched",
        "application.fast_tracked",
    } <= set(events(application))


def test_a_switch_from_the_screen_skips_screen_and_written_test(
    world: World, recruiter: Any
) -> None:
    application = apply(world, recruiter, top_paper=False)
    svc.application_advance(application_id=application.pk, expected_version=1, actor=recruiter)
    f.AwardFactory(candidate=application.candidate)
    f.PublicationFactory(candidate=application.candidate, specialty=world.nlp, tier="top")

    change = application_switch_track(
        application_id=application.pk, expected_version=2, actor=recruiter, track_id=world.fast.pk
    )

    assert [t.from_stage.kind for t in change.transitions if t.kind == "skipped"] == [
        "screen",
        "written_test",
    ]


def test_failed_rules_need_an_override_by_a_unit_lead_with_a_reason(
    world: World, recruiter: Any, unit_lead: Any
) -> None:
    application = waiting_for_written_test(world, recruiter)

    with pytest.raises(Conflict, match="meets none"):
        application_switch_track(
            application_id=application.pk,
            expected_version=2,
            actor=recruiter,
            track_id=world.fast.pk,
        )
    with pytest.raises(NotAllowed, match="unit lead"):
        application_switch_track(
            application_id=application.pk,
            expected_version=2,
            actor=recruiter,
            track_id=world.fast.pk,
            override=True,
            reason="I vouch",
        )
    with pytest.raises(InvalidInput, match="reason"):
        application_switch_track(
            application_id=application.pk,
            expected_version=2,
            actor=unit_lead,
            track_id=world.fast.pk,
            override=True,
        )
    change = application_switch_track(
        application_id=application.pk,
        expected_version=2,
        actor=unit_lead,
        track_id=world.fast.pk,
        override=True,
        reason="Known to the team from a joint paper",
    )

    assert change.application.fast_track_reason["decided"] == "override"
    assert change.transitions[-1].actor_role == "unit_lead"


def test_a_failed_assessment_falls_back_to_the_standard_track(
    world: World, recruiter: Any, unit_lead: Any
) -> None:
    application = apply(world, recruiter, top_paper=True)
    at_assessment = svc.application_advance(
        application_id=application.pk, expected_version=1, actor=recruiter
    ).application
    assert at_assessment.stage.kind == "bu_assessment"

    change = application_fallback(
        application_id=application.pk,
        expected_version=2,
        actor=unit_lead,
        reason="Panel split; take the written test",
    )

    back = change.application
    assert (back.track, back.stage, back.is_fast_track) == (
        world.standard,
        stage(world.standard, "written_test"),
        False,
    )
    assert back.fast_track_reason is not None
    assert change.transitions[0].data["fallback"] is True


def test_fallback_is_refused_away_from_the_assessment(world: World, recruiter: Any) -> None:
    application = apply(world, recruiter, top_paper=True)

    with pytest.raises(Conflict, match="assessment"):
        application_fallback(
            application_id=application.pk, expected_version=1, actor=recruiter, reason="no"
        )


def test_changing_stages_of_a_track_in_use_creates_a_new_version(
    world: World, recruiter: Any
) -> None:
    application = apply(world, recruiter)
    old_stage = application.stage

    track = track_set_stages(
        track=world.standard,
        stages=[
            {"name": "Review", "kind": "review"},
            {"name": "Test", "kind": "written_test"},
            {"name": "Hired", "kind": "hired"},
        ],
    )

    assert track.current_version == 2
    application.refresh_from_db()
    assert (application.track_version, application.stage) == (1, old_stage)
    moved = svc.application_advance(
        application_id=application.pk, expected_version=1, actor=recruiter
    ).application
    assert (moved.stage.kind, moved.stage.version) == ("screen", 1)
    assert apply(world, recruiter).track_version == 2


def test_changing_stages_of_an_unused_track_rewrites_its_version(world: World) -> None:
    track = track_set_stages(
        track=world.fast,
        stages=[{"name": "Assess", "kind": "bu_assessment"}, {"name": "Hired", "kind": "hired"}],
    )

    assert track.current_version == 1
    assert list(Stage.objects.filter(track=track).values_list("kind", flat=True)) == [
        "bu_assessment",
        "hired",
    ]


def test_a_fast_track_with_a_written_test_is_refused(world: World) -> None:
    with pytest.raises(InvalidInput):
        track_set_stages(
            track=world.fast,
            stages=[
                {"name": "Test", "kind": "written_test"},
                {"name": "Assess", "kind": "bu_assessment"},
            ],
        )


def test_overdue_is_time_in_stage_beyond_the_sla(world: World, recruiter: Any) -> None:
    application = apply(world, recruiter)

    late = Application.objects.filter(
        status="active", due_at__lt=timezone.now() + timedelta(hours=73)
    )

    assert list(late) == [application]


def test_the_list_summarises_the_fast_track_reason_and_the_detail_gives_it_whole(
    world: World, recruiter: Any, api: Any
) -> None:
    fast = apply(world, recruiter, top_paper=True)
    apply(world, recruiter)

    rows = {row["id"]: row for row in api(recruiter).get("/api/v1/applications/").json()["results"]}
    detail = api(recruiter).get(f"/api/v1/applications/{fast.pk}/").json()

    assert rows[fast.pk]["fast_track_reason"] == {
        "track": world.fast.name,
        "rule": world.rule.name,
        "rule_version": 1,
        "decided": "rule",
    }
    assert [r["fast_track_reason"] for r in rows.values() if r["id"] != fast.pk] == [None]
    assert detail["fast_track_reason"]["explanation"]["held"] is True
