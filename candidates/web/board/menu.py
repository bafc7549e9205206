"""What a card's move menu offers its reader: the stages the application may go to and
the other commands, each only when the legal-moves table lets this reader take it from
this status and stage (the engine checks again, and has the last word)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from candidates.models import Application
from candidates.pipeline.table import Action, refusal_for_stage, refusal_for_status
from candidates.web.board.selectors import may
from recruiting.models import Stage, StageKind
from recruiting.roles import user_roles
from recruiting.selectors import stages_in_use


@dataclass(frozen=True)
class Target:
    stage: Stage
    # The next stage: an advance, no reason needed.
    is_next: bool
    # The hired stage, from an offer: a hire.
    is_hire: bool


@dataclass
class Menu:
    application: Application
    targets: list[Target] = field(default_factory=list)
    can_hold: bool = False
    can_resume: bool = False
    can_reject: bool = False

    @property
    def can_move(self) -> bool:
        return bool(self.targets)

    @property
    def anything(self) -> bool:
        return self.can_move or self.can_hold or self.can_resume or self.can_reject


def _allowed(action: Action, roles: Any, application: Application) -> bool:
    return (
        may(action, roles, application.stage)
        and refusal_for_status(action, application.status) is None
    )


def card_menu(user: Any, application: Application) -> Menu:
    roles = user_roles(user)
    menu = Menu(
        application,
        can_hold=_allowed(Action.HOLD, roles, application),
        can_resume=_allowed(Action.RESUME, roles, application),
        can_reject=_allowed(Action.REJECT, roles, application),
    )
    if not _allowed(Action.MOVE, roles, application):
        return menu
    current = application.stage
    stages = stages_in_use(application.track, application.track_version)
    following = next((s for s in stages if s.position > current.position), None)
    for stage in stages:
        if stage.pk == current.pk:
            continue
        if stage.kind == StageKind.HIRED:
            if refusal_for_stage(Action.HIRE, current.kind, None) is None:
                menu.targets.append(Target(stage, is_next=False, is_hire=True))
            continue
        is_next = following is not None and stage.pk == following.pk
        menu.targets.append(Target(stage, is_next=is_next, is_hire=False))
    return menu
