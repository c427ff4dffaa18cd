"""Tebu Mitra settings, all read from the environment (see README, "Configuration").

Defaults give the embedded mode used by `make run`: a SQLite file and Celery tasks run in-process.
Production sets DJANGO_DEBUG=0, DJANGO_SECRET_KEY, DATABASE_URL and CELERY_BROKER_URL.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

from tebu_site.env import (
    ConfigError,
    env_bool,
    env_choice,
    env_database,
    env_int,
    env_list,
    env_str,
    env_url,
)

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", True)

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if SECRET_KEY is None:
    if not DEBUG:
        raise ConfigError(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off (production mode)."
        )
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

# Our own apps, floor by floor (README: "Where the code lives"); their models' numbers are checked
# against their declared ranges before every save (tebu_site.fields).
PROJECT_APPS = [
    "tebu_site",
    "partners",
    "harvest",
    "surveys",
    "analytics",
    "notices",
    "complaints",
    "compliance",
    "credit",
    "samples",
    "sms",
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_celery_results",
    "axes",
    "simple_history",
    *PROJECT_APPS,
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "tebu_site.middleware.IndonesianFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "tebu_site.access.RequestScopeCacheMiddleware",
    "tebu_site.offline.OfflineReadablePagesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "tebu_site.middleware.ForcePasswordChangeMiddleware",
    # axes last: it must see the authenticated user and the lockout response replaces the view.
    "axes.middleware.AxesMiddleware",
    # After everything that decides whether the page may be shown at all (tebu_site.farmer_pages).
    "tebu_site.farmer_pages.FarmerPageCacheMiddleware",
]

ROOT_URLCONF = "tebu_site.urls"

# The pages (URL names) a logged-in user can open again without a signal: the service worker
# keeps the last copy of each he opened (tebu_site.offline, issue 15). The farmer's own pages to
# read, and the field forms whose entries wait in the offline queue until the signal is back.
OFFLINE_READABLE_PAGES = frozenset(
    {
        "home",
        "my-dos",
        "my-do",
        "surveys:respondents",
        "surveys:staff-answer",
        "surveys:my-answer",
        "weighing-entry",
        "plot-edit",
        "farmer-create",
        "plot-create",
        "credit-application-new",
    }
)
WSGI_APPLICATION = "tebu_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tebu_site.context_processors.navigation",
                "tebu_site.context_processors.scope_fragments",
            ],
        },
    }
]

DATABASES = {
    "default": env_database(
        "DATABASE_URL",
        f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DJANGO_DB_CONN_MAX_AGE", 60, minimum=0),
    ),
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache: Redis in production (DJANGO_CACHE_URL=redis://host:6379/1), so that every web process
# shares it; the SMS webhook's replay guard and the login sessions rely on that. Without it (the
# embedded `make run`) each process has its own memory cache and sessions stay in the database
# only: a session cached per process would outlive a logout made in another process.
CACHE_URL = env_url("DJANGO_CACHE_URL", None, schemes={"redis", "rediss"})
if CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "tebu",
            "TIMEOUT": 300,
        }
    }
    # Read from Redis, written through to the database: one database query a request less
    # (issue 18) and a Redis restart logs nobody out.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

# A farmer's own pages are kept rendered per session until something of his changes
# (tebu_site.farmer_pages, issue 18). Only with a shared cache: a page kept in one process's memory
# would not hear of a payment recorded by another process. 0 turns it off.
FARMER_PAGE_CACHE_SECONDS = env_int(
    "DJANGO_FARMER_PAGE_CACHE_SECONDS", 300 if CACHE_URL else 0, minimum=0
)
FARMER_PAGE_CACHE_VIEWS = frozenset(
    {"home", "my-dos", "my-do", "delivery-order-list", "delivery-order-detail"}
)
# The staff pages' mill-wide figures (open events, farmers and plots, credit waiting) are kept
# this long per scope (tebu_site.scope_figures, issue 18): never more than a minute behind a
# change. Only with a shared cache, like the farmer's pages; 0 computes them on every request.
STAFF_FIGURES_SECONDS = env_int(
    "DJANGO_STAFF_FIGURES_SECONDS", 30 if CACHE_URL else 0, minimum=0, maximum=60
)

AUTH_USER_MODEL = "tebu_site.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Lockout after repeated failed logins (django-axes): per username and address, so one farmer
# mistyping does not lock out a whole village sharing one phone network address.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 30, minimum=1) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True

# Language and time: Indonesian first, English available; the mills are in WIB.
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("DJANGO_MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Celery: without a broker URL tasks run in-process (embedded mode for `make run` and tests).
CELERY_BROKER_URL = env_url(
    "CELERY_BROKER_URL", None, schemes={"redis", "rediss", "amqp", "amqps", "memory"}
)
CELERY_TASK_ALWAYS_EAGER = CELERY_BROKER_URL is None
CELERY_TASK_EAGER_PROPAGATES = True
if CELERY_BROKER_URL is None:
    CELERY_BROKER_URL = "memory://"
CELERY_RESULT_BACKEND = "django-db"
CELERY_RESULT_EXTENDED = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 15 * 60, minimum=1)
CELERY_TASK_TIME_LIMIT = env_int(
    "CELERY_TASK_TIME_LIMIT", CELERY_TASK_SOFT_TIME_LIMIT + 60, minimum=1
)
if CELERY_TASK_TIME_LIMIT <= CELERY_TASK_SOFT_TIME_LIMIT:
    raise ConfigError("CELERY_TASK_TIME_LIMIT must be greater than CELERY_TASK_SOFT_TIME_LIMIT.")
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
# Redis redelivers a task whose worker died only after this many seconds; it must exceed the
# hard time limit, or a long task still running would be handed to a second worker.
CELERY_VISIBILITY_TIMEOUT = env_int(
    "CELERY_VISIBILITY_TIMEOUT", CELERY_TASK_TIME_LIMIT + 300, minimum=1
)
# A worker looks for a dead worker's tasks this often. kombu's default looks every 10 s but scans
# only every tenth time, so a task came back up to 100 s after its visibility timeout; one scan
# every few seconds is a single cheap Redis command.
CELERY_RESTORE_SWEEP_SECONDS = env_int("CELERY_RESTORE_SWEEP_SECONDS", 10, minimum=1)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
    "unacked_restore_interval": CELERY_RESTORE_SWEEP_SECONDS,
    "unacked_restore_throttle": 1,
}
CELERY_BEAT_SCHEDULE = {
    "requeue-stale-analysis-runs": {
        "task": "analytics.requeue_stale_runs",
        "schedule": 600.0,
    },
    "expire-overdue-sptas": {
        "task": "harvest.expire_overdue_sptas",
        "schedule": 900.0,  # an unused SPTA must not stay tradable past its validity
    },
    "refresh-do-summaries": {
        "task": "harvest.refresh_do_summaries",
        "schedule": 30.0,  # the DO totals of a changed mill are never a minute behind
    },
    "count-late-compensation": {
        "task": "harvest.count_late_compensation",
        "schedule": crontab(hour=0, minute=30),  # 00:30 WIB: each unpaid late DO, to the day
    },
    "run-compliance-rules": {
        "task": "compliance.run_rules",
        "schedule": 3600.0,  # hourly: a DO crossing its threshold is raised the same hour
    },
    "refresh-scorecard-summaries": {
        "task": "compliance.refresh_scorecard_summaries",
        # Every mill's stored scorecard; a change schedules its mill's refresh within 20 s, this
        # catches what no signal tells (bulk updates, a task lost with its worker).
        "schedule": 300.0,
    },
    "notify-overdue-credit-applications": {
        "task": "credit.notify_overdue_applications",
        "schedule": crontab(hour=7, minute=0),  # 07:00 WIB; each overdue step is told once
    },
    "refresh-standard-analyses-nightly": {
        "task": "analytics.refresh_standard_analyses",
        "schedule": crontab(hour=2, minute=0),  # 02:00 WIB, before the field offices open
    },
    "send-due-notices": {
        "task": "notices.send_due_notices",
        "schedule": 60.0,  # SMS held through quiet hours or a Retry-After go out within a minute
    },
    "escalate-overdue-complaints": {
        "task": "complaints.escalate_overdue",
        "schedule": 900.0,  # clocks count in hours: a quarter-hour late is within the promise
    },
}

# Email and SMS notices to farmers and staff.
EMAIL_BACKEND = env_choice(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend",
    {
        "django.core.mail.backends.console.EmailBackend",
        "django.core.mail.backends.smtp.EmailBackend",
        "django.core.mail.backends.locmem.EmailBackend",
    },
)
EMAIL_HOST = env_str("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "Tebu Mitra <noreply@localhost>")
# The largest amount in Rupiah any form, API call or import may store (tebu_site.fields): far above
# a whole season of one mill, far below what a mistyped row of nines would be.
TEBU_AMOUNT_CEILING = Decimal(env_int("TEBU_AMOUNT_CEILING_RUPIAH", 100_000_000_000, minimum=1))
SMS_BACKEND = env_choice(
    "TEBU_SMS_BACKEND", "console", {"console", "log", "locmem", "disabled", "http"}
)
# The HTTP gateway (notices/backends/http.py; README "SMS gateway").
SMS_GATEWAY_URL = env_url("TEBU_SMS_GATEWAY_URL", None, schemes={"http", "https"})
SMS_GATEWAY_TOKEN = env_str("TEBU_SMS_GATEWAY_TOKEN", "")
SMS_GATEWAY_AUTH = env_choice("TEBU_SMS_GATEWAY_AUTH", "bearer", {"bearer", "basic"})
SMS_GATEWAY_SENDER = env_str("TEBU_SMS_GATEWAY_SENDER", "")
SMS_GATEWAY_FORMAT = env_choice("TEBU_SMS_GATEWAY_FORMAT", "json", {"json", "form"})
SMS_GATEWAY_TIMEOUT = env_int("TEBU_SMS_GATEWAY_TIMEOUT", 10, minimum=1)
SMS_GATEWAY_ID_KEY = env_str("TEBU_SMS_GATEWAY_ID_KEY", "")  # "" = "id", else "message_id"
SMS_GATEWAY_FIELDS = {
    "to": env_str("TEBU_SMS_GATEWAY_TO_FIELD", "to"),
    "text": env_str("TEBU_SMS_GATEWAY_TEXT_FIELD", "text"),
    "sender": env_str("TEBU_SMS_GATEWAY_SENDER_FIELD", "from"),
}
if SMS_BACKEND == "http" and not SMS_GATEWAY_URL:
    raise ConfigError("TEBU_SMS_BACKEND=http needs TEBU_SMS_GATEWAY_URL.")
# A failed SMS is tried this many times in all, waiting SMS_RETRY_BACKOFF seconds, then twice
# that, and so on, before it is recorded as failed.
SMS_SEND_ATTEMPTS = env_int("TEBU_SMS_SEND_ATTEMPTS", 5, minimum=1)
SMS_RETRY_BACKOFF = env_int("TEBU_SMS_RETRY_BACKOFF", 30, minimum=1)
# A gateway's Retry-After (429, 503) is followed instead of the backoff, up to this many seconds.
SMS_RETRY_AFTER_MAX = env_int("TEBU_SMS_RETRY_AFTER_MAX", 900, minimum=1)
# The gateway's webhooks (delivery reports, farmers' commands), signed with this shared secret.
SMS_WEBHOOK_SECRET = env_str("TEBU_SMS_WEBHOOK_SECRET", "")
SMS_TIMESTAMP_HEADER = env_str("TEBU_SMS_TIMESTAMP_HEADER", "X-Tebu-Timestamp")
SMS_SIGNATURE_HEADER = env_str("TEBU_SMS_SIGNATURE_HEADER", "X-Tebu-Signature")
SMS_INBOUND_PER_HOUR = env_int("TEBU_SMS_INBOUND_PER_HOUR", 10, minimum=1)

# REST API: one error shape, pagination on every list, schema at /api/schema/.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "tebu_site.authentication.SessionAuthentication",
        "tebu_site.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "tebu_site.api.exception_handler",
    "COERCE_DECIMAL_TO_STRING": True,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Tebu Mitra API",
    "DESCRIPTION": "Partnership between a sugar mill and its smallholder cane farmers.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema maps every endpoint and field: for logins only (staff and farmers alike).
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # Swagger UI from the sidecar package: nothing is loaded from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# Production hardening; `manage.py check --deploy` passes with DJANGO_DEBUG=0.
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
# Health checks come over plain HTTP from inside the container network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SILENCED_SYSTEM_CHECKS: list[str] = []

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
    # axes logs every login at INFO; keep failures and lockouts (WARNING) only.
    "loggers": {"axes": {"level": "WARNING"}},
}

# Where services must be real (CI): a test that needs PostgreSQL, Redis or a worker fails
# instead of skipping when this is set.
REQUIRE_SERVICES = env_bool("REQUIRE_SERVICES", False)
