"""Settings, read from the environment (see .env.example for every variable)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import django_stubs_ext
import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from recruiting.project.startup import DEVELOPMENT_SECRET_KEY

# Lets generic classes (ModelAdmin[Job], QuerySet[Job]) be subscripted at run time.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parents[2]


def _proxy_ssl_header(value: str) -> tuple[str, str] | None:
    if not value.strip():
        return None
    header, _, expected = (part.strip() for part in value.partition(","))
    if not header.startswith("HTTP_") or not expected:
        raise ImproperlyConfigured(
            "SECURE_PROXY_SSL_HEADER is <header as in request.META>,<value>, "
            f"e.g. HTTP_X_FORWARDED_PROTO,https; not {value!r}."
        )
    return header, expected


env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
# Serving with this key and DEBUG off is refused (recruiting/project/startup.py).
SECRET_KEY = env.str("SECRET_KEY", default=DEVELOPMENT_SECRET_KEY)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Behind TLS (README, Production). Each variable is the Django setting of its name; all
# are off by default, so that `make run` and a plain-HTTP compose keep working.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=False)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=False)
# A TLS-terminating proxy's header and the value meaning HTTPS, e.g.
# "HTTP_X_FORWARDED_PROTO,https". Only behind a proxy that sets it on every request.
SECURE_PROXY_SSL_HEADER = _proxy_ssl_header(env.str("SECURE_PROXY_SSL_HEADER", default=""))
# Health checks come over plain HTTP from inside the host or the cluster.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]

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
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "axes",
    "django_htmx",
    "template_partials",
    "recruiting",
    "candidates",
    "candidates.notifications",
    "candidates.web",
]

MIDDLEWARE = [
    # /healthz and /readyz, answered before host checks and redirects (probes use IPs).
    "recruiting.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    # Outside the middleware that refuses bodies, so their refusals count and say so.
    "recruiting.throttling.RateLimitHeadersMiddleware",
    "recruiting.middleware.ApiAddressLengthLimit",
    "recruiting.middleware.RejectNulBytesMiddleware",
    # Under /api/ every answer is JSON, even Django's own 404 (DEBUG's HTML page).
    "recruiting.middleware.ApiAnswersJson",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # A visitor's language from their cookie or browser; a user's own choice below.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # The pages in the user's language and time zone (candidates/web/middleware.py).
    "candidates.web.middleware.UserPreferencesMiddleware",
    "candidates.web.errors.DomainErrorPages",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as axes asks: it turns a locked-out login into recruiting.logins' answer.
    "axes.middleware.AxesMiddleware",
]

# Content-Security-Policy on every response: scripts, styles, images and connections
# from this origin only, nothing inline, no plugins, never framed. Our pages need
# nothing more, and neither do the API docs: drf-spectacular's split view serves Swagger
# UI's start-up script as a file (?script), and templates/drf_spectacular moves its
# page's few CSS rules to a stylesheet. Swagger UI sets styles from script (allowed) and
# draws icons from data: URIs, hence img-src data:. Pages with htmx keep to it with
# htmx.config.includeIndicatorStyles false (its indicator rule goes in our stylesheet)
# and no hx-on attributes or js: values, which need 'unsafe-eval'.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

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
                "django.template.context_processors.csrf",
                "candidates.web.context.layout",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# A kept connection is checked before a request uses it, so the first request after a
# database restart reconnects instead of failing on the dead connection.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("CONN_HEALTH_CHECKS", default=True)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database host that does not answer at all fails the request in seconds, with 503.
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = env.int(
        "DATABASE_CONNECT_TIMEOUT", default=5
    )
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
# Covering indexes (INCLUDE) serve PostgreSQL; SQLite (`make run`) keeps their key
# columns and says it ignores the rest, which is all it can do.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

# Trusted reverse proxies in front of the app, each appending to X-Forwarded-For; the
# client's address (login lockouts, rate limits) is the one the outermost of them saw.
NUM_PROXIES = env.int("NUM_PROXIES", default=0)

# The cache counts API requests for the rate limits: share it between processes in
# production (redis://…); the default local memory counts per process.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
if CACHES["default"]["BACKEND"].endswith("RedisCache"):
    # Fail fast: a cache that does not answer lets requests through uncounted.
    CACHES["default"].setdefault("OPTIONS", {}).update(socket_connect_timeout=1, socket_timeout=1)

AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out username or address before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Login lockout on every path that calls authenticate() (API token, admin, web login).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
# Per username and, separately, per address: many addresses against one account, or
# one address against many accounts (password spraying), are both stopped.
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# A success does not wipe the failures: axes would wipe the address's too, so an
# attacker with an account of their own could reset the count between guesses.
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_CALLABLE = "recruiting.logins.lockout_response"
AXES_CLIENT_IP_CALLABLE = "recruiting.addresses.client_address"
# Successful logins are in each user's last_login; no table of every login's address.
AXES_DISABLE_ACCESS_LOG = True
# No banner on every command; failures are still logged, without names or addresses.
AXES_VERBOSE = False

# API tokens (recruiting/tokens.py) expire this long after they are issued.
AUTH_TOKEN_TTL = timedelta(hours=env.int("AUTH_TOKEN_TTL_HOURS", default=24))

AUTH_PASSWORD_VALIDATORS = [
    # Not the user's name, email or full name (`recruiter` for user `recruiter`).
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("zh-hans", "简体中文")]
# One catalogue for the web interface's strings (templates and code alike), built from
# its .po by `make` (compilemessages); `make messages` collects new strings.
LOCALE_PATHS = [BASE_DIR / "candidates" / "web" / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Front-end libraries, pinned in package.json and installed by `make` with `npm ci`:
# served from node_modules, never copied into the repository.
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/sortablejs", NODE_MODULES / "sortablejs"),
    ("vendor/chartjs", NODE_MODULES / "chart.js" / "dist"),
]
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:login"
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
        "recruiting.api.filtering.OrderingFilter",
    ],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "recruiting.errors.api_exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "DEFAULT_THROTTLE_CLASSES": [
        "recruiting.throttling.TokenRateThrottle",
        "recruiting.throttling.AddressRateThrottle",
    ],
}
# Requests per token (per user for a browser session) and per anonymous address, as
# <count>/<second|minute|hour|day>, or off (recruiting/throttling.py).
API_THROTTLE_AUTHENTICATED = env.str("API_THROTTLE_AUTHENTICATED", default="10000/hour")
API_THROTTLE_ANONYMOUS = env.str("API_THROTTLE_ANONYMOUS", default="1000/hour")
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
    # Every operation lists the errors it can answer, with the one error body.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "recruiting.api.schema.add_error_responses",
    ],
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
# Where this installation is reached: the base of every absolute link it sends (emails'
# unsubscribe and page links). `make run` sets it from PORT.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

# Product settings.
RECRUITING_DEFAULT_PHONE_REGION = env.str("RECRUITING_DEFAULT_PHONE_REGION", default="CN")
RECRUITING_SIMULATION_LIMIT = env.int("RECRUITING_SIMULATION_LIMIT", default=5000)
RECRUITING_DUE_SOON_HOURS = env.int("RECRUITING_DUE_SOON_HOURS", default=24)

# One handler, on the root logger: Django's own loggers ("django", "django.server") keep
# their default console handlers otherwise and, propagating to the root, print each
# line twice in DEBUG.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django": {"handlers": [], "propagate": True},
        "django.server": {"handlers": [], "propagate": True},
    },
}
