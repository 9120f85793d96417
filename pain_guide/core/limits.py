"""What one request may send: a short address and a small form, never a file (issue 14).

Nothing on the site takes files: the guide, feedback, share links and the region form post a
few fields (``application/x-www-form-urlencoded``). ``RequestLimitsMiddleware`` refuses
anything else before any other code reads the body, so CSRF checking (which reads the form)
never parses a large or multipart body, and Django never spools one to the temporary folder:

- a body over ``MAX_BODY_BYTES`` (``ADMIN_MAX_BODY_BYTES`` under the admin, whose forms hold
  whole medicine pages): 413, judged from Content-Length without reading a byte, and for a
  chunked body (no Content-Length) after reading at most one byte more than the limit;
- a body that is not a plain form (``multipart/form-data`` included, at any size): 415;
- an address (path and query string) over ``MAX_URL_LENGTH`` characters: 414;
- more pages built for one client than ``RATELIMITS["page-build"]`` allows, of those the
  page cache can never answer (a page the same for everyone asked for with a query string,
  which ``SharedPageCacheMiddleware`` marks): 429.

Each answer is a friendly page. The settings make the same promise again should this
middleware ever be bypassed: ``DATA_UPLOAD_MAX_MEMORY_SIZE``, and uploads kept in memory only.
"""

import io

from django.conf import settings
from django.shortcuts import render

from . import ratelimit

FORM = "application/x-www-form-urlencoded"
READ_CHUNK = 8192


class RequestLimitsMiddleware:
    """Sits above SessionMiddleware and CsrfViewMiddleware (nothing above it reads a body),
    below the security-header middleware, so its pages carry the site's headers."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = "/" + settings.ADMIN_URL

    def __call__(self, request):
        return self.refusal(request) or self.get_response(request)

    def body_limit(self, request):
        if request.path.startswith(self.admin_prefix):
            return settings.ADMIN_MAX_BODY_BYTES
        return settings.MAX_BODY_BYTES

    def refusal(self, request):
        """A friendly error response, or None when the request is within the limits."""
        if len(request.path) + len(request.META.get("QUERY_STRING", "")) > settings.MAX_URL_LENGTH:
            return refuse(request, 414)
        limit = self.body_limit(request)
        chunked = "chunked" in request.headers.get("Transfer-Encoding", "").lower()
        if chunked:
            # Under WSGI the server's input stream (Django's own stream stops at the absent
            # Content-Length); under ASGI the body the handler has already received.
            body = read_at_most(request.META.get("wsgi.input", request._stream), limit + 1)
            if len(body) > limit:
                return refuse(request, 413)
            # What follows reads the body as if it had come with a Content-Length.
            request._stream = io.BytesIO(body)
            request.META["CONTENT_LENGTH"] = str(len(body))
            length = len(body)
        else:
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                return refuse(request, 400)
            if length < 0:
                return refuse(request, 400)
            if length > limit:
                return refuse(request, 413)
        content_type = request.content_type or ""
        if content_type.startswith("multipart/") or (length and content_type != FORM):
            return refuse(request, 415)
        if getattr(request, "bypasses_page_cache", False) and not ratelimit.allow(
            request, "page-build"
        ):
            response = refuse(request, 429)
            response["Retry-After"] = str(settings.RATELIMITS["page-build"][1])
            return response
        return None


def read_at_most(stream, size):
    """Up to ``size`` bytes from ``stream``, however the server hands them over."""
    parts, remaining = [], size
    while remaining > 0:
        part = stream.read(min(READ_CHUNK, remaining))
        if not part:
            break
        parts.append(part)
        remaining -= len(part)
    return b"".join(parts)


TEMPLATES = {
    400: "400.html",
    413: "413.html",
    414: "414.html",
    415: "415.html",
    429: "429.html",
}


def refuse(request, status):
    response = render(request, TEMPLATES[status], status=status)
    # XFrameOptionsMiddleware sits below this one; CSP's frame-ancestors says the same.
    response["X-Frame-Options"] = settings.X_FRAME_OPTIONS
    return response
