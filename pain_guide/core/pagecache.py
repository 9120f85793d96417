"""The shared cache of what is the same for everyone: whole pages, and the library's links.

Everything stored here is built from the library and the site's own templates, never from a
person's answers. It is kept in the "default" cache, which holds nothing else (rate limits
have their own, docs/adr/0012), under Django's cache ``version``: the content's generation.
Saving anything in the library moves the generation on (pain_guide.library.apps), so an
editor's change shows at once wherever the cache is shared (CACHE_URL, e.g. Redis), and
within PAGE_CACHE_SECONDS in a worker process that only has its own in-memory cache.

If the cache server is down, pages are simply built every time: slower, never broken.
"""

import contextlib
import logging
import time
from collections.abc import Callable
from typing import Any, cast

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)


class Unavailable(Exception):
    """The cache could not be reached."""


def _call[T](operation: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    try:
        return operation(*args, **kwargs)
    except Exception as error:  # noqa: BLE001 - each backend raises its own errors
        # Logged on every failure; the log handler writes it once a minute (logs.OncePerMinute).
        logger.warning("Cache unavailable (%s): pages are built without it.", type(error).__name__)
        raise Unavailable from error


GENERATION_KEY = "generation"


def generation() -> int:
    """The content's generation: everything is stored under it, as Django's cache ``version``,
    so moving it on (``bump``) retires all of it at once, in every process sharing the cache.
    A timestamp, so a generation key that is lost (evicted, a Redis restart) never brings old
    pages back."""
    current = _call(cache.get_or_set, GENERATION_KEY, time.time_ns, timeout=None)
    # get_or_set stores and returns the default when the key is missing: never None here.
    return int(current if current is not None else time.time_ns())


def bump() -> None:
    """Retire everything cached from the content so far (pain_guide.library.apps calls this on
    every change to the library)."""
    # If the cache is down nothing cached can be served, and its entries expire anyway.
    with contextlib.suppress(Unavailable):
        _call(cache.set, GENERATION_KEY, time.time_ns(), timeout=None)


def clear() -> None:
    """Empty the cache (tests, benchmarks)."""
    cache.clear()


def get(name: str) -> tuple[Any, int]:
    """``(value or None, generation)``: store what is built with ``set(name, value, generation)``
    under the same generation, so a page built while the content changed is never kept as new."""
    current = generation()
    return _call(cache.get, name, version=current), current


def set(name: str, value: Any, current: int) -> None:  # noqa: A001 - mirrors the cache API
    _call(cache.set, name, value, settings.PAGE_CACHE_SECONDS, version=current)


def forget(name: str) -> None:
    """Drop what is cached under ``name`` for this generation of the content."""
    with contextlib.suppress(Unavailable):
        _call(cache.delete, name, version=generation())


def get_or_build[T](name: str, build: Callable[[], T]) -> T:
    """``build()``'s value, cached under ``name`` for this generation of the content."""
    try:
        cached, current = get(name)
    except Unavailable:
        return build()
    if cached is not None:
        return cast(T, cached)
    value = build()
    with contextlib.suppress(Unavailable):
        set(name, value, current)
    return value
