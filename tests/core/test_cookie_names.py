"""Under HTTPS every cookie carries the __Host- (or, for one path, __Secure-) prefix."""

import os
import subprocess
import sys
from pathlib import Path

from pain_guide.core import regions
from pain_guide.sharing import views as sharing_views

ROOT = Path(__file__).resolve().parents[2]


def test_the_apps_own_cookies_are_prefixed_only_when_secure(settings):
    settings.SESSION_COOKIE_SECURE = False
    assert regions.cookie_name() == "region"
    assert sharing_views.delete_keys_cookie() == "result_links"
    settings.SESSION_COOKIE_SECURE = True
    assert regions.cookie_name() == "__Host-region"
    assert sharing_views.delete_keys_cookie() == "__Secure-result_links"


def test_djangos_session_and_csrf_cookies_are_prefixed_under_https():
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME)"
    )
    for https, expected in (
        ("true", "__Host-sessionid __Host-csrftoken"),
        ("", "sessionid csrftoken"),
    ):
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "pain_guide.settings",
            "SECRET_KEY": "x" * 50,
            "HTTPS": https,
            "ALLOWED_HOSTS": "example.org",
        }
        out = subprocess.run(  # noqa: S603 - our own interpreter and settings
            [sys.executable, "-c", code],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        assert out == expected
