"""Serializers of the setup domain. Writes of tracks' stages and rules go through services."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from drf_spectacular.extensions import OpenApiSerializerExtension
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from recruiting.api.fields import DateField
from recruiting.models import (
    BusinessUnit,
    Criterion,
    Drive,
    EligibilityRule,
    Job,
    Location,
    Membership,
    RejectionReason,
    ScorecardTemplate,
    Specialty,
    Stage,
    StageKind,
    Track,
)
from recruiting.permissions import MayMoveApplications
from recruiting.rules import FactType
from recruiting.selectors import may_see_members

User = get_user_model()


class SpecialtySerializer(serializers.ModelSerializer[Specialty]):
    class Meta:
        model = Specialty
        fields = ["id", "slug", "name", "name_zh"]


class LocationSerializer(serializers.ModelSerializer[Location]):
    class Meta:
        model = Location
        fields = ["id", "city", "city_zh"]


class MembershipSerializer(serializers.ModelSerializer[Membership]):
    user = serializers.PrimaryKeyRelatedField(queryset=User.objects.all())
    username = serializers.CharField(source="user.username", read_only=True)
    specialties = serializers.PrimaryKeyRelatedField(
        queryset=Specialty.objects.all(), many=True, required=False
    )
    weekly_capacity = serializers.IntegerField(min_value=0, max_value=100, required=False)
    past_employers = serializers.ListField(
        child=serializers.CharField(max_length=200), max_length=50, required=False
    )

    class Meta:
        model = Membership
        fields = [
            "id",
            "unit",
            "user",
            "username",
            "specialties",
            "weekly_capacity",
            "past_employers",
            "is_active",
        ]


class BusinessUnitSerializer(serializers.ModelSerializer[BusinessUnit]):
    lead = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(), allow_null=True, required=False
    )
    default_assessment_sla = serializers.DurationField(
        min_value=timedelta(hours=1), max_value=timedelta(days=365), required=False
    )
    members = MembershipSerializer(
        source="memberships",
        many=True,
        read_only=True,
        required=False,
        help_text="Only for admins and the unit's lead: capacities and former employers "
        "serve conflict checks, not curiosity.",
    )

    class Meta:
        model = BusinessUnit
        fields = ["id", "name", "slug", "lead", "city", "default_assessment_sla", "members"]

    def to_representation(self, instance: BusinessUnit) -> dict[str, Any]:
        data = super().to_representation(instance)
        request = self.context.get("request")
        if request is None or not may_see_members(request.user, instance):
            data.pop("members", None)
        return data


# Subclassing registers the extension, in drf-spectacular's untyped __init_subclass__.
class BusinessUnitSchema(OpenApiSerializerExtension):  # type: ignore[no-untyped-call]
    """The schema of a business unit: `members` is in the answer only for those who may
    see them, so it is not required (drf-spectacular requires every read-only field)."""

    target_class = BusinessUnitSerializer

    def map_serializer(self, auto_schema: Any, direction: Any) -> dict[str, Any]:
        schema: dict[str, Any] = super().map_serializer(auto_schema, direction)
        required = [name for name in schema.get("required", []) if name != "members"]
        schema.pop("required", None)
        if required:
            schema["required"] = required
        return schema


class DriveSerializer(serializers.ModelSerializer[Drive]):
    starts_on = DateField()
    ends_on = DateField(required=False, allow_null=True)
    target_headcount = serializers.IntegerField(min_value=0, max_value=100000, required=False)
    channels = serializers.ListField(
        child=serializers.CharField(max_length=100), max_length=20, required=False
    )

    class Meta:
        model = Drive
        fields = [
            "id",
            "name",
            "starts_on",
            "ends_on",
            "target_specialties",
            "target_headcount",
            "channels",
        ]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        starts = attrs.get("starts_on", getattr(self.instance, "starts_on", None))
        ends = attrs.get("ends_on", getattr(self.instance, "ends_on", None))
        if starts and ends and ends < starts:
            raise serializers.ValidationError({"ends_on": "A drive ends after it starts."})
        return attrs


class JobSerializer(serializers.ModelSerializer[Job]):
    salary_min = serializers.IntegerField(min_value=0, max_value=10_000_000)
    salary_max = serializers.IntegerField(min_value=0, max_value=10_000_000)
    headcount = serializers.IntegerField(min_value=1, max_value=10_000, required=False)
    currency = serializers.RegexField(r"^[A-Z]{3}$", required=False)

    class Meta:
        model = Job
        fields = [
            "id",
            "title",
            "unit",
            "specialty",
            "location",
            "drive",
            "salary_min",
            "salary_max",
            "currency",
            "headcount",
            "hired_count",
            "status",
            "tracks",
            "created_at",
        ]
        read_only_fields = ["hired_count", "created_at"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        low = attrs.get("salary_min", getattr(self.instance, "salary_min", None))
        high = attrs.get("salary_max", getattr(self.instance, "salary_max", None))
        if low is not None and high is not None and low > high:
            raise serializers.ValidationError({"salary_max": "The band's top is below its bottom."})
        tracks = attrs.get("tracks")
        if tracks is not None and sum(t.kind == Track.Kind.STANDARD for t in tracks) > 1:
            raise serializers.ValidationError(
                {"tracks": "A job admits one standard track at most."}
            )
        headcount = attrs.get("headcount")
        if (
            self.instance is not None
            and headcount is not None
            and headcount < self.instance.hired_count
        ):
            raise serializers.ValidationError(
                {"headcount": f"{self.instance.hired_count} people are hired already."}
            )
        return attrs


class CriterionSerializer(serializers.ModelSerializer[Criterion]):
    weight = serializers.DecimalField(
        max_digits=5, decimal_places=2, min_value=Decimal("0.01"), max_value=Decimal("100")
    )

    class Meta:
        model = Criterion
        fields = ["id", "name", "description", "weight"]
        read_only_fields = ["id"]


class ScorecardTemplateSerializer(serializers.ModelSerializer[ScorecardTemplate]):
    criteria = CriterionSerializer(many=True, allow_empty=False, max_length=30)  # type: ignore[call-arg]
    spread_threshold = serializers.DecimalField(
        max_digits=3, decimal_places=2, min_value=Decimal(0), max_value=Decimal(3), required=False
    )

    class Meta:
        model = ScorecardTemplate
        fields = ["id", "name", "description", "spread_threshold", "criteria"]

    def validate_criteria(self, criteria: list[dict[str, Any]]) -> list[dict[str, Any]]:
        names = [c["name"].strip().casefold() for c in criteria]
        if len(names) != len(set(names)):
            raise serializers.ValidationError("Criteria names must differ.")
        return criteria


class StageSerializer(serializers.ModelSerializer[Stage]):
    kind = serializers.ChoiceField(choices=StageKind.choices)
    sla = serializers.DurationField(required=False, allow_null=True)
    # Only roles the API lets move applications: a stage naming an assessor or a viewer
    # would promise a power no request of theirs is ever granted.
    movers = serializers.ListField(
        child=serializers.ChoiceField(choices=[r.value for r in MayMoveApplications.writers]),
        required=False,
        max_length=5,
    )

    scorecard = serializers.PrimaryKeyRelatedField(
        queryset=ScorecardTemplate.objects.all(), allow_null=True, required=False
    )
    panel_size = serializers.IntegerField(min_value=1, max_value=15, required=False)
    quorum = serializers.IntegerField(min_value=1, max_value=15, required=False)
    pass_threshold = serializers.DecimalField(
        max_digits=3, decimal_places=2, min_value=Decimal(1), max_value=Decimal(4), required=False
    )
    fail_threshold = serializers.DecimalField(
        max_digits=3, decimal_places=2, min_value=Decimal(1), max_value=Decimal(4), required=False
    )
    pass_mark = serializers.IntegerField(
        min_value=0, max_value=100, required=False, allow_null=True
    )

    class Meta:
        model = Stage
        fields = [
            "id",
            "position",
            "name",
            "kind",
            "sla",
            "movers",
            "scorecard",
            "panel_size",
            "quorum",
            "pass_threshold",
            "fail_threshold",
            "auto_advance",
            "anonymize",
            "pass_mark",
        ]
        read_only_fields = ["id", "position"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        panel = attrs.get("panel_size", 3)
        if attrs.get("quorum", min(2, panel)) > panel:
            raise serializers.ValidationError({"quorum": "The quorum cannot exceed the panel."})
        if attrs.get("fail_threshold", Decimal(2)) >= attrs.get("pass_threshold", Decimal(3)):
            raise serializers.ValidationError(
                {"fail_threshold": "The fail threshold is below the pass threshold."}
            )
        return attrs


class StagesInputSerializer(serializers.Serializer[Any]):
    stages = StageSerializer(many=True, allow_empty=False, max_length=30)  # type: ignore[call-arg]


class TrackSerializer(serializers.ModelSerializer[Track]):
    stages = serializers.SerializerMethodField()

    class Meta:
        model = Track
        fields = [
            "id",
            "name",
            "description",
            "kind",
            "routing",
            "current_version",
            "fallback_track",
            "fallback_stage_kind",
            "stages",
        ]
        read_only_fields = ["current_version"]

    def get_stages(self, track: Track) -> list[dict[str, Any]]:
        stages = [s for s in track.stages.all() if s.version == track.current_version]
        return StageSerializer(sorted(stages, key=lambda s: s.position), many=True).data  # type: ignore[return-value]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        fallback = attrs.get("fallback_track")
        if fallback is not None and fallback.kind != Track.Kind.STANDARD:
            raise serializers.ValidationError({"fallback_track": "A fallback is a standard track."})
        if fallback is not None and not attrs.get("fallback_stage_kind"):
            raise serializers.ValidationError(
                {"fallback_stage_kind": "Name the stage kind to fall back to."}
            )
        return attrs


RULE_EXAMPLE = {
    "all": [
        {"fact": "matches_job_specialty", "op": "eq", "value": True},
        {
            "fact": "publications",
            "op": "exists",
            "where": {
                "all": [
                    {"fact": "tier", "op": "eq", "value": "top"},
                    {"fact": "years_ago", "op": "lte", "value": 3},
                ]
            },
        },
    ]
}


@extend_schema_field(
    {
        "type": "object",
        "description": "A rule: conditions over candidate facts joined by all/any "
        "(docs/rules.md; GET /api/v1/rule-facts/ lists the facts).",
        "example": RULE_EXAMPLE,
    }
)
class RuleDefinitionField(serializers.JSONField):
    pass


class EligibilityRuleSerializer(serializers.ModelSerializer[EligibilityRule]):
    track = serializers.PrimaryKeyRelatedField(queryset=Track.objects.all())
    definition = RuleDefinitionField()

    class Meta:
        model = EligibilityRule
        fields = [
            "id",
            "track",
            "name",
            "description",
            "definition",
            "version",
            "is_active",
            "updated_at",
        ]
        read_only_fields = ["version", "updated_at"]


class RuleDraftSerializer(serializers.Serializer[Any]):
    definition = RuleDefinitionField()
    limit = serializers.IntegerField(min_value=1, max_value=100_000, required=False)


class RejectionReasonSerializer(serializers.ModelSerializer[RejectionReason]):
    class Meta:
        model = RejectionReason
        fields = ["id", "code", "label", "is_active"]


class FactField(serializers.Serializer[Any]):
    """A fact a rule may name, or a field of a collection's items."""

    name = serializers.CharField()
    type = serializers.ChoiceField(choices=[t.value for t in FactType])
    description = serializers.CharField()
    operators = serializers.ListField(child=serializers.CharField())
    choices = serializers.ListField(
        child=serializers.CharField(), allow_null=True, help_text="An enum's values."
    )
    item_fields = serializers.ListField(
        child=serializers.DictField(), allow_null=True, help_text="Always null for a field."
    )


class FactDescription(FactField):
    item_fields = FactField(  # type: ignore[assignment]
        many=True, allow_null=True, help_text="A collection's item fields (else null)."
    )


class RuleFacts(serializers.Serializer[Any]):
    facts = FactDescription(many=True)
