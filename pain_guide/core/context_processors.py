"""Values every template needs: the site name, the reader's region, and the addresses the
page frame (header, footer, stylesheets and scripts) links to."""

from functools import cache

from django.conf import settings
from django.templatetags.static import static
from django.urls import get_script_prefix, reverse, translate_url
from django.utils import translation
from django.utils.encoding import iri_to_uri

from . import regions

SITE_NAME = "Pain Guide"
FRAME_PAGES = {
    "home": "core:home",
    "guide": "guide:start",
    "library": "library:index",
    "about": "core:about",
    "privacy": "core:privacy",
    "accessibility": "core:accessibility",
    "region": "core:region",
}
FRAME_ASSETS = {
    "favicon": "img/favicon.svg",
    "bootstrap": "vendor/bootstrap/bootstrap.subset.min.css",
    "site_css": "css/site.css",
    "print_css": "css/print.css",
    "htmx": "django_htmx/htmx-2.min.js",
    "site_js": "js/site.js",
}


@cache
def frame_urls(script_prefix, language):
    """Worked out once per process (they only change with a deploy), not on every page."""
    return {
        "page": {name: reverse(url_name) for name, url_name in FRAME_PAGES.items()},
        "asset": {name: static(path) for name, path in FRAME_ASSETS.items()},
    }


def site(request):
    # RegionMiddleware has set it, unless the request failed before reaching it.
    region = getattr(request, "region", None) or regions.for_request(request)
    return {
        "site_name": SITE_NAME,
        "region": region,
        # The "Showing advice for" control, only on a site that serves several regions.
        "region_choice": regions.several_served(),
        "frame": frame_urls(get_script_prefix(), translation.get_language()),
    }


MAX_SWITCH_QUERY = 100  # as much as search reads of what was typed


def languages(request):
    """The same page in the other languages: the switch in the header (with its query, so a
    search stays a search) and the ``hreflang`` alternates (without it). Relative addresses:
    pages are cached and shared, whatever Host a request named."""
    current = translation.get_language()
    # A page the same for everyone ignores its query (and is cached without it): the switch
    # leaves it out too. Others keep it: a search stays the same search. A long query
    # (pasted, or junk) is left out too: the switch never echoes it.
    match = request.resolver_match
    shared = match is not None and getattr(match.func, "same_for_everyone", False)
    query = iri_to_uri(request.META.get("QUERY_STRING", ""))
    kept = f"?{query}" if query and not shared and len(query) <= MAX_SWITCH_QUERY else ""
    pages = []
    for code, name in settings.LANGUAGES:
        # translate_url resolves the address in the page's language, then names it in ``code``.
        alternate = translate_url(request.path, code)
        pages.append(
            {
                "code": code,
                "name": name,
                "url": alternate + kept,
                "alternate": alternate,
                "current": code == current,
                # For static/js/site.js, which keeps the switch right after an htmx swap.
                "prefix": "" if code == settings.LANGUAGE_CODE else f"/{code}",
            }
        )
    prefix = next((page["prefix"] for page in pages if page["current"]), "")
    return {"language_pages": pages, "language_prefix": prefix}
