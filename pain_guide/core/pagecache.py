"""The shared cache of what is the same for everyone: whole pages, and the library's links.

Everything stored here is built from the library and the site's own templates, never from a
person's answers. Its keys carry a version; saving anything in the library moves the version
on (pain_guide.library.apps), so an editor's change shows at once wherever the cache is
shared (CACHE_URL, e.g. Redis), and within PAGE_CACHE_SECONDS in a worker process that only
has its own in-memory cache.

If the cache server is down, pages are simply built every time: slower, never broken.
"""

import contextlib
import logging
import time

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)

VERSION_KEY = "content-version"


class Unavailable(Exception):
    """The cache could not be reached."""


WARN_EVERY_SECONDS = 60
_last_warning = -WARN_EVERY_SECONDS  # one warning a minute per process, not one per request


def _call(operation, *args, **kwargs):
    global _last_warning
    try:
        return operation(*args, **kwargs)
    except Exception as error:  # noqa: BLE001 - each backend raises its own errors
        now = time.monotonic()
        if now - _last_warning >= WARN_EVERY_SECONDS:
            _last_warning = now
            logger.warning(
                "Cache unavailable (%s): pages are built without it.", type(error).__name__
            )
        raise Unavailable from error


# This process remembers the version for a second, so a page served from the cache costs
# one cache read, not two; another server's edit shows here within that second.
VERSION_MEMORY_SECONDS = 1.0
_remembered = (None, 0.0)  # (version, when read); replaced whole, so safe across threads


def version():
    """The content's current version (a timestamp, so a lost key never brings back old pages)."""
    global _remembered
    current, read_at = _remembered
    now = time.monotonic()
    if current is not None and now - read_at < VERSION_MEMORY_SECONDS:
        return current
    current = _call(cache.get, VERSION_KEY)
    if current is None:
        _call(cache.add, VERSION_KEY, time.time_ns(), timeout=None)
        current = _call(cache.get, VERSION_KEY)
    _remembered = (current, now)
    return current


def bump():
    """Retire everything cached from the content so far."""
    global _remembered
    new = time.time_ns()
    _remembered = (new, time.monotonic())
    # If the cache is down nothing cached can be served, and its entries expire anyway.
    with contextlib.suppress(Unavailable):
        _call(cache.set, VERSION_KEY, new, timeout=None)


def clear():
    """Empty the cache and this process's memory of the version (tests, benchmarks). Emptying
    the cache alone would leave pages stored under a version nobody else remembers."""
    global _remembered
    _remembered = (None, 0.0)
    cache.clear()


def key(name):
    return f"{name}:{version()}"


def get(key):
    return _call(cache.get, key)


def set(key, value):  # noqa: A001 - mirrors the cache API
    _call(cache.set, key, value, settings.PAGE_CACHE_SECONDS)


def forget(name):
    """Drop what is cached under ``name`` for this version of the content."""
    with contextlib.suppress(Unavailable):
        _call(cache.delete, key(name))


def get_or_build(name, build):
    """``build()``'s value, cached under ``name`` for this version of the content."""
    try:
        full_key = key(name)
        value = get(full_key)
    except Unavailable:
        return build()
    if value is None:
        value = build()
        with contextlib.suppress(Unavailable):
            set(full_key, value)
    return value
