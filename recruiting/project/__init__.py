"""The project's wiring: settings, root URLs, the Celery app, WSGI and ASGI.

The Celery app is created when Django loads these settings, so a web process and a
worker publish through the same configured app.
"""

from __future__ import annotations

from recruiting.project.celery import app as celery_app

__all__ = ["celery_app"]
