"""Test settings: the real settings, with what a test run needs instead."""

import atexit
import os
import shutil
import tempfile

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production")
os.environ.setdefault("PAIN_GUIDE_REGION", "us")

from pain_guide.settings import *  # noqa: E402,F403

# live_server cannot serve the manifest's hashed names, so htmx would never load.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# No STATIC_ROOT: live_server serves static files from the finders, and the tests that need
# WhiteNoise's serving override STATIC_ROOT with the run's collected files
# (tests/collected_static.py). A developer's staticfiles/ (scripts/run) is never read, and
# WhiteNoise does not scan it again for every test client (each builds its own middleware).
STATIC_ROOT = None
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False

# Rate-limit counters in a folder of this run's own, emptied by each test (tests/conftest.py).
if CACHES["ratelimits"]["BACKEND"].endswith("MachineFileCache"):  # noqa: F405
    CACHES["ratelimits"]["LOCATION"] = tempfile.mkdtemp(prefix="pain-guide-ratelimits-")  # noqa: F405
    atexit.register(shutil.rmtree, CACHES["ratelimits"]["LOCATION"], ignore_errors=True)  # noqa: F405
