"""Notifications in the Django admin. Templates, staff languages, webhooks and job
followers are saved through their services, as the API saves them; deliveries are read
and replayed, never edited, because their status changes only through claims."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html

from candidates.notifications.deliveries import delivery_replay
from candidates.notifications.following import job_follow, job_follow_refusal, job_unfollow
from candidates.notifications.messaging import (
    RenderError,
    message_template_save,
    render_message,
    sample_variables,
    template_problems,
)
from candidates.notifications.models import (
    CandidateContact,
    Delivery,
    DeliveryAttempt,
    JobFollower,
    MessageTemplate,
    Notification,
    StaffPreference,
    Subscription,
    WebhookEndpoint,
)
from candidates.notifications.netguard import UnsafeURL, resolve
from candidates.notifications.preferences import staff_language_set
from candidates.notifications.webhooks import webhook_endpoint_create, webhook_endpoint_update
from recruiting.errors import DomainError


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


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
        for field, found in problems.items():
            self.add_error(field if field in self.fields else None, found)
        return cleaned


@admin.register(MessageTemplate)
class MessageTemplateAdmin(admin.ModelAdmin[MessageTemplate]):
    form = MessageTemplateForm
    list_display = ("event_type", "audience", "language", "subject", "is_active")
    list_filter = ("audience", "language", "is_active")
    search_fields = ("event_type", "subject")
    readonly_fields = ("variables", "preview")

    def save_model(
        self, request: HttpRequest, obj: MessageTemplate, form: Any, change: bool
    ) -> None:
        data = {name: form.cleaned_data[name] for name in MessageTemplateForm.Meta.fields}
        saved = message_template_save(template=obj if change else None, data=data)
        obj.pk = saved.pk

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
        # The HTML part goes in a sandboxed frame: admins write it, scripts never run. Its
        # size is in attributes: the Content-Security-Policy refuses inline styles.
        return format_html(
            '<strong>{}</strong><pre>{}</pre><iframe sandbox srcdoc="{}" '
            'width="100%" height="260" title="HTML part"></iframe>',
            rendered.subject,
            rendered.text,
            rendered.html,
        )


@admin.register(StaffPreference)
class StaffPreferenceAdmin(admin.ModelAdmin[StaffPreference]):
    list_display = ("user", "language")
    list_filter = ("language",)
    autocomplete_fields = ("user",)

    def save_model(
        self, request: HttpRequest, obj: StaffPreference, form: Any, change: bool
    ) -> None:
        staff_language_set(user=obj.user, language=obj.language)
        obj.pk = StaffPreference.objects.get(user=obj.user).pk


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

    def save_model(
        self, request: HttpRequest, obj: WebhookEndpoint, form: Any, change: bool
    ) -> None:
        data = form.cleaned_data
        if change:
            changed = {name: data[name] for name in form.changed_data if name in data}
            webhook_endpoint_update(endpoint=obj, data=changed)
            return
        saved = webhook_endpoint_create(
            url=data["url"],
            owner=data["owner"],
            event_types=data.get("event_types") or [],
            description=data.get("description", ""),
        )
        obj.pk = saved.pk


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


class JobFollowerForm(forms.ModelForm[JobFollower]):
    class Meta:
        model = JobFollower
        fields = ("job", "user")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("job") and cleaned.get("user"):
            refusal = job_follow_refusal(cleaned["user"], cleaned["job"])
            if refusal:
                raise forms.ValidationError(refusal)
        return cleaned


@admin.register(JobFollower)
class JobFollowerAdmin(admin.ModelAdmin[JobFollower]):
    """Follow on someone's behalf, or stop; a follower is never edited into another."""

    form = JobFollowerForm
    list_display = ("job", "user")
    list_select_related = ("job", "user")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: JobFollower, form: Any, change: bool) -> None:
        job_follow(user=obj.user, job=obj.job)
        obj.pk = JobFollower.objects.get(job=obj.job, user=obj.user).pk

    def delete_model(self, request: HttpRequest, obj: JobFollower) -> None:
        job_unfollow(user=obj.user, job=obj.job)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[JobFollower]) -> None:
        for follower in queryset.select_related("job", "user"):
            job_unfollow(user=follower.user, job=follower.job)


@admin.register(CandidateContact)
class CandidateContactAdmin(admin.ModelAdmin[CandidateContact]):
    list_display = ("candidate", "language", "unsubscribed_at")
    list_select_related = ("candidate",)
    autocomplete_fields = ("candidate",)
