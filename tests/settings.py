"""The project's settings as the test suite runs them, with every difference said here.

Processes the suite starts (gunicorn, Celery workers) inherit DJANGO_SETTINGS_MODULE
and so these settings too, unless a test names others.
"""

from __future__ import annotations

import os

# DEBUG is off in tests, as in production, so a serving process would refuse the
# built-in development key: the suite has its own, never used anywhere else. Set in
# the environment before the project's settings read it, so that processes the suite
# starts read it as well.
os.environ.setdefault("SECRET_KEY", "tests-only-0f6b2c9e4d1a8b7c3e5f9a2d6c8b1e4f7a0d3c5b9e2f")

from recruiting.project.settings import *  # noqa: F403

# The suite makes thousands of API requests from one address and a handful of users:
# no request is throttled by accident. The throttling tests switch the rates on.
API_THROTTLE_AUTHENTICATED = None
API_THROTTLE_ANONYMOUS = None
