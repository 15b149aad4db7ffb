"""Django settings, read from the environment.

One module for every environment; the differences are named by ``WENDBAAR_ENV``
(``development`` by default, ``test`` under pytest, ``production``).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from wendbaar.accounts.oidc.config import oidc_settings

BASE_DIR = Path(__file__).resolve().parent
ENV = os.environ.get("WENDBAAR_ENV", "development")
if ENV not in {"development", "test", "production"}:
    raise RuntimeError(f"WENDBAAR_ENV must be development, test or production, not {ENV!r}")
PRODUCTION = ENV == "production"

HOME = Path(os.environ.get("WENDBAAR_HOME", Path.home() / ".local" / "share" / "wendbaar"))
HOME.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    """Production must set the key; elsewhere one is made once and kept in WENDBAAR_HOME."""
    key = os.environ.get("WENDBAAR_SECRET_KEY")
    if key:
        return key
    if PRODUCTION:
        raise RuntimeError("WENDBAAR_SECRET_KEY must be set in production")
    key_file = HOME / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = os.environ.get("WENDBAAR_DEBUG", "0") == "1" and not PRODUCTION
ALLOWED_HOSTS = os.environ.get(
    "WENDBAAR_ALLOWED_HOSTS", "" if PRODUCTION else "localhost,127.0.0.1,[::1],testserver"
).split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "wendbaar.accounts",
    "wendbaar.portal",
    "wendbaar.taxonomy",
    "wendbaar.linking",
    "wendbaar.services",
    "wendbaar.credentials",
    "wendbaar.passport",
    "wendbaar.matching",
    "wendbaar.learning",
]

AUTH_USER_MODEL = "accounts.User"

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
]

ROOT_URLCONF = "wendbaar.urls"
WSGI_APPLICATION = "wendbaar.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wendbaar.portal.context.portal",
            ],
        },
    },
]

DATABASE_URL = os.environ.get("WENDBAAR_DATABASE_URL", f"sqlite:///{HOME / 'wendbaar.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the portal read while an import writes; IMMEDIATE avoids lock upgrades failing.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
if ENV == "test" and "TEST" not in DATABASES["default"]:
    DATABASES["default"]["TEST"] = {}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHE_URL = os.environ.get("WENDBAAR_CACHE_URL", "")
if CACHE_URL.startswith("redis://"):
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
    }
elif ENV == "test":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    # A file cache is shared between the CLI (imports report progress) and the web server.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(HOME / "cache"),
        }
    }

# Argon2id first: memory-hard, so guessing with GPUs costs more than with PBKDF2. Hashes
# made before (PBKDF2) still work and are rehashed with Argon2 at the next login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "accounts:login"

# OpenID Connect (DigiD/eHerkenning through a broker); on only when WENDBAAR_OIDC_CLIENT_ID
# is set. WENDBAAR_OIDC_MOCK=1 serves the local test provider (refused in production).
globals().update(oidc_settings(os.environ, production=PRODUCTION))

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("WENDBAAR_STATIC_ROOT", HOME / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Uploaded evidence; served only through the owner's view, never as a public directory.
MEDIA_ROOT = Path(os.environ.get("WENDBAAR_MEDIA_ROOT", HOME / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if ENV == "test"
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "wendbaar.pagination.Pages",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Bearer first: anonymous calls get 401 with WWW-Authenticate. No Basic: it would
        # skip the second factor.
        "wendbaar.accounts.api.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_THROTTLE_RATES": {"anon": "120/minute"},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "wendbaar API",
    "DESCRIPTION": (
        "The common skills language of the SER action agenda Leven Lang Ontwikkelen: "
        "ESCO as hub, linked to ISCO-08, BRC 2014 and other schemes. "
        "This service uses the ESCO classification of the European Commission."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # Several models have a "kind" or "status"; name their enums apart in the schema.
    "ENUM_NAME_OVERRIDES": {
        "OfferingKindEnum": "wendbaar.learning.models.OfferingKind.choices",
        "PlanActionKindEnum": "wendbaar.learning.models.ActionKind.choices",
        "PlanActionStatusEnum": "wendbaar.learning.models.ActionStatus.choices",
        "VacancyStatusEnum": "wendbaar.matching.models.VacancyStatus.choices",
    },
}

EMAIL_BACKEND = os.environ.get(
    "WENDBAAR_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = os.environ.get("WENDBAAR_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("WENDBAAR_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("WENDBAAR_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("WENDBAAR_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("WENDBAAR_EMAIL_TLS", "0") == "1"
DEFAULT_FROM_EMAIL = os.environ.get("WENDBAAR_FROM_EMAIL", "wendbaar <noreply@localhost>")
# Shown in the accessibility statement as the address for problems.
WENDBAAR_CONTACT_EMAIL = os.environ.get("WENDBAAR_CONTACT_EMAIL", "")
# The host in the platform's and issuers' did:web identifiers (e.g. wendbaar.nl); a port
# becomes %3A. Production must set it; elsewhere the request's host is used.
WENDBAAR_DID_HOST = os.environ.get("WENDBAAR_DID_HOST", "")
# Verifying other issuers' credentials: their did:web documents and status lists are
# fetched over https (public addresses only, time-out, size limit) and cached. Off in tests
# by default: other tests use made-up did:web hosts that must not be looked up.
WENDBAAR_DID_FETCH = os.environ.get("WENDBAAR_DID_FETCH", "0" if ENV == "test" else "1") == "1"
WENDBAAR_DID_FETCH_TIMEOUT = float(os.environ.get("WENDBAAR_DID_FETCH_TIMEOUT", "5"))
WENDBAAR_DID_FETCH_MAX_BYTES = int(os.environ.get("WENDBAAR_DID_FETCH_MAX_BYTES", "100000"))
WENDBAAR_DID_CACHE_SECONDS = int(os.environ.get("WENDBAAR_DID_CACHE_SECONDS", "600"))
WENDBAAR_DID_FAILURE_CACHE_SECONDS = int(os.environ.get("WENDBAAR_DID_FAILURE_CACHE_SECONDS", "60"))
# Hosts fetched over plain http and at private addresses (development and tests only).
WENDBAAR_DID_FETCH_LOCAL_HOSTS = (
    []
    if PRODUCTION
    else [
        h.strip()
        for h in os.environ.get("WENDBAAR_DID_FETCH_LOCAL_HOSTS", "").split(",")
        if h.strip()
    ]
)
# Fernet secrets that encrypt signing keys at rest, newest first (comma-separated); older
# ones still decrypt, so rotation is: put a new one in front. Production must set it;
# elsewhere one is derived from SECRET_KEY.
WENDBAAR_CREDENTIAL_KEYS = [
    s for s in os.environ.get("WENDBAAR_CREDENTIAL_KEYS", "").split(",") if s.strip()
]
# Conversation requests older than this are deleted by `wendbaar manage purge_requests`.
WENDBAAR_REQUEST_RETENTION_DAYS = int(os.environ.get("WENDBAAR_REQUEST_RETENTION_DAYS", "180"))

SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Share and password-reset tokens in logged paths are hidden (wendbaar/log_redaction.py).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "wendbaar.log_redaction.RedactSecretPaths"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["redact"]}},
    "loggers": {"django.request": {"filters": ["redact"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("WENDBAAR_LOG_LEVEL", "WARNING")},
}
