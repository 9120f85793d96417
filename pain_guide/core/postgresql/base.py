"""Django's PostgreSQL backend, plus a limit on how long anything waits for the server.

The settings give every connection ``connect_timeout``, ``statement_timeout``,
``lock_timeout`` and TCP keepalives. The server enforces ``statement_timeout`` itself, so
it ends a slow query on a server that works, but not on one that has stopped answering
(paused, frozen, its host hung): that server's kernel still acknowledges what is sent to it,
so keepalives see nothing wrong either, and psycopg would wait for as long as the pause
lasts, holding the request and its worker thread. Enough such requests and no thread is left
for the pages that need no database at all (issue 14: PostgreSQL paused for 25 s stopped
every request, cached pages included).

So here every wait for the server gives up after ``answer_timeout`` seconds (OPTIONS; a
little longer than ``statement_timeout``, so that a working server always answers first):
the connection is closed (it is in an unknown state) and OperationalError raised, which
Django turns into the error page. For as long again, this process does not try the database
at all: each request that needs it fails at once instead of waiting in turn, and threads
stay free for cached pages and the guide. A connection that cannot be made within
``connect_timeout`` starts the same pause.
"""

import contextlib
import threading
import time
import types

import psycopg
from django.db.backends.postgresql import base
from psycopg import errors

# psycopg, connecting with DeadlineConnection (Django opens connections with
# ``Database.connect`` and takes the error classes from the same module).
Database = types.SimpleNamespace(
    **{name: getattr(psycopg, name) for name in dir(psycopg) if not name.startswith("__")}
)

_local = threading.local()
_paused_until = 0.0  # monotonic time; one process, every thread


def paused():
    return time.monotonic() < _paused_until


def pause(seconds):
    global _paused_until
    _paused_until = max(_paused_until, time.monotonic() + seconds)


def resume():
    """Try the database again at once (tests)."""
    global _paused_until
    _paused_until = 0.0


@contextlib.contextmanager
def answer_within(seconds):
    """Wait at most ``seconds`` for each answer in this block, on this thread (for a health
    check, which should say "unreachable" sooner than a page gives up). Giving up here
    closes the connection but does not pause the database for other requests."""
    previous = getattr(_local, "answer_within", None)
    _local.answer_within = seconds
    try:
        yield
    finally:
        _local.answer_within = previous


class DeadlineConnection(psycopg.Connection):
    answer_timeout = None  # seconds; set from OPTIONS once connected

    def wait(self, gen, *args, **kwargs):
        shorter = getattr(_local, "answer_within", None)
        limit = shorter or self.answer_timeout
        # psycopg's own timed waits (cancelling, notifications) keep their own limits.
        if not limit or "timeout" in kwargs or len(args) > 1:
            return super().wait(gen, *args, **kwargs)
        if paused():
            self.pgconn.finish()
            raise Database.OperationalError(UNAVAILABLE)
        try:
            return super().wait(gen, *args, timeout=limit, **kwargs)
        except errors._WaitTimeout:  # psycopg's (private) name for "timeout passed"
            # Our request is somewhere between us and the server: start afresh next time.
            self.pgconn.finish()
            if not shorter:  # a health check's impatience is no reason to stop every page
                pause(limit)
            raise Database.OperationalError(
                f"The database did not answer within {limit:g} s."
            ) from None


Database.connect = DeadlineConnection.connect
UNAVAILABLE = "The database did not answer a moment ago: not trying again yet."


class DatabaseWrapper(base.DatabaseWrapper):
    Database = Database

    def get_connection_params(self):
        params = super().get_connection_params()
        self.answer_timeout = params.pop("answer_timeout", None)
        return params

    def get_new_connection(self, conn_params):
        if paused():
            raise Database.OperationalError(UNAVAILABLE)
        try:
            connection = super().get_new_connection(conn_params)
        except errors.ConnectionTimeout:
            pause(self.answer_timeout or conn_params.get("connect_timeout") or 5)
            raise
        connection.answer_timeout = self.answer_timeout
        return connection
