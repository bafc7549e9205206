"""Notifications: the outbox fanned out into deliveries by email, in-app and webhooks."""
