"""Applications played through the pipeline services, so the history is the real thing.

Each application is created with `application_create` (fast-track routing happens
there), then moved step by step with the same services the API calls, each step
dated in the past and in order. Only applications that do not exist yet are touched.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from candidates.demo import catalogue as c
from candidates.demo.organisation import Organisation
from candidates.demo.plan import FALLBACKS, LEVEL_OF_KIND, OVERRIDES, ApplicationPlan
from candidates.models import Application, Candidate
from candidates.pipeline.routing import map_stage
from candidates.services.applications import (
    application_advance,
    application_create,
    application_hire,
    application_hold,
    application_reject,
    application_withdraw,
)
from candidates.services.fast_track import application_fallback, application_switch_track
from recruiting.models import Job, Stage, Track
from recruiting.selectors import track_stages

WORKDAY_START = timedelta(hours=9)
WORKDAY_LENGTH = timedelta(hours=10)


@dataclass(frozen=True)
class Move:
    """One planned step: what to call, and the track and stage it should leave it in."""

    verb: str  # advance, switch (a recruiter takes a suggestion), override, fallback
    track: Track
    stage: Stage


@dataclass(frozen=True)
class Switch:
    verb: str
    at_kind: str
    track: Track


@dataclass
class Tally:
    switched: int = 0
    overridden: int = 0
    fallen_back: int = 0


class HistoryPlayer:
    def __init__(self, org: Organisation, *, now: datetime) -> None:
        self.org = org
        self.now = now
        self.tally = Tally()
        self.recruiter = org.users["recruiter"]
        self.admin = org.users["admin"]
        self.stages = {track.pk: track_stages(track) for track in org.tracks.values()}

    def create_missing(
        self, plans: list[ApplicationPlan], candidates: dict[str, Candidate]
    ) -> list[tuple[ApplicationPlan, Application]]:
        """Create, oldest first, the planned applications that do not exist yet."""
        existing = set(
            Application.objects.filter(candidate__in=list(candidates.values())).values_list(
                "candidate_id", "job_id"
            )
        )
        created = []
        for plan in sorted(plans, key=lambda p: (-p.created_ago, p.email, p.job)):
            candidate = candidates.get(plan.email)
            job = self.org.jobs[plan.job]
            if candidate is None or (candidate.pk, job.pk) in existing:
                continue
            if job.status != Job.Status.OPEN:
                continue  # filled or paused since an earlier run planned it
            created.append((plan, self._create(plan, candidate, job)))
        return created

    def _create(self, plan: ApplicationPlan, candidate: Candidate, job: Job) -> Application:
        at = office_time(self.now, plan.created_ago)
        change = application_create(candidate=candidate, job=job, actor=self.recruiter, at=at)
        # The row is new, so its creation time may say when the person really applied.
        Application.objects.filter(pk=change.application.pk).update(created_at=at)
        return change.application

    def play(self, plan: ApplicationPlan, application: Application) -> None:
        """Move a just-created application through its planned history, in order."""
        moves = list(self._route(plan, application))
        agos = _spread(plan.created_ago, plan.entered_ago, plan.spacing, len(moves))
        for move, ago in zip(moves, agos, strict=True):
            application = self._move(move, plan, application, office_time(self.now, ago))
        if plan.ending != "active":
            self._end(plan, application, office_time(self.now, plan.ended_ago))

    def _route(self, plan: ApplicationPlan, app: Application) -> Iterator[Move]:
        """The moves that take `app` to the plan's level, on whichever track it ends."""
        track, stage = app.track, app.stage
        switch = self._switch_for(plan, app)
        fallback = self._fallback_for(plan, app)
        while True:
            if switch is not None and stage.kind == switch.at_kind:
                track, stage = switch.track, map_stage(stage, self.stages[switch.track.pk])
                yield Move(switch.verb, track, stage)
                switch = None
            elif fallback is not None and stage.kind == "bu_assessment":
                track = fallback
                stage = next(
                    s for s in self.stages[track.pk] if s.kind == app.track.fallback_stage_kind
                )
                yield Move("fallback", track, stage)
                fallback = None
            else:
                later = [s for s in self.stages[track.pk] if s.position > stage.position]
                if (
                    not later
                    or later[0].kind == "hired"
                    or LEVEL_OF_KIND[later[0].kind] > plan.level
                ):
                    return
                stage = later[0]
                yield Move("advance", track, stage)

    def _switch_for(self, plan: ApplicationPlan, app: Application) -> Switch | None:
        """How a standard application reaching the screen or test joins a fast track."""
        if app.track.is_fast or plan.level < 1:
            return None
        at_kind = plan.switch_at if LEVEL_OF_KIND[plan.switch_at] <= plan.level else "screen"
        suggestion = app.fast_track_suggestion
        if suggestion and plan.accept_suggestion:
            track = next(t for t in self.org.tracks.values() if t.pk == suggestion["track_id"])
            self.tally.switched += 1
            return Switch("switch", at_kind, track)
        if plan.override and self.tally.overridden < OVERRIDES:
            self.tally.overridden += 1
            return Switch("override", at_kind, self.org.tracks[c.TOP_PAPER])
        return None

    def _fallback_for(self, plan: ApplicationPlan, app: Application) -> Track | None:
        """The standard track, for the few fast-track assessments that send people back."""
        if not (app.track.is_fast and plan.fallback and plan.level >= 2):
            return None
        if self.tally.fallen_back >= FALLBACKS or app.track.fallback_track is None:
            return None
        self.tally.fallen_back += 1
        return app.track.fallback_track

    def _move(
        self, move: Move, plan: ApplicationPlan, app: Application, at: datetime
    ) -> Application:
        common: dict[str, Any] = {
            "application_id": app.pk,
            "expected_version": app.version,
            "at": at,
        }
        lead = self.org.lead_of(app.job)
        deciding = lead if app.stage.kind == "bu_assessment" else self.recruiter
        if move.verb == "advance":
            change = application_advance(actor=deciding, **common)
        elif move.verb == "switch":
            rule = (app.fast_track_suggestion or {}).get("rule")
            reason = f'Suggestion accepted: rule "{rule}" holds. {c.SWITCH_NOTE}'
            change = application_switch_track(
                actor=self.recruiter, track_id=move.track.pk, reason=reason, **common
            )
        elif move.verb == "override":
            change = application_switch_track(
                actor=self.admin,
                track_id=move.track.pk,
                reason=_pick(c.OVERRIDE_REASONS, plan.pick),
                override=True,
                **common,
            )
        else:
            change = application_fallback(
                actor=lead, reason=_pick(c.FALLBACK_REASONS, plan.pick), **common
            )
        app = change.application
        if app.stage_id != move.stage.pk:
            raise RuntimeError(f"Demo history went astray: {move} left #{app.pk} at {app.stage}.")
        return app

    def _end(self, plan: ApplicationPlan, app: Application, at: datetime) -> None:
        common: dict[str, Any] = {
            "application_id": app.pk,
            "expected_version": app.version,
            "at": at,
        }
        kind = app.stage.kind
        if plan.ending == "hold":
            reason = plan.reason or _pick(c.HOLD_REASONS, plan.pick)
            application_hold(actor=self.recruiter, reason=reason, **common)
        elif plan.ending == "withdrawn":
            reason = plan.reason or _pick(c.WITHDRAW_REASONS, plan.pick)
            application_withdraw(actor=self.recruiter, reason=reason, **common)
        elif plan.ending == "hired":
            application_hire(actor=self.recruiter, **common)
        else:
            code = plan.rejection or _weighted(c.REJECTIONS_BY_KIND[kind], plan.pick)
            actor = self.org.lead_of(app.job) if kind == "bu_assessment" else self.recruiter
            application_reject(actor=actor, rejection_reason=self.org.reasons[code], **common)


def office_time(now: datetime, ago: timedelta) -> datetime:
    """`now - ago`, moved into working hours (from 09:00 local) on the day it falls on.

    Each day is squeezed linearly into its working hours (today's into 09:00 until
    `now`), so order is kept, no time leaves its day, and none lands in the future.
    """
    moment = timezone.localtime(now - ago)
    midnight = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    span, start, length = timedelta(days=1), WORKDAY_START, WORKDAY_LENGTH
    if moment.date() >= timezone.localtime(now).date():
        span = now - midnight
        start = min(WORKDAY_START, span * 0.75)
        length = span - start
    return midnight + start + length * ((moment - midnight) / span)


def _spread(
    first: timedelta, last: timedelta, spacing: tuple[float, ...], count: int
) -> list[timedelta]:
    """`count` moments after `first` (ago), the last one at `last`, gaps in proportion."""
    weights = [*spacing, *[1.0] * count][:count]
    total, elapsed, agos = sum(weights), 0.0, []
    for weight in weights:
        elapsed += weight
        agos.append(first - (first - last) * (elapsed / total))
    return agos


def _pick(options: tuple[str, ...], pick: float) -> str:
    return options[int(pick * len(options)) % len(options)]


def _weighted(options: tuple[tuple[str, int], ...], pick: float) -> str:
    total = sum(weight for _, weight in options)
    threshold, running = pick * total, 0
    for code, weight in options:
        running += weight
        if threshold < running:
            return code
    return options[-1][0]
