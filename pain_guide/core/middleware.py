"""Middleware of the site's own."""

import contextlib
import hashlib
from functools import lru_cache

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import patch_vary_headers

from . import pagecache, regions
from .decorators import SAFE_METHODS


class RegionMiddleware:
    """``request.region``: the reader's region for this visit (a share link's or their own
    choice, from a cookie holding only a region code), else the site's default. Views and
    the context processor use it; the page cache keys on the same value."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.region = regions.for_request(request)
        return self.get_response(request)


class LanguageFromPathMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, where the address alone gives the language: English at
    today's addresses, other languages under their prefix (/es/). Never a redirect, and never
    the browser's Accept-Language, so a page's language does not depend on who asks first
    (pages are cached and shared): the response does not vary on Accept-Language."""

    def process_response(self, request, response):
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


class AdminStylePolicyMiddleware:
    """The Django admin (and django-simple-history's pages in it) still use a few inline
    style attributes. Only there, and only for styles, the policy allows them; scripts stay
    files from the site or nonce-carrying. Patients' pages keep the strict policy. Must sit
    below CSP middleware."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = "/" + settings.ADMIN_URL

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(self.prefix):
            response._csp_config = settings.ADMIN_CSP
        return response


# The only request header a shared page may vary on (htmx asks for a partial with it).
KEYED_HEADERS = frozenset({"hx-request"})


def _view_is_shared(urlconf, path):
    try:
        match = resolve(path, urlconf)
    except Resolver404:
        return False
    return getattr(match.func, "same_for_everyone", False)


MAX_REMEMBERED_PATH = 200
_remembered_view_is_shared = lru_cache(maxsize=4096)(_view_is_shared)


class SharedPageCacheMiddleware:
    """Answer a request for a page that is the same for everyone from the shared cache,
    before the rest of the middleware runs; store such a page after it has run, so the
    stored copy carries every header the site adds.

    Only responses of views marked ``@same_for_everyone`` are stored, and never one that sets a
    cookie or varies on anything but HX-Request: a page that touched the session (the
    guide's answers) or a CSRF token is never shared. Sits just below SecurityMiddleware
    and WhiteNoise. One cache read for the content's version, one for the page.

    The key is the site's own host (``SITE_HOST``) and the path, so a Host header naming
    another port or alias of the site shares the one copy. Those views use no query string,
    so a request that carries one is neither answered from the cache nor stored: it is built
    like any other page, and ``RequestLimitsMiddleware`` caps how many of those one client can
    have built (it sees ``request.bypasses_page_cache``). Junk in a query string therefore
    never makes a new cache entry, and never reaches a stored page. What can be stored is
    bounded by the content: one copy per page, variant and region.

    Pages name the reader's region (its emergency number), so the key carries the region:
    the validated code, never the cookie's own text. When a site serves several regions,
    what leaves here says ``Vary: Cookie`` too, so that a browser (or any cache in front)
    never keeps one region's copy for a reader who has just changed theirs; this cache,
    keyed on the region, is not defeated by it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in SAFE_METHODS or not self.may_be_shared(request):
            return self.get_response(request)
        return self.vary_by_region(self.cached_or_built(request))

    def cached_or_built(self, request):
        if not self.canonical(request):
            # Built every time, never stored: RequestLimitsMiddleware counts these per client.
            request.bypasses_page_cache = True
            return self.get_response(request)
        try:
            key = self.key(request)
            cached, generation = pagecache.get(key)
            if cached is not None:
                return cached
        except pagecache.Unavailable:
            return self.get_response(request)
        response = self.get_response(request)
        if self.shareable(response):
            with contextlib.suppress(pagecache.Unavailable):  # served, just not stored
                pagecache.set(key, response, generation)
        return response

    @staticmethod
    def canonical(request):
        """Only the page's own address, with no query string, is cached: the views marked
        the same for everyone read none (a view that reads one is not marked: search)."""
        return not request.META.get("QUERY_STRING")

    @staticmethod
    def vary_by_region(response):
        """After the page is stored (the stored copy must not vary on cookies)."""
        if regions.several_served():
            patch_vary_headers(response, ["Cookie"])
        return response

    @staticmethod
    def may_be_shared(request):
        """Only a page whose view is marked same for everyone is looked up in the cache, so the
        guide's pages (never cached) cost no cache round trip. Remembered per (short) path."""
        path = request.path_info
        if len(path) > MAX_REMEMBERED_PATH:
            return _view_is_shared(settings.ROOT_URLCONF, path)
        return _remembered_view_is_shared(settings.ROOT_URLCONF, path)

    @staticmethod
    def key(request):
        """The site's host (never the request's Host, which a client chooses, port and all),
        the path, the variant and the region."""
        # A Host that ALLOWED_HOSTS refuses is refused here too (400), as on every other page.
        request.get_host()
        path = hashlib.md5(request.path.encode(), usedforsecurity=False).hexdigest()
        # Whole page or htmx partial, as django-htmx decides it (the header is "true" or not):
        # never the header's own text, which anyone can set to anything.
        variant = "partial" if request.headers.get("HX-Request") == "true" else "whole"
        # The region as validated (a served code), so a bad cookie neither splits the cache
        # nor reaches its keys.
        region = regions.for_request(request).code
        return f"page:{settings.SITE_HOST}:{path}:{variant}:{region}"

    @staticmethod
    def shareable(response):
        vary = {header.strip().lower() for header in response.get("Vary", "").split(",")} - {""}
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and vary <= KEYED_HEADERS
        )
