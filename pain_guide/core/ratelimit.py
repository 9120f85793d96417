"""A small per-client rate limit on Django's cache (shared in Redis with several servers).

The client key is a hash of the address, kept only in the cache for the window.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache


def client_key(request):
    address = request.META.get("REMOTE_ADDR", "")
    if settings.RATELIMIT_TRUST_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        address = forwarded.split(",")[0].strip() or address
    return hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:32]


def allow(request, action, *, limit, window=600):
    """True if this client may do ``action`` again now; counts the attempt."""
    bucket = int(time.time() // window)
    key = f"ratelimit:{action}:{client_key(request)}:{bucket}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count <= limit
