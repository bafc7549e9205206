"""Reads of the designer's pages: tracks with what uses them, and the suggestions the
rule builder offers. A fixed number of queries whatever the number of tracks."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Prefetch
from django.utils.translation import get_language

from candidates.models import Application, ApplicationStatus, Publication
from recruiting.models import EligibilityRule, Job, ScorecardTemplate, Specialty, Stage, Track

VENUES_SHOWN = 50


@dataclass
class VersionUse:
    version: int
    applications: int
    active: int


@dataclass
class TrackRow:
    track: Track
    stages: list[Stage]
    rules: list[EligibilityRule]
    jobs: list[Job]
    versions: list[VersionUse] = field(default_factory=list)

    @property
    def on_current(self) -> int:
        return next(
            (v.applications for v in self.versions if v.version == self.track.current_version), 0
        )

    @property
    def older_in_use(self) -> list[VersionUse]:
        return [v for v in self.versions if v.version != self.track.current_version]

    @property
    def active_rules(self) -> int:
        return sum(rule.is_active for rule in self.rules)


def _version_uses(track_ids: list[int]) -> dict[int, list[VersionUse]]:
    """Applications per version of each track, the newest version first."""
    counts = (
        Application.objects.filter(track_id__in=track_ids)
        .order_by()
        .values("track_id", "track_version", "status")
        .annotate(n=Count("id"))
    )
    totals: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0])
    for row in counts:
        total = totals[(row["track_id"], row["track_version"])]
        total[0] += row["n"]
        if row["status"] in (ApplicationStatus.ACTIVE, ApplicationStatus.ON_HOLD):
            total[1] += row["n"]
    uses: dict[int, list[VersionUse]] = defaultdict(list)
    for (track_id, version), (n, active) in sorted(totals.items(), key=lambda kv: -kv[0][1]):
        uses[track_id].append(VersionUse(version, n, active))
    return uses


def _tracks(pk: int | None = None) -> list[Track]:
    current = (
        Stage.objects.filter(version=F("track__current_version"))
        .select_related("scorecard")
        .order_by("position")
    )
    tracks = Track.objects.select_related("fallback_track").prefetch_related(
        Prefetch("stages", queryset=current, to_attr="current_stages"),
        Prefetch("rules", queryset=EligibilityRule.objects.order_by("name")),
        Prefetch("jobs", queryset=Job.objects.order_by("title").only("id", "title", "status")),
    )
    if pk is not None:
        tracks = tracks.filter(pk=pk)
    return list(tracks.order_by("-kind", "name") if pk is None else tracks)


def track_rows(pk: int | None = None) -> list[TrackRow]:
    """Every track (or the one with `pk`) with its current stages, rules, the jobs
    that admit it and how many applications each version holds."""
    tracks = _tracks(pk)
    uses = _version_uses([t.pk for t in tracks])
    return [
        TrackRow(
            track=t,
            stages=t.current_stages,  # type: ignore[attr-defined]
            rules=list(t.rules.all()),
            jobs=list(t.jobs.all()),
            versions=uses.get(t.pk, []),
        )
        for t in tracks
    ]


def scorecard_choices() -> list[tuple[int, str]]:
    return list(ScorecardTemplate.objects.order_by("name").values_list("id", "name"))


def venue_suggestions() -> list[str]:
    """The venues candidates publish at most, at most 50 (a rule names them as written)."""
    return list(
        Publication.objects.order_by()
        .values("venue")
        .annotate(n=Count("id"))
        .order_by("-n", "venue")
        .values_list("venue", flat=True)[:VENUES_SHOWN]
    )


def specialty_suggestions() -> list[dict[str, str]]:
    chinese = (get_language() or "").startswith("zh")
    return [
        {"value": slug, "label": (name_zh if chinese and name_zh else name)}
        for slug, name, name_zh in Specialty.objects.order_by("name").values_list(
            "slug", "name", "name_zh"
        )
    ]


def rule_suggestions() -> dict[str, list[Any]]:
    """Values the builder suggests: specialties' slugs (with their names) and the venues
    candidates publish at. Enum facts (education, source, tier, level) offer their
    choices instead."""
    return {"specialties": specialty_suggestions(), "venues": venue_suggestions()}
