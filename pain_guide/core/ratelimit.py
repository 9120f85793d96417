"""A small per-client rate limit with a sliding window, on its own cache (docs/adr/0012).

The counters live in the ``ratelimits`` cache, which pages never use, so no flood of pages
can evict them. It is shared by every worker: by default files in one directory on the
machine (``MachineFileCache`` below), or Redis when ``CACHE_URL`` names Redis, shared by
every server.

Sliding window: the attempts in the current fixed window, plus those of the previous window
weighted by how much of it still lies within the last ``window`` seconds (assuming they were
spread evenly: the usual approximation, never more than the limit in any window). Crossing a
window's edge never resets a count.

Counting is exact across workers: ``incr`` is atomic in Redis and in ``MachineFileCache``
(it holds a lock), so each attempt gets a count of its own; an attempt over the limit is
refused and takes its count back (``decr``), so refused attempts do not count. A client
already at the limit is refused on reading alone, without writing anything.

If the cache fails (down, hung past its timeout, full, a read-only disk), the request is
allowed and a one-line warning is logged, at most once a minute per process: rate limits
guard against abuse, and must never turn a patient's write into an error page.

The client key is a keyed hash of the client's address (pain_guide.core.clientip), so no
address is stored, and only for about two windows.
"""

import contextlib
import hashlib
import logging
import os
import pickle
import time
import zlib

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache
from django.core.files import locks

from .clientip import client_ip

logger = logging.getLogger(__name__)

CACHE_ALIAS = "ratelimits"


class Unavailable(Exception):
    """The rate-limit cache lost or could not keep a counter."""


def client_key(request):
    address = client_ip(request) or "unknown"
    return hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:32]


def now():
    return time.time()


def allow(request, action, *, limit=None, window=None):
    """True if this client may do ``action`` again now; counts the attempt if so. ``limit``
    and ``window`` default to ``settings.RATELIMITS[action]``.

    Never raises: if the rate-limit cache fails, the attempt is allowed (and a warning logged).
    """
    if limit is None:
        limit, configured = settings.RATELIMITS[action]
        window = window or configured
    window = window or 600
    try:
        return _count(f"{action}:{client_key(request)}", limit, window)
    except Exception as error:  # noqa: BLE001 - each backend raises its own errors
        _warn(error)
        return True


def _count(name, limit, window):
    cache = caches[CACHE_ALIAS]
    number, elapsed = divmod(now(), window)
    number = int(number)
    previous, current = f"{name}:{number - 1}", f"{name}:{number}"
    counts = cache.get_many([previous, current])
    # The share of the previous window's attempts still within the last `window` seconds.
    carried = counts.get(previous, 0) * (1 - elapsed / window)
    if carried + counts.get(current, 0) + 1 > limit:
        return False  # refused on reading alone: a flood costs no writes
    cache.add(current, 0, timeout=2 * window)  # it must last through the next window too
    try:
        count = cache.incr(current)
    except ValueError as error:  # gone between add and incr, or never stored
        raise Unavailable("a counter could not be kept") from error
    if carried + count <= limit:
        return True
    cache.decr(current)  # refused: the attempt takes nothing
    return False


def _warn(error):
    # One line, the kind of failure only: never the client's address or the cache's. Logged
    # on every failure; the log handler writes it once a minute (logs.OncePerMinute).
    logger.warning(
        "Rate-limit cache unavailable (%s): requests are allowed without a limit.",
        type(error).__name__,
    )


class MachineFileCache(FileBasedCache):
    """Django's file cache, made fit for counters that every process on the machine shares.

    - ``add`` and ``incr`` (so ``decr``) hold an exclusive lock on a file in the directory,
      so two workers never both create, or both read and write back, the same counter;
    - ``incr`` keeps the entry's expiry (Django's file cache would reset it to the default);
    - culling (when there are more than ``MAX_ENTRIES`` entries) removes expired entries
      before any live one, and looks at the directory at most every ``CULL_EVERY_SECONDS``
      per process rather than on every write.
    """

    LOCK_NAME = "lock"  # not a cache file: never culled or cleared
    CULL_EVERY_SECONDS = 10
    _last_cull = float("-inf")

    @contextlib.contextmanager
    def _locked(self):
        self._createdir()
        with open(os.path.join(self._dir, self.LOCK_NAME), "ab") as lock:
            locks.lock(lock, locks.LOCK_EX)
            try:
                yield
            finally:
                locks.unlock(lock)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        with self._locked():
            return super().add(key, value, timeout, version)

    def incr(self, key, delta=1, version=None):
        fname = self._key_to_file(key, version)
        with self._locked():
            try:
                # The layout FileBasedCache._write_content writes, in a directory only the
                # app can write to (it is made 0700), as Django's own file cache trusts it.
                with open(fname, "rb") as f:
                    expiry = pickle.load(f)  # noqa: S301
                    value = pickle.loads(zlib.decompress(f.read()))  # noqa: S301
            except (FileNotFoundError, EOFError):
                raise ValueError(f"Key '{key}' not found") from None
            remaining = None if expiry is None else expiry - time.time()
            if remaining is not None and remaining <= 0:
                self._delete(fname)
                raise ValueError(f"Key '{key}' not found")
            self.set(key, value + delta, remaining, version)
            return value + delta

    def _cull(self):
        moment = time.monotonic()
        if moment - MachineFileCache._last_cull < self.CULL_EVERY_SECONDS:
            return
        MachineFileCache._last_cull = moment
        files = self._list_cache_files()
        if len(files) < self._max_entries:
            return
        for fname in files:
            with (
                contextlib.suppress(FileNotFoundError, EOFError, pickle.UnpicklingError),
                open(fname, "rb") as f,
            ):
                self._is_expired(f)  # deletes the file if it has expired
        super()._cull()  # then, if still too many, a random share of the live ones
