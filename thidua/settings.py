"""The one settings file of thidua, driven by environment variables.

Every variable is documented in `.env.example` and in the README. The small typed helpers in
`thidua.lib.env` fail loudly (ImproperlyConfigured) on a malformed value.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from platformdirs import user_config_dir, user_data_dir, user_state_dir

from thidua.lib.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

# Where the SQLite file, uploads and the generated secret key live.
DATA_DIR = Path(env_str("THIDUA_DATA_DIR", user_data_dir("thidua", appauthor=False))).expanduser()
DATA_DIR.mkdir(parents=True, exist_ok=True)

# Production mode: DEBUG off, a required secret key, secure cookies, HSTS.
PRODUCTION = env_bool("THIDUA_PRODUCTION", False)
DEBUG = env_bool("THIDUA_DEBUG", False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("THIDUA_DEBUG cannot be on when THIDUA_PRODUCTION is on.")


def _secret_key() -> str:
    """The secret key: required from the environment in production, else kept in DATA_DIR."""
    key = env_str("SECRET_KEY", "")
    if key:
        return key
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set when THIDUA_PRODUCTION is on.")
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()

# The key sealing open secret ballots (conferences.sealing, docs/security.md): a file outside the data
# folder, so that copies and backups of the data folder cannot open them. Created once on first use.
BALLOT_KEY_FILE = Path(
    env_str(
        "THIDUA_BALLOT_KEY_FILE", str(Path(user_config_dir("thidua-keys", appauthor=False)) / "ballot_key")
    )
).expanduser()
if BALLOT_KEY_FILE.resolve().is_relative_to(DATA_DIR.resolve()):
    raise ImproperlyConfigured("THIDUA_BALLOT_KEY_FILE must lie outside THIDUA_DATA_DIR.")

# The audit chain's signed checkpoints (thidua.audit.anchor): the key is kept out of the data folder
# and the database (and so out of backups); the checkpoints go to an append-only file outside the
# database. See docs/security.md, section 5.
AUDIT_KEY_FILE = Path(env_str("THIDUA_AUDIT_KEY_FILE", str(Path(user_config_dir("thidua")) / "audit_key")))


def _instance_name() -> str:
    """Names one instance (its database), so that each gets its own default checkpoint folder."""
    url = env_str("DATABASE_URL", "")
    if not url:
        return "sqlite-" + hashlib.sha256(str(DATA_DIR.resolve()).encode()).hexdigest()[:12]
    db = dj_database_url.parse(url)
    where = f"{db.get('HOST', '')}:{db.get('PORT', '')}/{db.get('NAME', '')}"
    return "db-" + hashlib.sha256(where.encode()).hexdigest()[:12]


AUDIT_ANCHOR_DIR = Path(
    env_str("THIDUA_AUDIT_ANCHOR_DIR", str(Path(user_state_dir("thidua")) / "audit" / _instance_name()))
)
AUDIT_CHECKPOINT_EVERY = max(env_int("THIDUA_AUDIT_CHECKPOINT_EVERY", 20), 1)
if AUDIT_KEY_FILE.expanduser().resolve().is_relative_to(DATA_DIR.resolve()):
    raise ImproperlyConfigured("THIDUA_AUDIT_KEY_FILE must not be inside THIDUA_DATA_DIR (backups copy it).")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "thidua.accounts",
    "thidua.audit",
    "thidua.jobs",
    "thidua.orgs",
    "thidua.blocks",
    "thidua.scoring",
    "thidua.conferences",
    "thidua.awards",
    "thidua.proposals",
    "thidua.transfer",
    "thidua.documents",
    "thidua.web",
    "thidua.certificates",
    "thidua.demo",
    "thidua.stats",
    "thidua.reports",
    "thidua.council",
    "thidua.notices",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "thidua.web.middleware.VietnameseFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "thidua.web.middleware.RequestSizeLimitMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "thidua.accounts.middleware.IdleTimeoutMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "thidua.accounts.twofactor.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Axes last, as its documentation asks, so that it sees the authenticated user.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "thidua.urls"
WSGI_APPLICATION = "thidua.wsgi.application"

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
                "django.template.context_processors.i18n",
                "thidua.web.context_processors.navigation",
                "thidua.notices.context_processors.bell",
            ],
        },
    },
]

# SQLite by default (one file in DATA_DIR), PostgreSQL through DATABASE_URL.
_database_url = env_str("DATABASE_URL", "")
if _database_url:
    DATABASES = {
        "default": dj_database_url.parse(_database_url, conn_max_age=env_int("THIDUA_DB_CONN_MAX_AGE", 60))
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "thidua.sqlite3"),
            "OPTIONS": {
                # WAL lets readers work while one writer writes; IMMEDIATE takes the write lock
                # at BEGIN so that two writers queue instead of failing with "database is locked".
                # Django's SQLite backend turns foreign keys on for every connection.
                # synchronous=FULL: each commit (a ballot, an audit entry) is on disk before it is
                # acknowledged; WAL with NORMAL can lose the last transactions on power loss.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
            # Tests use a file too (not Django's shared in-memory database, which answers concurrent
            # writers with "table is locked" instead of waiting as the real file does).
            "TEST": {"NAME": str(DATA_DIR / "test.sqlite3")},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses a locked-out username before any password check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Lockout after repeated failed logins (django-axes).
AXES_FAILURE_LIMIT = env_int("THIDUA_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("THIDUA_LOGIN_COOLOFF_MINUTES", 15))
# Lock the pair (account, address): someone elsewhere cannot lock an officer out by failing under the
# officer's name. Per address and per account limits on top: thidua.accounts.throttle.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
LOGIN_THROTTLE_PER_ADDRESS = env_int("THIDUA_LOGIN_THROTTLE_PER_ADDRESS", 30)
LOGIN_THROTTLE_PER_ACCOUNT = env_int("THIDUA_LOGIN_THROTTLE_PER_ACCOUNT", 20)
# API tokens expire, and a password change revokes them (thidua.accounts.authentication, signals).
API_TOKEN_LIFETIME = timedelta(days=env_int("THIDUA_API_TOKEN_DAYS", 30))
# An idle session ends (thidua.accounts.middleware); the cookie itself lasts at most SESSION_COOKIE_AGE.
SESSION_IDLE_TIMEOUT = timedelta(minutes=env_int("THIDUA_SESSION_IDLE_MINUTES", 60))
SESSION_COOKIE_AGE = env_int("THIDUA_SESSION_MAX_HOURS", 12) * 3600
# Two-step login (TOTP, django-otp): optional for everyone; required for administrators and board
# officers when on (thidua.accounts.twofactor). Off in the demo.
TWO_FACTOR_REQUIRED = env_bool("THIDUA_REQUIRE_2FA", False)
OTP_TOTP_ISSUER = "thidua"
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# Language: Vietnamese by default, English selectable. Message ids are English.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_TZ = True
# Our vi formats module makes "03/04/2026" mean 3 April and numbers read 1.234,5.
FORMAT_MODULE_PATH = ["thidua.formats"]

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("THIDUA_STATIC_ROOT", str(DATA_DIR / "static")))
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
for _folder in (STATIC_ROOT, MEDIA_ROOT):
    _folder.mkdir(parents=True, exist_ok=True)
# Uploads and generated files: the local MEDIA_ROOT by default; with THIDUA_STORAGE=s3 an
# S3-compatible bucket shared by every app server and worker (files stay private: downloads go
# through the app's permission doors, which hand out short-lived signed addresses).
_storage = env_str("THIDUA_STORAGE", "local")
if _storage == "local":
    _default_storage: dict[str, Any] = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
elif _storage == "s3":
    _bucket = env_str("THIDUA_S3_BUCKET", "")
    if not _bucket:
        raise ImproperlyConfigured("THIDUA_S3_BUCKET must be set when THIDUA_STORAGE is s3.")
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": _bucket,
            "endpoint_url": env_str("THIDUA_S3_ENDPOINT_URL", "") or None,
            "region_name": env_str("THIDUA_S3_REGION", "") or None,
            "access_key": env_str("THIDUA_S3_ACCESS_KEY", "") or None,
            "secret_key": env_str("THIDUA_S3_SECRET_KEY", "") or None,
            "location": env_str("THIDUA_S3_PREFIX", ""),
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": 300,
            "file_overwrite": False,
        },
    }
else:
    raise ImproperlyConfigured("THIDUA_STORAGE must be local or s3.")
STORAGES = {
    "default": _default_storage,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# The largest upload of each kind, in MB (lib/uploads.py checks every upload against its kind).
THIDUA_UPLOAD_MAX_MB = {
    "evidence": env_int("THIDUA_UPLOAD_MAX_MB_EVIDENCE", 20),
    "photo": env_int("THIDUA_UPLOAD_MAX_MB_PHOTO", 10),
    "document": env_int("THIDUA_UPLOAD_MAX_MB_DOCUMENT", 20),
    "proxy": env_int("THIDUA_UPLOAD_MAX_MB_PROXY", 10),
    "opinion": env_int("THIDUA_UPLOAD_MAX_MB_OPINION", 10),
}
# The titles whose dossier lines need the certification of an initiative (xác nhận) or the
# initiative itself (sáng kiến) uploaded before submission (R-DOS-01; proposals.checklist).
THIDUA_CERTIFIED_TITLES = ("CSTDCS", "CSTD_TINH", "CSTD_TQ")
# Without collectstatic (tests, development) WhiteNoise serves from the finders.
WHITENOISE_USE_FINDERS = True

# Seconds a DOCX -> PDF conversion by LibreOffice may take (thidua.documents.pdf).
THIDUA_PDF_TIMEOUT = env_int("THIDUA_PDF_TIMEOUT", 120)
# Several app servers share their cache and sessions through Redis when REDIS_URL is set (Django's
# own Redis cache); without it, a per-process memory cache, and sessions in the database (shared anyway).
# Login lockouts (django-axes) are kept in the database, so they hold across servers either way.
REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Long work goes through thidua.jobs onto django-tasks. "database" (default): the queue is a table of
# the app's database and `thidua worker` runs it (`thidua serve` and `thidua demo` start one beside the
# web server). "immediate": a job runs inside the request that enqueues it (the tests).
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
_task_backend = env_str("THIDUA_TASKS_BACKEND", "database")
if _task_backend not in _TASK_BACKENDS:
    raise ImproperlyConfigured(f"THIDUA_TASKS_BACKEND must be one of {', '.join(_TASK_BACKENDS)}.")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[_task_backend]}}
# A running job's worker writes a heartbeat this often; a job without one for STALE seconds has lost
# its worker and is run again or marked failed.
THIDUA_JOB_HEARTBEAT_SECONDS = env_int("THIDUA_JOB_HEARTBEAT_SECONDS", 10)
THIDUA_JOB_STALE_SECONDS = env_int("THIDUA_JOB_STALE_SECONDS", 120)
# An eligibility batch with more candidates than this is cut into parts of this many people, each a job
# any worker may run (awards/fanout.py); 0: always one process.
THIDUA_EVALUATION_PART_PEOPLE = env_int("THIDUA_EVALUATION_PART_PEOPLE", 250_000)
# The workers send the day's scoring reminders once a day from this time (HH:MM, product time zone).
try:
    THIDUA_REMINDERS_AT = datetime.time.fromisoformat(env_str("THIDUA_REMINDERS_AT", "07:00"))
except ValueError as exc:
    raise ImproperlyConfigured("THIDUA_REMINDERS_AT must be a time written HH:MM.") from exc
# `thidua serve` starts one worker process beside gunicorn unless this is off (workers run apart).
THIDUA_EMBEDDED_WORKER = env_bool("THIDUA_EMBEDDED_WORKER", True)
# Bounded work per request (issue 11): a body over THIDUA_MAX_REQUEST_MB is refused (413) before it
# is read; form fields and JSON bodies are kept to 2.5 MB in memory, larger uploads go to a temporary
# file; the gunicorn worker timeout of `thidua serve`.
THIDUA_MAX_REQUEST_BYTES = env_int("THIDUA_MAX_REQUEST_MB", 30) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
DATA_UPLOAD_MAX_NUMBER_FILES = 20
THIDUA_REQUEST_TIMEOUT = env_int("THIDUA_REQUEST_TIMEOUT", 60)

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "thidua@localhost")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 100,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # Bad input answers 400 with a message, never 500 (issue 11).
    "EXCEPTION_HANDLER": "thidua.web.api_errors.api_exception_handler",
}
# Tokens that expire (settings kept apart from the dict above, which other parts extend).
REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"] = [
    "thidua.accounts.authentication.ExpiringTokenAuthentication",
    "rest_framework.authentication.SessionAuthentication",
]
SPECTACULAR_SETTINGS = {
    "TITLE": "thidua API",
    "DESCRIPTION": "Emulation blocks, units, people and, in later versions, scoring, votes and awards.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Several models have a `kind` or `status`: name their choice sets so the components stay stable.
    "ENUM_NAME_OVERRIDES": {
        "CriterionKindEnum": "thidua.scoring.models.CriterionKind",
        "MovementKindEnum": "thidua.scoring.models.MovementKind",
        "TableStatusEnum": "thidua.scoring.models.TableStatus",
        # The quorum and the poll threshold share one comparison ("more than" / "at least").
        "ComparisonEnum": "thidua.conferences.models.ComparisonChoice",
        # A dossier's status and its steps' from / to share one set; the award level one name.
        "DossierStatusEnum": "thidua.proposals.models.DossierStatus",
        "DecisionStatusEnum": "thidua.proposals.models.DecisionStatus",
        "RecognisedLevelEnum": "thidua.awards.models.AwardLevel",
        "VerdictStatusEnum": "thidua.awards.models.VerdictStatus",
    },
    # The schema and its docs describe internal endpoints: for logged-in users only.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
}

# Content-Security-Policy: everything from our own origin; no CDN, no inline script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("THIDUA_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("THIDUA_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"no_traceback_below_500": {"()": "thidua.lib.logging_filters.NoTracebackBelow500"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["no_traceback_below_500"]},
    },
    "root": {"handlers": ["console"], "level": env_str("THIDUA_LOG_LEVEL", "WARNING")},
}
