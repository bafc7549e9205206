"""Configuration in the Django admin. Stages and rules are saved through the services,
so the admin versions tracks and validates rules exactly as the API does."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db import router
from django.db.models import ProtectedError, QuerySet
from django.db.models.deletion import Collector
from django.http import HttpRequest

from recruiting.models import (
    ApiToken,
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
    Track,
)
from recruiting.services import (
    rule_problems,
    rule_save,
    rule_track_refusal,
    scorecard_save,
    stage_problems,
    track_set_stages,
)

STAGE_FIELDS = (
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
)


@admin.register(Specialty)
class SpecialtyAdmin(admin.ModelAdmin[Specialty]):
    list_display = ("name", "slug", "name_zh")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin[Location]):
    list_display = ("city", "city_zh")


class MembershipInline(admin.TabularInline[Membership, BusinessUnit]):
    model = Membership
    extra = 0
    autocomplete_fields = ("user",)
    filter_horizontal = ("specialties",)


@admin.register(BusinessUnit)
class BusinessUnitAdmin(admin.ModelAdmin[BusinessUnit]):
    list_display = ("name", "lead", "city", "default_assessment_sla")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [MembershipInline]


@admin.register(Drive)
class DriveAdmin(admin.ModelAdmin[Drive]):
    list_display = ("name", "starts_on", "ends_on", "target_headcount")
    filter_horizontal = ("target_specialties",)


@admin.register(Job)
class JobAdmin(admin.ModelAdmin[Job]):
    list_display = (
        "title",
        "unit",
        "specialty",
        "location",
        "salary_min",
        "salary_max",
        "headcount",
        "hired_count",
        "status",
    )
    list_filter = ("status", "unit", "specialty", "location")
    search_fields = ("title",)
    filter_horizontal = ("tracks",)
    readonly_fields = ("hired_count",)


class CurrentVersionStages(forms.BaseInlineFormSet[Stage, Track, Any]):
    """Shows the current version's stages and checks the list as the service will."""

    def get_queryset(self) -> QuerySet[Stage]:
        track = self.instance
        return super().get_queryset().filter(version=track.current_version if track.pk else 1)

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        problems = stage_problems(self.instance, self.stage_rows())
        if problems:
            raise forms.ValidationError([f"{k}: {' '.join(v)}" for k, v in problems.items()])

    def stage_rows(self) -> list[dict[str, Any]]:
        rows = [
            f.cleaned_data
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]
        rows.sort(key=lambda row: row.get("position") or 0)
        return [{k: row[k] for k in STAGE_FIELDS if k != "position" and k in row} for row in rows]


class StageInline(admin.TabularInline[Stage, Track]):
    model = Stage
    formset = CurrentVersionStages
    fields = STAGE_FIELDS
    extra = 0
    ordering = ("position",)


@admin.register(Track)
class TrackAdmin(admin.ModelAdmin[Track]):
    list_display = ("name", "kind", "routing", "current_version")
    list_filter = ("kind",)
    readonly_fields = ("current_version",)
    inlines = [StageInline]

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if isinstance(formset, CurrentVersionStages):
            if formset.has_changed() or not change:
                track_set_stages(track=form.instance, stages=formset.stage_rows())
            # The service wrote the stages (perhaps as a new version); the admin's change
            # message reads what a formset's own save would have recorded.
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
            return
        super().save_formset(request, form, formset, change)


class EligibilityRuleForm(forms.ModelForm[EligibilityRule]):
    class Meta:
        model = EligibilityRule
        fields = ("track", "name", "description", "definition", "is_active")

    def clean_definition(self) -> object:
        definition = self.cleaned_data["definition"]
        problems = rule_problems(definition)
        if problems:
            raise forms.ValidationError([f"{p['path']}: {p['message']}" for p in problems])
        return definition

    def clean_track(self) -> Track:
        track: Track = self.cleaned_data["track"]
        refusal = rule_track_refusal(track)
        if refusal:
            raise forms.ValidationError(refusal)
        return track


@admin.register(EligibilityRule)
class EligibilityRuleAdmin(admin.ModelAdmin[EligibilityRule]):
    form = EligibilityRuleForm
    list_display = ("name", "track", "version", "is_active", "updated_at")
    list_filter = ("track", "is_active")
    readonly_fields = ("version",)

    def save_model(
        self, request: HttpRequest, obj: EligibilityRule, form: Any, change: bool
    ) -> None:
        data = {k: form.cleaned_data[k] for k in ("name", "description", "definition", "is_active")}
        saved = rule_save(rule=obj if change else None, track=form.cleaned_data["track"], data=data)
        obj.pk, obj.version = saved.pk, saved.version


class CriteriaFormSet(forms.BaseInlineFormSet[Criterion, ScorecardTemplate, Any]):
    """Checks the list as `scorecard_save` will take it: at least one criterion, and no
    criterion that assessors have rated removed (or renamed away)."""

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        rows = self.criteria_rows()
        if not rows:
            raise forms.ValidationError("A scorecard needs at least one criterion.")
        if not self.instance.pk:
            return
        kept = {row["name"] for row in rows}
        dropped = [c for c in self.instance.criteria.all() if c.name not in kept]
        in_use = []
        for criterion in dropped:
            try:
                Collector(using=router.db_for_write(Criterion)).collect([criterion])
            except ProtectedError:
                in_use.append(criterion.name)
        if in_use:
            raise forms.ValidationError(
                f"Assessors have rated {', '.join(in_use)}: keep it, or create a new "
                "scorecard instead."
            )

    def criteria_rows(self) -> list[dict[str, Any]]:
        rows = [
            f.cleaned_data
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]
        rows.sort(key=lambda row: row.get("position") or 0)
        return [
            {"name": r["name"], "description": r.get("description", ""), "weight": r["weight"]}
            for r in rows
        ]


class CriterionInline(admin.TabularInline[Criterion, ScorecardTemplate]):
    model = Criterion
    formset = CriteriaFormSet
    fields = ("position", "name", "description", "weight")
    extra = 0


@admin.register(ScorecardTemplate)
class ScorecardTemplateAdmin(admin.ModelAdmin[ScorecardTemplate]):
    """Saved through `scorecard_save`, as the API saves it."""

    list_display = ("name", "spread_threshold")
    inlines = [CriterionInline]

    def save_model(
        self, request: HttpRequest, obj: ScorecardTemplate, form: Any, change: bool
    ) -> None:
        """Nothing yet: the scorecard is saved with its criteria in `save_related`."""

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        data = {k: form.cleaned_data[k] for k in ("name", "description", "spread_threshold")}
        for formset in formsets:
            if isinstance(formset, CriteriaFormSet):
                data["criteria"] = formset.criteria_rows()
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        template = ScorecardTemplate.objects.get(pk=form.instance.pk) if change else None
        form.instance.pk = scorecard_save(template=template, data=data).pk


@admin.register(RejectionReason)
class RejectionReasonAdmin(admin.ModelAdmin[RejectionReason]):
    list_display = ("label", "code", "is_active")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    """Tokens are issued by logging in to the API; here an admin sees who holds one and
    revokes it by deleting it (select all of a user's to log them out everywhere)."""

    list_display = ("user", "created_at", "expires_at")
    list_select_related = ("user",)
    search_fields = ("user__username",)
    fields = ("user", "created_at", "expires_at")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: ApiToken | None = None) -> bool:
        return False
