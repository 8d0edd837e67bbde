"""Settings of the Astana migration portal, read from the environment (see README "Settings").

With nothing set, the portal runs on the embedded defaults (SQLite under ``var/``, Celery tasks
in-process). Production sets ``DJANGO_DEBUG=0``, ``SECRET_KEY``, ``ALLOWED_HOSTS``,
``DATABASE_URL`` and ``REDIS_URL`` and then passes ``manage.py check --deploy`` cleanly.
"""

import ipaddress
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from kernel.env import env_bool, env_int, env_list, env_str, env_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DJANGO_DEBUG is off")
    # Development only: a fixed, obviously unsafe key so sessions survive restarts.
    SECRET_KEY = "django-insecure-development-key-for-make-run-only-never-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "astana_migration.admin_site.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    # Shared kernel.
    "astana_migration",
    "kernel.territory",
    "kernel.audit",
    "kernel.accounts",
    # Domain apps, named after the rules.
    "quotas",
    "settlements",
    "registration",
    "monitoring",
    "proposals",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # kernel/security: session idle/absolute expiry, CSP and no-store, audit of 403s.
    "kernel.security.middleware.SessionExpiryMiddleware",
    "kernel.security.middleware.SecurityHeadersMiddleware",
    "kernel.security.middleware.DeniedAccessAuditMiddleware",
]

ROOT_URLCONF = "astana_migration.urls"
WSGI_APPLICATION = "astana_migration.wsgi.application"

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

# --- Database -------------------------------------------------------------------------------
# Embedded default: a SQLite file under var/ (make run). Tests and production use PostgreSQL.
_database_url = env_url("DATABASE_URL", schemes=("postgres", "postgresql", "sqlite"))
if _database_url:
    DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))}
else:
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": VAR_DIR / "portal.sqlite3"}}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: cache, Celery broker and results -------------------------------------------------
REDIS_URL = env_url("REDIS_URL", schemes=("redis", "rediss"))
CELERY_BROKER_URL = env_url("CELERY_BROKER_URL", REDIS_URL, schemes=("redis", "rediss", "amqp", "memory"))

# Redis may be down: every client gives up within about a second (the cache, the broker, the result
# backend), so a request, command or job never hangs on it. What needs the cache then degrades (see
# kernel/shared_cache.py, the login lockout) and what needs the broker waits in its outbox
# row for a sweep (kernel/jobs.py).
REDIS_CONNECT_TIMEOUT = 1.0
REDIS_SOCKET_TIMEOUT = 1.0
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": REDIS_CONNECT_TIMEOUT, "socket_timeout": REDIS_SOCKET_TIMEOUT},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Celery (the app lives in astana_migration/celery.py and reads the CELERY_ block).
# No broker configured: tasks run in-process, eagerly (the embedded default for make run).
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not CELERY_BROKER_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", REDIS_URL)
# JSON only: a task takes ids and plain values, never pickled objects.
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_RESULT_EXPIRES = 24 * 3600
# A task is killed if it runs away; the soft limit lets it clean up first.
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 30 * 60)
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 25 * 60)
# Acknowledge after the work is done, so a killed worker's task is delivered again.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Redis re-delivers an unacknowledged task after this; every retry countdown stays below it and
# longer waits are parked in the database (see settlements' delivery outbox).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600),
    # Short connection attempts and few retries: a publisher gives up quickly on a dead broker.
    "socket_connect_timeout": REDIS_CONNECT_TIMEOUT,
    "socket_timeout": 5.0,  # above the worker's 1 s BRPOP poll
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 1,
}
CELERY_BROKER_CONNECTION_TIMEOUT = REDIS_CONNECT_TIMEOUT
# The result backend: Celery's default is 20 retries a second apart, i.e. an enqueue hanging ~20 s
# before a RuntimeError when Redis is down.
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = REDIS_CONNECT_TIMEOUT
CELERY_REDIS_SOCKET_TIMEOUT = 5.0
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {
    "retry_policy": {"max_retries": 1, "interval_start": 0, "interval_step": 0.5, "interval_max": 0.5}
}
CELERY_TASK_DEFAULT_MAX_RETRIES = 5
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "Asia/Almaty"
# Every periodic job, in one place (`make beat` runs them). The sweeps re-enqueue what waits in an
# outbox row (a delivery, a report, a recompute, an alert's e-mail), e.g. after a Redis outage.
CELERY_BEAT_SCHEDULE: dict = {
    "portal-heartbeat": {"task": "portal.heartbeat", "schedule": 60.0},
    "settlements-sweep-deliveries": {"task": "settlements.sweep_deliveries", "schedule": 60.0},
    "monitoring-sweep": {"task": "monitoring.sweep", "schedule": 60.0},
    # The imports' safety net: re-enqueue batches whose job never came, reject abandoned ones.
    "registration-sweep-imports": {"task": "registration.import_batch_sweep", "schedule": 120.0},
    # Nightly, after the day's registrations are in: the computed indicators, alerts and forecast.
    "monitoring-recompute-indicators": {
        "task": "monitoring.recompute_indicators",
        "schedule": crontab(hour=2, minute=30),
    },
    # Daily, before the suggestions: each quota's fill status; a turn for the worse is told once.
    "quotas-fill-check": {"task": "quotas.fill_check", "schedule": crontab(hour=6, minute=0)},
    "quotas-sweep": {"task": "quotas.sweep", "schedule": 60.0},
    "proposals-suggest": {"task": "proposals.suggest", "schedule": 24 * 3600.0},
}

# --- E-mail ----------------------------------------------------------------------------------


def _email_settings(url: str | None) -> dict:
    """EMAIL_URL: smtp://user:password@host:port?tls=1, smtps://…, console://, file:///path, locmem://."""
    if not url:
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    backends = {
        "console": "django.core.mail.backends.console.EmailBackend",
        "locmem": "django.core.mail.backends.locmem.EmailBackend",
        "file": "django.core.mail.backends.filebased.EmailBackend",
        "smtp": "django.core.mail.backends.smtp.EmailBackend",
        "smtps": "django.core.mail.backends.smtp.EmailBackend",
    }
    if parts.scheme not in backends:
        raise ImproperlyConfigured(f"EMAIL_URL scheme must be one of {', '.join(backends)}, got {parts.scheme!r}")
    result = {"EMAIL_BACKEND": backends[parts.scheme]}
    if parts.scheme == "file":
        result["EMAIL_FILE_PATH"] = parts.path
    if parts.scheme in ("smtp", "smtps"):
        result.update(
            EMAIL_HOST=parts.hostname or "localhost",
            EMAIL_PORT=parts.port or (465 if parts.scheme == "smtps" else 25),
            EMAIL_HOST_USER=unquote(parts.username or ""),
            EMAIL_HOST_PASSWORD=unquote(parts.password or ""),
            EMAIL_USE_SSL=parts.scheme == "smtps",
            EMAIL_USE_TLS=query.get("tls", ["0"])[0] in ("1", "true"),
        )
    return result


globals().update(_email_settings(env_url("EMAIL_URL")))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Astana migration portal <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = 30

# --- Labour Exchange ("Қоныс аудару" section) -------------------------------------------------
LABOUR_EXCHANGE_URL = env_url("LABOUR_EXCHANGE_URL", schemes=("http", "https"))
LABOUR_EXCHANGE_TOKEN = env_str("LABOUR_EXCHANGE_TOKEN", "")
LABOUR_EXCHANGE_TIMEOUT = env_int("LABOUR_EXCHANGE_TIMEOUT", 20)
# Unset URL: the exchange channel writes each payload here instead (embedded default).
LABOUR_EXCHANGE_OUTBOX_DIR = VAR_DIR / "labour-exchange"
# A worker's claim on a delivery row (settlements' outbox). The deliver task is killed before its
# claim runs out (time limits below), so no two workers ever send one row; a row whose worker died
# is taken again by the sweep once the claim has lapsed: ~2 minutes end to end (lease + sweep).
SETTLEMENTS_DELIVERY_LEASE = env_int("SETTLEMENTS_DELIVERY_LEASE", 75)
if max(LABOUR_EXCHANGE_TIMEOUT, EMAIL_TIMEOUT) + 30 > SETTLEMENTS_DELIVERY_LEASE:
    raise ImproperlyConfigured(
        f"SETTLEMENTS_DELIVERY_LEASE ({SETTLEMENTS_DELIVERY_LEASE} s) must exceed LABOUR_EXCHANGE_TIMEOUT and "
        "EMAIL_TIMEOUT by at least 30 s: a live worker must finish an attempt within its claim"
    )
# The longest a failed delivery waits before its next attempt (capped further by the broker's
# visibility timeout).
SETTLEMENTS_DELIVERY_MAX_COUNTDOWN = 300
# Deliveries' retry policy (settlements/services/outbox.py): exponential backoff from the base, with
# jitter, up to the cap, for at most so many attempts; a row the broker never got is enqueued again
# by the sweep after SETTLEMENTS_SWEEP_REENQUEUE_AFTER seconds.
SETTLEMENTS_DELIVERY_BACKOFF_BASE = 30
SETTLEMENTS_DELIVERY_BACKOFF_MAX = 6 * 3600
SETTLEMENTS_DELIVERY_MAX_ATTEMPTS = 12
SETTLEMENTS_SWEEP_REENQUEUE_AFTER = 600
# Rendered pages of the settlement API on this host (see settlements/page_store.py), at most this many
# per published version; a free-text search is never stored.
SETTLEMENTS_PAGES_DIR = VAR_DIR / "settlement-pages"
SETTLEMENTS_STORED_PAGES_MAX = env_int("SETTLEMENTS_STORED_PAGES_MAX", 2000)
# Analysts' report files (served only through the download view) and how long the monitoring sweep
# trusts an enqueued job before enqueueing it again.
MONITORING_REPORTS_DIR = VAR_DIR / "reports"
MONITORING_SWEEP_REENQUEUE_AFTER = 600
# The p.8 forecast's norms per facility (monitoring/norms.py) may be overridden here, by norm code.
MONITORING_FORECAST_NORMS: dict = {}
# DejaVu Sans for Kazakh and Russian text in PDFs (letters, reports): Debian's fonts-dejavu-core.
PDF_FONT_DIR = env_str("PDF_FONT_DIR", "/usr/share/fonts/truetype/dejavu")

# --- Internationalisation: Kazakh first, then Russian and English ------------------------------
LANGUAGE_CODE = "kk"
LANGUAGES = [("kk", _("Kazakh")), ("ru", _("Russian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates and numbers in Kazakh (Django has no Kazakh formats of its own).
FORMAT_MODULE_PATH = ["kernel.formats"]
TIME_ZONE = "Asia/Almaty"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files ------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

# --- Authentication and security -----------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"
# Every password check goes through the lockout (kernel/security/backends.py).
AUTHENTICATION_BACKENDS = ["kernel.security.backends.LockoutModelBackend"]
# Lockout after repeated failed logins, counted in the shared cache (Redis) per username and per
# client address; the address limit is higher because an office's staff share one NAT address.
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 4 * LOGIN_FAILURE_LIMIT)
LOGIN_COOLOFF_SECONDS = env_int("LOGIN_COOLOFF_SECONDS", 15 * 60)  # counted from the last failure
for _name in ("LOGIN_FAILURE_LIMIT", "LOGIN_ADDRESS_FAILURE_LIMIT", "LOGIN_COOLOFF_SECONDS"):
    if globals()[_name] < 1:
        raise ImproperlyConfigured(f"{_name} must be at least 1, got {globals()[_name]}")
# Reverse proxies in front of the portal that append to X-Forwarded-For (0: trust REMOTE_ADDR only).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1 if not DEBUG and env_bool("BEHIND_TLS_PROXY", True) else 0)
# ...and only when the request's direct peer is one of them (addresses or networks): a client that
# reaches gunicorn directly cannot pick its own address for the lockout. gunicorn binds to loopback
# behind the proxy on the same host (README "Production"); name the proxy's address if it is elsewhere.
TRUSTED_PROXY_ADDRESSES = env_list("TRUSTED_PROXY_ADDRESSES", ["127.0.0.1", "::1"])
for _address in TRUSTED_PROXY_ADDRESSES:
    try:
        ipaddress.ip_network(_address, strict=False)
    except ValueError:
        raise ImproperlyConfigured(f"TRUSTED_PROXY_ADDRESSES: {_address!r} is not an IP address or network") from None
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)  # one working day, counted from login
SESSION_IDLE_SECONDS = env_int("SESSION_IDLE_SECONDS", 30 * 60)  # logged out after this long without a request
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# A refused form is a page of the portal (its frame and language), not Django's English one.
CSRF_FAILURE_VIEW = "astana_migration.error_pages.csrf_refused"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Content-Security-Policy (Django 5.2 has none built in: SecurityHeadersMiddleware sends it). No inline
# script anywhere (the API docs load their initialiser from a URL); inline styles stay allowed because
# the admin's change list and Swagger UI's page carry a <style> block.
CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
if not DEBUG:
    # Production behind TLS: secure cookies, HSTS, HTTPS redirect (check --deploy is clean).
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 365 * 24 * 3600)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    if env_bool("BEHIND_TLS_PROXY", True):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- REST API -----------------------------------------------------------------------------------
REST_FRAMEWORK = {
    # Api-Key first, so an anonymous request is answered 401 with a WWW-Authenticate header.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "kernel.accounts.authentication.ApiKeyAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["kernel.parsers.BoundedJSONParser"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "kernel.rest.Pagination",
    "PAGE_SIZE": 100,
    "DEFAULT_SCHEMA_CLASS": "astana_migration.schema.PortalAutoSchema",
    "EXCEPTION_HANDLER": "kernel.rest.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    # Several apps have a "kind" and a "status": each choice set gets a stable, readable name.
    "ENUM_NAME_OVERRIDES": {
        "ProposalKindEnum": "proposals.models.Kind",
        "ProposalStatusEnum": "proposals.models.Status",
        "QuotaKindEnum": "quotas.models.Quota.Kind",
        "OpenClosedStatusEnum": "quotas.models.Quota.Status",
    },
    # In the reader's language: the docs' `?lang=kk|ru|en`, else the language the portal remembers.
    "TITLE": _("Astana migration portal API"),
    "DESCRIPTION": _(
        "Settlement list, quotas and monitoring of the Astana migration rules "
        "(maslikhat decision No. 149/19-VIII of 7 March 2024)."
    ),
    "VERSION": "1.0.0",
    # Sections of the docs, named in the reader's language beside their machine names.
    "TAGS": [
        {"name": "settlements", "description": _("The list of settlements for resettlement (rules p.5, p.7)")},
        {"name": "quotas", "description": _("Quotas for kandases and resettlers, their fill and admissions")},
        {"name": "monitoring", "description": _("Monitoring of migration processes (rules p.3, p.6, p.8)")},
        {"name": "proposals", "description": _("Proposals to the authorised migration body (rules p.4)")},
        {"name": "api", "description": _("The API's root")},
    ],
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    # Swagger UI and Redoc from the drf-spectacular-sidecar package: no CDN at run time.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # No call to the public swagger.io validator: the department's network has no internet.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    # Names for choice sets whose field names ("kind", "status") several apps share.
}

# --- Logging: personal data (IINs) is masked in every log line -----------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_personal_data": {"()": "kernel.logging.MaskPersonalDataFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["mask_personal_data"]}
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Tasks run in-process (no broker, as under `make run`): one line per task is noise there.
        **({"celery.app.trace": {"level": "WARNING"}, "kombu": {"level": "ERROR"}} if CELERY_TASK_ALWAYS_EAGER else {}),
    },
}

# Demo data and accounts (make run) are refused in production unless explicitly allowed.
ALLOW_DEMO_DATA = env_bool("ALLOW_DEMO_DATA", DEBUG)
