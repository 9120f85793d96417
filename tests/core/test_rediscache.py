"""pain_guide/core/rediscache.py: a Redis that stops answering is left alone for a while, so a
hung Redis costs one timeout per process, not one per call (bench/faults: "cache hung" fell
to a tenth of the throughput, 5 s at p95, before this)."""

import time

import pytest
from django.core.cache import caches

from pain_guide.core.rediscache import PAUSES, Paused, PausingRedisCache
from tests.core.test_ratelimit import (
    hung_redis,
    own_counters,  # noqa: F401 - an autouse fixture
    project_caches,
    send_feedback,
)


def redis_cache(url, pause_seconds=5.0, timeout=0.5):
    return PausingRedisCache(
        url,
        {
            "OPTIONS": {
                "socket_connect_timeout": timeout,
                "socket_timeout": timeout,
                "pause_seconds": pause_seconds,
            }
        },
    )


def timed(call, *args):
    started = time.monotonic()
    try:
        call(*args)
    except Exception as error:  # noqa: BLE001 - whichever error the call raised
        return time.monotonic() - started, error
    return time.monotonic() - started, None


def test_after_one_timeout_the_server_is_not_tried_again_for_the_pause():
    with hung_redis() as url:
        cache = redis_cache(url)
        took, error = timed(cache.get, "page")
        assert 0.4 < took < 2  # waited out the timeout once
        assert error is not None
        for call, args in (
            (cache.get, ("page",)),
            (cache.set, ("page", "x")),
            (cache.incr, ("n",)),
        ):
            took, error = timed(call, *args)
            assert isinstance(error, Paused)
            assert took < 0.05  # not tried: fails at once
        # Every thread and every cache object of the process shares the pause.
        assert isinstance(timed(redis_cache(url).get_many, ["a"])[1], Paused)


def test_after_the_pause_it_is_tried_again():
    with hung_redis() as url:
        cache = redis_cache(url, pause_seconds=0.3)
        timed(cache.get, "page")
        assert isinstance(timed(cache.get, "page")[1], Paused)
        time.sleep(0.35)
        took, error = timed(cache.get, "page")
        assert not isinstance(error, Paused)
        assert took > 0.4  # really tried (and timed out again)


def test_a_refused_connection_pauses_too_and_each_server_has_its_own_pause():
    with hung_redis() as hung, hung_redis() as other:
        refused = hung.rsplit(":", 1)[0] + ":1/0"  # nothing listens on port 1
        cache = redis_cache(refused)
        assert timed(cache.get, "x")[1] is not None
        assert isinstance(timed(cache.get, "x")[1], Paused)
        assert not PAUSES.paused(redis_cache(other)._cache.server)


def test_an_answering_but_full_redis_is_never_paused(monkeypatch):
    """A full Redis (noeviction) answers with an error: reads still work, so no pause."""
    from redis.exceptions import ResponseError

    class FullServer:
        def set(self, *args, **kwargs):
            raise ResponseError("OOM command not allowed when used memory > 'maxmemory'.")

        def get(self, key):
            return None

    with hung_redis() as url:
        cache = redis_cache(url)
        monkeypatch.setattr(cache._cache, "get_client", lambda *args, **kwargs: FullServer())
        with pytest.raises(ResponseError):
            cache.set("page", "x")
        assert not PAUSES.paused(cache._cache.server)
        assert cache.get("page") is None  # and reads go on


@pytest.mark.django_db
def test_the_site_stays_quick_while_redis_hangs(client, settings, monkeypatch):
    """The project's settings on a hung Redis: ten pieces of feedback (each reads and writes
    the rate-limit cache) take about one timeout in all, not one each."""
    with hung_redis() as url:
        settings.CACHES = project_caches(monkeypatch, CACHE_URL=url)
        started = time.monotonic()
        statuses = [send_feedback(client).status_code for _ in range(10)]
        took = time.monotonic() - started
        assert isinstance(timed(caches["ratelimits"].get, "x")[1], Paused)
    assert statuses == [303] * 10
    assert took < 2.5, took  # without the pause: 10 x 0.5 s or more
