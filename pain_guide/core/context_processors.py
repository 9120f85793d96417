"""Values every template needs: the site name, the reader's region, and the addresses the
page frame (header, footer, stylesheets and scripts) links to."""

from functools import cache

from django.templatetags.static import static
from django.urls import get_script_prefix, reverse

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
def frame_urls(script_prefix):
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
        "frame": frame_urls(get_script_prefix()),
    }
