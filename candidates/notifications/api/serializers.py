"""Serializers of notifications, subscriptions, webhooks and deliveries."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from candidates.notifications.models import (
    Delivery,
    DeliveryAttempt,
    Notification,
    Subscription,
    WebhookEndpoint,
)

PATTERN_HELP = "An event type, a prefix pattern such as application.*, or *."


class NotificationSerializer(serializers.ModelSerializer[Notification]):
    is_read = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = ["id", "event_type", "title", "data", "is_read", "read_at", "created_at"]
        read_only_fields = fields

    def get_is_read(self, obj: Notification) -> bool:
        return obj.read_at is not None


def _pattern(value: str) -> str:
    if not value or len(value) > 60 or any(c.isspace() for c in value):
        raise serializers.ValidationError(PATTERN_HELP)
    if "*" in value and value != "*" and not (value.endswith(".*") and value.count("*") == 1):
        raise serializers.ValidationError(PATTERN_HELP)
    return value


class SubscriptionSerializer(serializers.ModelSerializer[Subscription]):
    stage_kinds = serializers.ListField(
        child=serializers.CharField(max_length=20), max_length=10, required=False
    )

    class Meta:
        model = Subscription
        fields = [
            "id",
            "event_type",
            "audience",
            "channel",
            "stage_kinds",
            "delay",
            "is_essential",
            "is_active",
        ]

    def validate_event_type(self, value: str) -> str:
        return _pattern(value)


class WebhookEndpointSerializer(serializers.ModelSerializer[WebhookEndpoint]):
    event_types = serializers.ListField(
        child=serializers.CharField(max_length=60), max_length=50, required=False
    )

    class Meta:
        model = WebhookEndpoint
        fields = [
            "id",
            "url",
            "description",
            "event_types",
            "owner",
            "secret",
            "is_active",
            "failure_count",
            "disabled_at",
            "disabled_reason",
            "created_at",
        ]
        read_only_fields = [
            "owner",
            "secret",
            "failure_count",
            "disabled_at",
            "disabled_reason",
            "created_at",
        ]

    def validate_event_types(self, value: list[str]) -> list[str]:
        return [_pattern(v) for v in value]


class DeliveryAttemptSerializer(serializers.ModelSerializer[DeliveryAttempt]):
    class Meta:
        model = DeliveryAttempt
        fields = ["number", "at", "status_code", "error", "duration_ms"]
        read_only_fields = fields


class DeliverySerializer(serializers.ModelSerializer[Delivery]):
    event_type = serializers.CharField(source="event.type", read_only=True)
    attempt_log = DeliveryAttemptSerializer(many=True, read_only=True)

    class Meta:
        model = Delivery
        fields = [
            "id",
            "event",
            "event_type",
            "channel",
            "recipient",
            "endpoint",
            "status",
            "attempts",
            "next_attempt_at",
            "sent_at",
            "last_error",
            "attempt_log",
            "created_at",
        ]
        read_only_fields = fields


class UnsubscribeResult(serializers.Serializer[Any]):
    unsubscribed = serializers.BooleanField()


class UnreadCount(serializers.Serializer[Any]):
    unread = serializers.IntegerField(help_text="Your unread notifications now.")


class MarkedAllRead(UnreadCount):
    marked = serializers.IntegerField(help_text="How many were marked read.")


class UnsubscribeInfo(serializers.Serializer[Any]):
    unsubscribed = serializers.BooleanField()
    message = serializers.CharField()


class Me(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    username = serializers.CharField()
    roles = serializers.ListField(
        child=serializers.ChoiceField(
            choices=["admin", "recruiter", "unit_lead", "assessor", "viewer"]
        )
    )
    units = serializers.ListField(
        child=serializers.IntegerField(), help_text="Units you lead or belong to."
    )
    language = serializers.CharField(help_text="The language of your emails.")


class Rendered(serializers.Serializer[Any]):
    subject = serializers.CharField()
    text = serializers.CharField()
    html = serializers.CharField(allow_blank=True)


class MessageVariables(serializers.Serializer[Any]):
    events = serializers.DictField(
        child=serializers.DictField(child=serializers.JSONField()),
        help_text="Event type → each variable its messages may use, with a sample value.",
    )
