"""What a serving process checks before it takes any work: gunicorn or another WSGI or
ASGI server (recruiting/project/wsgi.py, asgi.py) and the Celery worker and beat
(recruiting/project/celery.py). Commands and tools (migrate, mypy's Django plugin)
load the settings without these checks, so they run without a production secret.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# The key `make run` and a fresh checkout use; never to sign anything real.
DEVELOPMENT_SECRET_KEY = "insecure-development-key-change-me"
# Keys this repository has ever shipped as a default, anywhere.
PUBLISHED_SECRET_KEYS = frozenset({DEVELOPMENT_SECRET_KEY, "change-me-in-production"})


def refuse_published_secret_key() -> None:
    """With DEBUG off, refuse to serve with a secret key anyone can read in this
    repository: it signs sessions, password-reset and unsubscribe links and seals
    API tokens, so whoever knows it could forge them."""
    if not settings.DEBUG and settings.SECRET_KEY in PUBLISHED_SECRET_KEYS:
        raise ImproperlyConfigured(
            "SECRET_KEY is the published development key and DEBUG is off: set SECRET_KEY "
            "to a long random value (python -c 'import secrets; "
            "print(secrets.token_urlsafe(50))'), or DEBUG=true on a development machine."
        )
