"""Settings for the archive, read from the environment.

One module, no settings maze: every value that differs between a laptop and
production comes from an environment variable with a safe development default.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: str) -> bool:
    return os.getenv(name, default).strip().lower() in ("1", "true", "yes", "on")


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.getenv(name, default).split(",") if item.strip()]


def envint(name: str, default: int) -> int:
    value = os.getenv(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


DEBUG = envbool("DEBUG", "true")

# The development key is public (it is in this file): anything signed with it, sessions
# and API cursors alike, can be forged. With DEBUG off it is refused, never used.
DEVELOPMENT_SECRET_KEY = "dev-only-insecure-key-change-me-in-production"
SECRET_KEY = os.getenv("SECRET_KEY", "").strip() or (DEVELOPMENT_SECRET_KEY if DEBUG else "")
if not DEBUG and SECRET_KEY in ("", DEVELOPMENT_SECRET_KEY):
    raise ImproperlyConfigured(
        "SECRET_KEY is not set. With DEBUG off the archive needs its own secret key: "
        "set SECRET_KEY to a long random value (e.g. the output of "
        "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`)."
    )
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")

# HTTPS: on by default when DEBUG is off. HTTPS=false serves plain HTTP (a local
# production run on loopback, e.g. the load test); each setting can also be set alone.
HTTPS = envbool("HTTPS", "false" if DEBUG else "true")
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", str(HTTPS))
# Load balancers probe over plain HTTP, by address; a redirect would fail the probe.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31_536_000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", str(HTTPS))
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", str(HTTPS))
SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", str(HTTPS))
CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", str(HTTPS))
# Behind a proxy that ends TLS, Django sees plain HTTP: trust the proxy's
# X-Forwarded-Proto only when told there is one (a client could send it too).
if envbool("BEHIND_TLS_PROXY", "false"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

INSTALLED_APPS = [
    # The project itself, for its management commands (backup, restore); it has no models.
    "archive",
    # The shared floor every domain app builds on (records, review, search, API plumbing).
    "core",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django_countries",
    "simple_history",
    "import_export",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "people",
    "ventures",
    "sources",
]

MIDDLEWARE = [
    # First, so every response, errors included, is timed, logged and carries its id.
    "core.middleware.RequestLogMiddleware",
    # Before anything that writes the body; anonymous API reads only (BREACH).
    "core.middleware.PublicGZipMiddleware",
    # Before CommonMiddleware, so a preflight is answered before any redirect.
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "core.middleware.DropEmptyParametersMiddleware",
]

# Where an empty query parameter is left alone: the API reads ``?q=`` as absent itself,
# and the admin's own forms and filters are not shared addresses.
KEEP_EMPTY_PARAMETERS_UNDER = ["/api/", "/admin/"]

ROOT_URLCONF = "archive.urls"
CSRF_FAILURE_VIEW = "core.errors.csrf_failure"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # archive/templates is found as the "archive" app's, first in INSTALLED_APPS, so it
        # overrides the admin's. Listing it in DIRS as well made every template that
        # extends its own name there ({% extends "admin/base_site.html" %}) apply twice.
        "DIRS": [],
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

WSGI_APPLICATION = "archive.wsgi.application"
ASGI_APPLICATION = "archive.asgi.application"

# SQLite in the project folder by default; PostgreSQL (production) through
# DATABASE_URL, e.g. postgres://postgres@127.0.0.1:5432/archive. Persistent connections
# (CONN_MAX_AGE seconds) are checked before each request reuses them, so a database
# restart costs one reconnect, not a failed request.
# DATABASE_REPLICA_URL names a read replica of that database: core.routers.ReplicaRouter
# then sends reads there, and writes, and every read of a request that writes, to
# DATABASE_URL. Its tests use the primary's test database (TEST MIRROR).


def database(url: str) -> dict:
    config = dj_database_url.parse(
        url, conn_max_age=envint("CONN_MAX_AGE", 0), conn_health_checks=True
    )
    if config["ENGINE"] == "django.db.backends.postgresql":
        # Near-miss name search ("Kaesung" finds Kaesong) uses pg_trgm's word-similarity
        # operator, whose default threshold (0.6) misses one-letter misspellings of short
        # names; 0.45 catches them without matching unrelated words.
        # A request's queries run on one core each: a parallel plan's workers take two
        # more processes and a start-up cost, for a LIMIT of fifty rows, while other
        # requests wait for the same cores (gunicorn runs two requests a core).
        config.setdefault("OPTIONS", {})["options"] = (
            "-c pg_trgm.word_similarity_threshold="
            + os.getenv("SEARCH_SIMILARITY_THRESHOLD", "0.45")
            + " -c max_parallel_workers_per_gather="
            + str(envint("DATABASE_PARALLEL_WORKERS", 0))
        )
        # Prepared statements: parameters bound by the server, and a statement run five
        # times on a connection is prepared there, so it is parsed once and, where a
        # generic plan serves, planned once (psycopg's prepare_threshold). Django turns
        # them off by default for transaction-pooling PgBouncers, which cannot keep a
        # prepared statement across transactions: DATABASE_PREPARED_STATEMENTS=0 there.
        if envbool("DATABASE_PREPARED_STATEMENTS", "true"):
            config["OPTIONS"]["server_side_binding"] = True
            config["OPTIONS"]["prepare_threshold"] = 5
            config["OPTIONS"]["options"] += " -c plan_cache_mode=force_custom_plan"
    return config


# An empty DATABASE_URL (``DATABASE_URL= make run``) means the default, as an unset one.
DATABASES = {
    "default": database(
        os.getenv("DATABASE_URL", "").strip() or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
    )
}
DATABASE_REPLICA_URL = os.getenv("DATABASE_REPLICA_URL", "").strip()
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = database(DATABASE_REPLICA_URL) | {"TEST": {"MIRROR": "default"}}
    DATABASE_ROUTERS = ["core.routers.ReplicaRouter"]

# The cache: local memory per process by default; CACHE_URL (redis://host:6379/0) makes
# it one Redis shared by every worker and app server, so what is counted in it (the
# API's throttle counts) holds across them.
CACHE_URL = os.getenv("CACHE_URL", "").strip()
if CACHE_URL and not CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured(
        f"CACHE_URL must be a Redis URL (redis://, rediss:// or unix://), not {CACHE_URL!r}."
    )
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
    if CACHE_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.getenv("STATIC_ROOT", BASE_DIR / "static_root"))
STATICFILES_DIRS = [BASE_DIR / "static"] if (BASE_DIR / "static").is_dir() else []
# With DEBUG off, WhiteNoise serves what `collectstatic` wrote: names carry a content
# hash (cached for a year) and each file has a compressed twin. In development files are
# served from the apps as they are, so no collectstatic is needed.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

FIXTURE_DIRS = [BASE_DIR / "fixtures"]
# dumpdata --natural-foreign copes with history rows whose record was deleted.
SERIALIZATION_MODULES = {"json": "core.serialization"}

# Where the source articles live: the fixtures hold their full text, and tests
# compare the two so a fixture can never drift from its article.
ARTICLES_DIR = Path(os.getenv("ARTICLES_DIR", BASE_DIR / "fixtures" / "articles"))

REST_FRAMEWORK = {
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PARSER_CLASSES": [
        "core.parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.AnonRateThrottle"],
    # A load test from one address needs a higher rate (API_ANON_RATE); README says so.
    # "auth" counts password guesses at /api/v1/auth/token/ (core.api.PasswordGuessThrottle).
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.getenv("API_ANON_RATE", "120/minute"),
        "auth": os.getenv("API_AUTH_RATE", "10/minute"),
    },
    # How many proxies in front of the app append to X-Forwarded-For; the client address
    # is the one the outermost trusted proxy saw. 0 (the default): REMOTE_ADDR alone, so a
    # client cannot forge its way past the throttle. Behind one load balancer, set 1.
    "NUM_PROXIES": int(os.getenv("NUM_PROXIES", "0")),
}

# CORS: any site's scripts may read the public API (anonymous GETs), as with curl.
# No credentials and no Authorization header cross origins, so a page elsewhere can
# never act with a signed-in user's session or token.
CORS_ALLOW_ALL_ORIGINS = True
CORS_URLS_REGEX = r"^/api/v1/.*$"
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS")
CORS_ALLOW_HEADERS = ("accept", "if-none-match", "if-modified-since")
CORS_ALLOW_CREDENTIALS = False
CORS_EXPOSE_HEADERS = (
    "ETag",
    "Last-Modified",
    "Link",
    "X-Total-Count",
    "Retry-After",
    "X-USD-Estimates-Pending",
)

SPECTACULAR_SETTINGS = {
    "TITLE": "North Korean entrepreneurship funding archive API",
    "DESCRIPTION": "Who funds whom in North Korean entrepreneurship, from news articles.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.api.empty_means_absent",
        "core.api.schema_truths",
        "core.api.selectable_fields",
    ],
    # One name per vocabulary that several components share (drf-spectacular would
    # otherwise invent "Kind7dcEnum"). Here, not on the schema view, so that
    # `manage.py check` builds the same schema the API serves.
    "ENUM_NAME_OVERRIDES": {
        "AliasKindEnum": "people.models.AliasKind",
        "OrganizationKindEnum": "people.models.OrganizationKind",
        "RoleKindEnum": "people.models.RoleKind",
        "VentureKindEnum": "ventures.models.VentureKind",
        "VentureStatusEnum": "ventures.models.VentureStatus",
        "FlowKindEnum": "ventures.models.FlowKind",
        "FlowStatusEnum": "ventures.models.FlowStatus",
        "PlaceKindEnum": "ventures.models.PlaceKind",
        "QualifierEnum": "core.records.Qualifier",
        "DateQualifierEnum": "people.models.DateQualifier",
        "RelationKindEnum": "people.models.RelationKind",
        "StatementKindEnum": "sources.models.StatementKind",
        "CountryEnum": "django_countries.countries",
    },
}

# Content-Security-Policy (django-csp): scripts, styles, fonts and images from this site
# only, no inline code, no plugins, no framing. The API docs (Swagger UI, Redoc) run
# under the same policy; their inline bits were moved to static files (Redoc's own
# style elements are allowed by hash on its page, archive/api_urls.py). Swagger UI's
# icons are data: URIs.
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
    },
}

# Logs: one line per request (core.middleware) and every 5xx with its traceback
# (django.request), each tagged with the request id. JSON lines for a log collector
# by default with DEBUG off, readable text in development.
LOG_LEVEL = os.getenv("LOG_LEVEL", "INFO").upper()
LOG_FORMAT = os.getenv("LOG_FORMAT", "text" if DEBUG else "json")
if LOG_FORMAT not in ("json", "text"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be json or text, not {LOG_FORMAT!r}.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "core.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "core.logs.JSONFormatter"},
        "text": {"()": "core.logs.TextFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": LOG_FORMAT,
        },
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Handled by the root logger, once; Django's own handlers would print it twice.
        "django": {"handlers": [], "level": LOG_LEVEL, "propagate": True},
        # runserver prints its own access line; ours already says the same.
        "django.server": {"handlers": [], "level": "WARNING", "propagate": True},
    },
}

IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
