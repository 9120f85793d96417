"""View decorators shared by every app."""

from functools import wraps

from django.conf import settings
from django.template.response import TemplateResponse
from django.views.decorators.cache import cache_control

SAFE_METHODS = frozenset({"GET", "HEAD"})


def allow_methods(methods=SAFE_METHODS):
    """Answer any other HTTP method with a friendly 405 page (and an Allow header)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method not in methods:
                response = TemplateResponse(
                    request,
                    "method_not_allowed.html",
                    {"title": "That did not work"},
                    status=405,
                )
                response["Allow"] = ", ".join(sorted(methods))
                return response
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def same_for_everyone(view):
    """Mark a page the same for everyone: SharedPageCacheMiddleware keeps it whole in the
    shared cache, and browsers and CDNs may keep it too.

    Only for pages that do not depend on who is asking: no session, no CSRF token (the
    middleware refuses to store a response that sets a cookie or varies on cookies).
    """

    marked = cache_control(public=True, max_age=settings.PAGE_CACHE_SECONDS)(view)
    marked.same_for_everyone = True  # seen by the middleware before the view runs
    return marked


def wants_partial(request):
    """An htmx swap asks for the page's partial; htmx restoring history needs the whole page."""
    return bool(request.htmx) and not request.htmx.history_restore_request
