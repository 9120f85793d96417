"""Rate limits (issue 14, findings 1 and 2): their own cache, which pages cannot flood; one
count for every worker; a sliding window; and when a cache fails, writes still work."""

import logging
import os
import pickle
import runpy
import signal
import socket
import subprocess
import sys
import textwrap
import time
import zlib
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.core.cache import caches
from django.core.cache.backends.base import BaseCache
from django.test import RequestFactory

from pain_guide.core import ratelimit
from pain_guide.core.ratelimit import MachineFileCache
from pain_guide.feedback.models import PageFeedback
from pain_guide.sharing.models import ResultLink, ShareLink
from tests.conftest import answer_steps

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
SETTINGS_FILE = ROOT / "pain_guide" / "settings.py"
WINDOW = 600


def make_share_link(client):
    return client.post("/share/", {"include_guide": "on", "region": "us"})


def send_feedback(client):
    return client.post("/feedback/", {"page": "/library/", "helpful": "yes"})


def request_from(address="192.0.2.10", forwarded=None):
    meta = {"REMOTE_ADDR": address}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().post("/share/", **meta)


# --- Caches that fail, as Redis does when stopped, full or hung --------------------------


class RaisingCache(BaseCache):
    """Every call fails, like a Redis server that is stopped (connection refused)."""

    error = ConnectionError

    def __init__(self, location, params):
        super().__init__(params)

    def _fail(self, *args, **kwargs):
        raise self.error("the cache is down")

    add = get = set = touch = delete = clear = has_key = incr = _fail
    get_many = set_many = delete_many = _fail


class FullCache(RaisingCache):
    """Reads work; every write fails, like Redis at its memory limit with `noeviction`."""

    error = OSError  # redis-py raises ResponseError("OOM command not allowed ...")

    def get(self, key, default=None, version=None):
        return default

    def get_many(self, keys, version=None):
        return {}


class ReadOnlyCache(FullCache):
    """Writes quietly store nothing (as Django's database cache does on a read-only database:
    `add` answers False rather than raise), so a counter is never there to count on."""

    def add(self, *args, **kwargs):
        return False

    def set(self, *args, **kwargs):
        return None

    def delete(self, *args, **kwargs):
        return False

    def incr(self, key, delta=1, version=None):
        raise ValueError(f"Key '{key}' not found")


def backend(name):
    return {"BACKEND": f"{__name__}.{name}"}


@pytest.fixture(autouse=True)
def own_counters(settings, tmp_path):
    """Every test counts in a directory of its own (the project's cache, somewhere else). On
    Redis (the test command's Redis pass sets CACHE_URL), in the run's own throwaway server,
    emptied before each test (tests/conftest.py)."""
    if on_files():
        counters = {**settings.CACHES["ratelimits"], "LOCATION": str(tmp_path / "ratelimits")}
        settings.CACHES = {**settings.CACHES, "ratelimits": counters}


def on_files():
    from django.conf import settings

    return settings.CACHES["ratelimits"]["BACKEND"].endswith("MachineFileCache")


class Hung(Exception):
    pass


@contextmanager
def hung_redis(give_up_after=15):
    """A TCP port that accepts connections and never answers: a hung (or frozen) Redis. A
    request still waiting after ``give_up_after`` seconds fails the test rather than hang it."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(128)  # never accepted: the kernel completes the handshakes, nobody replies

    def give_up(signum, frame):
        raise Hung(f"still waiting for the cache after {give_up_after} s")

    previous = signal.signal(signal.SIGALRM, give_up)
    signal.alarm(give_up_after)
    try:
        yield f"redis://127.0.0.1:{server.getsockname()[1]}/0"
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
        server.close()


def project_caches(monkeypatch, **environment):
    """CACHES as pain_guide/settings.py builds them with this environment."""
    for name in ("CACHE_URL", "RATELIMIT_CACHE_URL", "CACHE_TIMEOUT_SECONDS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS_FILE))["CACHES"]


@pytest.fixture
def warnings_logged(caplog, monkeypatch):
    caplog.set_level(logging.WARNING, logger="pain_guide.core.ratelimit")
    return caplog


def ratelimit_warnings(caplog):
    return [r.getMessage() for r in caplog.records if r.name == "pain_guide.core.ratelimit"]


# --- Finding 1: their own cache, shared, sliding ----------------------------------------


def test_rate_limits_have_a_cache_of_their_own_shared_by_every_worker(monkeypatch):
    """By default the counters are files in one directory, which every worker on the machine
    shares; pages stay in the default cache (each worker's memory)."""
    configured = project_caches(monkeypatch)
    assert configured["default"]["BACKEND"].endswith("LocMemCache")
    assert configured["ratelimits"]["BACKEND"] == "pain_guide.core.ratelimit.MachineFileCache"
    assert configured["ratelimits"]["LOCATION"] == str(ROOT / "var" / "ratelimits")
    configured = project_caches(monkeypatch, RATELIMIT_CACHE_DIR="/run/pain-guide/ratelimits")
    assert configured["ratelimits"]["LOCATION"] == "/run/pain-guide/ratelimits"


def test_with_redis_rate_limits_use_their_own_redis_database_with_short_timeouts(monkeypatch):
    """A hung Redis cannot hang requests: every call gives up within half a second. The
    counters are in the next database number, so emptying the page cache (FLUSHDB) keeps them."""
    configured = project_caches(monkeypatch, CACHE_URL="redis://cache.internal:6379/0")
    pages, limits = configured["default"], configured["ratelimits"]
    # Django's Redis cache, which leaves a server that stopped answering alone for a while.
    assert pages["BACKEND"] == limits["BACKEND"] == "pain_guide.core.rediscache.PausingRedisCache"
    assert pages["LOCATION"] == "redis://cache.internal:6379/0"
    assert limits["LOCATION"] == "redis://cache.internal:6379/1"
    assert limits["KEY_PREFIX"] == "ratelimit"
    for config in (pages, limits):
        assert config["OPTIONS"]["socket_connect_timeout"] == 0.5
        assert config["OPTIONS"]["socket_timeout"] == 0.5
        assert config["OPTIONS"]["pause_seconds"] == 5

    configured = project_caches(
        monkeypatch,
        CACHE_URL="redis://cache.internal:6379",
        RATELIMIT_CACHE_URL="redis://limits.internal:6379/3",
        CACHE_TIMEOUT_SECONDS="0.25",
    )
    assert configured["ratelimits"]["LOCATION"] == "redis://limits.internal:6379/3"
    assert configured["ratelimits"]["OPTIONS"]["socket_timeout"] == 0.25


def stored_entries():
    """(key, raw bytes, value) for each entry of the rate-limit cache, whichever backend holds
    it: a MachineFileCache directory, or the Redis database it was given."""
    cache = caches["ratelimits"]
    entries = []
    if on_files():
        for path in Path(cache._dir).glob("*.djcache"):
            raw = path.read_bytes()
            with path.open("rb") as f:
                pickle.load(f)  # noqa: S301 - its expiry; the test's own files
                entries.append((path.name, raw, pickle.loads(zlib.decompress(f.read()))))  # noqa: S301
        return entries
    client = cache._cache.get_client()
    for key in client.scan_iter():
        raw = client.get(key)
        # Django's RedisSerializer stores integers as they are, anything else pickled.
        value = int(raw) if raw.isdigit() else pickle.loads(raw)  # noqa: S301 - the test's own
        entries.append((key.decode(), raw, value))
    return entries


def stored_values():
    return [value for _, _, value in stored_entries()]


def test_pages_never_use_the_rate_limit_cache(client):
    for url in ("/", "/library/", "/library/compare/", "/library/medicines/baclofen/"):
        assert client.get(url).status_code == 200
    make_share_link(client)
    counters = stored_values()
    assert counters  # the share link (and any page-build cap) counted here
    assert all(type(value) is int for value in counters)  # counters only, never a page


def test_flooding_the_page_cache_does_not_reset_a_rate_limit(client, settings):
    """The attack run's ~400 junk-URL requests evicted the counters from the page cache."""
    settings.RATELIMITS = {**settings.RATELIMITS, "share-link": (3, WINDOW)}
    for _ in range(3):
        assert make_share_link(client).status_code == 303
    assert make_share_link(client).status_code == 429
    # Junk URLs (stored as pages while query strings make new keys), then a flood of entries
    # straight into the page cache, far past local memory's 300 entries.
    for number in range(450):
        client.get(f"/library/?junk={number}")
    pages = caches["default"]
    for number in range(1000):
        pages.set(f"flood:{number}", "x" * 100)
    assert make_share_link(client).status_code == 429
    assert ShareLink.objects.count() == 3


COUNT_IN_A_PROCESS = textwrap.dedent(
    """
    import os, sys, time
    import django
    django.setup()
    from django.test import RequestFactory
    from pain_guide.core import ratelimit

    request = RequestFactory().post("/share/", REMOTE_ADDR="192.0.2.99")
    # Start together: say ready, then wait until every worker is.
    meeting_place = sys.argv[2]
    open(os.path.join(meeting_place, "ready-" + sys.argv[1]), "w").close()
    while len([n for n in os.listdir(meeting_place) if n.startswith("ready-")]) < 3:
        time.sleep(0.001)
    allowed = sum(ratelimit.allow(request, "share-link", limit=200) for _ in range(150))
    print(allowed)
    """
)


def test_worker_processes_count_together(tmp_path):
    """Each gunicorn worker counted on its own (218 share links in 60 s against 20). Three
    processes, as three workers with the project's settings, racing each other: 200 allowed
    between them, not 450, and none lost to a race. On files by default; in Redis in the
    test command's Redis pass."""
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "pain_guide.settings",
        "SECRET_KEY": "three-workers",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}",
        "RATELIMIT_CACHE_DIR": str(tmp_path / "ratelimits"),
        "PYTHONPATH": str(ROOT),
    }
    environment.pop("CACHE_URL", None)
    environment.pop("RATELIMIT_CACHE_URL", None)
    if not on_files():  # the Redis pass: the three count in the run's Redis instead
        from django.conf import settings

        environment["RATELIMIT_CACHE_URL"] = settings.CACHES["ratelimits"]["LOCATION"]
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", COUNT_IN_A_PROCESS, str(number), str(tmp_path)],
            cwd=ROOT,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for number in range(3)
    ]
    outputs = [worker.communicate(timeout=120) for worker in workers]
    for worker, (_, err) in zip(workers, outputs, strict=True):
        assert worker.returncode == 0, err
        assert "Rate-limit cache unavailable" not in err  # counted, not failed open
    assert sum(int(out) for out, _ in outputs) == 200


@pytest.fixture
def clock(monkeypatch):
    """The limiter's clock, moved by hand: a time far into window number 3,000,000."""
    moment = {"now": 3_000_000 * WINDOW}
    monkeypatch.setattr(ratelimit, "now", lambda: moment["now"], raising=False)
    return moment


def attempts(count, request, limit=3):
    return [
        ratelimit.allow(request, "share-link", limit=limit, window=WINDOW) for _ in range(count)
    ]


def test_the_window_slides_rather_than_resetting_at_its_edge(clock):
    request = request_from()
    start = clock["now"]
    clock["now"] = start + WINDOW - 10  # the last seconds of a fixed window
    assert attempts(4, request) == [True, True, True, False]
    clock["now"] = start + WINDOW + 10  # just into the next one: a fixed window would reset
    assert attempts(1, request) == [False]
    clock["now"] = start + WINDOW + WINDOW / 2  # half of the earlier attempts still count
    assert attempts(2, request) == [True, False]
    clock["now"] = start + 3 * WINDOW  # long after: all of the limit again
    assert attempts(4, request) == [True, True, True, False]


def test_refused_attempts_do_not_count_and_each_client_and_action_has_its_own(clock):
    request = request_from()
    assert attempts(10, request) == [True, True, True] + [False] * 7
    assert attempts(1, request_from("192.0.2.11")) == [True]
    assert ratelimit.allow(request, "feedback", limit=3, window=WINDOW)
    clock["now"] += 2 * WINDOW
    assert attempts(4, request) == [True, True, True, False]


def test_counters_hold_no_client_address(client):
    make_share_link(client)
    entries = stored_entries()
    assert entries
    assert "127.0.0.1" not in ratelimit.client_key(request_from("127.0.0.1"))
    for key, raw, _ in entries:
        assert b"127.0.0.1" not in key.encode() + raw


def expiry_of(cache, key):
    with open(cache._key_to_file(key), "rb") as f:
        return pickle.load(f)  # noqa: S301 - the test's own file


def test_the_file_cache_keeps_a_counters_expiry_when_counting(tmp_path):
    cache = MachineFileCache(str(tmp_path), {})
    cache.add("counter", 0, timeout=1200)
    expiry = expiry_of(cache, "counter")
    assert cache.incr("counter") == 1
    assert cache.incr("counter", 5) == 6
    assert cache.decr("counter") == 5
    assert abs(expiry_of(cache, "counter") - expiry) < 0.5
    assert not cache.add("counter", 0, timeout=1200)  # add never resets a live counter
    with pytest.raises(ValueError, match="not found"):
        cache.incr("missing")
    cache.set("gone", 1, timeout=-1)
    with pytest.raises(ValueError, match="not found"):
        cache.incr("gone")


def test_the_file_cache_culls_expired_counters_before_live_ones(tmp_path, monkeypatch):
    monkeypatch.setattr(MachineFileCache, "_last_cull", float("-inf"))
    cache = MachineFileCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 10}})
    monkeypatch.setattr(MachineFileCache, "CULL_EVERY_SECONDS", 0)
    for number in range(6):
        cache.set(f"expired-{number}", 1, timeout=-1)
    for number in range(6):
        cache.add(f"live-{number}", number, timeout=600)
    cache.add("one-more", 1, timeout=600)  # 12 entries: over the limit, so a cull
    assert [cache.get(f"live-{number}") for number in range(6)] == list(range(6))
    assert cache.get("one-more") == 1
    assert len(list(tmp_path.glob("*.djcache"))) == 7


# --- Finding 2: when a cache fails, writes still work -------------------------------------


def result_link(client):
    return client.post("/r/new/")  # after answer_steps


WRITES = {"share link": make_share_link, "result link": result_link, "feedback": send_feedback}


@pytest.mark.parametrize("write", WRITES)
@pytest.mark.parametrize("failure", ["RaisingCache", "FullCache", "ReadOnlyCache"])
def test_writes_succeed_when_both_caches_fail_and_a_warning_is_logged(
    client, settings, warnings_logged, write, failure
):
    answer_steps(client, {})
    settings.CACHES = {"default": backend(failure), "ratelimits": backend(failure)}
    response = WRITES[write](client)
    assert response.status_code == 303
    assert client.get(response["Location"]).status_code == 200  # and what follows shows
    assert ShareLink.objects.count() + ResultLink.objects.count() + PageFeedback.objects.count()
    logged = ratelimit_warnings(warnings_logged)
    assert logged == [logged[0]]  # one line
    assert logged[0].startswith("Rate-limit cache unavailable")
    assert "127.0.0.1" not in logged[0]


def test_the_warning_is_written_once_a_minute_not_once_a_request(client, settings, logged):
    """Each failure logs the warning; the site's log handler writes it once a minute
    (pain_guide.core.logs.OncePerMinute, tested in test_logs.py)."""
    settings.CACHES = {"default": backend("RaisingCache"), "ratelimits": backend("RaisingCache")}
    for _ in range(5):
        assert send_feedback(client).status_code == 303
    assert logged.getvalue().count("Rate-limit cache unavailable") == 1
    assert PageFeedback.objects.count() == 5


def test_a_rate_limit_directory_that_cannot_be_written_fails_open(
    client, settings, tmp_path, warnings_logged
):
    """A read-only or full disk, or a directory the app may not create: a warning, not an
    error page."""
    (tmp_path / "a-file").write_text("")
    settings.CACHES = {
        **settings.CACHES,
        "ratelimits": {
            "BACKEND": "pain_guide.core.ratelimit.MachineFileCache",
            "LOCATION": str(tmp_path / "a-file" / "ratelimits"),
        },
    }
    assert send_feedback(client).status_code == 303
    assert ratelimit_warnings(warnings_logged)


@pytest.mark.parametrize("write", WRITES)
def test_writes_succeed_quickly_when_redis_hangs(client, settings, monkeypatch, write):
    """Both caches on a Redis that accepts connections and never answers, with the project's
    settings (half a second a call): each write goes through in a few seconds, not 30."""
    answer_steps(client, {})
    with hung_redis() as url:
        settings.CACHES = project_caches(monkeypatch, CACHE_URL=url)
        started = time.monotonic()
        response = WRITES[write](client)
        took = time.monotonic() - started
    assert response.status_code == 303
    assert took < 5, took


def test_the_run_counts_where_it_was_asked_to(client):
    """The test command runs this file twice: counters in files, then in Redis (CACHE_URL).
    Each run must really count where it says, or the Redis pass proves nothing."""
    backend_in_use = caches["ratelimits"].__class__.__name__
    if os.environ.get("CACHE_URL", "").startswith("redis://"):
        assert backend_in_use == caches["default"].__class__.__name__ == "PausingRedisCache"
    else:
        assert backend_in_use == "MachineFileCache"
    assert make_share_link(client).status_code == 303
    assert stored_values()  # the attempt is stored in that backend
