"""Candidates are edited here; applications, history and the outbox are read-only,
because only the pipeline engine changes an application's stage or status."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from candidates.models import (
    Application,
    Assessment,
    Assignment,
    Award,
    Candidate,
    CandidateContact,
    Delivery,
    DeliveryAttempt,
    JobFollower,
    Notification,
    OutboxEvent,
    Publication,
    Score,
    Subscription,
    Transition,
    WebhookEndpoint,
)
from candidates.notifications.deliveries import delivery_replay
from candidates.notifications.netguard import UnsafeURL, resolve
from recruiting.errors import DomainError


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


# Notifications: subscriptions and webhooks are configured here; deliveries are read
# and replayed, never edited, because their status changes only through claims.


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin[Subscription]):
    list_display = (
        "event_type",
        "audience",
        "channel",
        "stage_kinds",
        "delay",
        "is_essential",
        "is_active",
    )
    list_filter = ("audience", "channel", "is_active", "is_essential")
    list_editable = ("is_active",)


class WebhookEndpointForm(forms.ModelForm[WebhookEndpoint]):
    url = forms.URLField(max_length=500, assume_scheme="https")

    class Meta:
        model = WebhookEndpoint
        fields = ("url", "description", "event_types", "owner", "is_active")

    def clean_url(self) -> str:
        url: str = self.cleaned_data["url"]
        try:
            resolve(url)
        except UnsafeURL as exc:
            raise forms.ValidationError(str(exc)) from None
        return url


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin[WebhookEndpoint]):
    form = WebhookEndpointForm
    list_display = ("url", "owner", "is_active", "failure_count", "disabled_at")
    list_filter = ("is_active",)
    readonly_fields = ("secret", "failure_count", "disabled_at", "disabled_reason")


class AttemptInline(admin.TabularInline[DeliveryAttempt, Delivery]):
    model = DeliveryAttempt
    fields = ("number", "at", "status_code", "error", "duration_ms")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.action(description="Replay the selected dead or cancelled deliveries")
def replay_deliveries(
    modeladmin: admin.ModelAdmin[Delivery], request: HttpRequest, queryset: QuerySet[Delivery]
) -> None:
    replayed = 0
    ended = [Delivery.Status.DEAD, Delivery.Status.CANCELLED]
    for delivery_id in queryset.filter(status__in=ended).values_list("pk", flat=True):
        try:
            delivery_replay(delivery_id=str(delivery_id))
            replayed += 1
        except DomainError as exc:
            modeladmin.message_user(request, exc.message, messages.WARNING)
    modeladmin.message_user(request, f"{replayed} deliveries queued again.")


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = (
        "created_at",
        "event",
        "channel",
        "recipient",
        "status",
        "attempts",
        "next_attempt_at",
        "last_error",
    )
    list_filter = ("status", "channel", "endpoint")
    search_fields = ("recipient", "=event__id")
    list_select_related = ("event",)
    inlines = [AttemptInline]
    actions = [replay_deliveries]


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "user", "event_type", "title", "read_at")
    list_filter = ("event_type",)
    list_select_related = ("user",)


@admin.register(JobFollower)
class JobFollowerAdmin(admin.ModelAdmin[JobFollower]):
    list_display = ("job", "user")
    list_select_related = ("job", "user")


@admin.register(CandidateContact)
class CandidateContactAdmin(admin.ModelAdmin[CandidateContact]):
    list_display = ("candidate", "language", "unsubscribed_at")
    list_select_related = ("candidate",)
