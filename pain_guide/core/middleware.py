"""Middleware of the site's own."""

import logging

from django.conf import settings
from django.core.cache import caches
from django.urls import Resolver404, resolve
from django.utils.cache import get_cache_key, has_vary_header, learn_cache_key

from . import pagecache
from .decorators import SAFE_METHODS

logger = logging.getLogger(__name__)


class AdminStylePolicyMiddleware:
    """The Django admin (and django-simple-history's pages in it) still use a few inline
    style attributes. Only there, and only for styles, the policy allows them; scripts stay
    nonce-only. Patients' pages keep the strict policy. Must sit below CSP middleware."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = "/" + settings.ADMIN_URL

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(self.prefix):
            response._csp_config = settings.ADMIN_CSP
        return response


class SharedPageCacheMiddleware:
    """Answer a request for a page that is the same for everyone from the shared cache,
    before the rest of the middleware runs; store such a page after it has run, so the
    stored copy carries every header the site adds.

    Only responses marked by ``@same_for_everyone`` are stored, and never one that sets a
    cookie or varies on cookies: a page that touched the session (the guide's answers) or
    a CSRF token is never shared. Sits just below SecurityMiddleware and WhiteNoise.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.cache = caches[settings.CACHE_MIDDLEWARE_ALIAS]

    def __call__(self, request):
        if request.method not in SAFE_METHODS or not self.may_be_shared(request):
            return self.get_response(request)
        try:
            prefix = pagecache.key("page")
            key = get_cache_key(request, prefix, "GET", cache=self.cache)
            if key is not None and (cached := pagecache.get(key, backend=self.cache)) is not None:
                return cached
        except pagecache.Unavailable:
            return self.get_response(request)
        response = self.get_response(request)
        if self.shareable(response):
            timeout = settings.PAGE_CACHE_SECONDS
            try:
                key = learn_cache_key(request, response, timeout, prefix, cache=self.cache)
                pagecache.set(key, response, timeout, backend=self.cache)
            except Exception:  # noqa: BLE001 - learn_cache_key writes to the cache too
                logger.warning("Cache unavailable: page not stored.")
        return response

    @staticmethod
    def may_be_shared(request):
        """Only a page whose view is marked same for everyone is looked up in the cache, so the
        guide's pages (never cached) cost no cache round trip."""
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return False
        return getattr(match.func, "same_for_everyone", False)

    @staticmethod
    def shareable(response):
        return (
            getattr(response, "same_for_everyone", False)
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not has_vary_header(response, "Cookie")
        )
