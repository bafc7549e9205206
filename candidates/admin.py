"""Candidates are edited here; applications, history and the outbox are read-only,
because only the pipeline engine changes an application's stage or status."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

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


class PublicationInline(admin.TabularInline[Publication, Candidate]):
    model = Publication
    extra = 0


class AwardInline(admin.TabularInline[Award, Candidate]):
    model = Award
    extra = 0


@admin.register(Candidate)
class CandidateAdmin(admin.ModelAdmin[Candidate]):
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
