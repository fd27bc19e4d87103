"""Hearth settings: one module, driven by environment variables (see .env.example).

Without any variable set, Hearth runs on the embedded SQLite database ``var/hearth.sqlite3`` with development defaults.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("HEARTH_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DEBUG", True)
# The development key is only for DEBUG runs on a developer's machine; production must set SECRET_KEY.
SECRET_KEY = os.environ.get("SECRET_KEY") or ("hearth-development-only-key" if DEBUG else "")
if not SECRET_KEY:
    raise RuntimeError("SECRET_KEY must be set when DEBUG is off (see .env.example)")
# Field encryption of the SSN (hearth/core/crypto.py): keys from HEARTH_FIELD_KEY or the file HEARTH_FIELD_KEY_FILE.
# Development and tests fall back to a key generated once in VAR_DIR/field.key; production must configure one.
FIELD_KEY = os.environ.get("HEARTH_FIELD_KEY", "").strip()
FIELD_KEY_FILE = os.environ.get("HEARTH_FIELD_KEY_FILE", "").strip()
FIELD_KEY_DEV_FILE = VAR_DIR / "field.key"
if not DEBUG and not (FIELD_KEY or FIELD_KEY_FILE):
    raise RuntimeError("HEARTH_FIELD_KEY or HEARTH_FIELD_KEY_FILE must be set when DEBUG is off (see .env.example)")
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "hearth.core",
    "hearth.accounts",
    "hearth.directory",
    "hearth.clients",
    "hearth.enrollments",
    "hearth.hudcsv",
    "hearth.jobs",
    "hearth.reports",
    "hearth.dedup",
    "hearth.privacy",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "hearth.accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "hearth.accounts.middleware.ClearanceReminderMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "hearth.accounts.middleware.SecurityHeadersMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "hearth.core.request.RequestAddressMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "hearth.core.context_processors.navigation",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'hearth.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Django's backend, with a flush that can empty the append-only audit log (tests between transactional cases).
    DATABASES["default"]["ENGINE"] = "hearth.core.sqlite_backend"
    # WAL lets readers work while a writer commits; a busy timeout instead of "database is locked" at once.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # The access funnel's IN-lists of candidate IDs cross PostgreSQL's JIT cost threshold, and JIT compilation then
    # costs seconds per query for a few milliseconds of work: HMIS pages are short OLTP queries, so JIT stays off.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
if os.environ.get("TEST_DATABASE_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": os.environ["TEST_DATABASE_NAME"]}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": int(os.environ.get("HEARTH_PASSWORD_MIN_LENGTH", "12"))},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "hearth.accounts.validators.BreachedPasswordValidator"},
]
# A longer local list of breached passwords may replace the one shipped in hearth/accounts/data.
HEARTH_BREACHED_PASSWORDS_FILE = os.environ.get("HEARTH_BREACHED_PASSWORDS_FILE", "")
# Lockout: this many failures for one username (or for one address) within the window lock log-in for the window.
HEARTH_LOCKOUT_ATTEMPTS = int(os.environ.get("HEARTH_LOCKOUT_ATTEMPTS", "5"))
HEARTH_LOCKOUT_ADDRESS_ATTEMPTS = int(os.environ.get("HEARTH_LOCKOUT_ADDRESS_ATTEMPTS", "20"))
HEARTH_LOCKOUT_WINDOW_MINUTES = int(os.environ.get("HEARTH_LOCKOUT_WINDOW_MINUTES", "15"))
HEARTH_MFA_ISSUER = os.environ.get("HEARTH_MFA_ISSUER", "Hearth HMIS")
HEARTH_DEACTIVATE_IDLE_DAYS = int(os.environ.get("HEARTH_DEACTIVATE_IDLE_DAYS", "90"))
HEARTH_QUIZ_PASS_PERCENT = int(os.environ.get("HEARTH_QUIZ_PASS_PERCENT", "90"))
HEARTH_CLEARANCE_REMINDER_DAYS = int(os.environ.get("HEARTH_CLEARANCE_REMINDER_DAYS", "30"))

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
# The HUD code-list labels have their own catalogue (docs/casework.md, "Language").
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "hearth" / "standards" / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "America/New_York")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# USWDS comes from npm (package.json); `make` installs it before Django collects or serves static files.
STATICFILES_DIRS = [BASE_DIR / "static", ("uswds", BASE_DIR / "node_modules" / "@uswds" / "uswds" / "dist")]
STATIC_ROOT = VAR_DIR / "staticfiles"
MEDIA_ROOT = Path(os.environ.get("HEARTH_FILES_DIR", VAR_DIR / "files"))

# HEARTH_TLS=1 when Hearth is served over HTTPS (directly or behind a proxy that sets X-Forwarded-Proto): cookies
# become Secure and browsers are told to use HTTPS only (HSTS). Off by default so plain-http test servers work.
HEARTH_TLS = env_bool("HEARTH_TLS", False)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", HEARTH_TLS)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
if HEARTH_TLS:
    SECURE_HSTS_SECONDS = int(os.environ.get("HEARTH_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HEARTH_HSTS_SUBDOMAINS", False)
    SECURE_SSL_REDIRECT = env_bool("HEARTH_SSL_REDIRECT", True)
    if env_bool("HEARTH_BEHIND_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Idle timeout: the session's age, renewed by every request (server-side expiry in the session store).
HEARTH_IDLE_TIMEOUT_MINUTES = int(os.environ.get("HEARTH_IDLE_TIMEOUT_MINUTES", "30"))
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_SECONDS", str(HEARTH_IDLE_TIMEOUT_MINUTES * 60)))
# The idle timeout: each request of a logged-in user pushes the session's expiry on, but the session row is written
# at most once a minute (hearth.accounts.middleware.UserLanguageMiddleware), not on every page.
SESSION_SAVE_EVERY_REQUEST = False
HEARTH_SESSION_TOUCH_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# The CoC this HMIS implementation serves, used for exports and reports when no other is chosen.
HEARTH_COC_CODE = os.environ.get("HEARTH_COC_CODE", "XX-500")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
