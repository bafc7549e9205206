"""Input serializers (small, one per command) and read-only output serializers."""

from __future__ import annotations

from datetime import datetime, tzinfo
from functools import cached_property
from typing import Any, NoReturn

from django.contrib.auth import get_user_model
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.relations import PKOnlyObject

from candidates.models import ApplicationStatus, Award, Candidate, Publication, Transition
from candidates.models.application import overdue
from candidates.selectors import list_row
from recruiting.api.fields import DateField, DateTimeField
from recruiting.models import RejectionReason, Specialty

User = get_user_model()
MAX_VERSION = 2**31 - 1
MAX_ID = 2**63 - 1
EMAIL_MAX_LENGTH = Candidate._meta.get_field("email_normalized").max_length or 254


def _missing(pk: int) -> str:
    return f'Invalid pk "{pk}" - object does not exist.'


class SpecialtyIds(serializers.ListField):
    """Specialty ids in and out. The candidate serializer checks they exist, with the
    publications' in one read: a PrimaryKeyRelatedField reads one row per id."""

    child = serializers.IntegerField(min_value=1, max_value=MAX_ID)

    def to_representation(self, data: Any) -> list[Any]:
        return [specialty.pk for specialty in data.all()]


class PublicationSerializer(serializers.ModelSerializer[Publication]):
    year = serializers.IntegerField(min_value=1950, max_value=2100)
    specialty = serializers.IntegerField(
        source="specialty_id", min_value=1, max_value=MAX_ID, allow_null=True, required=False
    )

    class Meta:
        model = Publication
        fields = ["title", "venue", "year", "tier", "specialty"]


class AwardSerializer(serializers.ModelSerializer[Award]):
    year = serializers.IntegerField(min_value=1950, max_value=2100)

    class Meta:
        model = Award
        fields = ["name", "level", "year"]


class CandidateSerializer(serializers.ModelSerializer[Candidate]):
    specialties = SpecialtyIds(required=False)
    publications = PublicationSerializer(many=True, required=False, max_length=200)  # type: ignore[call-arg]
    awards = AwardSerializer(many=True, required=False, max_length=100)  # type: ignore[call-arg]
    years_experience = serializers.DecimalField(
        max_digits=3, decimal_places=1, min_value=0, max_value=60, required=False
    )
    salary_expectation = serializers.IntegerField(
        min_value=0, max_value=10_000_000, required=False, allow_null=True
    )
    referred_by = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(), allow_null=True, required=False
    )
    links = serializers.ListField(
        child=serializers.URLField(max_length=500), max_length=20, required=False
    )
    consent_given_at = DateTimeField(required=False, allow_null=True)
    retain_until = DateField(required=False, allow_null=True)

    class Meta:
        model = Candidate
        fields = [
            "id",
            "full_name",
            "email",
            "phone",
            "current_employer",
            "school",
            "education",
            "years_experience",
            "source",
            "referred_by",
            "specialties",
            "publications",
            "awards",
            "salary_expectation",
            "links",
            "consent_given_at",
            "retain_until",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]

    def validate_email(self, email: str) -> str:
        # The unique key is the case-folded address, which can outgrow the address
        # ("ß" folds to "ss") and then its column.
        if len(email.strip().casefold()) > EMAIL_MAX_LENGTH:
            raise serializers.ValidationError(
                f"Ensure this field has no more than {EMAIL_MAX_LENGTH} characters."
            )
        return email

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        email = attrs.get("email", getattr(self.instance, "email", ""))
        phone = attrs.get("phone", getattr(self.instance, "phone", ""))
        if not (email or "").strip() and not (phone or "").strip():
            raise serializers.ValidationError("A candidate needs an email or a phone number.")
        if not (attrs.get("full_name", getattr(self.instance, "full_name", "")) or "").strip():
            raise serializers.ValidationError({"full_name": "A name is required."})
        self._check_specialties(attrs)
        return attrs

    def _check_specialties(self, attrs: dict[str, Any]) -> None:
        """Every specialty named (the candidate's, the publications') exists: one read."""
        papers = attrs.get("publications") or []
        named = set(attrs.get("specialties") or []) | {
            p["specialty_id"] for p in papers if p.get("specialty_id") is not None
        }
        if not named:
            return
        found = Specialty.objects.in_bulk(named)
        errors: dict[str, Any] = {}
        unknown = [pk for pk in attrs.get("specialties") or [] if pk not in found]
        if unknown:
            errors["specialties"] = [_missing(unknown[0])]
        per_paper = [
            {"specialty": [_missing(p["specialty_id"])]}
            if p.get("specialty_id") is not None and p["specialty_id"] not in found
            else {}
            for p in papers
        ]
        if any(per_paper):
            errors["publications"] = per_paper
        if errors:
            raise serializers.ValidationError(errors)
        # Instances from here on, as the service takes them from the admin's forms too.
        if "specialties" in attrs:
            attrs["specialties"] = [found[pk] for pk in attrs["specialties"]]
        for paper in papers:
            pk = paper.pop("specialty_id", None)
            paper["specialty"] = found[pk] if pk is not None else None


class ApplicationCreateSerializer(serializers.Serializer[Any]):
    # Ids: the view reads each once, with what routing needs (a related field would
    # read them once more).
    candidate = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    job = serializers.IntegerField(min_value=1, max_value=MAX_ID)

    def refuse_missing(self, *, candidate: bool, job: bool) -> NoReturn:
        """A 400 naming each id that matches nothing, as a related field would."""
        raise serializers.ValidationError(
            {
                name: [_missing(self.validated_data[name])]
                for name, found in (("candidate", candidate), ("job", job))
                if not found
            }
        )


class VersionedInput(serializers.Serializer[Any]):
    version = serializers.IntegerField(min_value=1, max_value=MAX_VERSION)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class ReasonInput(VersionedInput):
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class RequiredReasonInput(VersionedInput):
    reason = serializers.CharField(max_length=2000)


class MoveInput(RequiredReasonInput):
    # Named as the service's argument, so the view can pass it on as it is.
    to_stage = serializers.IntegerField(min_value=1, max_value=2**63 - 1, source="to_stage_id")


@extend_schema_field(
    {
        "oneOf": [{"type": "integer"}, {"type": "string"}],
        "description": 'A rejection reason, by id or by code (e.g. "no-fit").',
    }
)
class RejectionReasonField(serializers.RelatedField[RejectionReason, Any, Any]):
    """A configured rejection reason, named by its id or its code."""

    default_error_messages = {
        "missing": "No rejection reason with that id or code.",
        "type": "Give the reason's id (a number) or its code (text).",
    }

    def to_internal_value(self, data: Any) -> RejectionReason:
        reasons = RejectionReason.objects.all()
        if isinstance(data, bool) or not isinstance(data, int | str):
            self.fail("type")
        text = str(data).strip()
        # A code is a short slug: anything else names no reason (and PostgreSQL refuses
        # to compare text holding a NUL).
        if not text or len(text) > 60 or "\x00" in text:
            self.fail("missing")
        if isinstance(data, int) or text.isdigit():
            found = reasons.filter(pk=int(text)).first() if len(text) < 19 else None
        else:
            found = reasons.filter(code=text).first()
        if found is None:
            self.fail("missing")
        return found

    def to_representation(self, value: RejectionReason | PKOnlyObject) -> Any:
        return value.pk


class RejectInput(VersionedInput):
    rejection_reason = RejectionReasonField(queryset=RejectionReason.objects.all())

    def validate_rejection_reason(self, reason: RejectionReason) -> RejectionReason:
        # The service refuses it too, but only here can the refusal name the field.
        if not reason.is_active:
            raise serializers.ValidationError(f'The reason "{reason.label}" is retired.')
        return reason


class SwitchTrackInput(ReasonInput):
    track = serializers.IntegerField(min_value=1, max_value=2**63 - 1, source="track_id")
    override = serializers.BooleanField(default=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["override"] and not attrs["reason"].strip():
            raise serializers.ValidationError(
                {"reason": "An override of the fast-track rules needs a written reason."}
            )
        return attrs


def _iso(moment: datetime, zone: tzinfo) -> str:
    """As DRF writes datetimes elsewhere: in the configured time zone."""
    return timezone.localtime(moment, zone).isoformat()


class CandidateBrief(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    full_name = serializers.CharField()
    email = serializers.CharField()


class JobBrief(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    title = serializers.CharField()
    unit = serializers.IntegerField()


class TrackBrief(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField()
    version = serializers.IntegerField()


class StageBrief(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField()


class FastTrackBrief(serializers.Serializer[Any]):
    track = serializers.CharField()
    rule = serializers.CharField(allow_null=True)
    rule_version = serializers.IntegerField(allow_null=True)
    decided = serializers.CharField()


def reason_summary(row: dict[str, Any]) -> dict[str, Any] | None:
    """Track, rule, rule version and how it was decided, from a list row's
    `reason_<key>` values (text where the database read them out of the JSON)."""
    if row["reason_track"] is None:
        return None

    # SQLite reads a JSON null out as the text "null"; PostgreSQL as NULL.
    def value(key: str) -> Any:
        found = row[f"reason_{key}"]
        return None if found in (None, "null") else found

    version = value("rule_version")
    return {
        "track": value("track"),
        "rule": value("rule"),
        "rule_version": int(version) if version is not None else None,
        "decided": value("decided"),
    }


class ApplicationSerializer(serializers.Serializer[Any]):
    """Read-only, over the list's rows (`applications_for_list`, or `list_row` of an
    instance). The fields document the shape; `to_representation` is written by hand
    because this is the hot path of the list endpoint."""

    id = serializers.IntegerField(read_only=True)
    candidate = CandidateBrief(read_only=True)
    job = JobBrief(read_only=True)
    track = TrackBrief(read_only=True)
    stage = StageBrief(read_only=True)
    status = serializers.CharField(read_only=True)
    is_fast_track = serializers.BooleanField(read_only=True)
    fast_track_reason = FastTrackBrief(read_only=True, allow_null=True)
    stage_entered_at = serializers.DateTimeField(read_only=True)
    due_at = serializers.DateTimeField(read_only=True, allow_null=True)
    overdue = serializers.BooleanField(read_only=True)
    version = serializers.IntegerField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)

    def to_representation(self, row: Any) -> dict[str, Any]:
        due = row["due_at"]
        return {
            "id": row["id"],
            "candidate": {
                "id": row["candidate_id"],
                "full_name": row["candidate__full_name"],
                "email": row["candidate__email"],
            },
            "job": {"id": row["job_id"], "title": row["job__title"], "unit": row["job__unit_id"]},
            "track": {
                "id": row["track_id"],
                "name": row["track__name"],
                "kind": row["track__kind"],
                "version": row["track_version"],
            },
            "stage": {
                "id": row["stage_id"],
                "name": row["stage__name"],
                "kind": row["stage__kind"],
            },
            "status": row["status"],
            "is_fast_track": row["is_fast_track"],
            "fast_track_reason": reason_summary(row),
            "stage_entered_at": _iso(row["stage_entered_at"], self.zone),
            "due_at": _iso(due, self.zone) if due else None,
            "overdue": overdue(row["status"], due, self.now),
            "version": row["version"],
            "created_at": _iso(row["created_at"], self.zone),
        }

    # Looked up once per response, not per row: the lookups cost more than the use.
    @cached_property
    def now(self) -> Any:
        return timezone.now()

    @cached_property
    def zone(self) -> tzinfo:
        return timezone.get_current_timezone()


class RejectionBrief(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    code = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]


class ApplicationDetailSerializer(ApplicationSerializer):
    """Read-only: the list's fields, the whole fast-track reason and suggestion, and the
    rejection reason, of an application read with its relations."""

    fast_track_reason = serializers.JSONField(read_only=True, allow_null=True)  # type: ignore[assignment]
    fast_track_suggestion = serializers.JSONField(read_only=True, allow_null=True)
    rejection_reason = RejectionBrief(read_only=True, allow_null=True)

    def to_representation(self, app: Any) -> dict[str, Any]:
        data = super().to_representation(list_row(app))
        data["fast_track_reason"] = app.fast_track_reason
        data["fast_track_suggestion"] = app.fast_track_suggestion
        data["rejection_reason"] = (
            {
                "id": app.rejection_reason.pk,
                "code": app.rejection_reason.code,
                "label": app.rejection_reason.label,
            }
            if app.rejection_reason
            else None
        )
        return data


class TransitionSerializer(serializers.ModelSerializer[Transition]):
    # Null on the first row (the application was created; it had no status before).
    from_status = serializers.ChoiceField(
        choices=ApplicationStatus.choices, allow_null=True, read_only=True
    )
    from_stage = serializers.SerializerMethodField()
    to_stage = serializers.SerializerMethodField()
    actor = serializers.SerializerMethodField()

    class Meta:
        model = Transition
        fields = [
            "id",
            "kind",
            "from_stage",
            "to_stage",
            "from_status",
            "to_status",
            "actor",
            "actor_role",
            "reason",
            "rejection_reason",
            "note",
            "data",
            "created_at",
        ]
        read_only_fields = fields

    def to_representation(self, instance: Transition) -> dict[str, Any]:
        data = super().to_representation(instance)
        data["from_status"] = data["from_status"] or None
        return data

    def get_from_stage(self, t: Transition) -> dict[str, Any] | None:
        s = t.from_stage
        return (
            {"id": s.pk, "name": s.name, "kind": s.kind, "track": s.track_id, "version": s.version}
            if s
            else None
        )

    def get_to_stage(self, t: Transition) -> dict[str, Any] | None:
        s = t.to_stage
        return (
            {"id": s.pk, "name": s.name, "kind": s.kind, "track": s.track_id, "version": s.version}
            if s
            else None
        )

    def get_actor(self, t: Transition) -> dict[str, Any] | None:
        return {"id": t.actor.pk, "username": t.actor.get_username()} if t.actor else None


class Explanation(serializers.Serializer[Any]):
    """One node of a rule's explanation: a group (`op` all/any with `children`), a
    condition (`fact`, `op`, `value`, the candidate's `actual`), or a collection
    (`fact`, `min`, how many items matched, and `where` explained for the first match).
    `held` says whether it held; `path` names the node in the rule."""

    path = serializers.CharField()
    op = serializers.CharField()
    held = serializers.BooleanField()
    fact = serializers.CharField(required=False)
    value = serializers.JSONField(required=False)
    actual = serializers.JSONField(required=False, allow_null=True)
    min = serializers.IntegerField(required=False)
    matched = serializers.ListField(child=serializers.IntegerField(), required=False)
    items = serializers.IntegerField(required=False)


# The tree is recursive: a group's children and a collection's `where` are nodes too.
Explanation._declared_fields["children"] = Explanation(many=True, required=False)
Explanation._declared_fields["where"] = Explanation(required=False, allow_null=True)


class RuleVerdict(serializers.Serializer[Any]):
    rule_id = serializers.IntegerField()
    rule = serializers.CharField()
    rule_version = serializers.IntegerField()
    held = serializers.BooleanField()
    explanation = Explanation()


class TrackEligibility(serializers.Serializer[Any]):
    track_id = serializers.IntegerField()
    track = serializers.CharField()
    routing = serializers.ChoiceField(choices=["auto", "suggest"])
    eligible = serializers.BooleanField()
    rules = RuleVerdict(many=True)


class Eligibility(serializers.Serializer[Any]):
    application_id = serializers.IntegerField()
    evaluated_at = serializers.DateTimeField()
    on_fast_track = serializers.BooleanField()
    fast_track_reason = serializers.JSONField(allow_null=True)
    fast_track_suggestion = serializers.JSONField(allow_null=True)
    tracks = TrackEligibility(many=True)


class SimulatedApplication(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    candidate = serializers.CharField()
    job = serializers.CharField()
    track = serializers.CharField()
    stage = serializers.CharField()
    stage_kind = serializers.CharField()
    status = serializers.CharField()


class Simulation(serializers.Serializer[Any]):
    track_id = serializers.IntegerField()
    evaluated = serializers.IntegerField(help_text="Applications the draft was judged on.")
    truncated = serializers.BooleanField(help_text="More applications exist than were judged.")
    matched = serializers.IntegerField()
    already_on_this_track = serializers.IntegerField()
    outcomes = serializers.DictField(
        child=serializers.IntegerField(), help_text="Matched applications by status."
    )
    hired_rate = serializers.FloatField(allow_null=True)
    applications = SimulatedApplication(many=True, help_text="The first 200 matched.")
