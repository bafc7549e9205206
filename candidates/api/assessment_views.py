"""The assessor's inbox, the redacted detail, scoring, panel changes, calibration."""

from __future__ import annotations

from typing import Any, cast

import django_filters as filters
from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from candidates.api import assessment_serializers as s
from candidates.assessments.calibration import assessor_report, unit_report
from candidates.assessments.scoring import (
    assessment_amend_score,
    assessment_save_draft,
    assessment_submit_score,
)
from candidates.assessments.seats import (
    assessment_decline,
    assessment_reassign,
    assessment_record_written_score,
)
from candidates.assessments.selectors import (
    assessment_detail,
    assessment_summary,
    assessments_visible_to,
)
from candidates.models import Assessment
from candidates.models.assessment import AssessmentQuerySet
from recruiting.api.filtering import BOOLEAN_WORDS, check_booleans
from recruiting.api.pagination import StreamCursorPagination
from recruiting.errors import NotAllowed, NotFound
from recruiting.models import BusinessUnit
from recruiting.permissions import HasAnyRole, MayAssess
from recruiting.roles import acting_user, sees_all_units
from recruiting.selectors import led_unit_ids


class AssessmentFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=Assessment.Status.choices)
    result = filters.ChoiceFilter(choices=Assessment.Result.choices)
    overdue = filters.BooleanFilter(method="filter_overdue")
    unit = filters.NumberFilter(field_name="application__job__unit_id")
    understaffed = filters.BooleanFilter()

    class Meta:
        model = Assessment
        fields: list[str] = []

    def filter_overdue(
        self, queryset: QuerySet[Assessment], name: str, value: Any
    ) -> QuerySet[Assessment]:
        return cast(AssessmentQuerySet, queryset).overdue(timezone.now(), overdue=bool(value))


class InboxPagination(StreamCursorPagination):
    ordering = ("due_at", "id")


class AssessmentListView(APIView):
    permission_classes = [HasAnyRole]

    @extend_schema(
        operation_id="assessments_list",
        parameters=[
            OpenApiParameter("mine", bool, description="Only the panels you sit on (your inbox)."),
            OpenApiParameter("status", str, enum=Assessment.Status.values),
            OpenApiParameter("result", str, enum=Assessment.Result.values),
            OpenApiParameter("overdue", bool, description="Pending and past the due time."),
            OpenApiParameter("unit", int, description="The business unit of the job."),
            OpenApiParameter("understaffed", bool),
            OpenApiParameter("cursor", str, description="From a `next` or `previous` link."),
            OpenApiParameter("page_size", int, description="At most 200; 50 by default."),
        ],
        responses={200: s.AssessmentPage},
    )
    def get(self, request: Request) -> Response:
        """The inbox (`mine=true`): assessments on your panels, soonest due first."""
        check_booleans(AssessmentFilter, request.query_params, "mine")
        mine = BOOLEAN_WORDS.get(request.query_params.get("mine", "").strip().lower(), False)
        queryset = assessments_visible_to(request.user, mine=mine)
        filterset = AssessmentFilter(request.query_params, queryset=queryset, request=request)
        if not filterset.is_valid():
            raise serializers.ValidationError(filterset.errors)
        paginator = InboxPagination()
        page = paginator.paginate_queryset(filterset.qs, request, view=self) or []
        now = timezone.now()
        return paginator.get_paginated_response(
            [assessment_summary(a, request.user, now) for a in page]
        )


def _visible(request: Request, pk: int) -> Assessment:
    assessment = assessments_visible_to(request.user).filter(pk=pk).first()
    if assessment is None:
        raise NotFound("No such assessment, or not visible to you.")
    return assessment


class AssessmentDetailView(APIView):
    permission_classes = [HasAnyRole]

    @extend_schema(responses={200: s.AssessmentDetail})
    def get(self, request: Request, pk: int) -> Response:
        """One assessment, redacted for the viewer's role and blind until they submit."""
        return Response(assessment_detail(_visible(request, pk), request.user))


def _input(request: Request, pk: int, serializer_class: type[Any]) -> Any:
    """The command's validated input, once the assessment is known to be visible."""
    _visible(request, pk)
    data = serializer_class(data=request.data)
    data.is_valid(raise_exception=True)
    return data


def _reply(request: Request, pk: int) -> Response:
    return Response(assessment_detail(_visible(request, pk), request.user))


class DraftView(APIView):
    permission_classes = [MayAssess]

    @extend_schema(request=s.ScoreInputSerializer, responses={200: s.AssessmentDetail})
    def put(self, request: Request, pk: int) -> Response:
        """Save your draft scorecard (ratings 1-4 per criterion, notes)."""
        data = _input(request, pk, s.ScoreInputSerializer)
        assessment_save_draft(assessment_id=pk, actor=acting_user(request), data=data.to_input())
        return _reply(request, pk)


class SubmitView(APIView):
    permission_classes = [MayAssess]

    @extend_schema(request=s.ScoreInputSerializer, responses={200: s.AssessmentDetail})
    def post(self, request: Request, pk: int) -> Response:
        """Submit your scorecard; it cannot be edited afterwards, only amended."""
        data = _input(request, pk, s.ScoreInputSerializer)
        assessment_submit_score(assessment_id=pk, actor=acting_user(request), data=data.to_input())
        return _reply(request, pk)


class AmendView(APIView):
    permission_classes = [MayAssess]

    @extend_schema(request=s.AmendInputSerializer, responses={200: s.AssessmentDetail})
    def post(self, request: Request, pk: int) -> Response:
        """Amend your submitted scorecard with a reason; a new revision, the old one kept."""
        data = _input(request, pk, s.AmendInputSerializer)
        assessment_amend_score(
            assessment_id=pk,
            actor=acting_user(request),
            data=data.to_input(),
            reason=data.validated_data["reason"],
        )
        return _reply(request, pk)


class DeclineView(APIView):
    permission_classes = [MayAssess]

    @extend_schema(request=s.DeclineInputSerializer, responses={200: s.LeftPanel})
    def post(self, request: Request, pk: int) -> Response:
        """Leave the panel with a reason; the best free member replaces you."""
        data = _input(request, pk, s.DeclineInputSerializer)
        assessment_decline(
            assessment_id=pk, actor=acting_user(request), reason=data.validated_data["reason"]
        )
        return Response({"message": "You have left this panel.", "extra": {"assessment": pk}})


class ReassignView(APIView):
    permission_classes = [MayAssess]

    @extend_schema(request=s.ReassignInputSerializer, responses={200: s.AssessmentDetail})
    def post(self, request: Request, pk: int) -> Response:
        """Unit leads: take an assessor off the panel and seat another (or the best free)."""
        data = _input(request, pk, s.ReassignInputSerializer)
        assessment_reassign(
            assessment_id=pk,
            actor=acting_user(request),
            remove_user_id=data.validated_data["remove"],
            add_user_id=data.validated_data.get("add"),
            reason=data.validated_data["reason"],
        )
        return _reply(request, pk)


class WrittenScoreView(APIView):
    permission_classes = [MayAssess]

    @extend_schema(request=s.WrittenScoreInputSerializer, responses={200: s.AssessmentDetail})
    def post(self, request: Request, pk: int) -> Response:
        """Recruiters: record a written test's score (0-100) against its pass mark."""
        data = _input(request, pk, s.WrittenScoreInputSerializer)
        assessment_record_written_score(
            assessment_id=pk, actor=acting_user(request), score=data.validated_data["score"]
        )
        return _reply(request, pk)


def _report_units(request: Request) -> list[int]:
    """Admins, recruiters and viewers read every unit's figures; unit leads their own."""
    if sees_all_units(request.user):
        return list(BusinessUnit.objects.values_list("pk", flat=True))
    units = led_unit_ids(request.user)
    if not units:
        raise NotAllowed("Calibration reports are for unit leads, recruiters, admins and viewers.")
    return units


class AssessorCalibrationView(APIView):
    permission_classes = [HasAnyRole]

    @extend_schema(responses={200: s.AssessorCalibration})
    def get(self, request: Request) -> Response:
        """Per assessor: assessments scored, mean score, pass rate, mean deviation from
        the panel median."""
        return Response({"assessors": assessor_report(_report_units(request))})


class UnitCalibrationView(APIView):
    permission_classes = [HasAnyRole]

    @extend_schema(responses={200: s.UnitCalibration})
    def get(self, request: Request) -> Response:
        """Per unit: inter-rater agreement as Krippendorff's alpha (interval metric)."""
        return Response({"units": unit_report(_report_units(request))})
