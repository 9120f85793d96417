"""/api/v1/: django-ninja's addresses, each behind ``read_only``, then a JSON 404 for any
other address under the prefix (never the site's HTML page)."""

from django.urls import URLPattern, re_path

from .views import api, not_found, read_only

patterns, _app, app_name = api.urls  # the namespace django-ninja reverses its own names in

urlpatterns = [
    URLPattern(pattern.pattern, read_only(pattern.callback), pattern.default_args, pattern.name)
    for pattern in patterns
] + [re_path(r"", read_only(not_found))]
