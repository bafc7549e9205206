"""The Celery application: `celery -A recruiting.project worker` (and `beat`).

Tasks are found by name in each app's `tasks` module (`autodiscover_tasks`); no module
of ours imports a tasks module, they publish by registered name.
"""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recruiting.project.settings")

app = Celery("recruiting")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
