"""Settings, read from the environment through the strict helpers in ``governance.env``.

With no ``DATABASE_URL`` the app uses an SQLite file in the project folder; with no ``REDIS_URL``
Celery runs tasks in-process and the cache is local memory, so ``make run`` needs no services.
"""

from __future__ import annotations

import datetime
import re
import secrets
import sys
from pathlib import Path

from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from governance.env import database_from_url, env_bool, env_int, env_list, env_str, redis_url

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)
# Demo mode lets `seed_demo` give the demo users a known password; never on in production.
DEMO_MODE = env_bool("DEMO_MODE", False)

_DEV_SECRET_KEY = "insecure-development-key-only-for-debug-and-demo-mode-never-in-production"  # noqa: S105
# Comparing the models with the migrations signs nothing, so `manage.py makemigrations` (and
# `showmigrations`) run without the production secret; they get a throwaway key for the process.
_KEYLESS_COMMAND = Path(sys.argv[0]).name == "manage.py" and sys.argv[1:2] in (["makemigrations"], ["showmigrations"])
SECRET_KEY = env_str("SECRET_KEY", _DEV_SECRET_KEY if (DEBUG or DEMO_MODE) else "")
if not SECRET_KEY and _KEYLESS_COMMAND:
    SECRET_KEY = secrets.token_urlsafe(50)
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY (or SECRET_KEY_FILE) is required when DEBUG is off.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG or DEMO_MODE else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "guardian",
    "simple_history",
    "governance",
    "training",
    "dpia",
    "isa",
    "ethics",
    "retention",
    "dashboard",
    "audit",
    "breaches",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "api",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "accounts",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # The Content-Security-Policy header on every answer, static files included (CONTENT_SECURITY_POLICY below).
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.SessionLimitsMiddleware",
    "accounts.middleware.SecondFactorMiddleware",
    # After authentication, the second factor and messages: a form sent twice is acted on once (keys belong
    # to a person who has signed in fully, and the second sending is told with a message).
    "governance.submissions.SubmissionGuardMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "governance.urls"
WSGI_APPLICATION = "governance.wsgi.application"

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
                "governance.context_processors.interface",
            ],
        },
    }
]
FORM_RENDERER = "governance.forms.rendering.GovUKFormRenderer"

_database_url = env_str("DATABASE_URL", "")
DATABASES = {
    "default": database_from_url(
        _database_url,
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60, minimum=0),
        jit=env_bool("DB_JIT", False),
        parallel=env_bool("DB_PARALLEL", False),
        random_page_cost=env_str("DB_RANDOM_PAGE_COST", "1.1"),
    )
    if _database_url
    else {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "db.sqlite3"}
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "governance.User"
AUTHENTICATION_BACKENDS = [
    # First, so a locked-out account is refused before its password is checked.
    "axes.backends.AxesStandaloneBackend",
    "governance.backends.UserBackend",
    "guardian.backends.ObjectPermissionBackend",
]
# No anonymous user in the permission tables: every permission belongs to a signed-in person.
ANONYMOUS_USER_NAME = None
GUARDIAN_MONKEY_PATCH_USER = False
GUARDIAN_MONKEY_PATCH_GROUP = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "accounts.passwords.ContextualPasswordValidator"},
]
# No composition rules and no forced rotation (NCSC and NIST SP 800-63B): length, and refusing common and
# context-specific passwords, do more. Long passphrases are welcome: the hashers take any length.

# Sign-in security (accounts app). The second factor (an authenticator app, with recovery codes) is
# required for the roles that decide, oversee or administer, and for staff using the admin; anyone may
# set one up, and then it is always asked. Demo mode does not require it, so the demo people can sign in
# with the published password alone.
MFA_REQUIRED = env_bool("MFA_REQUIRED", not DEMO_MODE)
MFA_ISSUER = env_str("MFA_ISSUER", "Data sharing governance")
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 30, minimum=1)
SESSION_ABSOLUTE_HOURS = env_int("SESSION_ABSOLUTE_HOURS", 12, minimum=1)
OTP_TOTP_ISSUER = MFA_ISSUER
# django-axes: five failed sign-ins for one username from one address lock that pair out for 30 minutes
# (an attacker elsewhere cannot lock a person out). Administrators unlock early in the admin ("Access
# attempts") or with `manage.py axes_reset_username <username>`.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 30, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_USERNAME_FORM_FIELD = "username"
AXES_VERBOSE = False
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # GOV.UK Frontend comes from npm at set-up and is never copied into the repository.
    ("govuk", BASE_DIR / "node_modules" / "govuk-frontend" / "dist" / "govuk"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Uploaded documents live outside the static and web roots and are served only by permission-checked views.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
MAX_UPLOAD_BYTES = env_int("MAX_UPLOAD_MB", 20, minimum=1) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# History rows keep the reason for a change in full (the default cuts it at 100 characters).
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# --- Cache and background work -------------------------------------------------------------
_redis = env_str("REDIS_URL", "")
REDIS_URL = redis_url(_redis) if _redis else ""
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Tasks must finish (or be killed) well before Redis would hand an unacknowledged task to another
# worker, or a long task would run twice.
CELERY_VISIBILITY_TIMEOUT = env_int("CELERY_VISIBILITY_TIMEOUT", 3600, minimum=60)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 1800, minimum=10)
if CELERY_TASK_TIME_LIMIT >= CELERY_VISIBILITY_TIMEOUT:
    raise ImproperlyConfigured("CELERY_TASK_TIME_LIMIT must be below CELERY_VISIBILITY_TIMEOUT.")
CELERY_TASK_SOFT_TIME_LIMIT = CELERY_TASK_TIME_LIMIT - max(5, CELERY_TASK_TIME_LIMIT // 10)
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_VISIBILITY_TIMEOUT}
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_VISIBILITY_TIMEOUT}
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_EXPIRES = 3600
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE = {
    "isa-expire-grants": {"task": "isa.tasks.expire_grants", "schedule": crontab(minute=5)},
    "isa-agreements-daily": {"task": "isa.tasks.agreements_daily", "schedule": crontab(hour=6, minute=30)},
    "dpia-review-reminders": {
        "task": "dpia.tasks.send_review_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
    "retention-sweep": {"task": "retention.tasks.retention_sweep", "schedule": crontab(hour=2, minute=30)},
    "retention-reminders": {"task": "retention.tasks.send_reminders", "schedule": crontab(hour=7, minute=15)},
    "clear-expired-sessions": {
        "task": "governance.tasks.clear_expired_sessions",
        "schedule": 24 * 60 * 60,
    },
    "training-reminders": {"task": "training.tasks.send_reminders", "schedule": crontab(hour=7, minute=30)},
    "breaches-ico-reminders": {"task": "breaches.tasks.send_ico_reminders", "schedule": crontab(minute=20)},
    "audit-seal": {"task": "audit.tasks.seal_events", "schedule": 60},
    "prune-form-submissions": {
        "task": "governance.tasks.prune_form_submissions",
        "schedule": crontab(hour=3, minute=0),
    },
    "worker-heartbeat": {
        "task": "governance.tasks.heartbeat",
        "schedule": 60,
    },
}

# --- E-mail ----------------------------------------------------------------------------------
EMAIL_HOST = env_str("EMAIL_HOST", "")
EMAIL_PORT = env_int("EMAIL_PORT", 587, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20, minimum=1)
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend",
)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "data-governance@localhost")
# Where to report a security problem: an e-mail address or an https address (in /.well-known/security.txt).
SECURITY_CONTACT = env_str("SECURITY_CONTACT", DEFAULT_FROM_EMAIL)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security --------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG
# Lax: the cookie goes with a link followed from an e-mail, but not with a form posted from another site.
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = not DEBUG
# No script reads the CSRF cookie (forms carry the token in a hidden field), so scripts may not see it.
CSRF_COOKIE_HTTPONLY = True
# The cookie lasts as long as the absolute limit; accounts.middleware ends a session sooner when idle.
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_HOURS * 60 * 60
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# A page this service opens (or that opens it) gets no handle on its window.
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Everything a page uses comes from our own static files: no inline script or style, no other site, no
# framing. GOV.UK Frontend and the product's scripts are files under /static/; templates carry no <script>
# body, <style> or style= (tests/governance/test_security_headers.py checks every template). Only the API
# documentation page relaxes this, for itself (api/urls.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# Load balancers and the container's health check call /healthz over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Access to a dataset is granted for at most this long at a time.
ACCESS_MAX_MONTHS = env_int("ACCESS_MAX_MONTHS", 12, minimum=1)

# The retention sweep pauses this long between pages of records (to spare a busy database; 0 = none).
RETENTION_SWEEP_PAUSE = env_int("RETENTION_SWEEP_PAUSE_MS", 0, minimum=0) / 1000
# How many records the sweep reads and disposes of in one transaction (a page costs some thirty statements
# whatever its size; a thousand records of a page take a few megabytes).
RETENTION_SWEEP_PAGE = env_int("RETENTION_SWEEP_PAGE", 1000, minimum=1)

# Links in e-mails point here.
# The API (api/): session or token authentication, throttled per token in the default cache.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.TokenRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"api": env_str("API_THROTTLE_RATE", "600/minute")},
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pagination",
    "DEFAULT_SCHEMA_CLASS": "api.schema.ApiAutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Data sharing governance API",
    "DESCRIPTION": "Registers, workflow state and the access decision, with the same permissions as the pages.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # The documentation page's script comes from our own static files, not a CDN.
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "ProjectStatusEnum": "governance.models.projects.ProjectStatus",
        "DatasetStatusEnum": "governance.models.datasets.DatasetStatus",
        "AgreementStatusEnum": "isa.models.AgreementStatus",
        "ScreeningStatusEnum": "dpia.models.ScreeningStatus",
        "CaseStatusEnum": "ethics.models.CaseStatus",
        "GrantStatusEnum": "isa.models.GrantStatus",
        "RequestStatusEnum": "isa.models.RequestStatus",
    },
}

SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# The marking printed on documents this deployment produces.
PROTECTIVE_MARKING = env_str("PROTECTIVE_MARKING", "OFFICIAL-SENSITIVE")
if not re.fullmatch(r"[A-Z][A-Z -]{2,40}", PROTECTIVE_MARKING):
    raise ImproperlyConfigured(
        "PROTECTIVE_MARKING must be capital letters, spaces and hyphens, e.g. OFFICIAL-SENSITIVE."
    )
PRODUCT_NAME = "Data sharing governance"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # Django adds its own console handler when DEBUG is on; one line per message is enough.
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # WeasyPrint logs a line per page laid out; an audit pack of 100 pages is not 100 events.
        "weasyprint.progress": {"level": "WARNING"},
    },
}
if CELERY_TASK_ALWAYS_EAGER:
    # In-process tasks would log a line each into the page server's output; a worker logs them instead.
    LOGGING["loggers"]["celery.app.trace"] = {"level": "WARNING"}  # type: ignore[index]
