"""Middleware of the site's own."""

from django.conf import settings


class AdminStylePolicyMiddleware:
    """The Django admin (and django-simple-history's pages in it) still use a few inline
    style attributes. Only there, and only for styles, the policy allows them; scripts stay
    nonce-only. Patients' pages keep the strict policy. Must sit below CSP middleware."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = "/" + settings.ADMIN_URL

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(self.prefix):
            response._csp_config = settings.ADMIN_CSP
        return response
