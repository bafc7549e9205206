"""Baselines of the create bench: the rows a candidate and their application write,
written by hand in SQL, behind the same token check.

The candidate: its row, its specialties, its publications, in one transaction. The
application: the job's standard track and its first stage in one read, then the
application, its `created` Transition and `application.created` in one transaction.
The bench's candidates meet no fast-track rule, so hand-written SQL knows the route the
API's router works out; what the API does besides is its cost.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from candidates.models import Application, Candidate, OutboxEvent, Publication, Transition
from recruiting.models import Job, Stage, Track
from tests.bench.baseline_views import authenticate, refuse

_CANDIDATE_SQL = f"""
INSERT INTO {Candidate._meta.db_table} (created_at, updated_at, full_name, email,
    email_normalized, phone, phone_normalized, current_employer, school, education,
    years_experience, source, referred_by_id, salary_expectation, links, consent_given_at,
    retain_until, created_by_id)
VALUES (%s, %s, %s, %s, %s, '', NULL, '', '', %s, %s, %s, NULL, NULL, '[]', NULL, NULL, %s)
RETURNING id
"""
_SPECIALTY_SQL = f"""
INSERT INTO {Candidate.specialties.through._meta.db_table} (candidate_id, specialty_id)
VALUES (%s, %s)
"""
_PUBLICATION_SQL = f"""
INSERT INTO {Publication._meta.db_table} (created_at, updated_at, candidate_id, title, venue,
    year, tier, specialty_id)
VALUES (%s, %s, %s, %s, %s, %s, %s, %s)
"""
_ROUTE_SQL = f"""
SELECT j.status, j.unit_id, t.id, t.current_version, s.id, s.sla, s.kind
FROM {Job._meta.db_table} j
JOIN {Job.tracks.through._meta.db_table} jt ON jt.job_id = j.id
JOIN {Track._meta.db_table} t ON t.id = jt.track_id AND t.kind = 'standard'
JOIN {Stage._meta.db_table} s ON s.track_id = t.id AND s.version = t.current_version
WHERE j.id = %s ORDER BY s.position LIMIT 1
"""
_APPLICATION_SQL = f"""
INSERT INTO {Application._meta.db_table} (created_at, updated_at, candidate_id, job_id,
    track_id, track_version, stage_id, status, stage_entered_at, due_at, is_fast_track,
    fast_track_reason, fast_track_suggestion, rejection_reason_id, version, created_by_id)
VALUES (%s, %s, %s, %s, %s, %s, %s, 'active', %s, %s, false, NULL, NULL, NULL, 1, %s)
RETURNING id
"""
_TRANSITION_SQL = f"""
INSERT INTO {Transition._meta.db_table} (application_id, kind, from_stage_id, to_stage_id,
    from_status, to_status, actor_id, actor_role, reason, note, data, created_at)
VALUES (%s, 'created', NULL, %s, '', 'active', %s, 'recruiter', '', '', '{{}}', %s)
RETURNING id
"""
_OUTBOX_SQL = f"""
INSERT INTO {OutboxEvent._meta.db_table} (id, type, payload, status, created_at, attempts)
VALUES (%s, 'application.created', %s, 'pending', %s, 0)
"""


def _body(request: HttpRequest) -> dict[str, Any] | None:
    try:
        body = json.loads(request.body)
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


@csrf_exempt
@require_POST
def candidate_create(request: HttpRequest) -> JsonResponse:
    user_id = authenticate(request)
    if user_id is None:
        return refuse(401, "Invalid token.")
    body = _body(request)
    if body is None:
        return refuse(400, "A JSON object is required.")
    now = timezone.now()
    email = str(body["email"])
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                _CANDIDATE_SQL,
                [now, now, body["full_name"], email, email.strip().casefold(),
                 body.get("education", "none"), body.get("years_experience", 0),
                 body.get("source", "other"), user_id],
            )  # fmt: skip
            pk = cursor.fetchone()[0]
            for specialty in body.get("specialties", []):
                cursor.execute(_SPECIALTY_SQL, [pk, specialty])
            for paper in body.get("publications", []):
                cursor.execute(
                    _PUBLICATION_SQL,
                    [now, now, pk, paper["title"], paper["venue"], paper["year"],
                     paper.get("tier", "other"), paper.get("specialty")],
                )  # fmt: skip
    except IntegrityError:
        return refuse(409, "A candidate with this email already exists.")
    return JsonResponse({"id": pk}, status=201)


@csrf_exempt
@require_POST
def application_create(request: HttpRequest) -> JsonResponse:
    user_id = authenticate(request)
    if user_id is None:
        return refuse(401, "Invalid token.")
    body = _body(request)
    if body is None:
        return refuse(400, "A JSON object is required.")
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(_ROUTE_SQL, [body["job"]])
        route = cursor.fetchone()
    if route is None or route[0] != "open":
        return refuse(409, "The job is not open or admits no standard track.")
    _, unit_id, track_id, version, stage_id, sla, stage_kind = route
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                _APPLICATION_SQL,
                [now, now, body["candidate"], body["job"], track_id, version, stage_id, now,
                 now + sla if sla else None, user_id],
            )  # fmt: skip
            pk = cursor.fetchone()[0]
            cursor.execute(_TRANSITION_SQL, [pk, stage_id, user_id, now])
            transition_id = cursor.fetchone()[0]
            payload = {
                "application_id": pk,
                "candidate_id": body["candidate"],
                "job_id": body["job"],
                "unit_id": unit_id,
                "track_id": track_id,
                "transition_id": transition_id,
                "kind": "created",
                "from_stage_id": None,
                "to_stage_id": stage_id,
                "from_status": "",
                "to_status": "active",
                "stage_kind": stage_kind,
                "version": 1,
            }
            cursor.execute(_OUTBOX_SQL, [uuid.uuid4(), json.dumps(payload), now])
    except IntegrityError:
        return refuse(409, "This candidate has already applied to this job.")
    return JsonResponse({"id": pk, "version": 1, "stage": stage_id}, status=201)
