"""View decorators shared by every app."""

from functools import wraps

from django.template.response import TemplateResponse

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
