"""Several app servers sharing PostgreSQL and Redis, as README.md "Scaling out" promises.

Runs when scripts/test has started its throwaway Redis (TEST_REDIS_URL) and, for the two
gunicorn servers, its throwaway PostgreSQL (TEST_POSTGRES_URL); skipped otherwise.

- In this process: two separate connections to the same Redis, built from the project's
  settings, stand for two servers: a rate limit counts across both, a page cached through
  one is read through the other, and pagecache.bump() through one retires it for the other at once.
- Two gunicorn servers (gunicorn.conf.py, production settings, DEBUG off) on 127.0.0.1 with
  one PostgreSQL database and one Redis: an editor's change saved in the admin through A is
  shown by B, which had the page cached; share links made alternately on A and B meet one
  limit; a result link made on A opens on B.

PAIN_GUIDE_SEVERAL_SERVERS_UNSHARED=1 gives each gunicorn server its own local caches (no
CACHE_URL, rate limits in a folder of its own), as two machines without Redis would have:
the editor's change and the rate-limit tests then fail, which shows what they prove.

scripts/test runs it in its PostgreSQL pass. Alone, with a PostgreSQL server you have (a
database is made for the test and dropped after) and a throwaway Redis that scripts/test starts:
TEST_POSTGRES_URL=postgres://user@host:5432/postgres scripts/test tests/core/test_several_servers.py
"""

import hashlib
import http.client
import os
import re
import runpy
import secrets
import signal
import socket
import subprocess
import sys
import time
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest

from tests.collected_static import collected_static
from tests.seeded_database import postgres_template

ROOT = Path(__file__).resolve().parents[2]
SETTINGS_FILE = ROOT / "pain_guide" / "settings.py"
REDIS_URL = os.environ.get("TEST_REDIS_URL", "")
POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "")
UNSHARED = os.environ.get("PAIN_GUIDE_SEVERAL_SERVERS_UNSHARED", "") == "1"
SHARE_LINK_LIMIT = 3
MEDICINE = "gabapentin"

pytestmark = pytest.mark.skipif(
    not REDIS_URL,
    reason="needs TEST_REDIS_URL: scripts/test starts a throwaway redis-server for it",
)
needs_postgres = pytest.mark.skipif(
    not POSTGRES_URL,
    reason="needs TEST_POSTGRES_URL: scripts/test starts a throwaway PostgreSQL for it",
)


def redis_database(number):
    """TEST_REDIS_URL with another database number, so each part of this file has its own."""
    return urlsplit(REDIS_URL)._replace(path=f"/{number}").geturl()


def flush(*urls):
    import redis

    for url in urls:
        client = redis.Redis.from_url(url, socket_timeout=5)
        try:
            client.flushdb()
        finally:
            client.close()


# --- Two connections to one Redis, in this process -------------------------------------


@pytest.fixture
def two_servers_caches(settings, monkeypatch):
    """The project's CACHES for CACHE_URL=<Redis database 2>, and two separate connections
    to each cache, one per "server"."""
    from django.core.cache import caches

    url = redis_database(2)
    flush(url, redis_database(3))
    for name in ("RATELIMIT_CACHE_URL", "CACHE_TIMEOUT_SECONDS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("CACHE_URL", url)
    settings.CACHES = runpy.run_path(str(SETTINGS_FILE))["CACHES"]
    assert settings.CACHES["default"]["BACKEND"].endswith("RedisCache")
    assert settings.CACHES["ratelimits"]["BACKEND"].endswith("RedisCache")
    servers = [
        {alias: caches.create_connection(alias) for alias in ("default", "ratelimits")}
        for _ in range(2)
    ]
    yield servers
    for server in servers:
        for connection in server.values():
            connection.close()
    flush(url, redis_database(3))


def test_a_rate_limit_counts_across_two_connections(two_servers_caches, rf, monkeypatch):
    from pain_guide.core import ratelimit

    request = rf.post("/share/", REMOTE_ADDR="10.9.8.7")
    allowed = []
    for attempt in range(8):
        server = two_servers_caches[attempt % 2]
        monkeypatch.setattr(ratelimit, "caches", server)
        allowed.append(ratelimit.allow(request, "share-link", limit=5, window=600))
    assert allowed == [True] * 5 + [False] * 3


def test_a_page_cached_through_one_is_read_and_retired_through_the_other(
    two_servers_caches, monkeypatch
):
    from pain_guide.core import pagecache

    def on(server, action):
        monkeypatch.setattr(pagecache, "cache", two_servers_caches[server]["default"])
        return action()

    def page(server, built):
        return on(server, lambda: pagecache.get_or_build("page:/library/", lambda: built))

    assert page(0, "built on A") == "built on A"
    assert page(1, "built on B") == "built on A"  # cached through A, read through B
    on(0, pagecache.bump)
    assert page(1, "rebuilt on B") == "rebuilt on B"  # A's change retired it for B at once
    assert page(0, "rebuilt on A") == "rebuilt on B"


# --- Two gunicorn servers --------------------------------------------------------------


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Forms(HTMLParser):
    """The fields each form on a page would submit as it stands."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.forms, self._textarea, self._select = [], None, None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self.forms.append([])
            return
        if tag == "option" and self._select and "selected" in attributes:
            self.forms[-1].append([self._select, attributes.get("value") or ""])
            return
        name = attributes.get("name")
        if not self.forms or not name:
            return
        fields = self.forms[-1]
        if tag == "input":
            kind = (attributes.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "file", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attributes:
                return
            default = "on" if kind in ("checkbox", "radio") else ""
            fields.append([name, attributes.get("value", default) or ""])
        elif tag == "textarea":
            self._textarea = [name, ""]
            fields.append(self._textarea)
        elif tag == "select":
            self._select = name

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None:
            self._textarea[1] = self._textarea[1].removeprefix("\n")
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def having(self, name):
        return next(form for form in self.forms if any(field[0] == name for field in form))


class Browser:
    """A client with a cookie jar, one request per connection, no redirects followed."""

    def __init__(self):
        self.cookies = {}

    def request(self, port, method, path, form=None):
        headers = {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            pairs = form.items() if hasattr(form, "items") else [tuple(pair) for pair in form]
            body = urlencode(list(pairs), doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode(errors="replace")
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or "1970" in morsel["expires"]:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response.status, response.headers, text

    def get(self, port, path):
        return self.request(port, "GET", path)

    def post(self, port, path, form):
        return self.request(port, "POST", path, form)


def csrf_token(html):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def tail(path, lines=40):
    return (
        "\n".join(path.read_text(errors="replace").splitlines()[-lines:]) if path.exists() else ""
    )


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    """Ports of two gunicorn servers sharing one PostgreSQL database and one Redis."""
    import psycopg

    tmp = tmp_path_factory.mktemp("several-servers")
    database = f"pain_guide_several_{secrets.token_hex(4)}"
    admin_url = re.sub(r"^postgres(ql)?://", "postgresql://", POSTGRES_URL)
    # The migrated and seeded library, copied from the run's template (tests/seeded_database.py)
    with (
        postgres_template(POSTGRES_URL) as template,
        psycopg.connect(admin_url, autocommit=True, connect_timeout=10) as connection,
    ):
        connection.execute(f'CREATE DATABASE "{database}" TEMPLATE "{template}"')
    cache_url, limits_url = redis_database(4), redis_database(5)
    flush(cache_url, limits_url)
    password = secrets.token_urlsafe(16)
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LANG": "C.UTF-8",
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "tests.deploy.production_settings",
        "PAIN_GUIDE_TEST_STATIC_ROOT": str(collected_static()),
        "PAIN_GUIDE_REGION": "us",
        "SECRET_KEY": "several-servers-test-only-secret-key",
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": urlsplit(POSTGRES_URL)._replace(path=f"/{database}").geturl(),
        "CACHE_URL": cache_url,
        "RATELIMIT_SHARE_LINKS": str(SHARE_LINK_LIMIT),
        "RATELIMIT_CACHE_DIR": str(tmp / "ratelimits"),
        "WEB_CONCURRENCY": "1",
        "DJANGO_SUPERUSER_USERNAME": "editor",
        "DJANGO_SUPERUSER_EMAIL": "editor@example.org",
        "DJANGO_SUPERUSER_PASSWORD": password,
    }
    python = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv").exists() else sys.executable

    def manage(*args):
        done = subprocess.run(
            [python, str(ROOT / "manage.py"), *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=180,
        )
        assert done.returncode == 0, (args, done.stderr[-3000:])

    processes = []
    try:
        manage("migrate", "--noinput", "-v0")  # nothing left to apply, as after a deploy
        manage("createsuperuser", "--noinput")
        ports = [free_port(), free_port()]
        for index, port in enumerate(ports):
            own = {"BIND": f"127.0.0.1:{port}"}
            if UNSHARED:
                own["RATELIMIT_CACHE_DIR"] = str(tmp / f"ratelimits-{index}")
            server_env = {**env, **own}
            if UNSHARED:
                server_env.pop("CACHE_URL")
            with (tmp / f"gunicorn-{index}.log").open("w") as log:
                processes.append(
                    subprocess.Popen(
                        [str(Path(python).parent / "gunicorn"), "--config", "gunicorn.conf.py"]
                        + ["pain_guide.wsgi:application"],
                        cwd=ROOT,
                        env=server_env,
                        stdout=log,
                        stderr=subprocess.STDOUT,
                        start_new_session=True,
                    )
                )
        deadline = time.monotonic() + 30
        for index, port in enumerate(ports):
            while True:
                if processes[index].poll() is not None:
                    pytest.fail(
                        f"gunicorn {index} stopped:\n" + tail(tmp / f"gunicorn-{index}.log")
                    )
                try:
                    if Browser().get(port, "/healthz")[0] == 200:
                        break
                except OSError:
                    pass
                if time.monotonic() > deadline:
                    pytest.fail("gunicorn did not answer /healthz within 30 s")
                time.sleep(0.1)
        yield {"a": ports[0], "b": ports[1], "password": password, "cache_url": cache_url}
    finally:
        for process in processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        with psycopg.connect(admin_url, autocommit=True, connect_timeout=10) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        flush(cache_url, limits_url)


def cached_pages(url, path):
    """The page cache's keys for ``path`` in Redis (pain_guide/core/middleware.py names them)."""
    import redis

    hashed = hashlib.md5(path.encode(), usedforsecurity=False).hexdigest()
    client = redis.Redis.from_url(url, socket_timeout=5)
    try:
        return client.keys(f"*page:*:{hashed}:*")
    finally:
        client.close()


@needs_postgres
def test_an_editors_change_through_one_server_is_shown_by_the_other(servers):
    a, b = servers["a"], servers["b"]
    page = f"/library/medicines/{MEDICINE}/"
    status, _, before = Browser().get(b, page)
    assert status == 200
    if not UNSHARED:
        assert cached_pages(servers["cache_url"], page), "B did not cache the page in Redis"
    status, headers, cached = Browser().get(b, page)  # now served from the cache
    assert status == 200
    assert cached == before

    editor = Browser()
    _, _, login = editor.get(a, "/admin/login/?next=/admin/")
    status, headers, body = editor.post(
        a,
        "/admin/login/?next=/admin/",
        {
            "csrfmiddlewaretoken": csrf_token(login),
            "username": "editor",
            "password": servers["password"],
            "next": "/admin/",
        },
    )
    assert status == 302, body[-2000:]
    _, _, listing = editor.get(a, f"/admin/library/medicine/?q={MEDICINE}")
    change = re.search(r'href="(/admin/library/medicine/\d+/change/)[^"]*"', listing).group(1)
    _, _, form_page = editor.get(a, change)
    # The English summary (each language has its own: summary_en, summary_es).
    form = Forms(form_page).having("summary_en")
    new_summary = f"Edited through server A, word {secrets.token_hex(4)}."
    fields = [[name, new_summary if name == "summary_en" else value] for name, value in form]
    status, _, body = editor.post(a, change, [*fields, ["_save", "Save"]])
    errors = re.findall(r'class="errorlist[^"]*">(.*?)</ul>', body, flags=re.S)
    assert status == 302, errors or body[-2000:]

    # Shown at once: B reads the content's generation from Redis with every cached page.
    deadline = time.monotonic() + 2
    while True:
        status, _, after = Browser().get(b, page)
        if new_summary in after or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert status == 200
    assert new_summary in after, "server B still shows its cached page"


@needs_postgres
def test_a_rate_limit_counts_across_both_servers(servers):
    a, b = servers["a"], servers["b"]
    clinician = Browser()
    _, _, builder = clinician.get(a, "/share/")
    fields = [[n, v] for n, v in Forms(builder).having("region") if n != "include_guide"]
    statuses = []
    for attempt in range(SHARE_LINK_LIMIT + 2):
        port = (a, b)[attempt % 2]
        status, _, _ = clinician.post(port, "/share/", [*fields, ["include_guide", "on"]])
        statuses.append(status)
    assert statuses == [303] * SHARE_LINK_LIMIT + [429, 429]


@needs_postgres
def test_a_result_link_made_on_one_server_opens_on_the_other(servers):
    from tests.conftest import DEFAULT_PERSON, STEP_FIELDS

    a, b = servers["a"], servers["b"]
    patient = Browser()
    _, _, first = patient.get(a, "/guide/age/")
    token = csrf_token(first)
    for slug, names in STEP_FIELDS:
        form = [["csrfmiddlewaretoken", token]]
        for name in names:
            values = DEFAULT_PERSON[name]
            for value in values if isinstance(values, list) else [values]:
                form.append([name, value])
        status, _, _ = patient.post(a, f"/guide/{slug}/", form)
        assert status == 303, slug
    status, headers, _ = patient.post(a, "/r/new/", {"csrfmiddlewaretoken": token})
    assert status == 303
    link = urlsplit(headers["Location"]).path
    assert re.fullmatch(r"/r/[^/]+/", link), link

    status, _, shown = Browser().get(b, link)
    assert status == 200
    assert "Results shared with a link" in shown
