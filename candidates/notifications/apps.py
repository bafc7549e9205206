from __future__ import annotations

from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    """Who hears what: the event catalogue, message templates, subscriptions, deliveries
    by email, in the app and by webhook. Its own app inside `candidates`, which it serves."""

    name = "candidates.notifications"
    label = "notifications"
    verbose_name = "Notifications"
    default_auto_field = "django.db.models.BigAutoField"
