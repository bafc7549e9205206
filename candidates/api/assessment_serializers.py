"""Assessment input, and the shapes of the output for the API's schema.

The output itself is built per viewer by `candidates.assessments.selectors`, which owns
redaction; the read-only serializers below describe it (a test checks real answers
against them). Keys an assessor may not see are absent, hence optional here."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from candidates.assessments.scoring import ScoreInput
from candidates.models import Assessment, Assignment
from recruiting.models import StageKind


class RatingInput(serializers.Serializer[Any]):
    criterion = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    value = serializers.IntegerField(min_value=1, max_value=4)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class ScoreInputSerializer(serializers.Serializer[Any]):
    ratings = RatingInput(many=True, max_length=50)  # type: ignore[call-arg]
    recommendation = serializers.IntegerField(
        min_value=1, max_value=4, required=False, allow_null=True, default=None
    )
    notes = serializers.CharField(max_length=10_000, required=False, allow_blank=True, default="")

    def validate_ratings(self, ratings: list[dict[str, Any]]) -> list[dict[str, Any]]:
        ids = [r["criterion"] for r in ratings]
        if len(ids) != len(set(ids)):
            raise serializers.ValidationError("Rate each criterion once.")
        return ratings

    def to_input(self) -> ScoreInput:
        data = self.validated_data
        return ScoreInput(
            ratings={r["criterion"]: (r["value"], r["note"]) for r in data["ratings"]},
            recommendation=data.get("recommendation"),
            notes=data.get("notes", ""),
        )


class AmendInputSerializer(ScoreInputSerializer):
    reason = serializers.CharField(max_length=2000)


class DeclineInputSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=2000)


class ReassignInputSerializer(serializers.Serializer[Any]):
    remove = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    add = serializers.IntegerField(
        min_value=1, max_value=2**63 - 1, required=False, allow_null=True
    )
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class WrittenScoreInputSerializer(serializers.Serializer[Any]):
    score = serializers.IntegerField(min_value=0, max_value=100)


# Output shapes (read-only, for the schema).


class _Out(serializers.Serializer[Any]):
    """Read-only: every field is output."""


class AssessmentStage(_Out):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=StageKind.choices)


class AssessmentJob(_Out):
    id = serializers.IntegerField()
    title = serializers.CharField()


class CandidateName(_Out):
    id = serializers.IntegerField()
    full_name = serializers.CharField(help_text='"Candidate <id>" on an anonymised stage.')


class AssessmentSummary(_Out):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=Assessment.Status.choices)
    due_at = serializers.DateTimeField(allow_null=True)
    overdue = serializers.BooleanField()
    understaffed = serializers.BooleanField()
    stage = AssessmentStage()
    application = serializers.IntegerField()
    job = AssessmentJob()
    candidate = CandidateName()
    my_seat = serializers.ChoiceField(
        choices=Assignment.Status.choices, allow_null=True, help_text="Your seat, if any."
    )
    result = serializers.ChoiceField(
        choices=Assessment.Result.choices,
        allow_null=True,
        allow_blank=True,
        help_text="Null until you may see the panel (blind scoring); empty until decided.",
    )


class AssessmentPage(_Out):
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = AssessmentSummary(many=True)


class PublicationBrief(_Out):
    title = serializers.CharField()
    venue = serializers.CharField()
    year = serializers.IntegerField()
    tier = serializers.CharField()


class AwardBrief(_Out):
    name = serializers.CharField()
    level = serializers.CharField()
    year = serializers.IntegerField()


class CandidatePacket(_Out):
    id = serializers.IntegerField()
    full_name = serializers.CharField()
    education = serializers.CharField()
    years_experience = serializers.CharField()
    specialties = serializers.ListField(child=serializers.CharField())
    publications = PublicationBrief(many=True)
    awards = AwardBrief(many=True)
    anonymized = serializers.BooleanField()
    school = serializers.CharField(required=False, help_text="Absent on an anonymised stage.")
    current_employer = serializers.CharField(
        required=False, help_text="Absent on an anonymised stage."
    )
    email = serializers.CharField(required=False, help_text="Never shown to assessors.")
    phone = serializers.CharField(required=False, help_text="Never shown to assessors.")
    salary_expectation = serializers.IntegerField(
        required=False, allow_null=True, help_text="Never shown to assessors."
    )
    links = serializers.ListField(
        child=serializers.CharField(), required=False, help_text="Never shown to assessors."
    )


class CriterionBrief(_Out):
    id = serializers.IntegerField()
    name = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    weight = serializers.DecimalField(max_digits=5, decimal_places=2, coerce_to_string=True)


class Scorecard(_Out):
    id = serializers.IntegerField()
    scale = serializers.DictField(
        child=serializers.CharField(), help_text='Rating → its words: "1": "strong no" … "4".'
    )
    criteria = CriterionBrief(many=True)


class StageSettings(_Out):
    panel_size = serializers.IntegerField()
    quorum = serializers.IntegerField()
    pass_threshold = serializers.DecimalField(max_digits=3, decimal_places=2)
    fail_threshold = serializers.DecimalField(max_digits=3, decimal_places=2)
    auto_advance = serializers.BooleanField()
    pass_mark = serializers.IntegerField(allow_null=True)


class RatingOut(_Out):
    criterion = serializers.IntegerField()
    value = serializers.IntegerField(min_value=1, max_value=4)
    note = serializers.CharField(allow_blank=True)


class ScoreOut(_Out):
    revision = serializers.IntegerField()
    submitted = serializers.BooleanField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    recommendation = serializers.IntegerField(allow_null=True, min_value=1, max_value=4)
    recommendation_label = serializers.CharField(allow_null=True)
    weighted = serializers.DecimalField(max_digits=5, decimal_places=3, allow_null=True)
    notes = serializers.CharField(allow_blank=True)
    amend_reason = serializers.CharField(allow_blank=True)
    ratings = RatingOut(many=True)


class AssessorBrief(_Out):
    id = serializers.IntegerField()
    username = serializers.CharField()


class PanelScore(ScoreOut):
    assessor = AssessorBrief()
    seat_status = serializers.ChoiceField(choices=Assignment.Status.choices)


class Seat(_Out):
    assessor = serializers.IntegerField()
    status = serializers.ChoiceField(choices=Assignment.Status.choices)
    reason = serializers.CharField(allow_blank=True)


class AssessorWeighted(_Out):
    assessor_id = serializers.IntegerField()
    weighted = serializers.FloatField()


class Aggregate(_Out):
    """A panel's aggregate, or a written test's score against its pass mark."""

    scores = AssessorWeighted(many=True, required=False)
    median = serializers.FloatField(required=False)
    mean = serializers.FloatField(required=False)
    spread = serializers.FloatField(required=False)
    calibration_needed = serializers.BooleanField(required=False)
    result = serializers.ChoiceField(choices=Assessment.Result.choices, required=False)
    pass_threshold = serializers.FloatField(required=False)
    fail_threshold = serializers.FloatField(required=False)
    spread_threshold = serializers.FloatField(required=False)
    written_score = serializers.IntegerField(required=False)
    pass_mark = serializers.IntegerField(required=False)


class AssessmentDetail(AssessmentSummary):
    candidate = CandidatePacket()  # type: ignore[assignment]
    scorecard = Scorecard(allow_null=True)
    settings = StageSettings()
    my_scores = ScoreOut(many=True)
    panel = PanelScore(many=True, required=False, help_text="Once you may see the panel.")
    seats = Seat(many=True, required=False, help_text="Once you may see the panel.")
    aggregate = Aggregate(required=False, allow_null=True, help_text="Once decided.")
    proposal = serializers.ChoiceField(
        choices=Assessment.Proposal.choices, required=False, allow_null=True
    )
    written_score = serializers.IntegerField(required=False, allow_null=True)


class LeftPanel(_Out):
    message = serializers.CharField()
    extra = serializers.DictField()


class AssessorCalibrationRow(_Out):
    assessor_id = serializers.IntegerField()
    assessments_scored = serializers.IntegerField()
    mean_score = serializers.FloatField()
    pass_rate = serializers.FloatField(allow_null=True)
    mean_deviation_from_median = serializers.FloatField(allow_null=True)


class AssessorCalibration(_Out):
    assessors = AssessorCalibrationRow(many=True)


class UnitAgreementRow(_Out):
    unit_id = serializers.IntegerField()
    statistic = serializers.ChoiceField(choices=["krippendorff_alpha"])
    alpha = serializers.FloatField(allow_null=True, help_text="Null when undefined.")
    units = serializers.IntegerField(help_text="Panels with at least two scores.")
    pairable_values = serializers.IntegerField()
    metric = serializers.ChoiceField(choices=["interval", "ordinal", "nominal"])


class UnitCalibration(_Out):
    units = UnitAgreementRow(many=True)
