"""The site's own pages: home, about, privacy, accessibility, and friendly errors."""

from django.template.response import TemplateResponse

from .decorators import allow_methods, same_for_everyone


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
    from django.conf import settings

    return TemplateResponse(
        request, "core/privacy.html", {"result_link_days": settings.RESULT_LINK_DAYS}
    )


@same_for_everyone
@allow_methods()
def accessibility(request):
    return TemplateResponse(request, "core/accessibility.html")


def page_not_found(request, exception=None):
    return TemplateResponse(request, "404.html", status=404)


def server_error(request):
    # No request context: rendering must not depend on anything that can fail.
    from django.http import HttpResponseServerError
    from django.template import loader

    return HttpResponseServerError(loader.get_template("500.html").render())


def bad_request(request, exception=None):
    return TemplateResponse(request, "400.html", status=400)


def permission_denied(request, exception=None):
    return TemplateResponse(request, "403.html", status=403)


def csrf_failure(request, reason=""):
    return TemplateResponse(request, "403_csrf.html", status=403)
