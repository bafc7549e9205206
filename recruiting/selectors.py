"""Reads of the setup domain that the pipeline and the API share."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from threading import Lock
from typing import Any

from django.db import DEFAULT_DB_ALIAS
from django.db.models import QuerySet

from recruiting.models import BusinessUnit, EligibilityRule, Stage, Track


def track_stages(track: Track, version: int | None = None) -> list[Stage]:
    """The ordered stages of one version of a track (the current one by default)."""
    return list(
        Stage.objects.filter(track=track, version=version or track.current_version)
        .select_related("track")
        .order_by("position")
    )


# Stages of track versions that applications use, by (track id, version): such a
# version never changes. A change to a track's stages creates the next version once
# an application uses the current one, and the stages are protected from deletion by
# the applications and history rows that point at them.
_IN_USE: dict[tuple[int, int], tuple[dict[str, Any], ...]] = {}
_IN_USE_LIMIT = 1024
_IN_USE_LOCK = Lock()
_STAGE_FIELDS = [f.attname for f in Stage._meta.concrete_fields]


def _rows_in_use(track: Track, version: int) -> tuple[dict[str, Any], ...]:
    key = (track.pk, version)
    rows = _IN_USE.get(key)
    if rows is None:
        found = Stage.objects.filter(track_id=track.pk, version=version).order_by("position")
        rows = tuple(found.values(*_STAGE_FIELDS))
        if rows:
            with _IN_USE_LOCK:
                if len(_IN_USE) >= _IN_USE_LIMIT:
                    _IN_USE.clear()
                _IN_USE[key] = rows
    return rows


def _stage(row: dict[str, Any], track: Track) -> Stage:
    stage = Stage.from_db(DEFAULT_DB_ALIAS, _STAGE_FIELDS, [row[name] for name in _STAGE_FIELDS])
    stage.track = track
    return stage


def stages_in_use(track: Track, version: int) -> list[Stage]:
    """The ordered stages of a version that an application is on, read once per process.

    Only for a version known to be in use (the engine's locked application is on it).
    The cache keeps the stages' values; each call builds fresh instances from them,
    with `track` set to the caller's fresh track.
    """
    return [_stage(row, track) for row in _rows_in_use(track, version)]


def stage_in_use(
    track: Track, version: int, test: Callable[[Mapping[str, Any]], bool]
) -> Stage | None:
    """The first stage, in order, of a version in use whose values pass `test`."""
    row = next((row for row in _rows_in_use(track, version) if test(row)), None)
    return _stage(row, track) if row is not None else None


def forget_stages_in_use() -> None:
    """Empty the cache (tests whose databases reuse ids call it)."""
    with _IN_USE_LOCK:
        _IN_USE.clear()


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
