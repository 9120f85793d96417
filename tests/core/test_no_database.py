"""A database that stops answering must not stop the site (issue 14, finding 6).

PostgreSQL paused for 25 s stopped every request, cached pages included, and /healthz hung.
Cached pages and the guide need no database at all; PostgreSQL connections give up on a
server that does not answer (connect and statement timeouts, keepalives, and our backend's
own limit for a server that has frozen), and fail fast for a moment after.
"""

import contextlib
import json
import os
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import OperationalError, connection
from django.test import Client

from tests.conftest import answer_steps

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]

SHARED = [
    "/",
    "/about/",
    "/privacy/",
    "/accessibility/",
    "/library/",
    "/library/medicines/",
    "/library/medicines/gabapentin/",
    "/library/groups/",
    "/library/groups/gabapentinoids/",
    "/library/conditions/",
    "/library/conditions/sciatica/",
    "/library/questions/",
    "/library/questions/is-gabapentin-a-muscle-relaxer/",
    "/library/compare/",
]
GUIDE = [
    "/guide/",
    "/guide/age/",
    "/guide/red-flags/",
    "/guide/where/",
    "/guide/feel/",
    "/guide/how-long/",
    "/guide/more-signs/",
    "/guide/about-you/",
    "/guide/medicines/",
    "/guide/check-your-answers/",
    "/guide/result/",
    "/guide/get-help-now/",
    "/guide/see-a-doctor-today/",
    "/guide/under-18/",
]


@contextmanager
def no_database(error=None):
    """Any query fails: the test (AssertionError), or as a database that cannot be reached
    would (``error``), whether the connection is open already or still to be made."""

    def refuse(execute, sql, params, many, context):
        raise error or AssertionError(f"a page touched the database: {sql}")

    original = connection.ensure_connection

    def cannot_connect():
        if connection.connection is None:
            raise error or AssertionError("a page opened a database connection")
        original()

    connection.ensure_connection = cannot_connect
    try:
        with connection.execute_wrapper(refuse):
            yield
    finally:
        del connection.ensure_connection


@pytest.mark.parametrize("htmx", [False, True])
def test_cached_pages_are_answered_without_the_database(client, django_assert_num_queries, htmx):
    headers = {"HX-Request": "true"} if htmx else {}
    first = {url: client.get(url, headers=headers) for url in SHARED}
    with no_database(), django_assert_num_queries(0):
        for url in SHARED:
            response = client.get(url, headers=headers)
            assert response.status_code == 200, url
            assert response.content == first[url].content, url


@pytest.mark.parametrize("htmx", [False, True])
def test_every_guide_page_needs_no_database_with_a_full_session(
    client, django_assert_num_queries, htmx
):
    """Answering every question, every page, the check page, the outcome pages and (once its
    library links are in the cache, as after the first result anyone sees) the result."""
    headers = {"HX-Request": "true"} if htmx else {}
    someone_else = Client()
    answer_steps(someone_else, {})
    # The first result anyone sees builds its library links, once for everyone.
    assert someone_else.get("/guide/result/").status_code == 200
    with no_database(), django_assert_num_queries(0):
        answer_steps(client, {"feelings": ["burning", "shooting"], "history": ["diabetes"]})
        for url in GUIDE:
            response = client.get(url, headers=headers)
            assert response.status_code == 200, url
        result = client.get("/guide/result/")
        assert result.status_code == 200
        assert "/library/groups/gabapentinoids/" in result.content.decode()
        assert client.post("/guide/start-again/").status_code == 303


def test_the_result_stands_without_its_library_links_when_the_database_is_down(client):
    answer_steps(client, {"feelings": ["burning", "shooting"]})
    with no_database(OperationalError("the database did not answer")):
        response = client.get("/guide/result/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Questions to ask your doctor" in page
    assert "Gabapentin and pregabalin" in page  # the groups a doctor may consider, unlinked
    assert "/library/groups/gabapentinoids/" not in page
    # Once the database answers again, the links come back.
    assert "/library/groups/gabapentinoids/" in client.get("/guide/result/").content.decode()


def test_cached_pages_keep_answering_while_the_database_is_down(client):
    pages = {url: client.get(url).content for url in SHARED}
    with no_database(OperationalError("the database did not answer")):
        for url in SHARED:
            response = client.get(url)
            assert response.status_code == 200, url
            assert response.content == pages[url], url  # the page itself, not an error page


# --- The settings, from DATABASE_URL ------------------------------------------------------


def settings_for(**env):
    code = "import json; from pain_guide import settings as s; print(json.dumps(s.DATABASES))"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**{k: v for k, v in os.environ.items() if k != "DATABASE_URL"}, "SECRET_KEY": "x"}
        | env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)["default"]


def test_postgresql_connections_give_up_on_a_server_that_does_not_answer():
    database = settings_for(DATABASE_URL="postgres://u:p@db.internal:5432/pg?sslmode=require")
    assert database["ENGINE"] == "pain_guide.core.postgresql"
    assert database["CONN_HEALTH_CHECKS"] is True
    options = database["OPTIONS"]
    assert options["sslmode"] == "require"  # the URL's own options are kept
    assert 2 <= options["connect_timeout"] <= 5
    assert "-c statement_timeout=5000" in options["options"]
    assert "-c lock_timeout=3000" in options["options"]
    assert options["keepalives"] == 1
    assert options["keepalives_idle"] <= 30
    assert options["keepalives_interval"] <= 10
    assert options["keepalives_count"] <= 5
    assert options["tcp_user_timeout"] <= 15_000
    # Our backend's own limit: longer than the server's, so a working server answers first.
    assert 5 < options["answer_timeout"] <= 10


def test_the_statement_limits_can_be_turned_off_for_a_long_job():
    database = settings_for(
        DATABASE_URL="postgres://u:p@db.internal:5432/pg", DATABASE_STATEMENT_TIMEOUT="0"
    )
    assert "-c statement_timeout=0" in database["OPTIONS"]["options"]
    assert database["OPTIONS"]["answer_timeout"] is None


def test_sqlite_keeps_its_busy_timeout():
    database = settings_for(DATABASE_URL="sqlite:////tmp/pain-guide-settings-check.sqlite3")
    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert database["OPTIONS"]["timeout"] >= 10


# --- A frozen PostgreSQL server (the PostgreSQL run of scripts/test) -------------------


class FreezingRelay:
    """A TCP relay to the test database that can stop relaying, as a paused server does:
    connections are still accepted and what is sent is taken, but nothing comes back."""

    def __init__(self, host, port):
        self.target = (host, int(port))
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.frozen = threading.Event()
        self.sockets = [self.listener]
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection(self.target)
            self.sockets += [client, server]
            for source, sink in ((client, server), (server, client)):
                threading.Thread(target=self.relay, args=(source, sink), daemon=True).start()

    def relay(self, source, sink):
        try:
            while data := source.recv(65536):
                while self.frozen.is_set():
                    time.sleep(0.02)
                sink.sendall(data)
            sink.shutdown(socket.SHUT_WR)  # pass the end of the connection on
        except OSError:
            return

    def close(self):
        for sock in self.sockets:
            # shutdown, not just close: it ends a recv() another thread is waiting in.
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
        self.frozen.clear()


@pytest.fixture
def relay(db):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (scripts/test runs these on a throwaway server)")
    from pain_guide.core.postgresql import base

    relay = FreezingRelay(
        connection.settings_dict["HOST"] or "127.0.0.1", connection.settings_dict["PORT"] or 5432
    )
    yield relay
    relay.close()
    base.resume()
    # Let the server see those connections end before the test database is dropped.
    with connection.cursor() as cursor:
        for _ in range(100):
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            if cursor.fetchone()[0] == 0:
                break
            time.sleep(0.05)


def through(relay, **options):
    from pain_guide.core.postgresql.base import DatabaseWrapper

    settings_dict = {
        **connection.settings_dict,
        "HOST": "127.0.0.1",
        "PORT": relay.port,
        "OPTIONS": {**connection.settings_dict["OPTIONS"], **options},
    }
    return DatabaseWrapper(settings_dict, alias="through-relay")


def select_one(wrapper):
    with wrapper.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone()[0]


def timed(operation):
    start = time.monotonic()
    try:
        operation()
    except OperationalError:
        return time.monotonic() - start
    raise AssertionError("the database answered")


def test_a_query_to_a_frozen_server_gives_up_then_fails_fast_then_recovers(relay):
    wrapper = through(relay, answer_timeout=1)
    assert select_one(wrapper) == 1
    relay.frozen.set()
    assert timed(lambda: select_one(wrapper)) < 2.5
    # For a moment the database is not tried at all: no request waits in turn.
    wrapper.close()
    assert timed(lambda: select_one(wrapper)) < 0.2
    relay.frozen.clear()
    time.sleep(1.1)
    assert select_one(wrapper) == 1
    wrapper.close()


def test_a_connection_to_a_frozen_server_gives_up_within_the_connect_timeout(relay):
    relay.frozen.set()
    wrapper = through(relay, connect_timeout=2, answer_timeout=1)
    assert timed(lambda: select_one(wrapper)) < 3.5


def test_a_health_check_may_wait_less_than_a_page(relay):
    from pain_guide.core.postgresql import base
    from pain_guide.core.postgresql.base import answer_within

    wrapper = through(relay, answer_timeout=30)
    assert select_one(wrapper) == 1
    relay.frozen.set()
    with answer_within(0.5):
        assert timed(lambda: select_one(wrapper)) < 1.5
    # Its impatience does not stop other requests from trying the database.
    assert not base.paused()
    wrapper.close()


def test_a_working_server_still_ends_a_slow_statement_itself(relay):
    """statement_timeout (5 s) comes before our own limit: the connection stays usable."""
    wrapper = through(relay, options="-c statement_timeout=300", answer_timeout=5)
    with wrapper.cursor() as cursor, pytest.raises(OperationalError, match="statement timeout"):
        cursor.execute("SELECT pg_sleep(2)")
    assert select_one(wrapper) == 1
    wrapper.close()
