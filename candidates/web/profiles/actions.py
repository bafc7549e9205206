"""The actions on an application the profile offers, and which of them a viewer may
take now: read from the legal-moves table (`candidates.pipeline.table`), the stage's
movers and the viewer's roles, never guessed in a template. Taking one calls the
service; the engine has the last word and its refusals are shown as they are."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from candidates.models import Application
from candidates.pipeline.engine import Change
from candidates.pipeline.table import (
    Action,
    refusal_for_role,
    refusal_for_stage,
    refusal_for_status,
)
from candidates.services import applications as app_services
from candidates.services import fast_track
from candidates.services.fast_track import OVERRIDERS
from candidates.web import labels
from candidates.web.profiles import forms as f
from recruiting.models import Stage, Track
from recruiting.roles import Role, user_roles
from recruiting.selectors import stages_in_use

# Who may change applications at all (as the API's MayMoveApplications): viewers and
# assessors never do, whatever a stage's movers say.
ACTORS = frozenset({Role.ADMIN, Role.RECRUITER, Role.UNIT_LEAD})


@dataclass(frozen=True)
class Spec:
    action: Action
    form: type[f.ActionForm]
    service: Callable[..., Change]
    label: Any
    # Actions that take input open a dialog; the others post from their button.
    dialog: bool = True
    style: str = ""
    confirm: Any = None
    help: Any = ""


SPECS: dict[str, Spec] = {
    "advance": Spec(
        Action.ADVANCE,
        f.ActionForm,
        app_services.application_advance,
        gettext_lazy("Advance"),
        dialog=False,
        style="btn-primary",
    ),
    "move": Spec(
        Action.MOVE,
        f.MoveForm,
        app_services.application_move,
        gettext_lazy("Move to a stage…"),
        help=gettext_lazy("Any stage of this track version, earlier or later; say why."),
    ),
    "switch": Spec(
        Action.SWITCH_TRACK,
        f.SwitchTrackForm,
        fast_track.application_switch_track,
        gettext_lazy("Switch to a fast track…"),
        help=gettext_lazy(
            "The current stage maps by kind: waiting for the written test goes straight to "
            "the business-unit assessment. Skipped stages are recorded."
        ),
    ),
    "fallback": Spec(
        Action.FALLBACK,
        f.RequiredReasonForm,
        fast_track.application_fallback,
        gettext_lazy("Fall back…"),
        help=gettext_lazy(
            "Instead of rejecting, send the application to the stage its fast track names "
            "on the standard track."
        ),
    ),
    "hire": Spec(
        Action.HIRE,
        f.ActionForm,
        app_services.application_hire,
        gettext_lazy("Hire"),
        dialog=False,
        style="btn-primary",
        confirm=gettext_lazy("Hire this candidate? This is final."),
    ),
    "hold": Spec(
        Action.HOLD,
        f.ReasonForm,
        app_services.application_hold,
        gettext_lazy("Put on hold…"),
        help=gettext_lazy("The stage's clock stops until the application is resumed."),
    ),
    "resume": Spec(
        Action.RESUME,
        f.ActionForm,
        app_services.application_resume,
        gettext_lazy("Resume"),
        dialog=False,
    ),
    "unreject": Spec(
        Action.UNREJECT,
        f.RequiredReasonForm,
        app_services.application_unreject,
        gettext_lazy("Undo the rejection…"),
        help=gettext_lazy("The application becomes active again in the stage it was rejected in."),
    ),
    "reject": Spec(
        Action.REJECT,
        f.RejectForm,
        app_services.application_reject,
        gettext_lazy("Reject…"),
        style="btn-danger",
    ),
    "withdraw": Spec(
        Action.WITHDRAW,
        f.ReasonForm,
        app_services.application_withdraw,
        gettext_lazy("Mark withdrawn…"),
        help=gettext_lazy("The candidate withdrew. This is final."),
    ),
}


@dataclass(frozen=True)
class Offer:
    """One action the viewer may take now (its dialog's form loads when opened)."""

    name: str
    spec: Spec
    options: dict[str, Any]


def stage_choices(application: Application) -> list[Stage]:
    """The stages of the application's track version (read once per process)."""
    return stages_in_use(application.track, application.track_version)


def _options(
    name: str,
    application: Application,
    roles: frozenset[Role],
    stages: list[Stage],
    fast_tracks: list[dict[str, Any]],
) -> dict[str, Any] | None:
    """What the action's form offers, or None when the stage makes it impossible."""
    stage = application.stage
    if name == "advance":
        following = next((s for s in stages if s.position > stage.position), None)
        if refusal_for_stage(Action.ADVANCE, stage.kind, following.kind if following else None):
            return None
        return {"next": following}
    if name == "move":
        targets = [
            s
            for s in stages
            if s.pk != stage.pk and not refusal_for_stage(Action.MOVE, stage.kind, s.kind)
        ]
        return {"stages": targets} if targets else None
    if name == "hire":
        return None if refusal_for_stage(Action.HIRE, stage.kind, None) else {}
    if name == "fallback":
        track = application.track
        if refusal_for_stage(Action.FALLBACK, stage.kind, None):
            return None
        if track.fallback_track_id is None or not track.fallback_stage_kind:
            return None
        return {"kind": track.fallback_stage_kind}
    if name == "switch":
        return _switch_options(application, roles, fast_tracks)
    return {}


def _switch_options(
    application: Application, roles: frozenset[Role], fast_tracks: list[dict[str, Any]]
) -> dict[str, Any] | None:
    """The job's other fast tracks: those whose rules hold, and for a unit lead or an
    admin (who may override the rules) the others too, marked so."""
    may_override = bool(roles & OVERRIDERS)
    tracks = []
    for track in fast_tracks:
        if track["track_id"] == application.track_id:
            continue
        if track["eligible"]:
            label = _("%(track)s (the rules hold)") % {"track": track["track"]}
        elif may_override:
            label = _("%(track)s (the rules fail: override)") % {"track": track["track"]}
        else:
            continue
        tracks.append({"id": track["track_id"], "label": label, "eligible": track["eligible"]})
    if not tracks:
        return None
    needs_override = any(not t["eligible"] for t in tracks)
    return {"tracks": tracks, "may_override": may_override and needs_override}


def offers_for(
    user: Any, application: Application, *, fast_tracks: list[dict[str, Any]]
) -> list[Offer]:
    """The actions the viewer may take on the application now, in the order shown."""
    roles = user_roles(user)
    if not roles & ACTORS:
        return []
    stages = stage_choices(application)
    offers = []
    for name, spec in SPECS.items():
        if refusal_for_role(spec.action, roles, application.stage.movers):
            continue
        if refusal_for_status(spec.action, application.status):
            continue
        options = _options(name, application, roles, stages, fast_tracks)
        if options is None:
            continue
        offers.append(Offer(name, spec, options))
    return offers


def action_form(
    name: str,
    application: Application,
    *,
    options: dict[str, Any],
    data: Any = None,
    version: int | None = None,
) -> f.ActionForm:
    """The action's form, carrying the version the person read (`version`, from the
    page they opened it on). Its ids are its own: a dialog's form is on the profile."""
    return SPECS[name].form(
        data,
        options=options,
        initial={"version": version or application.version},
        auto_id=f"{name}-%s",
    )


def shown_options(
    name: str, user: Any, application: Application, fast_tracks: list[dict[str, Any]]
) -> dict[str, Any]:
    """What the form offers when shown: what the viewer may pick now (the fast tracks
    marked with their rules' verdict), else everything the service could accept."""
    options = _options(name, application, user_roles(user), stage_choices(application), fast_tracks)
    return options if options is not None else posted_options(name, application)


def posted_options(name: str, application: Application) -> dict[str, Any]:
    """What a posted form may name: everything the service could accept, so that the
    engine, not this page, refuses what is not allowed (with its own message)."""
    if name == "move":
        return {"stages": [s for s in stage_choices(application) if s.pk != application.stage_id]}
    if name == "switch":
        tracks = application.job.tracks.filter(kind=Track.Kind.FAST).order_by("name")
        return {"tracks": [{"id": t.pk, "label": t.name} for t in tracks], "may_override": True}
    return {}


def done_message(name: str, change: Change) -> str:
    """What the person is told after the action went through."""
    app = change.application
    status = labels.STATUS.get(app.status, app.status)
    if name == "switch":
        return _("Switched to %(track)s; now at %(stage)s.") % {
            "track": app.track.name,
            "stage": app.stage.name,
        }
    return _("Done: %(action)s. The application is %(status)s, at %(stage)s.") % {
        "action": str(SPECS[name].label).rstrip("…"),
        "status": str(status).lower(),
        "stage": app.stage.name,
    }
