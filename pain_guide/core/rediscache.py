"""Django's Redis cache, made to stop waiting on a Redis that does not answer.

Every call to Redis already gives up within CACHE_TIMEOUT_SECONDS (socket timeouts), and the
callers carry on without the cache (pagecache builds the page, ratelimit lets the request
through). But a hung Redis then costs that wait on every call: bench/faults measured a
ten-fold fall in throughput and 5 s at p95, as every worker thread queued behind half-second
waits. So once a call cannot connect or times out, this process does not try that server
again for ``PAUSE_SECONDS`` (CACHE_PAUSE_SECONDS, 5 by default): calls fail at once, as if it
were down, and the first call after the pause tries again. The database backend does the same
(pain_guide.core.postgresql, docs/adr/0013).

A Redis that answers with an error (full, with ``noeviction``: "OOM command not allowed") is
answering: reads still work, so it is never paused.
"""

import threading
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

OPERATIONS = (
    "add",
    "get",
    "set",
    "touch",
    "delete",
    "get_many",
    "has_key",
    "incr",
    "set_many",
    "delete_many",
    "clear",
)


class Paused(RedisConnectionError):
    """Not tried: this server failed moments ago (see the module's docstring)."""


class _Pauses:
    """When each server may be tried again, for every thread of this process (Django makes a
    cache object per thread). Keyed by the server's address, so servers never share a pause."""

    def __init__(self):
        self._until = {}
        self._lock = threading.Lock()

    def paused(self, server):
        return time.monotonic() < self._until.get(server, 0.0)

    def pause(self, server, seconds):
        with self._lock:
            self._until[server] = time.monotonic() + seconds


PAUSES = _Pauses()


def _pausing(name):
    operation = getattr(RedisCacheClient, name)

    def call(self, *args, **kwargs):
        if PAUSES.paused(self.server):
            raise Paused(f"{self.server} did not answer moments ago: not tried again yet")
        try:
            return operation(self, *args, **kwargs)
        except (RedisConnectionError, RedisTimeoutError):
            PAUSES.pause(self.server, self.pause_seconds)
            raise

    call.__name__ = name
    return call


class PausingRedisCacheClient(RedisCacheClient):
    def __init__(self, servers, pause_seconds=5.0, **options):
        super().__init__(servers, **options)
        self.server = tuple(servers)
        self.pause_seconds = float(pause_seconds)


for _name in OPERATIONS:
    setattr(PausingRedisCacheClient, _name, _pausing(_name))


class PausingRedisCache(RedisCache):
    """``RedisCache`` with ``OPTIONS["pause_seconds"]``: see the module's docstring."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = PausingRedisCacheClient
