from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from recruiting.api import serializers as s
from recruiting.models import (
    BusinessUnit,
    Drive,
    EligibilityRule,
    Job,
    Location,
    Membership,
    RejectionReason,
    ScorecardTemplate,
    Specialty,
    Track,
)
from recruiting.permissions import HasAnyRole
from recruiting.rules import describe_facts
from recruiting.selectors import jobs_visible_to, memberships_visible_to
from recruiting.services import rule_save, scorecard_save, track_set_stages

# Every list names its orderings: DRF's default offers every serializer field, and
# ordering by a to-many relation (a unit's members) repeats rows and drops others.


class SpecialtyViewSet(viewsets.ModelViewSet[Specialty]):
    queryset = Specialty.objects.all()
    serializer_class = s.SpecialtySerializer
    filterset_fields = ["slug"]
    ordering_fields = ["name", "slug"]


class LocationViewSet(viewsets.ModelViewSet[Location]):
    queryset = Location.objects.all()
    serializer_class = s.LocationSerializer
    ordering_fields = ["city"]


class BusinessUnitViewSet(viewsets.ModelViewSet[BusinessUnit]):
    queryset = BusinessUnit.objects.prefetch_related(
        "memberships__user", "memberships__specialties"
    )
    serializer_class = s.BusinessUnitSerializer
    ordering_fields = ["name", "slug"]


class MembershipViewSet(viewsets.ModelViewSet[Membership]):
    """Members of units, with their capacity and former employers: admins see and
    change every unit's; a unit's lead reads their own; others find none."""

    serializer_class = s.MembershipSerializer
    filterset_fields = ["unit", "user"]
    ordering_fields = ["unit", "user__username", "weekly_capacity", "is_active"]

    def get_queryset(self) -> QuerySet[Membership]:
        return (
            memberships_visible_to(self.request.user)
            .select_related("user")
            .prefetch_related("specialties")
        )


class DriveViewSet(viewsets.ModelViewSet[Drive]):
    queryset = Drive.objects.prefetch_related("target_specialties")
    serializer_class = s.DriveSerializer
    ordering_fields = ["name", "starts_on", "ends_on"]


class JobFilter(django_filters.FilterSet):
    following = django_filters.BooleanFilter(
        method="filter_following", label="Only the jobs you follow (true) or do not (false)."
    )

    class Meta:
        model = Job
        fields = ["unit", "specialty", "location", "drive", "status"]

    def filter_following(self, queryset: QuerySet[Job], name: str, value: bool) -> QuerySet[Job]:
        # `followers` is the reverse of notifications.JobFollower.job, named, not imported.
        mine = {"followers__user": self.request.user} if self.request else {}
        if value is None or not mine:
            return queryset
        return queryset.filter(**mine) if value else queryset.exclude(**mine)


class JobViewSet(viewsets.ModelViewSet[Job]):
    serializer_class = s.JobSerializer
    filterset_class = JobFilter
    ordering_fields = ["title", "created_at"]

    def get_queryset(self) -> QuerySet[Job]:
        return jobs_visible_to(self.request.user).prefetch_related("tracks")


class TrackViewSet(viewsets.ModelViewSet[Track]):
    queryset = Track.objects.prefetch_related("stages")
    serializer_class = s.TrackSerializer
    filterset_fields = ["kind"]
    ordering_fields = ["name", "kind"]

    @extend_schema(request=s.StagesInputSerializer, responses=s.TrackSerializer)
    @action(detail=True, methods=["put"], url_path="stages")
    def set_stages(self, request: Request, pk: str | None = None) -> Response:
        """Replace the stages; a track in use gets a new version, running applications
        keep theirs."""
        track = self.get_object()
        data = s.StagesInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        track = track_set_stages(track=track, stages=list(data.validated_data["stages"]))
        return Response(
            s.TrackSerializer(Track.objects.prefetch_related("stages").get(pk=track.pk)).data
        )


class EligibilityRuleViewSet(viewsets.ModelViewSet[EligibilityRule]):
    queryset = EligibilityRule.objects.all()
    serializer_class = s.EligibilityRuleSerializer
    filterset_fields = ["track", "is_active"]
    ordering_fields = ["track", "name", "updated_at"]

    def perform_create(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        serializer.instance = rule_save(rule=None, track=data.pop("track"), data=data)

    def perform_update(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        track = data.pop("track", serializer.instance.track)
        serializer.instance = rule_save(rule=serializer.instance, track=track, data=data)


class ScorecardTemplateViewSet(viewsets.ModelViewSet[ScorecardTemplate]):
    queryset = ScorecardTemplate.objects.prefetch_related("criteria")
    serializer_class = s.ScorecardTemplateSerializer
    ordering_fields = ["name"]

    def perform_create(self, serializer: Any) -> None:
        serializer.instance = scorecard_save(template=None, data=dict(serializer.validated_data))

    def perform_update(self, serializer: Any) -> None:
        serializer.instance = scorecard_save(
            template=serializer.instance, data=dict(serializer.validated_data)
        )


class RejectionReasonViewSet(viewsets.ModelViewSet[RejectionReason]):
    queryset = RejectionReason.objects.all()
    serializer_class = s.RejectionReasonSerializer
    ordering_fields = ["label", "code"]


class RuleFactsView(APIView):
    """The facts a rule may name, with their types, operators and meaning."""

    permission_classes = [HasAnyRole]

    @extend_schema(responses={200: s.RuleFacts})
    def get(self, request: Request) -> Response:
        return Response({"facts": describe_facts()})


# The resources of /api/v1/, by their list's URL name (each app registers its own).
RESOURCES = {
    "applications": "application-list",
    "assessments": "assessment-list",
    "business-units": "businessunit-list",
    "candidates": "candidate-list",
    "deliveries": "delivery-list",
    "drives": "drive-list",
    "eligibility-rules": "eligibilityrule-list",
    "jobs": "job-list",
    "locations": "location-list",
    "me": "me",
    "memberships": "membership-list",
    "message-templates": "messagetemplate-list",
    "message-variables": "message-variables",
    "notifications": "notification-list",
    "rejection-reasons": "rejectionreason-list",
    "reports/calibration/assessors": "calibration-assessors",
    "reports/calibration/units": "calibration-units",
    "rule-facts": "rule-facts",
    "scorecards": "scorecardtemplate-list",
    "specialties": "specialty-list",
    "subscriptions": "subscription-list",
    "tracks": "track-list",
    "webhooks": "webhook-list",
}


class ApiRoot(serializers.Serializer[Any]):
    version = serializers.CharField()
    resources = serializers.DictField(child=serializers.URLField())
    docs = serializers.URLField()
    schema = serializers.URLField()
    token = serializers.URLField(help_text="POST username and password for a token.")


class ApiRootView(APIView):
    """`/api/` and `/api/v1/`: where everything is. Public, as the docs are."""

    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []

    @extend_schema(responses={200: ApiRoot})
    def get(self, request: Request) -> Response:
        def url(name: str) -> str:
            return request.build_absolute_uri(reverse(name))

        return Response(
            {
                "version": "1",
                "resources": {path: url(name) for path, name in RESOURCES.items()},
                "docs": url("api-docs"),
                "schema": url("schema"),
                "token": url("auth-token"),
            }
        )
