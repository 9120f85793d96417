"""View decorators shared by every app."""

from functools import wraps

from django.conf import settings
from django.template.response import TemplateResponse
from django.views.decorators.cache import cache_control, cache_page

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
    """Cache the whole page in the shared cache, and let browsers and CDNs keep it too.

    Only for pages that do not depend on who is asking: no session, no CSRF token.
    Editors' changes show once the cached copy expires (PAGE_CACHE_SECONDS).
    """
    timeout = settings.PAGE_CACHE_SECONDS
    cached = cache_page(timeout, key_prefix="page")(view)
    return wraps(view)(cache_control(public=True, max_age=timeout)(cached))


def wants_partial(request):
    """An htmx swap asks for the page's partial; htmx restoring history needs the whole page."""
    return bool(request.htmx) and not request.htmx.history_restore_request
