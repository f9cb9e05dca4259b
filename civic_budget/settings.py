"""Settings, read from the environment (django-environ).

The embedded default needs no services: SQLite, Celery tasks run eagerly, e-mail and SMS go to
the console. DATABASE_URL and REDIS_URL switch to PostgreSQL and Redis.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env(
    "SECRET_KEY",
    default="insecure-dev-key-change-me-before-production-use" if DEBUG else environ.Env.NOTSET,
)
VOTER_KEY_SECRET = env(
    "VOTER_KEY_SECRET", default="insecure-dev-voter-key" if DEBUG else environ.Env.NOTSET
)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
CSRF_FAILURE_VIEW = "core.views.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework_simplejwt",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "core",
    "cycles",
    "accounts",
    "notifications",
    "record",
    "ideas",
    "trainings",
    "proposals",
    "jury",
    "voting",
    "implementation",
    "outreach",
    "reports",
]

MIDDLEWARE = [
    # first: probes answer before the host check, the HTTPS redirect, sessions and the cache
    "core.health.HealthMiddleware",
    "core.middleware.RefuseNulMiddleware",
    "core.logs.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "civic_budget.urls"
WSGI_APPLICATION = "civic_budget.wsgi.application"

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
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    # a reused connection is checked once per request: one "SELECT 1" round trip (bench/README.md)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("CONN_HEALTH_CHECKS", default=True)
    # a database that does not answer is reported (500, /healthz 503) instead of hanging workers
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=5)
    )
else:
    # SQLite: wait for a writer instead of failing at once.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["accounts.backends.EmailOrPhoneBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "ka"
LANGUAGES = [("ka", _("Georgian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
TIME_ZONE = "Asia/Tbilisi"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    # core.cache: an unreachable Redis reads as a miss after at most the connect timeout, and is
    # not tried again for 2 s; a live Redis answers in well under the read timeout.
    CACHES = {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {
                "socket_connect_timeout": env.float("REDIS_CONNECT_TIMEOUT", default=0.25),
                "socket_timeout": env.float("REDIS_TIMEOUT", default=0.5),
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# What each DRF throttle does while Redis is unreachable (core.throttling): "open" lets the
# request through (logged once a minute, counted in /readyz); "database" counts in the database
# (core.Counter) so that guessing stays limited. The login lockout (accounts/lockout.py) always
# counts in the database then. Scopes not listed count in the database.
THROTTLE_ON_OUTAGE = {
    "anon": "open",  # capacity only: anonymous reads
    "user": "open",  # capacity only: signed-in reads and writes
    "ballot": "open",  # one ballot per voter is a database constraint, not a throttle
    "auth": "database",  # register, token (password guessing), phone-code confirmation
    "otp": "database",  # sending SMS codes (each one costs money and reaches a phone)
    "voter_verification": "database",  # probing who is on the voter roll
}

# Celery: Redis broker when REDIS_URL is set; otherwise tasks run eagerly in the caller.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 5 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 4 * 60
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600, "socket_connect_timeout": 2}
CELERY_TIMEZONE = TIME_ZONE

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
if env("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Civic Budget <noreply@civicbudget.ge>")
SMS_BACKEND = env("SMS_BACKEND", default="notifications.channels.ConsoleSMSBackend")
SMS_HTTP_URL = env("SMS_HTTP_URL", default="")
SMS_HTTP_TOKEN = env("SMS_HTTP_TOKEN", default="")
SMS_SENDER = env("SMS_SENDER", default="CivicBudget")
PUSH_BACKEND = env("PUSH_BACKEND", default="notifications.channels.ConsolePushBackend")
# rows a worker claims, sends and marks sent together: the most a killed worker process can
# have sent without marking (they are sent again, same idempotency key); services/delivery.py
NOTIFICATIONS_BATCH = env.int("NOTIFICATIONS_BATCH", default=50)
# a placeholder a notification's context lacks: raise (the tests) or log and render it empty
NOTIFICATIONS_STRICT_RENDERING = env.bool("NOTIFICATIONS_STRICT_RENDERING", default=False)
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
# Messages an organizer may send a cycle's residents per (local) day: SMS cost money and every
# message spends residents' attention.
BROADCASTS_PER_DAY = env.int("BROADCASTS_PER_DAY", default=3)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework_simplejwt.authentication.JWTAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "core.pagination.Pagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "core.schema.AutoSchema",
    "EXCEPTION_HANDLER": "core.errors.exception_handler",
    "DEFAULT_PARSER_CLASSES": [
        "core.parsers.JSONParser",
        "core.parsers.FormParser",
        "core.parsers.MultiPartParser",
    ],
    "DEFAULT_THROTTLE_CLASSES": [
        "core.throttling.AnonRateThrottle",
        "core.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env("THROTTLE_ANON", default="600/min"),
        "user": env("THROTTLE_USER", default="1200/min"),
        "otp": env("THROTTLE_OTP", default="10/hour"),
        "auth": env("THROTTLE_AUTH", default="30/min"),
        # casting or changing a ballot, per account (voters and staff at a voting point)
        "ballot": env("THROTTLE_BALLOT", default="60/min"),
    },
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    # proxies in front of gunicorn (1 behind the compose front server): throttles then take the
    # client address from X-Forwarded-For; unset, from the socket
    "NUM_PROXIES": env.int("NUM_PROXIES", default=None),
}
SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=15),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=30),
    "AUTH_HEADER_TYPES": ("Bearer",),
    "UPDATE_LAST_LOGIN": True,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Civic Budget API",
    "DESCRIPTION": "Participatory budgeting for Georgian municipalities. Errors always have the "
    'shape {"error": {"code", "message", "fields"}}.',
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "NotificationChannelEnum": "notifications.models.DeliveryChannel",
        "BallotChannelEnum": "voting.models.BallotChannel",
        "AssignmentStatusEnum": "jury.models.AssignmentStatus",
        "ShortlistReasonEnum": "jury.models.ShortlistReason",
        "ProjectStatusEnum": "implementation.models.ProjectStatus",
        "IdeaStatusEnum": "ideas.models.IdeaStatus",
        "ProposalStatusEnum": "proposals.models.ProposalStatus",
        "EnrollmentStatusEnum": "trainings.models.EnrollmentStatus",
    },
}

# LOG_FORMAT=json: one JSON object per line, one line per request (core.logs), for a log
# collector; "text" for people. Either way every line carries the request id.
LOG_FORMAT = env("LOG_FORMAT", default="text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "core.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "core.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
    "loggers": {
        # through the one handler above (Django's own prints plain text when DEBUG is on)
        "django": {"handlers": [], "level": env("LOG_LEVEL", default="WARNING")},
        "civic_budget.requests": {
            "level": env(
                "LOG_REQUESTS_LEVEL", default="INFO" if LOG_FORMAT == "json" else "WARNING"
            )
        },
    },
}
# the worker logs through the same handler (JSON lines with the request id), not Celery's own
CELERY_WORKER_HIJACK_ROOT_LOGGER = LOG_FORMAT != "json"

# /readyz: the worker's heartbeat (core.tasks.heartbeat, every 30 s) is stale after this long
HEARTBEAT_MAX_AGE = env.int("HEARTBEAT_MAX_AGE", default=120)

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    X_FRAME_OPTIONS = "DENY"

# Every periodic task, in one place.
CELERY_BEAT_SCHEDULE = {
    "heartbeat": {"task": "core.tasks.heartbeat", "schedule": 30.0},
    "advance-due-cycles": {"task": "cycles.tasks.advance_due_cycles", "schedule": 60.0},
    "requeue-stale-notifications": {"task": "notifications.tasks.requeue_stale", "schedule": 60.0},
    "training-reminders": {
        "task": "trainings.tasks.send_training_reminders",
        "schedule": 60.0 * 15,
    },
    "proposal-deadline-reminders": {
        "task": "proposals.tasks.remind_proposal_deadline",
        "schedule": 60.0 * 60,
    },
    "remind-jurors": {"task": "jury.tasks.remind_jurors", "schedule": 60.0 * 30},
    "remind-residents": {"task": "outreach.tasks.remind_residents", "schedule": 60.0 * 30},
}


# E-mail is unique case-insensitively by a functional UniqueConstraint (user_email_unique_ci) and
# may be empty for phone-only residents; the auth backend looks users up by e-mail or phone.
SILENCED_SYSTEM_CHECKS = ["auth.W004"]
