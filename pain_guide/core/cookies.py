"""Cookie names: under HTTPS they carry the prefix that makes browsers enforce their rules.

``__Host-`` (site-wide cookies): only over HTTPS, only from this exact host, path ``/``.
``__Secure-`` (cookies for one path): only over HTTPS. Django's session and CSRF cookies get
the same treatment in settings.
"""

from django.conf import settings


def cookie_name(name, *, path="/"):
    if not settings.SESSION_COOKIE_SECURE:
        return name
    return ("__Host-" if path == "/" else "__Secure-") + name
