"""Settings, read from the environment (see .env.example for every variable)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import django_stubs_ext
import environ
from celery.schedules import crontab

# Lets generic classes (ModelAdmin[Job], QuerySet[Job]) be subscripted at run time.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parents[2]

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="insecure-development-key-change-me")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # Operator classes in index definitions (the trigram indexes of text search); its
    # PostgreSQL-only parts do nothing on SQLite.
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "recruiting",
    "candidates",
    "candidates.notifications",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "recruiting.middleware.RejectNulBytesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "recruiting.project.urls"
WSGI_APPLICATION = "recruiting.project.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# On PostgreSQL, parameters travel apart from the SQL, so psycopg prepares a statement
# a connection has run five times and PostgreSQL stops planning it anew: planning costs
# more than running the short statements of a request. Turn it off behind a
# transaction-mode pooler that cannot keep prepared statements.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env.bool(
    "DATABASE_PREPARED_STATEMENTS", default=True
):
    # Django's backend, told that such statements take at most 65,535 parameters.
    DATABASES["default"]["ENGINE"] = "recruiting.postgresql"
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        server_side_binding=True, prepare_threshold=5
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("zh-hans", "简体中文")]
TIME_ZONE = env.str("TIME_ZONE", default="Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "recruiting.authentication.RoleTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["recruiting.permissions.IsStaffRoleOrReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "recruiting.api.pagination.PagePagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "recruiting.api.filtering.FilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "recruiting.errors.api_exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
if DEBUG:
    REST_FRAMEWORK["DEFAULT_RENDERER_CLASSES"].append(  # type: ignore[attr-defined]
        "rest_framework.renderers.BrowsableAPIRenderer"
    )

SPECTACULAR_SETTINGS = {
    "TITLE": "recruiting API",
    "DESCRIPTION": "Recruiting pipeline manager with explainable fast tracks.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema and docs describe the API; they are not secret, and a newcomer reads them first.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Tag operations by resource (applications, jobs, …) rather than all as "v1".
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "ENUM_NAME_OVERRIDES": {
        "StageKindEnum": "recruiting.models.tracks.StageKind",
        "TrackKindEnum": "recruiting.models.tracks.Track.Kind",
        "ApplicationStatusEnum": "candidates.models.application.ApplicationStatus",
        "AssessmentStatusEnum": "candidates.models.assessment.Assessment.Status",
        "SeatStatusEnum": "candidates.models.assessment.Assignment.Status",
    },
}

# Celery: without REDIS_URL, tasks run in-process (eagerly) so a fresh machine needs no broker.
REDIS_URL = env.str("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 3600,
    # Publishing gives up at once when Redis is down (instead of retrying for seconds
    # inside a request): the rows are in the database and the sweep enqueues them.
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
    "socket_connect_timeout": 3,
}
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_IGNORE_RESULT = True
# Every periodic job, in one place. Each is safe when two beats run by mistake: the
# work is claimed in the database, never by the schedule.
CELERY_BEAT_SCHEDULE = {
    "check-assessment-slas": {
        "task": "candidates.check_assessment_slas",
        "schedule": timedelta(minutes=5),
    },
    "notifications-sweep": {
        "task": "candidates.notifications.sweep",
        "schedule": timedelta(seconds=env.int("NOTIFY_SWEEP_INTERVAL", default=60)),
    },
    "notifications-digests": {
        "task": "candidates.notifications.digests",
        "schedule": crontab(minute=0, hour=env.int("NOTIFY_DIGEST_HOUR", default=9)),
    },
    "notifications-purge": {
        "task": "candidates.notifications.purge",
        "schedule": crontab(minute=30, hour=3),
    },
}
# Where beat records when each job last ran; beat's user must be able to write it (the
# image's /app it cannot: the Dockerfile points this at a volume). A file, kept across
# restarts, rather than a schedule in memory: a digest or purge whose time passed while
# beat was down then runs as soon as beat is back, where a new or lost file counts from
# beat's start and that day's digest waits for the next day (interval jobs only wait
# one interval). Running late, or twice from two beats sharing the file, is safe: every
# job is claimed in the database.
CELERY_BEAT_SCHEDULE_FILENAME = env.str(
    "CELERY_BEAT_SCHEDULE_FILENAME", default=str(BASE_DIR / "celerybeat-schedule")
)

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="recruiting@localhost")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)

# Notifications (see README, Notifications). Times in seconds unless named otherwise.
# Events and deliveries left behind this long are picked up by the sweep.
NOTIFY_SWEEP_GRACE = env.int("NOTIFY_SWEEP_GRACE", default=60)
# A web process publishes the dispatch of the events it commits this long after the
# first, in batches (candidates/notifications/relay.py); 0 publishes after each commit.
NOTIFY_RELAY_LINGER = env.float("NOTIFY_RELAY_LINGER", default=0.05)
# A delivery claimed this long ago by a task that never finished goes back to pending.
NOTIFY_CLAIM_TIMEOUT = env.int("NOTIFY_CLAIM_TIMEOUT", default=300)
# The longest Celery countdown used; anything later waits in the database for the sweep.
NOTIFY_MAX_COUNTDOWN = env.int("NOTIFY_MAX_COUNTDOWN", default=5)
# Outbox events fanned out by one dispatch task, and deliveries sent by one task: one
# broker message, one claim query and one SMTP / HTTP connection per batch.
NOTIFY_DISPATCH_BATCH = env.int("NOTIFY_DISPATCH_BATCH", default=100)
NOTIFY_DELIVERY_BATCH = env.int("NOTIFY_DELIVERY_BATCH", default=50)
NOTIFY_EMAIL_RETRY_SCHEDULE = env.list(
    "NOTIFY_EMAIL_RETRY_SCHEDULE", cast=int, default=[60, 300, 1800, 7200, 21600]
)
# Seven retries after the first try, about 15.6 hours in all.
NOTIFY_WEBHOOK_RETRY_SCHEDULE = env.list(
    "NOTIFY_WEBHOOK_RETRY_SCHEDULE", cast=int, default=[60, 300, 1800, 3600, 7200, 14400, 28800]
)
NOTIFY_WEBHOOK_TIMEOUT = env.int("NOTIFY_WEBHOOK_TIMEOUT", default=10)
# Failed attempts in a row that disable an endpoint (three deliveries' full schedules).
NOTIFY_WEBHOOK_DISABLE_AFTER = env.int("NOTIFY_WEBHOOK_DISABLE_AFTER", default=24)
# Allow webhooks to private, loopback and link-local addresses (tests, closed networks).
NOTIFY_WEBHOOK_ALLOW_PRIVATE = env.bool("NOTIFY_WEBHOOK_ALLOW_PRIVATE", default=False)
NOTIFY_RETENTION_DAYS = env.int("NOTIFY_RETENTION_DAYS", default=30)
# Where links in emails (unsubscribe) point.
NOTIFY_BASE_URL = env.str("NOTIFY_BASE_URL", default="http://127.0.0.1:8000")

# Product settings.
RECRUITING_DEFAULT_PHONE_REGION = env.str("RECRUITING_DEFAULT_PHONE_REGION", default="CN")
RECRUITING_SIMULATION_LIMIT = env.int("RECRUITING_SIMULATION_LIMIT", default=5000)
RECRUITING_DUE_SOON_HOURS = env.int("RECRUITING_DUE_SOON_HOURS", default=24)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}
