"""The site's own pages: home, about, privacy, accessibility, and friendly errors."""

import os
import uuid

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import Http404, HttpResponseServerError, JsonResponse
from django.template import loader
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from pain_guide.core.postgresql.base import answer_within

from . import ratelimit, regions
from .decorators import allow_methods, same_for_everyone, see_other
from .forms import RegionForm, same_site_path


@same_for_everyone
@allow_methods()
def home(request):
    return TemplateResponse(request, "core/home.html")


@same_for_everyone
@allow_methods()
def about(request):
    return TemplateResponse(request, "core/about.html")


@same_for_everyone
@allow_methods()
def privacy(request):
    return TemplateResponse(
        request, "core/privacy.html", {"result_link_days": settings.RESULT_LINK_DAYS}
    )


@same_for_everyone
@allow_methods()
def accessibility(request):
    return TemplateResponse(request, "core/accessibility.html")


@never_cache
@allow_methods({"GET", "HEAD", "POST"})
def region(request):
    """Which country's services every page names, for the rest of the visit: a form (it
    works without JavaScript) that keeps the choice in a cookie and goes back to ``next``,
    a path on this site only. Only on a site that serves more than one region."""
    if not regions.several_served():
        raise Http404("This site serves one region.")
    data = request.POST if request.method == "POST" else request.GET
    back = same_site_path(data.get("next")) or reverse("core:home")
    if request.method == "POST":
        form = RegionForm(data=request.POST)
        if form.is_valid():
            response = see_other(back)
            return regions.remember(response, regions.get_region(form.cleaned_data["region"]))
    else:
        form = RegionForm(initial={"region": request.region.code})
    title = _("Which country are you in?")
    if form.errors:
        # Translators: a page title when the form on it has errors (WCAG 3.3.1).
        title = _("Error: %(title)s") % {"title": title}
    context = {
        "title": title,
        "form": form,
        "next": back,
    }
    return TemplateResponse(request, "core/region.html", context)


def page_not_found(request, exception=None):
    return TemplateResponse(request, "404.html", status=404)


def server_error(request):
    # No request context: rendering must not depend on anything that can fail. The
    # emergency number is worth a try; without it the page says "your local emergency number".
    try:
        context = {"region": regions.for_request(request)}
    except Exception:  # noqa: BLE001 - the error page itself must not fail
        context = {}
    return HttpResponseServerError(loader.get_template("500.html").render(context))


def bad_request(request, exception=None):
    return TemplateResponse(request, "400.html", status=400)


def permission_denied(request, exception=None):
    return TemplateResponse(request, "403.html", status=403)


def csrf_failure(request, reason=""):
    return TemplateResponse(request, "403_csrf.html", status=403)


def database_reachable():
    """Can this server use its database: answer a query, and on SQLite also write its file?
    A SQLite file on a disk gone read-only can still answer reads (from the write-ahead log an
    earlier connection left beside it) while every write fails, and a load balancer must not
    keep sending people to that server (tests/deploy/test_read_only_disk.py)."""
    try:
        # A frozen PostgreSQL must not hang the check (answer_within does nothing on SQLite).
        with answer_within(1), connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any failure means "not reachable"
        return False
    if connection.vendor == "sqlite":
        path = str(connection.settings_dict["NAME"])
        if os.path.exists(path) and not os.access(path, os.W_OK):  # read-only disk (EROFS)
            return False
    return True


def cache_works(alias):
    """Can ``alias`` store and give back a value? (Redis calls give up within
    CACHE_TIMEOUT_SECONDS, so a hung server answers False quickly.)"""
    try:
        cache = caches[alias]
        key = f"healthz:{uuid.uuid4().hex}"
        cache.set(key, "1", timeout=5)
        works = cache.get(key) == "1"
        cache.delete(key)
    except Exception:  # noqa: BLE001 - each backend raises its own errors
        return False
    return works


@never_cache
@allow_methods()
def healthz(request):
    """For the load balancer: can this server answer? 503 only when the database is
    unreachable. A cache that fails is reported as "degraded" with 200: pages are then built
    without it and rate limits let requests through, and every server shares the one cache, so
    failing here would take every server out of the load balancer at once. Never cached."""
    if not database_reachable():  # nothing else matters then: answer at once
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    state = "ok" if cache_works("default") and cache_works(ratelimit.CACHE_ALIAS) else "degraded"
    return JsonResponse({"status": state, "database": "ok", "cache": state})


@never_cache
@allow_methods()
def readyz(request):
    """For monitoring: is everything this server relies on working? 503 if anything fails, with
    each part named: the database, the page cache ("cache") and the rate-limit counters
    ("ratelimits"). Not for the load balancer (see healthz). Never cached."""
    checks = {
        "database": database_reachable(),
        "cache": cache_works("default"),
        "ratelimits": cache_works(ratelimit.CACHE_ALIAS),
    }
    ready = all(checks.values())
    return JsonResponse(
        {
            "status": "ok" if ready else "unavailable",
            **{name: "ok" if works else "unreachable" for name, works in checks.items()},
        },
        status=200 if ready else 503,
    )
