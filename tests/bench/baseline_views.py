"""Baselines: the same work as the API, by hand, with as little machinery as Django allows.

Each view authenticates the same token with one query, then runs the SQL the API
needs and nothing else. The bench reports the API's throughput as a ratio to these,
measured in the same run, because the machine is noisy.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from functools import lru_cache
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from candidates.models import Application, OutboxEvent, Transition
from candidates.selectors import applications_visible_to
from recruiting.api.pagination import StreamCursorPagination
from recruiting.models import ApiToken, Job, Stage
from recruiting.tokens import key_digest

User = get_user_model()
MAX_PAGE = StreamCursorPagination.max_page_size
DEFAULT_PAGE = StreamCursorPagination.page_size

# Only roles that see every unit and may move applications: the bench user is a recruiter.
_AUTH_SQL = f"""
SELECT u.id FROM {ApiToken._meta.db_table} t
JOIN {User._meta.db_table} u ON u.id = t.user_id
WHERE t.digest = %s AND t.expires_at > now() AND u.is_active AND EXISTS (
    SELECT 1 FROM {User.groups.through._meta.db_table} ug
    JOIN {Group._meta.db_table} g ON g.id = ug.group_id
    WHERE ug.user_id = u.id AND g.name IN ('admin', 'recruiter')
)
"""

# The columns the list serializer reads, in the order `_row_json` unpacks them.
PAGE_COLUMNS = (
    "id",
    "candidate_id",
    "candidate__full_name",
    "candidate__email",
    "job_id",
    "job__title",
    "job__unit_id",
    "track_id",
    "track__name",
    "track__kind",
    "track_version",
    "stage_id",
    "stage__name",
    "stage__kind",
    "status",
    "is_fast_track",
    "fast_track_reason",
    "stage_entered_at",
    "due_at",
    "version",
    "created_at",
)

# The keys of a fast-track reason the list shows.
REASON_KEYS = ("track", "rule", "rule_version", "decided")

_APP = Application._meta.db_table
_STAGE = Stage._meta.db_table

_LOCK_SQL = f"""
SELECT a.version, a.status, a.stage_id, a.track_id, a.track_version, a.candidate_id,
       a.job_id, (SELECT j.unit_id FROM {Job._meta.db_table} j WHERE j.id = a.job_id)
FROM {_APP} a WHERE a.id = %s FOR UPDATE
"""
_NEXT_STAGE_SQL = f"""
SELECT s.id, s.kind, s.sla FROM {_STAGE} s
WHERE s.track_id = %s AND s.version = %s
  AND s.position > (SELECT c.position FROM {_STAGE} c WHERE c.id = %s)
ORDER BY s.position LIMIT 1
"""
_UPDATE_SQL = f"""
UPDATE {_APP} SET stage_id = %s, version = version + 1, stage_entered_at = %s,
    due_at = %s, updated_at = %s
WHERE id = %s
"""
_TRANSITION_SQL = f"""
INSERT INTO {Transition._meta.db_table} (application_id, kind, from_stage_id, to_stage_id,
    from_status, to_status, actor_id, actor_role, reason, note, data, created_at)
VALUES (%s, 'moved', %s, %s, 'active', 'active', %s, 'recruiter', '', '', '{{}}', %s)
RETURNING id
"""
_OUTBOX_SQL = f"""
INSERT INTO {OutboxEvent._meta.db_table} (id, type, payload, status, created_at, attempts)
VALUES (%s, 'application.moved', %s, 'pending', %s, 0)
"""


def authenticate(request: HttpRequest) -> int | None:
    header = request.headers.get("Authorization", "")
    scheme, _, key = header.partition(" ")
    if scheme != "Token" or not key:
        return None
    with connection.cursor() as cursor:
        cursor.execute(_AUTH_SQL, [key_digest(key.strip())])
        row = cursor.fetchone()
    return row[0] if row else None


def refuse(status: int, message: str) -> JsonResponse:
    return JsonResponse({"message": message, "extra": {}}, status=status)


@lru_cache(maxsize=16)
def page_sql(user_id: int, page_size: int) -> tuple[str, tuple[Any, ...]]:
    """The API's own queryset (selector, cursor ordering, one row more), as SQL, once."""
    user = User.objects.get(pk=user_id)
    queryset = (
        applications_visible_to(user)
        .order_by(*StreamCursorPagination.ordering)
        .values_list(*PAGE_COLUMNS)[: page_size + 1]
    )
    sql, params = queryset.query.sql_with_params()
    return sql, tuple(params)


def _iso(moment: datetime | None) -> str | None:
    return timezone.localtime(moment).isoformat() if moment is not None else None


def _row_json(row: tuple[Any, ...], now: datetime) -> dict[str, Any]:
    (app_id, cand_id, cand_name, cand_email, job_id, job_title, unit_id, track_id, track_name,
     track_kind, track_version, stage_id, stage_name, stage_kind, status, fast, reason,
     entered, due, version, created) = row  # fmt: skip
    if isinstance(reason, str):
        reason = json.loads(reason)
    return {
        "id": app_id,
        "candidate": {"id": cand_id, "full_name": cand_name, "email": cand_email},
        "job": {"id": job_id, "title": job_title, "unit": unit_id},
        "track": {"id": track_id, "name": track_name, "kind": track_kind, "version": track_version},
        "stage": {"id": stage_id, "name": stage_name, "kind": stage_kind},
        "status": status,
        "is_fast_track": fast,
        "fast_track_reason": {key: reason.get(key) for key in REASON_KEYS} if reason else None,
        "stage_entered_at": _iso(entered),
        "due_at": _iso(due),
        "overdue": status == "active" and due is not None and due < now,
        "version": version,
        "created_at": _iso(created),
    }


def _page_size(request: HttpRequest) -> int:
    try:
        size = int(request.GET.get("page_size", DEFAULT_PAGE))
    except ValueError:
        return DEFAULT_PAGE
    return min(max(size, 1), MAX_PAGE)


@require_GET
def applications_page(request: HttpRequest) -> JsonResponse:
    """The first page of applications, newest first, as the list endpoint returns it."""
    user_id = authenticate(request)
    if user_id is None:
        return refuse(401, "Invalid token.")
    page_size = _page_size(request)
    with connection.cursor() as cursor:
        sql, params = page_sql(user_id, page_size)
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    now = timezone.now()
    return JsonResponse({"results": [_row_json(row, now) for row in rows[:page_size]]})


def _version_sent(request: HttpRequest) -> int | None:
    try:
        version = json.loads(request.body)["version"]
    except (ValueError, KeyError, TypeError):
        return None
    return version if isinstance(version, int) and not isinstance(version, bool) else None


@csrf_exempt
@require_POST
def application_advance(request: HttpRequest, pk: int) -> JsonResponse:
    """Advance one application by hand: lock, compare version, update, history, outbox."""
    user_id = authenticate(request)
    if user_id is None:
        return refuse(401, "Invalid token.")
    expected = _version_sent(request)
    if expected is None:
        return refuse(400, "A whole-number version is required.")
    now = timezone.now()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(_LOCK_SQL, [pk])
        row = cursor.fetchone()
        if row is None:
            return refuse(404, "No such application.")
        version, status, stage_id, track_id, track_version, cand_id, job_id, unit_id = row
        if version != expected:
            return refuse(409, f"Stale version: the application is at version {version}.")
        if status != "active":
            return refuse(409, f"Cannot advance an application that is {status}.")
        cursor.execute(_NEXT_STAGE_SQL, [track_id, track_version, stage_id])
        target = cursor.fetchone()
        if target is None or target[1] == "hired":
            return refuse(409, "There is nothing to advance to.")
        target_id, target_kind, sla = target
        cursor.execute(_UPDATE_SQL, [target_id, now, now + sla if sla else None, now, pk])
        cursor.execute(_TRANSITION_SQL, [pk, stage_id, target_id, user_id, now])
        transition_id = cursor.fetchone()[0]
        payload = {
            "application_id": pk,
            "candidate_id": cand_id,
            "job_id": job_id,
            "unit_id": unit_id,
            "track_id": track_id,
            "transition_id": transition_id,
            "kind": "moved",
            "from_stage_id": stage_id,
            "to_stage_id": target_id,
            "from_status": "active",
            "to_status": "active",
            "stage_kind": target_kind,
            "version": version + 1,
        }
        cursor.execute(_OUTBOX_SQL, [uuid.uuid4(), json.dumps(payload), now])
    return JsonResponse({"id": pk, "version": version + 1, "stage": target_id})
