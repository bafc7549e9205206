"""Reads of the setup domain that the pipeline and the API share, and the scope of a
user: the units they lead or belong to."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache
from threading import Lock
from typing import Any, cast

from django.db import DEFAULT_DB_ALIAS
from django.db.models import Q, QuerySet

from recruiting import rows
from recruiting.models import (
    BusinessUnit,
    EligibilityRule,
    Job,
    Membership,
    Specialty,
    Stage,
    Track,
)
from recruiting.roles import Role, sees_all_units, user_roles
from recruiting.rows import Columns

_JOB, _UNIT, _SPECIALTY = Columns(Job, "j"), Columns(BusinessUnit, "u"), Columns(Specialty, "sp")
_TRACK, _STAGE, _RULE = Columns(Track, "t"), Columns(Stage, "s"), Columns(EligibilityRule, "r")


@cache
def _routing_sql() -> tuple[str, str, str]:
    through = Job.tracks.through._meta.db_table
    job = (
        f"SELECT {_JOB.select()}, {_UNIT.select()}, {_SPECIALTY.select()} FROM {_JOB.table} j "
        f"LEFT JOIN {_UNIT.table} u ON {_UNIT.column('id')} = {_JOB.column('unit')} "
        f"LEFT JOIN {_SPECIALTY.table} sp ON {_SPECIALTY.column('id')} = "
        f"{_JOB.column('specialty')} WHERE {_JOB.column('id')} = %s"
    )
    tracks = (
        f"SELECT {_TRACK.select()}, {_STAGE.select()} FROM {through} jt "
        f"JOIN {_TRACK.table} t ON {_TRACK.column('id')} = jt.track_id "
        f"LEFT JOIN {_STAGE.table} s ON {_STAGE.column('track')} = {_TRACK.column('id')} "
        f"AND {_STAGE.column('version')} = {_TRACK.column('current_version')} "
        f"WHERE jt.job_id = %s ORDER BY {_TRACK.column('name')}, {_TRACK.column('id')}, "
        f"{_STAGE.column('position')}"
    )
    rules = (
        f"SELECT {_RULE.select()} FROM {_RULE.table} r JOIN {through} jt "
        f"ON jt.track_id = {_RULE.column('track')} WHERE jt.job_id = %s "
        f"ORDER BY {_RULE.column('track')}, {_RULE.column('name')}, {_RULE.column('id')}"
    )
    return job, tracks, rules


def job_routing_reads(job_id: int) -> list[rows.Statement]:
    """The statements `job_from_routing_rows` reads a job from, built once."""
    return [(sql, [job_id]) for sql in _routing_sql()]


def job_for_routing(job_id: int) -> Job | None:
    """A job with its unit and specialty, the tracks it admits (in their order) with
    their rules, and each track's current stages in order as `track.current_stages`:
    everything routing an application needs of the setup, in three statements built
    once and sent together (the ORM's prefetching cost more than the reads on the
    create's hot path)."""
    return job_from_routing_rows(rows.fetch_all(job_routing_reads(job_id)))


def job_from_routing_rows(results: list[list[tuple[Any, ...]]]) -> Job | None:
    """The job of `job_for_routing` from the rows of `job_routing_reads`."""
    found, track_rows, rule_rows = results
    if not found:
        return None
    job = cast(Job, _JOB.build(found[0]))
    offset = _JOB.width
    for name, columns in (("unit", _UNIT), ("specialty", _SPECIALTY)):
        Job._meta.get_field(name).set_cached_value(job, columns.build(found[0], offset))  # type: ignore[union-attr]
        offset += columns.width
    tracks: dict[int, Track] = {}
    for row in track_rows:
        track = cast(Track, _TRACK.build(row))
        track = tracks.setdefault(track.pk, track)
        stages = track.__dict__.setdefault("current_stages", [])
        stage = _STAGE.build(row, _TRACK.width)
        if stage is not None:
            Stage._meta.get_field("track").set_cached_value(stage, track)
            stages.append(stage)
    by_track: dict[int, list[EligibilityRule]] = {pk: [] for pk in tracks}
    for row in rule_rows:
        rule = cast(EligibilityRule, _RULE.build(row))
        by_track[rule.track_id].append(rule)
    for pk, track in tracks.items():
        rows.remember(track, "rules", by_track[pk])
    rows.remember(job, "tracks", list(tracks.values()))
    return job


def read_for_routing(job: Job) -> bool:
    """Whether the job came from `job_for_routing` (its tracks and their stages are in)."""
    tracks = getattr(job, "_prefetched_objects_cache", {}).get("tracks")
    return tracks is not None and all(hasattr(t, "current_stages") for t in tracks)


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


def user_unit_ids(user: Any) -> frozenset[int]:
    """Units the user leads or belongs to, cached on the user object for the request."""
    if user is None or not user.is_authenticated:
        return frozenset()
    cached: frozenset[int] | None = getattr(user, "_recruiting_unit_ids", None)
    if cached is None:
        cached = frozenset(
            BusinessUnit.objects.filter(
                Q(lead=user) | Q(memberships__user=user, memberships__is_active=True)
            ).values_list("id", flat=True)
        )
        user._recruiting_unit_ids = cached
    return cached


def led_unit_ids(user: Any) -> list[int]:
    """Units whose assessments a unit lead oversees (none for other roles)."""
    if Role.UNIT_LEAD not in user_roles(user):
        return []
    return sorted(user_unit_ids(user))


def visible_unit_ids(user: Any) -> frozenset[int] | None:
    """The units whose jobs the user sees; None for all (admins, recruiters and viewers
    work across the organisation)."""
    return None if sees_all_units(user) else user_unit_ids(user)


def pipeline_unit_ids(user: Any) -> frozenset[int] | None:
    """The units whose applications and candidates the user sees: None for all (admins,
    recruiters, viewers); a unit lead's own units; none for an assessor, who reaches a
    candidate only through the packet of an assessment they sit on, redacted as its
    stage says (`candidates.assessments.selectors`)."""
    if sees_all_units(user):
        return None
    if Role.UNIT_LEAD in user_roles(user):
        return user_unit_ids(user)
    return frozenset()


def may_see_members(user: Any, unit: BusinessUnit) -> bool:
    """A unit's memberships (capacities, former employers) are for admins and its lead."""
    return Role.ADMIN in user_roles(user) or (user.is_authenticated and unit.lead_id == user.pk)


def memberships_visible_to(user: Any) -> QuerySet[Membership]:
    if Role.ADMIN in user_roles(user):
        return Membership.objects.all()
    if not user.is_authenticated:
        return Membership.objects.none()
    return Membership.objects.filter(unit__lead=user)


def jobs_visible_to(user: Any) -> QuerySet[Job]:
    units = visible_unit_ids(user)
    jobs = Job.objects.all()
    return jobs if units is None else jobs.filter(unit_id__in=units)
