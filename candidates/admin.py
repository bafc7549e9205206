"""Candidates are edited here through the candidate services (normalised contacts, one
person one record, never deleted: history hangs off them); applications, history and
the outbox are read-only, because only the pipeline engine changes an application."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html

from candidates.models import (
    Application,
    Assessment,
    Assignment,
    Award,
    Candidate,
    OutboxEvent,
    Publication,
    Score,
    Transition,
)
from candidates.services.candidates import (
    candidate_check_identity,
    candidate_create,
    candidate_update,
)
from recruiting.errors import Conflict, DomainError
from recruiting.roles import acting_user

PUBLICATION_FIELDS = ("title", "venue", "year", "tier", "specialty")
AWARD_FIELDS = ("name", "level", "year")


class PublicationInline(admin.TabularInline[Publication, Candidate]):
    model = Publication
    fields = PUBLICATION_FIELDS
    extra = 0


class AwardInline(admin.TabularInline[Award, Candidate]):
    model = Award
    fields = AWARD_FIELDS
    extra = 0


class CandidateForm(forms.ModelForm[Candidate]):
    """Refuses, beside the field, what the candidate services refuse: a phone that is not
    one, or the email or phone of someone already on file (with a link to them)."""

    class Meta:
        model = Candidate
        fields = (
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
            "salary_expectation",
            "links",
            "consent_given_at",
            "retain_until",
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        email, phone = cleaned.get("email") or "", cleaned.get("phone") or ""
        if not email.strip() and not phone.strip():
            raise forms.ValidationError("A candidate needs an email or a phone number.")
        try:
            candidate_check_identity(email=email, phone=phone, exclude=self.instance.pk or 0)
        except Conflict as exc:
            field = exc.extra.get("field", "email")
            url = reverse("admin:candidates_candidate_change", args=[exc.extra["existing_id"]])
            self.add_error(field, format_html('{} <a href="{}">See them.</a>', exc.message, url))
        except DomainError as exc:
            for field, found in exc.extra.get("fields", {}).items():
                self.add_error(field if field in self.fields else None, found)
        return cleaned


def _rows(formset: Any, names: tuple[str, ...]) -> list[dict[str, Any]]:
    """The inline's rows as the service takes them: every row kept, in order."""
    return [
        {name: form.cleaned_data[name] for name in names}
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


@admin.register(Candidate)
class CandidateAdmin(admin.ModelAdmin[Candidate]):
    form = CandidateForm
    list_display = (
        "full_name",
        "email",
        "phone",
        "current_employer",
        "education",
        "years_experience",
        "source",
    )
    list_filter = ("source", "education", "specialties")
    search_fields = ("full_name", "email_normalized", "phone_normalized")
    filter_horizontal = ("specialties",)
    inlines = [PublicationInline, AwardInline]
    readonly_fields = ("email_normalized", "phone_normalized")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Applications and their append-only history belong to the person; erasure is a
        # process of its own, not a cascade from a button.
        return False

    def save_model(self, request: HttpRequest, obj: Candidate, form: Any, change: bool) -> None:
        """Nothing yet: the candidate is saved with its publications and awards, through
        the candidate services, in `save_related`."""

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        data = {
            name: value
            for name, value in form.cleaned_data.items()
            if name not in ("specialties", "id")
        }
        data["specialties"] = list(form.cleaned_data.get("specialties") or [])
        for formset in formsets:
            if formset.model is Publication:
                data["publications"] = _rows(formset, PUBLICATION_FIELDS)
            elif formset.model is Award:
                data["awards"] = _rows(formset, AWARD_FIELDS)
            # The service wrote the rows; the change message reads these.
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        if change:
            saved = candidate_update(
                candidate=Candidate.objects.get(pk=form.instance.pk), data=data
            )
        else:
            saved = candidate_create(actor=acting_user(request), data=data)
        form.instance.pk = saved.pk


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class TransitionInline(admin.TabularInline[Transition, Application]):
    model = Transition
    fields = (
        "created_at",
        "kind",
        "from_stage",
        "to_stage",
        "to_status",
        "actor",
        "actor_role",
        "reason",
    )
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = ("id", "candidate", "job", "track", "stage", "status", "is_fast_track", "due_at")
    list_filter = ("status", "is_fast_track", "track", "stage__kind")
    search_fields = ("candidate__full_name", "candidate__email_normalized")
    list_select_related = ("candidate", "job", "track", "stage")
    inlines = [TransitionInline]


@admin.register(OutboxEvent)
class OutboxEventAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "type", "status", "attempts", "dispatched_at")
    list_filter = ("status", "type")


class SeatInline(admin.TabularInline[Assignment, Assessment]):
    model = Assignment
    fields = ("assessor", "status", "reason", "submitted_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdmin):
    list_display = ("id", "application", "stage", "status", "result", "understaffed", "due_at")
    list_filter = ("status", "result", "understaffed")
    list_select_related = ("application__candidate", "application__job", "stage__track")
    inlines = [SeatInline]


@admin.register(Score)
class ScoreAdmin(ReadOnlyAdmin):
    list_display = (
        "seat",
        "revision",
        "is_submitted",
        "recommendation",
        "weighted",
        "submitted_at",
    )
    list_filter = ("is_submitted",)
