"""Settings for Pain Guide: one file, read from environment variables.

Nothing here is secret or machine-specific; every value that differs between
a laptop and production comes from the environment (see README, "Settings").
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name, default=None):
    return os.environ.get(name, default)


def boolean_env(name, *, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def list_env(name, *, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = boolean_env("DEBUG", default=False)

SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if DEBUG:
        SECRET_KEY = "insecure-development-key-only-for-debug"  # noqa: S105
    else:
        raise ImproperlyConfigured(
            "Set the SECRET_KEY environment variable (or DEBUG=true for local development)."
        )

ALLOWED_HOSTS = list_env("ALLOWED_HOSTS", default="127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = list_env("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "axes",
    "pain_guide.core",
    "pain_guide.guide",
    "pain_guide.library",
    "pain_guide.sharing",
    "pain_guide.feedback",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages the same for everyone come straight from the cache, before the rest runs.
    "pain_guide.core.middleware.SharedPageCacheMiddleware",
    # request.region: a share link's region or the reader's choice, else the default.
    "pain_guide.core.middleware.RegionMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "pain_guide.core.middleware.AdminStylePolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it locks out repeated failed admin logins.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "pain_guide.urls"

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
                "django.template.context_processors.csp",
                "pain_guide.core.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "pain_guide.wsgi.application"

# SQLite by default; PostgreSQL (or anything dj-database-url reads) via DATABASE_URL.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(env("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several gunicorn workers share the file: take the write lock at the start of a
    # transaction (no deadlocked upgrades), wait for it rather than fail, and let readers
    # carry on while someone writes (WAL).
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Local memory by default; Redis (or another backend) via CACHE_URL.
_cache_url = env("CACHE_URL")
if _cache_url:
    import django_cache_url

    CACHES = {"default": django_cache_url.parse(_cache_url)}
    if CACHES["default"]["BACKEND"].endswith("RedisCache"):
        # A cache server that stops answering must not hold pages up: give up within a
        # second and build the page without it (pain_guide.core.pagecache).
        CACHES["default"].setdefault("OPTIONS", {}).update(
            {"socket_connect_timeout": 1, "socket_timeout": 1}
        )
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Pages that are the same for everyone (library, site pages) are cached whole for this long.
PAGE_CACHE_SECONDS = int(env("PAGE_CACHE_SECONDS", "300"))

# The guide's answers live only in a signed cookie: nothing about a patient is
# stored on the server (docs/adr/0002-answers-in-signed-cookie.md).
SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = int(env("SESSION_COOKIE_AGE", str(60 * 60 * 24)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# HTTPS=true in production: the site is only served over TLS (directly or behind a proxy).
HTTPS = boolean_env("HTTPS", default=False)
SESSION_COOKIE_SECURE = boolean_env("SECURE_COOKIES", default=HTTPS)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_COOKIE_HTTPONLY = True
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

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

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env(
            "STATICFILES_BACKEND", "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Security headers -------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = boolean_env("SECURE_SSL_REDIRECT", default=HTTPS)
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365) if HTTPS else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = boolean_env("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=HTTPS)
SECURE_HSTS_PRELOAD = boolean_env("SECURE_HSTS_PRELOAD", default=HTTPS)
# Behind a TLS-terminating proxy that sets X-Forwarded-Proto (only trust a proxy you run).
if boolean_env("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = boolean_env("USE_X_FORWARDED_HOST", default=False)

# Everything comes from this origin: scripts only as files from here (a page that needs
# an inline script would have to use the nonce; only the admin's pages ask for one), no
# inline styles, no frames, no plugins, forms post only here.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
ADMIN_CSP = {**SECURE_CSP, "style-src": [CSP.SELF, CSP.UNSAFE_INLINE]}
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "sync-xhr",
        "usb",
        "xr-spatial-tracking",
    )
}

# --- The admin --------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(env("ADMIN_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(env("ADMIN_LOCKOUT_HOURS", "1"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "admin_locked_out.html"
AXES_VERBOSE = False

# Which country's services the guide names: "us" (911) or "uk" (999 and NHS 111).
PAIN_GUIDE_REGION = env("PAIN_GUIDE_REGION", "us").strip().lower()

# Answers never reach the logs: only errors are logged, and never request bodies.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING").upper()},
}

ADMIN_URL = env("ADMIN_URL", "admin/").strip("/") + "/"
CSRF_FAILURE_VIEW = "pain_guide.core.views.csrf_failure"

# Sharing and feedback.
PAIN_GUIDE_SHARE_REGIONS = list_env("PAIN_GUIDE_SHARE_REGIONS") or [PAIN_GUIDE_REGION]
RESULT_LINK_DAYS = int(env("RESULT_LINK_DAYS", "90"))
RATELIMIT_TRUST_X_FORWARDED_FOR = boolean_env("RATELIMIT_TRUST_X_FORWARDED_FOR", default=False)
RATELIMITS = {  # (attempts, seconds) per client
    "share-link": (int(env("RATELIMIT_SHARE_LINKS", "20")), 600),
    "result-link": (int(env("RATELIMIT_RESULT_LINKS", "10")), 600),
    "feedback": (int(env("RATELIMIT_FEEDBACK", "30")), 600),
}
