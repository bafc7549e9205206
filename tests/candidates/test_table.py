"""The legal-moves table, without a database."""

from __future__ import annotations

import pytest

from candidates.models import ApplicationStatus
from candidates.pipeline.table import (
    TABLE,
    Action,
    kind_rank,
    refusal_for_role,
    refusal_for_stage,
    refusal_for_status,
)
from recruiting.roles import Role

STATUSES = [s.value for s in ApplicationStatus]
EXPECTED_STARTS = {
    Action.ADVANCE: {"active"},
    Action.MOVE: {"active"},
    Action.REJECT: {"active", "on_hold"},
    Action.UNREJECT: {"rejected"},
    Action.WITHDRAW: {"active", "on_hold"},
    Action.HOLD: {"active"},
    Action.RESUME: {"on_hold"},
    Action.HIRE: {"active"},
    Action.SWITCH_TRACK: {"active"},
    Action.FALLBACK: {"active"},
}


@pytest.mark.parametrize("action", list(Action))
@pytest.mark.parametrize("status", STATUSES)
def test_every_action_starts_only_from_its_statuses(action: Action, status: str) -> None:
    refusal = refusal_for_status(action, status)

    if status in EXPECTED_STARTS[action]:
        assert refusal is None
    else:
        assert refusal is not None
        assert status in refusal


def test_hired_and_withdrawn_are_final() -> None:
    for action in Action:
        assert refusal_for_status(action, "hired") is not None
        assert refusal_for_status(action, "withdrawn") is not None


def test_every_row_ends_in_a_known_status() -> None:
    assert {move.ends_in for move in TABLE.values()} <= set(STATUSES)


def test_movers_decide_who_leaves_a_stage() -> None:
    movers = ["recruiter"]

    assert refusal_for_role(Action.ADVANCE, frozenset({Role.RECRUITER}), movers) is None
    assert refusal_for_role(Action.ADVANCE, frozenset({Role.UNIT_LEAD}), movers) is not None
    assert refusal_for_role(Action.ADVANCE, frozenset({Role.UNIT_LEAD}), ["unit_lead"]) is None


@pytest.mark.parametrize("action", list(Action))
def test_admins_and_the_system_may_always_act(action: Action) -> None:
    assert refusal_for_role(action, frozenset({Role.ADMIN}), []) is None
    assert refusal_for_role(action, frozenset({Role.SYSTEM}), []) is None


@pytest.mark.parametrize("action", list(Action))
def test_viewers_and_assessors_never_move_applications(action: Action) -> None:
    movers = ["admin", "recruiter", "unit_lead"]

    assert refusal_for_role(action, frozenset({Role.VIEWER}), movers) is not None
    assert refusal_for_role(action, frozenset({Role.ASSESSOR}), movers) is not None


def test_hold_resume_withdraw_unreject_belong_to_the_recruiting_desk() -> None:
    for action in (Action.HOLD, Action.RESUME, Action.WITHDRAW, Action.UNREJECT):
        assert refusal_for_role(action, frozenset({Role.RECRUITER}), []) is None
        assert refusal_for_role(action, frozenset({Role.UNIT_LEAD}), ["unit_lead"]) is not None


def test_unit_leads_may_switch_tracks_whatever_the_stage_movers() -> None:
    assert refusal_for_role(Action.SWITCH_TRACK, frozenset({Role.UNIT_LEAD}), ["recruiter"]) is None


def test_stage_refusals() -> None:
    assert refusal_for_stage(Action.ADVANCE, "offer", "hired") is not None
    assert refusal_for_stage(Action.MOVE, "screen", "hired") is not None
    assert refusal_for_stage(Action.ADVANCE, "hired", None) is not None
    assert refusal_for_stage(Action.HIRE, "interview", None) is not None
    assert refusal_for_stage(Action.HIRE, "offer", None) is None
    assert refusal_for_stage(Action.FALLBACK, "interview", None) is not None
    assert refusal_for_stage(Action.FALLBACK, "bu_assessment", None) is None
    assert refusal_for_stage(Action.ADVANCE, "screen", "written_test") is None


def test_kinds_are_ranked_in_pipeline_order() -> None:
    assert (
        kind_rank("written_test")
        < kind_rank("bu_assessment")
        < kind_rank("offer")
        < kind_rank("hired")
    )
