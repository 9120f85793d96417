"""View decorators shared by every app."""

from functools import wraps

from django.conf import settings
from django.http import HttpResponseRedirect
from django.shortcuts import resolve_url
from django.template.response import TemplateResponse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django_htmx.http import push_url as push

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
                    # Translators: the title of the page for a request the site cannot answer
                    # (a wrong HTTP method, e.g. a form sent to a page that takes none).
                    {"title": _("That did not work")},
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


def for_htmx(partial=None, *, template=None, push_url=False):
    """The one way a view answers htmx (after django-htmx-patterns' ``for_htmx``).

    The view returns the whole page as a TemplateResponse, as it would without JavaScript.
    For an htmx swap (not a history restore) the decorator renders instead:

    - ``partial``: the page's own ``{% partialdef %}`` of that name (``page.html#partial``),
      with the URL pushed to the address bar if ``push_url`` (GET requests only);
    - ``template``: another template (a fragment that replaces a form in place). htmx swaps
      only 2xx answers, so the fragment is sent with 200 and carries its own message.

    Every response says ``Vary: HX-Request``. Redirects and other responses pass untouched.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            if wants_partial(request) and isinstance(response, TemplateResponse):
                if template is not None:
                    response.template_name = template
                    response.status_code = 200
                elif partial is not None:
                    response.template_name = f"{response.template_name}#{partial}"
                    if push_url and request.method == "GET":
                        push(response, request.get_full_path())
            patch_vary_headers(response, ["HX-Request"])
            return response

        return wrapped

    return decorator


def see_other(to, *args, **kwargs):
    """303 See Other: after a POST, the browser GETs ``to`` (a URL, a URL name with its
    arguments, or a model), and a reload never posts again."""
    response = HttpResponseRedirect(resolve_url(to, *args, **kwargs))
    response.status_code = 303
    return response
