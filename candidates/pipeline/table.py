"""The legal moves, readable on one screen and testable without a database.

A row says from which statuses an action may start, the status it leaves the
application in, the Transition kind it writes, and who may take it: `movers`
means the roles configured on the current stage (who may move applications out
of it); otherwise the roles listed. Admins and the system may always act.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from candidates.models.application import ApplicationStatus as S
from candidates.models.application import TransitionKind as K
from recruiting.models.tracks import StageKind
from recruiting.roles import Role


class Action(StrEnum):
    ADVANCE = "advance"
    MOVE = "move"
    REJECT = "reject"
    UNREJECT = "unreject"
    WITHDRAW = "withdraw"
    HOLD = "hold"
    RESUME = "resume"
    HIRE = "hire"
    SWITCH_TRACK = "switch_track"
    FALLBACK = "fallback"


MOVERS = "movers"
DESK = frozenset({Role.ADMIN, Role.RECRUITER})
ROUTERS = frozenset({Role.ADMIN, Role.RECRUITER, Role.UNIT_LEAD})


@dataclass(frozen=True)
class Move:
    starts_from: frozenset[str]
    ends_in: str
    kind: str
    who: frozenset[Role] | str
    needs_reason: bool = False


TABLE: dict[Action, Move] = {
    Action.ADVANCE: Move(frozenset({S.ACTIVE}), S.ACTIVE, K.MOVED, MOVERS),
    Action.MOVE: Move(frozenset({S.ACTIVE}), S.ACTIVE, K.MOVED, MOVERS, needs_reason=True),
    Action.REJECT: Move(frozenset({S.ACTIVE, S.ON_HOLD}), S.REJECTED, K.REJECTED, MOVERS),
    Action.UNREJECT: Move(frozenset({S.REJECTED}), S.ACTIVE, K.UNREJECTED, DESK, needs_reason=True),
    Action.WITHDRAW: Move(frozenset({S.ACTIVE, S.ON_HOLD}), S.WITHDRAWN, K.WITHDRAWN, DESK),
    Action.HOLD: Move(frozenset({S.ACTIVE}), S.ON_HOLD, K.HELD, DESK),
    Action.RESUME: Move(frozenset({S.ON_HOLD}), S.ACTIVE, K.RESUMED, DESK),
    Action.HIRE: Move(frozenset({S.ACTIVE}), S.HIRED, K.HIRED, MOVERS),
    # A routing decision, not leaving a stage: unit leads may take it (to override rules).
    Action.SWITCH_TRACK: Move(frozenset({S.ACTIVE}), S.ACTIVE, K.TRACK_SWITCHED, ROUTERS),
    Action.FALLBACK: Move(
        frozenset({S.ACTIVE}), S.ACTIVE, K.TRACK_SWITCHED, MOVERS, needs_reason=True
    ),
}

ALWAYS_ALLOWED = frozenset({Role.ADMIN, Role.SYSTEM})
_ROLE_VALUES = frozenset(r.value for r in Role)

# Stage kinds in pipeline order: a switch of track maps a stage to the same kind, or
# else to the first later kind the target track has.
KIND_ORDER: tuple[str, ...] = (
    StageKind.REVIEW,
    StageKind.SCREEN,
    StageKind.WRITTEN_TEST,
    StageKind.BU_ASSESSMENT,
    StageKind.INTERVIEW,
    StageKind.OFFER,
    StageKind.HIRED,
)


def kind_rank(kind: str) -> int:
    return KIND_ORDER.index(kind)


def refusal_for_status(action: Action, status: str) -> str | None:
    """Why `action` cannot start from `status`, or None when it can."""
    move = TABLE[action]
    if status in move.starts_from:
        return None
    allowed = ", ".join(sorted(move.starts_from))
    return (
        f"Cannot {action.replace('_', ' ')} an application that is {status}; it must be {allowed}."
    )


def permitted_roles(action: Action, movers: list[str]) -> frozenset[Role]:
    who = TABLE[action].who
    if isinstance(who, frozenset):
        return who
    return frozenset(Role(m) for m in movers if m in _ROLE_VALUES)


def refusal_for_role(action: Action, roles: frozenset[Role], movers: list[str]) -> str | None:
    """Why an actor with `roles` may not take `action` from a stage with `movers`."""
    if roles & ALWAYS_ALLOWED:
        return None
    permitted = permitted_roles(action, movers)
    if roles & permitted:
        return None
    names = ", ".join(sorted(permitted | {Role.ADMIN}))
    return f"Your role may not {action.replace('_', ' ')} here; allowed: {names}."


def refusal_for_stage(action: Action, from_kind: str, to_kind: str | None) -> str | None:
    """Why the stage kinds involved make `action` illegal, or None."""
    if action in (Action.ADVANCE, Action.MOVE) and to_kind == StageKind.HIRED:
        return "Use hire to move an application to the hired stage."
    if action is Action.ADVANCE and to_kind is None:
        return "This is the last stage of the track; there is nothing to advance to."
    if action is Action.HIRE and from_kind != StageKind.OFFER:
        return "Only an application at an offer stage can be hired."
    if action is Action.FALLBACK and from_kind != StageKind.BU_ASSESSMENT:
        return "A fallback applies only at a business-unit assessment stage."
    return None
