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
    # Before the admin, as django-modeltranslation asks: the library's words per language.
    "modeltranslation",
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
    "pain_guide.connect",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # The page's language, from its address alone (/es/... is Spanish; the rest English),
    # before the page cache, whose keys hold the address.
    "pain_guide.core.middleware.LanguageFromPathMiddleware",
    # Pages the same for everyone come straight from the cache, before the rest runs.
    "pain_guide.core.middleware.SharedPageCacheMiddleware",
    # request.region: a share link's region or the reader's choice, else the default.
    "pain_guide.core.middleware.RegionMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "pain_guide.core.middleware.AdminStylePolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    # Small forms only, never files: 413, 414 and 415 before anything reads a body (CSRF
    # does), with the headers above on the page; and the cap on pages built per client.
    "pain_guide.core.limits.RequestLimitsMiddleware",
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
                # LANGUAGE_CODE in every template, the htmx partials included.
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "pain_guide.core.context_processors.site",
                "pain_guide.core.context_processors.languages",
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
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database that stops answering must not hold every request (issue 14): connections
    # give up after DATABASE_CONNECT_TIMEOUT, statements after DATABASE_STATEMENT_TIMEOUT
    # (and lock waits sooner), TCP keepalives find a dead link while idle, and our backend
    # (pain_guide.core.postgresql) stops waiting for a server that has frozen and fails
    # fast for a moment after. 0 turns the statement limits off (a long one-off job).
    _statement_seconds = float(env("DATABASE_STATEMENT_TIMEOUT", "5"))
    _statement_ms = int(_statement_seconds * 1000)
    _lock_ms = min(3000, _statement_ms)
    DATABASES["default"]["ENGINE"] = "pain_guide.core.postgresql"
    DATABASES["default"]["OPTIONS"] = {
        "connect_timeout": int(env("DATABASE_CONNECT_TIMEOUT", "3")),
        "options": f"-c statement_timeout={_statement_ms} -c lock_timeout={_lock_ms}",
        "keepalives": 1,
        "keepalives_idle": 10,
        "keepalives_interval": 5,
        "keepalives_count": 3,
        # Sent data left unacknowledged this long (ms) means the link is gone.
        "tcp_user_timeout": 10_000,
        "answer_timeout": _statement_seconds + 2 if _statement_seconds else None,
        # Anything the URL itself says (?sslmode=require, ...) wins.
        **DATABASES["default"].get("OPTIONS", {}),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Two caches (docs/adr/0012). "default" holds pages and what is built from the library:
# local memory by default, Redis (or another backend) via CACHE_URL. "ratelimits" holds only
# rate-limit counters, so no flood of pages can evict them, and every worker shares it: files
# in RATELIMIT_CACHE_DIR by default (one machine, no database queries), or Redis when
# CACHE_URL names Redis (the next database number, e.g. /1 for /0), or RATELIMIT_CACHE_URL.
# A Redis server that stops answering must not hold requests up: every call gives up within
# CACHE_TIMEOUT_SECONDS, then pages are built without it and rate limits let requests through.
CACHE_TIMEOUT_SECONDS = float(env("CACHE_TIMEOUT_SECONDS", "0.5"))
# After a call that timed out or could not connect, a process leaves that Redis alone for this
# long (pain_guide.core.rediscache): a hung Redis must not cost every call its timeout.
CACHE_PAUSE_SECONDS = float(env("CACHE_PAUSE_SECONDS", "5"))


def _cache_from_url(url):
    import django_cache_url

    config = django_cache_url.parse(url)
    if config["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
        config["BACKEND"] = "pain_guide.core.rediscache.PausingRedisCache"
        config.setdefault("OPTIONS", {}).update(
            {
                "socket_connect_timeout": CACHE_TIMEOUT_SECONDS,
                "socket_timeout": CACHE_TIMEOUT_SECONDS,
                "pause_seconds": CACHE_PAUSE_SECONDS,
            }
        )
    return config


def _next_redis_database(url):
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    number = parts.path.strip("/") or "0"
    return parts._replace(path=f"/{int(number) + 1}").geturl()


_cache_url = env("CACHE_URL")
CACHES = {
    "default": _cache_from_url(_cache_url)
    if _cache_url
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "ratelimits": {
        "BACKEND": "pain_guide.core.ratelimit.MachineFileCache",
        "LOCATION": env("RATELIMIT_CACHE_DIR", str(BASE_DIR / "var" / "ratelimits")),
        # Culling removes expired counters first; live ones only past this many.
        "OPTIONS": {"MAX_ENTRIES": 50_000},
    },
}
if env("RATELIMIT_CACHE_URL"):
    CACHES["ratelimits"] = _cache_from_url(env("RATELIMIT_CACHE_URL"))
elif CACHES["default"]["BACKEND"].endswith("RedisCache"):
    CACHES["ratelimits"] = _cache_from_url(_next_redis_database(_cache_url))
CACHES["ratelimits"].setdefault("KEY_PREFIX", "ratelimit")

# Pages that are the same for everyone (library, site pages) are cached whole for this long.
PAGE_CACHE_SECONDS = int(env("PAGE_CACHE_SECONDS", "300"))
# The site's own host name. Cached pages are kept under it and their path, whatever Host
# (or port) a request names, and only for requests without a query string (docs/adr/0006).
SITE_HOST = env("SITE_HOST") or (ALLOWED_HOSTS[0] if ALLOWED_HOSTS else "localhost")

# What a request may send (pain_guide.core.limits): the site takes small forms, never files.
# Bigger bodies get 413, anything but a plain form 415, longer addresses 414, all before CSRF
# reads the form. The admin's forms hold whole medicine pages (about 21 KB for the longest).
MAX_BODY_BYTES = 64 * 1024
ADMIN_MAX_BODY_BYTES = 512 * 1024
MAX_URL_LENGTH = 4096  # path and query string; gunicorn itself refuses request lines over 4094
# Django's own limits say the same should the middleware ever be bypassed; an uploaded file
# is only ever held in memory (never written to the temporary folder), and only a small one.
DATA_UPLOAD_MAX_MEMORY_SIZE = ADMIN_MAX_BODY_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = MAX_BODY_BYTES
FILE_UPLOAD_HANDLERS = ["django.core.files.uploadhandler.MemoryFileUploadHandler"]

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
# Secure cookies carry the __Host- prefix: browsers then refuse them over plain HTTP, from a
# subdomain, or for another path (pain_guide/core/cookies.py names the app's own cookies).
if SESSION_COOKIE_SECURE:
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
CSRF_COOKIE_HTTPONLY = True
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
# English at today's addresses, Spanish (US Spanish first) under /es/ (docs/adr/0014).
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
# A Spanish word not written yet shows the English rather than nothing.
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
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
# Preloading is hard to undo (browsers ship the list): only when asked for.
SECURE_HSTS_PRELOAD = boolean_env("SECURE_HSTS_PRELOAD", default=False)
# Django's deploy check asks for preloading (security.W021); here it is a deliberate choice.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
# Behind a TLS-terminating proxy that sets X-Forwarded-Proto (only trust a proxy you run).
BEHIND_TLS_PROXY = boolean_env("BEHIND_TLS_PROXY", default=False)
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = boolean_env("USE_X_FORWARDED_HOST", default=False)
# How many proxies you run in front of the app, each appending the address it was sent from
# to X-Forwarded-For: the client is the entry the outermost one appended, counted from the
# right (pain_guide.core.clientip). 0: the header is ignored and REMOTE_ADDR is the client.
# One by default behind BEHIND_TLS_PROXY (or the old RATELIMIT_TRUST_X_FORWARDED_FOR).
TRUSTED_PROXY_COUNT = int(
    env(
        "TRUSTED_PROXY_COUNT",
        "1"
        if BEHIND_TLS_PROXY or boolean_env("RATELIMIT_TRUST_X_FORWARDED_FOR", default=False)
        else "0",
    )
)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT is a number of proxies: 0 or more.")

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
# The same client address as the rate limits: behind a proxy, the one it appended, never an
# address the client wrote; IPv6 per /64. Else every reader shares the proxy's address, and
# anyone could lock an editor out for everyone.
AXES_CLIENT_IP_CALLABLE = "pain_guide.core.clientip.client_ip"

# Which country's services the guide names: "us" (911) or "uk" (999 and NHS 111).
PAIN_GUIDE_REGION = env("PAIN_GUIDE_REGION", "us").strip().lower()

# Answers never reach the logs: only errors are logged, and never request bodies.
# No result-link code, no client address and no traceback for a refused Host reach the logs
# (pain_guide/core/logs.py; gunicorn uses the same rules through gunicorn.conf.py).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "redact": {"()": "pain_guide.core.logs.RedactFilter"},
        "short_host": {"()": "pain_guide.core.logs.ShortDisallowedHostFilter"},
        # Warnings that would repeat on every request while a cache is down.
        "once_a_minute": {
            "()": "pain_guide.core.logs.OncePerMinute",
            "loggers": ["pain_guide.core.pagecache", "pain_guide.core.ratelimit"],
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["redact", "once_a_minute"]}
    },
    "loggers": {
        "django.security.DisallowedHost": {
            "handlers": ["console"],
            "filters": ["short_host"],
            "level": "WARNING",
            "propagate": False,
        },
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING").upper()},
}

ADMIN_URL = env("ADMIN_URL", "admin/").strip("/") + "/"
CSRF_FAILURE_VIEW = "pain_guide.core.views.csrf_failure"

# Sharing and feedback.
PAIN_GUIDE_SHARE_REGIONS = list_env("PAIN_GUIDE_SHARE_REGIONS") or [PAIN_GUIDE_REGION]
RESULT_LINK_DAYS = int(env("RESULT_LINK_DAYS", "90"))
RATELIMITS = {  # (attempts, seconds) per client
    "share-link": (int(env("RATELIMIT_SHARE_LINKS", "20")), 600),
    "result-link": (int(env("RATELIMIT_RESULT_LINKS", "10")), 600),
    "feedback": (int(env("RATELIMIT_FEEDBACK", "30")), 600),
    # Pages the same for everyone asked for with a query string: never cached, so each one
    # is built (pain_guide.core.limits). Per client, per minute.
    "page-build": (int(env("RATELIMIT_PAGE_BUILDS", "60")), 60),
}
