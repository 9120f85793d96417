"""What the logs may hold: never a result link's code (the key to a person's answers), never
the codes a record system sent to /connect/ (a patient's diagnosis or medicine), never a
client's address, and a refused Host as one short line, not a traceback.

Used by Django's LOGGING (settings) and by gunicorn (``logger_class`` in gunicorn.conf.py).
"""

import logging
import re
import time

# /r/<code>/ and /r/<code>/delete/: the code is the only key to the stored answers.
RESULT_CODE = re.compile(r"(/r/)(?!new/)[^/\s?\"']+")
# /connect/?...: a record system's request names a patient's diagnosis or medicine by code.
CONNECT_QUERY = re.compile(r"(/connect/\?)[^\s\"']*")
# IPv4 and (roughly) IPv6 addresses, as gunicorn's error messages include them.
ADDRESS = re.compile(
    r"\b(?:\d{1,3}\.){3}\d{1,3}\b|\b(?:[0-9a-fA-F]{1,4}:){2,7}[0-9a-fA-F]{0,4}\b|\[[0-9a-fA-F:]+\]"
)


def redact(text):
    """``text`` with result-link codes, /connect/ queries and client addresses replaced."""
    text = RESULT_CODE.sub(r"\1[code]", text)
    text = CONNECT_QUERY.sub(r"\1[query]", text)
    return ADDRESS.sub("[address]", text)


class RedactFilter(logging.Filter):
    """Rewrites each record's message before any handler formats it."""

    def filter(self, record):
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True


class OncePerMinute(logging.Filter):
    """A handler's filter for the warnings of ``loggers`` that would otherwise repeat on every
    request (e.g. "Cache unavailable (%s)" while Redis is down): each message is written at
    most once a minute. The code that logs keeps no state of its own, and tests see every
    record (pytest's caplog handler has no such filter)."""

    def __init__(self, loggers=(), seconds=60, clock=time.monotonic):
        super().__init__()
        self.loggers = frozenset(loggers)
        self.seconds = seconds
        self.clock = clock
        self.last_written = {}

    def filter(self, record):
        if record.name not in self.loggers:
            return True
        key = (record.name, record.msg)
        now = self.clock()
        last = self.last_written.get(key)
        if last is not None and now - last < self.seconds:
            return False
        self.last_written[key] = now
        return True


class ShortDisallowedHostFilter(logging.Filter):
    """django.security.DisallowedHost: one short line, no traceback, no header value."""

    def filter(self, record):
        record.msg = "Refused a request for a host name this site does not serve."
        record.args = ()
        record.exc_info = None
        record.exc_text = None
        record.stack_info = None
        return True


try:
    from gunicorn.glogging import Logger as _GunicornLogger
except ImportError:  # gunicorn is not needed to import the app
    _GunicornLogger = None


if _GunicornLogger is not None:

    class GunicornLogger(_GunicornLogger):
        """gunicorn's logger with the same redaction in the access and error logs."""

        def __init__(self, cfg):
            super().__init__(cfg)
            self.error_log.addFilter(RedactFilter())

        def atoms(self, resp, req, environ, request_time):
            atoms = super().atoms(resp, req, environ, request_time)
            for key in ("U", "r", "h", "f"):
                if isinstance(atoms.get(key), str):
                    atoms[key] = redact(atoms[key])
            return atoms
