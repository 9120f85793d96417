"""Values every template needs: the site name, the reader's region, and the addresses the
page frame (header, footer, stylesheets and scripts) links to."""

from functools import cache

from django.conf import settings
from django.templatetags.static import static
from django.urls import get_script_prefix, reverse

from .regions import get_region

SITE_NAME = "Pain Guide"
FRAME_PAGES = {
    "home": "core:home",
    "guide": "guide:start",
    "library": "library:index",
    "about": "core:about",
    "privacy": "core:privacy",
    "accessibility": "core:accessibility",
}
FRAME_ASSETS = {
    "favicon": "img/favicon.svg",
    "bootstrap": "vendor/bootstrap/bootstrap.min.css",
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
    return {
        "site_name": SITE_NAME,
        "region": get_region(settings.PAIN_GUIDE_REGION),
        "frame": frame_urls(get_script_prefix()),
    }
