"""Bench-only endpoints for work that has no URL of its own (periodic tasks), so the
scale bench can time it on each database's server like any request."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from candidates.assessments.sla import assessments_check_sla
from tests.bench.baseline_views import authenticate, refuse


@csrf_exempt
@require_POST
def sla_check(request: HttpRequest) -> JsonResponse:
    """What the beat's `check_assessment_slas` runs, in this process."""
    if authenticate(request) is None:
        return refuse(401, "Invalid token.")
    return JsonResponse(assessments_check_sla())
