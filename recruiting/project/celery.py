"""The Celery application: `celery -A recruiting.project worker` (and `beat`).

Tasks are found by name in each app's `tasks` module (`autodiscover_tasks`); no module
of ours imports a tasks module, they publish by registered name.
"""

from __future__ import annotations

import os
from typing import Any

from celery import Celery
from celery.signals import beat_init, worker_init
from django.core.exceptions import ImproperlyConfigured

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recruiting.project.settings")

app = Celery("recruiting")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_init.connect
@beat_init.connect
def _refuse_published_secret_key(**kwargs: Any) -> None:
    from recruiting.project.startup import refuse_published_secret_key

    try:
        refuse_published_secret_key()
    except ImproperlyConfigured as exc:
        # Celery logs and swallows exceptions from signal handlers; SystemExit stops it.
        raise SystemExit(f"Refusing to start: {exc}") from exc
