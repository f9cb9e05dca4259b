"""Settings, read from the environment (django-environ).

The embedded default needs no services: SQLite, Celery tasks run eagerly, e-mail and SMS go to
the console. DATABASE_URL and REDIS_URL switch to PostgreSQL and Redis.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
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
    "rest_framework_simplejwt.token_blacklist",
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
    "voting_points",
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
    "core.middleware.LanguageFromQueryMiddleware",  # ?lang=en: a stable address per language
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
                "notifications.context_processors.unread",
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
    {"NAME": "accounts.passwords.UserAttributeSimilarityValidator"},
    {"NAME": "accounts.passwords.MinimumLengthValidator"},
    {"NAME": "accounts.passwords.CommonPasswordValidator"},
    {"NAME": "accounts.passwords.NumericPasswordValidator"},
]
# the debug page and error reports hide passwords, codes, personal numbers, tokens, logins
DEFAULT_EXCEPTION_REPORTER_FILTER = "core.reporting.SafeReporterFilter"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "ka"
LANGUAGES = [("ka", _("Georgian")), ("en", _("English"))]
# ours first; then Georgian for what Django's admin and simplejwt leave in English
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "vendor"]
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
TIME_ZONE = "Asia/Tbilisi"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Uploads (core.storage): written when the owning transaction commits. MEDIA_STORAGE=local keeps
# them in MEDIA_ROOT, served by the app (core.media) or the front server; MEDIA_STORAGE=s3 keeps
# them in an S3-compatible bucket, public photos under public/, proposal attachments under
# private/ reached only through short-lived signed URLs.
MEDIA_STORAGE = env("MEDIA_STORAGE", default="local")
if MEDIA_STORAGE == "s3":
    _s3 = {
        "bucket_name": env("S3_BUCKET"),
        "endpoint_url": env("S3_ENDPOINT_URL", default=None) or None,
        "access_key": env("S3_ACCESS_KEY_ID", default=None) or None,
        "secret_key": env("S3_SECRET_ACCESS_KEY", default=None) or None,
        "region_name": env("S3_REGION", default=None) or None,
        "addressing_style": env("S3_ADDRESSING_STYLE", default="path"),
        "signature_version": "s3v4",
        "file_overwrite": False,
    }
    MEDIA_STORAGES = {
        "default": {
            "BACKEND": "core.storage.S3MediaStorage",
            "OPTIONS": {
                **_s3,
                "location": "public",
                # e.g. public-read where the store has ACLs; else a bucket policy on public/*
                "default_acl": env("S3_PUBLIC_ACL", default=None) or None,
                # public photos: plain URLs if the bucket lets anyone read public/*, else signed
                "querystring_auth": env.bool("S3_PUBLIC_SIGNED", default=False),
                "querystring_expire": 60 * 60 * 24,
                "object_parameters": {"CacheControl": "public, max-age=2592000"},
                "custom_domain": env("S3_PUBLIC_DOMAIN", default=None) or None,
            },
        },
        "private": {
            "BACKEND": "core.storage.S3PrivateStorage",
            "OPTIONS": {
                **_s3,
                "location": "private",
                "default_acl": None,
                "querystring_auth": True,
                "querystring_expire": env.int("S3_SIGNED_URL_SECONDS", default=300),
                "object_parameters": {"CacheControl": "private, max-age=300"},
            },
        },
    }
elif MEDIA_STORAGE == "local":
    MEDIA_STORAGES = {
        "default": {"BACKEND": "core.storage.MediaStorage"},
        "private": {"BACKEND": "core.storage.MediaStorage"},
    }
else:
    raise ImproperlyConfigured("MEDIA_STORAGE is 'local' or 's3'")
STORAGES = {
    **MEDIA_STORAGES,
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
# a placeholder a notification's context lacks: raise (DEBUG and the tests: a typo fails where
# it is made) or, in production, log it and render it empty
NOTIFICATIONS_STRICT_RENDERING = env.bool("NOTIFICATIONS_STRICT_RENDERING", default=DEBUG)
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
# Messages an organizer may send a cycle's residents per (local) day: SMS cost money and every
# message spends residents' attention.
BROADCASTS_PER_DAY = env.int("BROADCASTS_PER_DAY", default=3)
# An envelope with fewer ballots than this publishes its counts but not its individual ballots
# (the .pb file's VOTES): in a small village a ballot could be told apart.
RESULTS_MIN_BALLOTS_PUBLISHED = env.int("RESULTS_MIN_BALLOTS_PUBLISHED", default=10)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.JWTAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "core.pagination.Pagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "core.search.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "core.schema.AutoSchema",
    "EXCEPTION_HANDLER": "core.errors.exception_handler",
    # JSON out, as API.md says: DRF's default adds its browsable HTML pages, whose forms ran the
    # object permission on a reply's dict (a 500 for `Accept: text/html`); /api/docs/ is the
    # page for people. Another Accept is answered 406 in the error shape.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_METADATA_CLASS": "core.metadata.Metadata",  # OPTIONS without get_object()
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
}
# Who the client is (core.net.client_address, for throttles, the login lockout and the logs).
# X-Forwarded-For is trusted only from these proxies: TRUSTED_PROXIES, a comma-separated list of
# addresses or CIDR blocks (e.g. "10.0.0.0/8,127.0.0.1"), or else NUM_PROXIES, how many proxies
# every request passes (1 behind the compose front server). Neither: the socket address.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
NUM_PROXIES = env.int("NUM_PROXIES", default=0)
SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=15),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=30),
    "AUTH_HEADER_TYPES": ("Bearer",),
    "UPDATE_LAST_LOGIN": True,
    # every token carries a digest of the password hash; a token minted before a password change
    # (or reset) no longer matches and is refused, checked on the user row authentication reads
    # anyway (no extra query). Logout blacklists the refresh token (token_blacklist).
    "CHECK_REVOKE_TOKEN": True,
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
        "NotificationChannelEnum": "notifications.models.PERSONAL_CHANNELS",
        "BallotChannelEnum": "voting.models.BallotChannel",
        "AssignmentStatusEnum": "jury.models.AssignmentStatus",
        "ShortlistReasonEnum": "jury.models.ShortlistReason",
        "ProjectStatusEnum": "implementation.models.ProjectStatus",
        "IdeaStatusEnum": "ideas.models.IdeaStatus",
        "ProposalStatusEnum": "proposals.models.ProposalStatus",
        "EnrollmentStatusEnum": "trainings.models.EnrollmentStatus",
        "VotingPointStatusEnum": "voting_points.models.PointStatus",
        "VotingPointRoleEnum": "voting_points.models.MemberRole",
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
    "flush-expired-tokens": {
        "task": "accounts.tasks.flush_expired_tokens",
        "schedule": 60.0 * 60 * 24,
    },
}


# E-mail is unique case-insensitively by a functional UniqueConstraint (user_email_unique_ci) and
# may be empty for phone-only residents; the auth backend looks users up by e-mail or phone.
SILENCED_SYSTEM_CHECKS = ["auth.W004"]
