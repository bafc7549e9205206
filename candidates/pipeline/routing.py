"""Fast-track eligibility and the mapping of stages between tracks."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from candidates.models import Candidate
from candidates.pipeline.facts import candidate_facts
from candidates.pipeline.table import kind_rank
from recruiting.clock import iso_required
from recruiting.models import EligibilityRule, Job, Stage, Track
from recruiting.rules import CompiledRule, compile_rule
from recruiting.selectors import unit_member_ids


@lru_cache(maxsize=512)
def _compiled(rule_id: int, version: int, definition_json: str) -> CompiledRule:
    return compile_rule(json.loads(definition_json))


def compiled_rule(rule: EligibilityRule) -> CompiledRule:
    """Compile once per rule version; rules were validated when saved."""
    return _compiled(rule.pk, rule.version, json.dumps(rule.definition, sort_keys=True))


@dataclass(frozen=True)
class RuleVerdict:
    rule: EligibilityRule
    held: bool
    explanation: dict[str, Any]


@dataclass(frozen=True)
class TrackVerdict:
    track: Track
    rules: list[RuleVerdict]

    @property
    def matched(self) -> RuleVerdict | None:
        return next((r for r in self.rules if r.held), None)


def judge_track(track: Track, rules: list[EligibilityRule], facts: dict[str, Any]) -> TrackVerdict:
    verdicts = []
    for rule in rules:
        explanation = compiled_rule(rule).explain(facts)
        verdicts.append(RuleVerdict(rule, bool(explanation["held"]), explanation))
    return TrackVerdict(track, verdicts)


def fast_track_verdicts(candidate: Candidate, job: Job, *, now: datetime) -> list[TrackVerdict]:
    """Every fast track the job admits, judged rule by rule against the candidate."""
    # The unit's members matter only for a referred candidate: the rest skip the read.
    referred = candidate.referred_by_id is not None
    members = unit_member_ids(job.unit) if referred else frozenset()
    facts = candidate_facts(candidate, job, unit_members=members, now=now)
    tracks = [t for t in job.tracks.all() if t.kind == Track.Kind.FAST]
    verdicts = []
    for track in sorted(tracks, key=lambda t: (t.name, t.pk)):
        rules = [r for r in track.rules.all() if r.is_active]
        verdicts.append(judge_track(track, rules, facts))
    return verdicts


def routing_record(verdict: RuleVerdict, track: Track, *, how: str, at: datetime) -> dict[str, Any]:
    """What an application keeps about why it is (or could be) on a fast track."""
    return {
        "track_id": track.pk,
        "track": track.name,
        "rule_id": verdict.rule.pk,
        "rule": verdict.rule.name,
        "rule_version": verdict.rule.version,
        "decided": how,
        "at": iso_required(at),
        "explanation": verdict.explanation,
    }


def map_stage(current: Stage, target_stages: list[Stage]) -> Stage:
    """The target stage of the same kind, else the first of a later kind.

    A person waiting for the written test goes straight to the business-unit assessment.
    """
    rank = kind_rank(current.kind)
    for stage in target_stages:
        if stage.kind == current.kind:
            return stage
    for stage in sorted(target_stages, key=lambda s: (kind_rank(s.kind), s.position)):
        if kind_rank(stage.kind) > rank:
            return stage
    return target_stages[-1]


def jumped_stages(current: Stage, source_stages: list[Stage], target: Stage) -> list[Stage]:
    """Stages of the source track the switch jumps over, the current one included
    when the target is of another kind (waiting for a written test that never comes)."""
    target_rank = kind_rank(target.kind)
    return [
        stage
        for stage in source_stages
        if stage.position >= current.position and kind_rank(stage.kind) < target_rank
    ]
