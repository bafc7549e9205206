"""The Celery application: `celery -A recruiting worker` and `celery -A recruiting beat`."""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recruiting.settings")

app = Celery("recruiting")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
