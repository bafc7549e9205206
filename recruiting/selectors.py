"""Reads of the setup domain that the pipeline and the API share."""

from __future__ import annotations

from django.db.models import QuerySet

from recruiting.models import BusinessUnit, EligibilityRule, Stage, Track


def track_stages(track: Track, version: int | None = None) -> list[Stage]:
    """The ordered stages of one version of a track (the current one by default)."""
    return list(
        Stage.objects.filter(track=track, version=version or track.current_version)
        .select_related("track")
        .order_by("position")
    )


def first_stage_of_kind(track: Track, kind: str) -> Stage | None:
    return (
        Stage.objects.filter(track=track, version=track.current_version, kind=kind)
        .order_by("position")
        .first()
    )


def unit_member_ids(unit: BusinessUnit) -> frozenset[int]:
    """Users who lead or belong to a unit: their referrals count as the unit's."""
    ids = set(unit.memberships.filter(is_active=True).values_list("user_id", flat=True))
    if unit.lead_id:
        ids.add(unit.lead_id)
    return frozenset(ids)


def active_rules(track: Track) -> QuerySet[EligibilityRule]:
    return EligibilityRule.objects.filter(track=track, is_active=True).order_by("name", "id")
