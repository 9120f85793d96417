"""Security and privacy: headers on every page type, nothing from other origins,
check --deploy, the health check, and answers kept out of the logs."""

import logging
import os
import re
import runpy
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.conftest import EVERY_PAGE, answer_steps

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
MISSING = {"/no-such-page/", "/s/AAAAAAAAAAAAAA/", "/r/AAAAAAAAAAAAAA/"}  # in EVERY_PAGE
FRAGMENTS = {"/feedback/form/?page=/library/"}  # in EVERY_PAGE: a form htmx swaps in


@pytest.fixture
def answered(client):
    answer_steps(client, {})
    return client


def test_every_page_type_sends_the_security_headers(answered):
    for url in EVERY_PAGE:
        response = answered.get(url)
        assert response.status_code == (404 if url in MISSING else 200), url
        csp = response["Content-Security-Policy"]
        assert "default-src 'self'" in csp, url
        # Scripts only as files from this site: no nonce, so a cached page shares none.
        assert re.search(r"script-src 'self';", csp), url
        assert "unsafe-inline" not in csp
        assert "unsafe-eval" not in csp
        assert "frame-ancestors 'none'" in csp
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Frame-Options"] == "DENY"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"
        assert "camera=()" in response["Permissions-Policy"]
        assert "geolocation=()" in response["Permissions-Policy"]


def test_every_script_is_a_file_from_this_site_and_none_is_inline(answered):
    for url in EVERY_PAGE:
        html = answered.get(url).content.decode()
        scripts = re.findall(r"<script\b[^>]*>", html)
        if url in FRAGMENTS:
            assert not html.lstrip().startswith("<!doctype"), url
        else:  # every whole page loads its scripts
            assert html.startswith("<!doctype html>"), url
            assert scripts, url
        for tag in scripts:
            assert re.search(r'src="/static/[^"]+\.js"', tag), (url, tag)
            assert "nonce" not in tag, (url, tag)


class Resources(HTMLParser):
    """Everything a page asks the browser to load, and every link out."""

    def __init__(self):
        super().__init__()
        self.loads, self.links = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("src", "srcset", "poster", "data"):
            if attrs.get(name):
                self.loads.append((tag, attrs[name]))
        if tag == "link" and attrs.get("href"):
            self.loads.append((tag, attrs["href"]))
        if tag == "a" and attrs.get("href", "").startswith(("http://", "https://", "//")):
            self.links.append(attrs)
        if "style" in attrs:
            self.loads.append((tag, "inline style attribute"))


def test_no_page_loads_anything_from_another_origin(answered):
    for url in EVERY_PAGE:
        parser = Resources()
        parser.feed(answered.get(url).content.decode())
        for tag, value in parser.loads:
            assert value.startswith("/"), (url, tag, value)
            assert not value.startswith("//"), (url, tag, value)
        for link in parser.links:
            assert {"noopener", "noreferrer"} <= set(link.get("rel", "").split()), (url, link)


def test_pages_link_out_only_with_noopener_noreferrer(answered):
    parser = Resources()
    parser.feed(answered.get("/library/medicines/baclofen/").content.decode())
    assert parser.links  # the sources are links out, and each carries rel


def test_check_deploy_is_clean_with_production_settings():
    # The test run's own DJANGO_ALLOW_ASYNC_UNSAFE (for Playwright) is not production.
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DEBUG": "false",
        "HTTPS": "true",
        "SECRET_KEY": "x" * 20 + "-production-like-secret-key-for-the-check-0123456789",
        "ALLOWED_HOSTS": "pain-guide.example",
        "DJANGO_SETTINGS_MODULE": "pain_guide.settings",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_health_check_reports_database_and_cache(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_health_check_says_503_when_the_database_is_down(client, monkeypatch):
    from django.db.backends.utils import CursorWrapper

    def fail(*args, **kwargs):
        raise OSError("database down")

    monkeypatch.setattr(CursorWrapper, "execute", fail)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


ANSWER_WORDS = ("pregnancy", "opioids", "alcohol", "kidney", "burning", "substance-use", "Pregnant")


def test_the_guides_answers_never_reach_the_logs(client, caplog):
    caplog.set_level(logging.DEBUG)
    answer_steps(
        client,
        {
            "feelings": ["burning", "tingling"],
            "health": ["pregnancy", "kidney"],
            "medicines": ["opioids", "alcohol"],
        },
    )
    client.get("/guide/result/")
    client.post("/guide/where/", {"areas": ["<bad>"]})  # an error path too
    client.get("/guide/nope/")  # and a 404, which Django logs
    logged = "\n".join(record.getMessage() for record in caplog.records)
    for word in ANSWER_WORDS:
        assert word not in logged


def test_the_access_log_format_holds_no_query_body_cookie_or_address():
    config = (ROOT / "gunicorn.conf.py").read_text()
    fmt = re.search(r"access_log_format = '([^']+)'", config).group(1)
    for atom in ("%(q)s", "%(r)s", "%(h)s", "%({cookie}i)s", "%(U)s"):
        if atom == "%(U)s":
            assert atom in fmt
        else:
            assert atom not in fmt


def test_the_admin_allows_inline_styles_but_never_inline_scripts(client):
    csp = client.get("/admin/login/")["Content-Security-Policy"]
    assert "style-src 'self' 'unsafe-inline'" in csp
    script_src = re.search(r"script-src ([^;]+)", csp).group(1)
    assert "unsafe-inline" not in script_src
    assert "'nonce-" in script_src


def test_the_admin_url_is_a_setting(monkeypatch):
    def admin_url(**environment):
        monkeypatch.delenv("ADMIN_URL", raising=False)
        for name, value in environment.items():
            monkeypatch.setenv(name, value)
        return runpy.run_path(str(ROOT / "pain_guide" / "settings.py"))["ADMIN_URL"]

    assert admin_url() == "admin/"
    assert admin_url(ADMIN_URL="editors-7f3a") == "editors-7f3a/"
    assert admin_url(ADMIN_URL="/editors-7f3a/") == "editors-7f3a/"


@pytest.mark.parametrize(
    ("env", "backend"),
    [
        ({}, "django.core.cache.backends.locmem.LocMemCache"),
        (
            {"CACHE_URL": "redis://cache.internal:6379/0"},
            "pain_guide.core.rediscache.PausingRedisCache",
        ),
        ({"DATABASE_URL": "postgres://u:p@db.internal:5432/pg"}, None),
    ],
)
def test_database_and_cache_come_from_urls(env, backend):
    code = (
        "import json; from pain_guide import settings as s; "
        "print(json.dumps([s.CACHES['default']['BACKEND'], s.DATABASES['default']['ENGINE']]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if k not in ("CACHE_URL", "DATABASE_URL")},
            "SECRET_KEY": "x",
            **env,
        },
        capture_output=True,
        text=True,
        check=True,
    )
    cache_backend, engine = __import__("json").loads(result.stdout)
    if backend:
        assert cache_backend == backend
    if "DATABASE_URL" in env:
        # Django's own backend, giving up on a server that stops answering.
        assert engine == "pain_guide.core.postgresql"
    else:
        assert engine == "django.db.backends.sqlite3"


def test_a_redis_cache_that_stops_answering_is_given_up_on_within_a_second():
    code = "import json; from pain_guide import settings as s; print(json.dumps(s.CACHES))"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**os.environ, "SECRET_KEY": "x", "CACHE_URL": "redis://cache.internal:6379/0"},
        capture_output=True,
        text=True,
        check=True,
    )
    options = __import__("json").loads(result.stdout)["default"]["OPTIONS"]
    assert options["socket_connect_timeout"] <= 1
    assert options["socket_timeout"] <= 1
