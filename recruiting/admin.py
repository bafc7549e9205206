"""Configuration in the Django admin. Stages and rules are saved through the services,
so the admin versions tracks and validates rules exactly as the API does."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html

from recruiting.messaging import RenderError, render_message, sample_variables, template_problems
from recruiting.models import (
    ApiToken,
    BusinessUnit,
    Criterion,
    Drive,
    EligibilityRule,
    Job,
    Location,
    Membership,
    MessageTemplate,
    RejectionReason,
    ScorecardTemplate,
    Specialty,
    StaffPreference,
    Stage,
    Track,
)
from recruiting.services import rule_problems, rule_save, stage_problems, track_set_stages

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


class CriterionInline(admin.TabularInline[Criterion, ScorecardTemplate]):
    model = Criterion
    fields = ("position", "name", "description", "weight")
    extra = 0


@admin.register(ScorecardTemplate)
class ScorecardTemplateAdmin(admin.ModelAdmin[ScorecardTemplate]):
    list_display = ("name", "spread_threshold")
    inlines = [CriterionInline]


@admin.register(RejectionReason)
class RejectionReasonAdmin(admin.ModelAdmin[RejectionReason]):
    list_display = ("label", "code", "is_active")


class MessageTemplateForm(forms.ModelForm[MessageTemplate]):
    """Refuses a template that does not render with its event's variables."""

    class Meta:
        model = MessageTemplate
        fields = (
            "event_type",
            "audience",
            "language",
            "subject",
            "body_text",
            "body_html",
            "is_active",
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        problems = template_problems(
            event_type=cleaned.get("event_type", ""),
            subject=cleaned.get("subject", ""),
            body_text=cleaned.get("body_text", ""),
            body_html=cleaned.get("body_html", ""),
        )
        for field, messages in problems.items():
            self.add_error(field, messages)
        return cleaned


@admin.register(MessageTemplate)
class MessageTemplateAdmin(admin.ModelAdmin[MessageTemplate]):
    form = MessageTemplateForm
    list_display = ("event_type", "audience", "language", "subject", "is_active")
    list_filter = ("audience", "language", "is_active")
    search_fields = ("event_type", "subject")
    readonly_fields = ("variables", "preview")

    @admin.display(description="Variables this event provides")
    def variables(self, obj: MessageTemplate) -> str:
        return ", ".join(sorted(sample_variables(obj.event_type))) if obj.pk else ""

    @admin.display(description="Preview with sample values")
    def preview(self, obj: MessageTemplate) -> str:
        if not obj.pk:
            return "Save to see a preview."
        try:
            rendered = render_message(
                subject=obj.subject,
                body_text=obj.body_text,
                body_html=obj.body_html,
                variables=sample_variables(obj.event_type),
            )
        except RenderError as exc:
            return f"Does not render: {exc}"
        # The HTML part goes in a sandboxed frame: admins write it, scripts never run.
        return format_html(
            '<strong>{}</strong><pre>{}</pre><iframe sandbox srcdoc="{}" '
            'style="width:100%;height:16em;border:1px solid #ccc"></iframe>',
            rendered.subject,
            rendered.text,
            rendered.html,
        )


@admin.register(StaffPreference)
class StaffPreferenceAdmin(admin.ModelAdmin[StaffPreference]):
    list_display = ("user", "language")
    list_filter = ("language",)


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
