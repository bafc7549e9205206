"""Writes of the setup domain: versioned track stages and validated eligibility rules."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import ProtectedError

from recruiting.errors import InvalidInput
from recruiting.models import (
    Criterion,
    EligibilityRule,
    Job,
    ScorecardTemplate,
    Stage,
    StageKind,
    Track,
)
from recruiting.roles import ALL_GROUP_ROLES
from recruiting.rules import RuleError, compile_rule

MAX_SLA = timedelta(days=365)
_ROLE_NAMES = {r.value for r in ALL_GROUP_ROLES}


def stage_problems(track: Track, stages: list[dict[str, Any]]) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    kinds = [s["kind"] for s in stages]
    if not stages:
        problems["stages"] = ["A track needs at least one stage."]
        return problems
    if StageKind.HIRED in kinds and (
        kinds.count(StageKind.HIRED) > 1 or kinds[-1] != StageKind.HIRED
    ):
        problems.setdefault("stages", []).append("A hired stage must be the last, and only one.")
    if track.kind == Track.Kind.FAST and StageKind.WRITTEN_TEST in kinds:
        problems.setdefault("stages", []).append("A fast track has no written test.")
    if track.kind == Track.Kind.FAST and StageKind.BU_ASSESSMENT not in kinds:
        problems.setdefault("stages", []).append("A fast track needs a business-unit assessment.")
    for index, stage in enumerate(stages):
        bad_roles = set(stage.get("movers", [])) - _ROLE_NAMES
        if bad_roles:
            problems[f"stages[{index}].movers"] = [
                f"Unknown roles: {', '.join(sorted(bad_roles))}."
            ]
        sla = stage.get("sla")
        if sla is not None and not (timedelta(0) < sla <= MAX_SLA):
            problems[f"stages[{index}].sla"] = ["An SLA is more than zero and at most a year."]
    return problems


def track_set_stages(*, track: Track, stages: list[dict[str, Any]]) -> Track:
    """Replace a track's stages, in order.

    When applications use the current version (or its stages appear in history) the
    change creates version N+1 and running applications keep version N; otherwise the
    current version is rewritten. Raises InvalidInput for a list that breaks the rules
    of its kind of track.
    """
    problems = stage_problems(track, stages)
    if problems:
        raise InvalidInput("The stages are not valid for this track.", fields=problems)
    with transaction.atomic():
        track = Track.objects.select_for_update().get(pk=track.pk)
        version = track.current_version
        in_use = track.applications.filter(track_version=version).exists()
        if not in_use:
            try:
                with transaction.atomic():
                    Stage.objects.filter(track=track, version=version).delete()
            except ProtectedError:
                in_use = True
        if in_use:
            version += 1
            track.current_version = version
            track.save(update_fields=["current_version", "updated_at"])
        Stage.objects.bulk_create(
            Stage(track=track, version=version, position=index, **stage)
            for index, stage in enumerate(stages, start=1)
        )
    return track


TRACK_FIELDS = ("name", "description", "kind", "routing", "fallback_track", "fallback_stage_kind")


def track_problems(track: Track | None, data: dict[str, Any]) -> dict[str, list[str]]:
    """What stops `data` from being a track's settings, by field (empty when none)."""
    problems: dict[str, list[str]] = {}
    name = str(data.get("name", "")).strip()
    namesakes = Track.objects.filter(name=name)
    if track is not None:
        namesakes = namesakes.exclude(pk=track.pk)
    if not name:
        problems["name"] = ["A track needs a name."]
    elif namesakes.exists():
        problems["name"] = [f'A track named "{name}" exists already.']
    if data.get("kind") not in Track.Kind.values:
        problems["kind"] = ["Standard or fast."]
    if data.get("routing") not in Track.Routing.values:
        problems["routing"] = ["Automatic or suggested."]
    fallback: Track | None = data.get("fallback_track")
    stage_kind = data.get("fallback_stage_kind") or ""
    if fallback is not None and track is not None and fallback.pk == track.pk:
        problems["fallback_track"] = ["A track cannot fall back to itself."]
    elif fallback is not None and fallback.kind != Track.Kind.STANDARD:
        problems["fallback_track"] = ["A fallback is a standard track."]
    if fallback is not None and not stage_kind:
        problems["fallback_stage_kind"] = ["Name the stage kind to fall back to."]
    elif stage_kind and stage_kind not in StageKind.values:
        problems["fallback_stage_kind"] = ["Not a kind of stage."]
    if track is not None and "kind" not in problems and data["kind"] != track.kind:
        problems.update(_kind_change_problems(track, data["kind"]))
    return problems


def _kind_change_problems(track: Track, kind: str) -> dict[str, list[str]]:
    """A change of kind keeps the current stages valid, a standard track has no rules
    and a job admits one standard track at most."""
    current = Stage.objects.filter(track=track, version=track.current_version)
    stages = [{"kind": s.kind, "movers": s.movers, "sla": s.sla} for s in current]
    changed = Track(pk=track.pk, name=track.name, kind=kind)
    problems = stage_problems(changed, stages).get("stages", []) if stages else []
    if kind == Track.Kind.STANDARD:
        if track.rules.exists():
            problems.append("A standard track has no eligibility rules; delete them first.")
        # The track is fast until saved: any standard track its jobs admit is another.
        shared = Job.objects.filter(tracks=track).filter(tracks__kind=Track.Kind.STANDARD)
        titles = sorted(set(shared.values_list("title", flat=True)))
        if titles:
            problems.append(
                "A job admits one standard track at most, and these admit one already: "
                + ", ".join(titles[:5])
                + "."
            )
    return {"kind": problems} if problems else {}


def track_save(*, track: Track | None, data: dict[str, Any]) -> Track:
    """Create a track, or change its settings: name, description, kind, routing and
    the fallback (track and stage kind) of a failed assessment.

    Stages are written by `track_set_stages` and rules by `rule_save`. Raises
    InvalidInput naming each bad field: a name in use, a fallback that is not a
    standard track (or the track itself), a change of kind that its current stages,
    its rules or its jobs do not allow.
    """
    base = Track() if track is None else track
    data = {name: data[name] if name in data else getattr(base, name) for name in TRACK_FIELDS}
    data["name"] = str(data["name"] or "").strip()
    problems = track_problems(track, data)
    if problems:
        raise InvalidInput("The track settings are not valid.", fields=problems)
    with transaction.atomic():
        if track is None:
            return Track.objects.create(**data)
        track = Track.objects.select_for_update().get(pk=track.pk)
        changed = [name for name, value in data.items() if getattr(track, name) != value]
        for name in changed:
            setattr(track, name, data[name])
        if changed:
            track.save(update_fields=[*changed, "updated_at"])
    return track


def scorecard_save(
    *, template: ScorecardTemplate | None, data: dict[str, Any]
) -> ScorecardTemplate:
    """Create or change a scorecard template with its criteria, in order.

    Criteria already rated in a score keep their rows (ratings point at them); the
    others are replaced. Raises InvalidInput when the template has no criteria.
    """
    criteria = data.pop("criteria", None)
    if template is None and not criteria:
        raise InvalidInput("A scorecard needs criteria.", fields={"criteria": ["Required."]})
    with transaction.atomic():
        if template is None:
            template = ScorecardTemplate.objects.create(**data)
        else:
            for name, value in data.items():
                setattr(template, name, value)
            template.save()
        if criteria is not None:
            kept = {c.name: c for c in template.criteria.all()}
            for position, item in enumerate(criteria, start=1):
                row = kept.pop(item["name"], None) or Criterion(template=template)
                row.name, row.position = item["name"], position
                row.description = item.get("description", "")
                row.weight = item["weight"]
                row.save()
            for stale in kept.values():
                try:
                    with transaction.atomic():
                        stale.delete()
                except ProtectedError:
                    raise InvalidInput(
                        f'The criterion "{stale.name}" has ratings and cannot be removed; '
                        "create a new scorecard instead.",
                        fields={"criteria": ["In use."]},
                    ) from None
    return template


def rule_problems(definition: object) -> list[dict[str, str]]:
    try:
        compile_rule(definition)
    except RuleError as error:
        return [{"path": p.path, "message": p.message} for p in error.errors]
    return []


def rule_track_refusal(track: Track) -> str | None:
    """Why a rule cannot belong to `track`, or None."""
    if track.kind != Track.Kind.FAST:
        return "Eligibility rules belong to fast tracks."
    return None


def rule_save(
    *, rule: EligibilityRule | None, track: Track, data: dict[str, Any]
) -> EligibilityRule:
    """Create or change an eligibility rule of a fast track.

    The definition is validated (InvalidInput names the path of every bad condition);
    a changed definition bumps the rule's version, so routing records stay exact.
    """
    refusal = rule_track_refusal(track)
    if refusal:
        raise InvalidInput(refusal, fields={"track": ["Not a fast track."]})
    if "definition" in data:
        problems = rule_problems(data["definition"])
        if problems:
            raise InvalidInput(
                f"The rule is not valid: {problems[0]['path']}: {problems[0]['message']}",
                fields={"definition": problems},
            )
    with transaction.atomic():
        if rule is None:
            return EligibilityRule.objects.create(track=track, **data)
        rule = EligibilityRule.objects.select_for_update().get(pk=rule.pk)
        changed = [name for name, value in data.items() if getattr(rule, name) != value]
        if "definition" in changed:
            rule.version += 1
            changed.append("version")
        for name in changed:
            if name != "version":
                setattr(rule, name, data[name])
        rule.track = track
        rule.save(update_fields=[*changed, "track", "updated_at"])
    return rule
