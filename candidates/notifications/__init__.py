"""Notifications: the outbox's events fanned out into deliveries by email, in the app
and by webhook (a Django app with the label `notifications`)."""
