"""Shared fixtures: a person's answers, and walking them through the guide."""

import os
import re
from contextlib import contextmanager
from html import unescape

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

# Hypothesis (tests/fuzz, tests/guide): how many cases each test tries is its own setting
# (FUZZ_EXAMPLES for the fuzz tests); how fast a busy machine draws them is not a failure.
# Parallel workers and Chromium share the cores, so no deadline and no too_slow check.
hypothesis_settings.register_profile(
    "pain-guide", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "pain-guide"))

STEP_FIELDS = (
    ("age", ("age_group",)),
    ("red-flags", ("red_flags",)),
    ("where", ("areas",)),
    ("feel", ("feelings",)),
    ("how-long", ("duration", "history")),
    # Asked only when the answers make it relevant (face pain, diabetes, spasticity);
    # otherwise posting to it simply moves on.
    ("more-signs", ("more_signs",)),
    ("about-you", ("health",)),
    ("medicines", ("medicines",)),
)

# One address of every page type a patient or clinician sees (with a full set of answers
# in the session, the guide's pages all show).
EVERY_PAGE = [
    "/",
    "/about/",
    "/privacy/",
    "/accessibility/",
    "/guide/",
    "/guide/age/",
    "/guide/red-flags/",
    "/guide/where/",
    "/guide/feel/",
    "/guide/how-long/",
    "/guide/about-you/",
    "/guide/medicines/",
    "/guide/check-your-answers/",
    "/guide/result/",
    "/guide/get-help-now/",
    "/guide/see-a-doctor-today/",
    "/guide/under-18/",
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
    "/library/search/?q=lyrica",
    "/library/search/?q=",
    "/share/",
    "/feedback/?page=/library/",
    "/feedback/form/?page=/library/",
    "/no-such-page/",
    "/s/AAAAAAAAAAAAAA/",
    "/r/AAAAAAAAAAAAAA/",
]

DEFAULT_PERSON = {
    "red_flags": ["none"],
    "areas": ["neck"],
    "feelings": ["aching", "stiff"],
    "duration": "under-6-weeks",
    "history": ["none"],
    "more_signs": ["none"],
    "age_group": "18-to-64",
    "health": ["none"],
    "medicines": ["none"],
}


def text_of(response):
    """The visible words of a page, tags stripped and spaces squeezed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style|title)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def content_types_cached():
    """Django's content-type cache as a running site has it (filled once per process): a test
    that empties the database empties it, and query counts would then depend on test order."""
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
    ContentType.objects.get_for_models(*apps.get_models())


def answer_steps(client, person, *, until=None, prefix=""):
    """POST each step's answers in order; returns the last response. ``prefix="/es"``
    answers the Spanish pages."""
    data = {**DEFAULT_PERSON, **person}
    response = None
    for slug, fields in STEP_FIELDS:
        response = client.post(f"{prefix}/guide/{slug}/", {name: data[name] for name in fields})
        assert response.status_code == 303, (slug, response.status_code)
        if slug == until:
            break
    return response


@pytest.fixture
def walk(client):
    """Walk a person through every question and return the result page."""

    def walk_person(person):
        answer_steps(client, person)
        return client.get("/guide/result/")

    return walk_person


# What the test database held once the library was loaded: a copy of it on SQLite.
_SEEDED = {}

# Fixtures that give a test the database (pytest-django's, and those built on them).
DATABASE_FIXTURES = {
    "db",
    "transactional_db",
    "live_server",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
    "admin_client",
    "admin_user",
    "django_user_model",
}


@pytest.fixture(scope="session")
def test_databases_copied_from_the_seeded_one():
    """A test database starts as a copy of tests/seeded_database.py's, made once per run,
    rather than each xdist worker migrating and loading the seed itself: on SQLite a copy of
    its file, on PostgreSQL a database created from its template on the server."""
    from django.conf import settings
    from django.db.backends.postgresql.creation import DatabaseCreation as PostgresCreation
    from django.db.backends.sqlite3.creation import DatabaseCreation as SQLiteCreation

    from tests.seeded_database import postgres_template, restore_into

    def use(self, name):
        self.connection.close()
        settings.DATABASES[self.connection.alias]["NAME"] = name
        self.connection.settings_dict["NAME"] = name
        self.connection.ensure_connection()
        self.connection.seeded_copy = True
        return name

    sqlite_original = SQLiteCreation.create_test_db
    postgres_original = PostgresCreation.create_test_db

    def sqlite_create_test_db(self, verbosity=1, autoclobber=False, serialize=None, keepdb=False):
        name = self._get_test_db_name()
        if self.connection.alias != "default" or not self.is_in_memory_db(name) or serialize:
            return sqlite_original(self, verbosity, autoclobber, serialize, keepdb)
        self._create_test_db(verbosity, autoclobber, keepdb)
        use(self, name)
        restore_into(self.connection.connection)
        return name

    def postgres_create_test_db(self, verbosity=1, autoclobber=False, serialize=None, keepdb=False):
        if self.connection.alias != "default" or serialize or keepdb:
            return postgres_original(self, verbosity, autoclobber, serialize, keepdb)
        test_settings = self.connection.settings_dict["TEST"]
        previous = test_settings.get("TEMPLATE")
        with postgres_template(os.environ["DATABASE_URL"]) as template:
            test_settings["TEMPLATE"] = template
            try:
                self._create_test_db(verbosity, autoclobber, keepdb)
            finally:
                test_settings["TEMPLATE"] = previous
        return use(self, self._get_test_db_name())

    SQLiteCreation.create_test_db = sqlite_create_test_db
    PostgresCreation.create_test_db = postgres_create_test_db
    yield
    SQLiteCreation.create_test_db = sqlite_original
    PostgresCreation.create_test_db = postgres_original


@pytest.fixture(scope="session")
def django_db_setup(test_databases_copied_from_the_seeded_one, django_db_setup, django_db_blocker):
    """Every test database starts with the real library, as a fresh install does.

    It is a copy of a database migrated and seeded once per run (tests/seeded_database.py:
    a file on SQLite, a template database on PostgreSQL); on other databases the seed is
    loaded once per session (once per xdist worker). Tests that flush the database afterwards (transactional_db, live_server: the
    browser tests) get it back at once after each: on SQLite from a copy kept in memory,
    through SQLite's backup API, instead of the flush (copy_back_instead_of_flushing);
    elsewhere by loading it again after the flush (pytest_runtest_teardown below). So every
    test, in any order, starts from the seeded library."""
    import sqlite3

    from django.db import connection

    with django_db_blocker.unblock():
        if not getattr(connection, "seeded_copy", False):
            load_seed_quickly()
        snapshot = None
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            snapshot = sqlite3.connect(":memory:", check_same_thread=False)
            connection.connection.backup(snapshot)
        content_types_cached()
    _SEEDED.update(blocker=django_db_blocker, snapshot=snapshot)
    yield
    _SEEDED.clear()
    if snapshot is not None:
        snapshot.close()


def load_seed_quickly():
    """The library as loadlibrary loads it, without the admin's history of its first load
    (half the time it takes; tests that look at history count what they change)."""
    from django.test import override_settings

    from pain_guide.library.seed import load_seed

    with override_settings(SIMPLE_HISTORY_ENABLED=False):
        load_seed()


def restore_seeded_database():
    """Put the test database back as django_db_setup left it: the seeded library."""
    from django.db import connection

    with _SEEDED["blocker"].unblock():
        if _SEEDED["snapshot"] is not None:
            connection.ensure_connection()
            _SEEDED["snapshot"].backup(connection.connection)
        else:
            load_seed_quickly()
        # The flush made content types again (other ids); the copy brought the old ones back.
        content_types_cached()


def flushes_database(item):
    """Whether pytest-django flushes every table after this test (as Django's
    TransactionTestCase does), rather than rolling its transaction back."""
    from pytest_django.fixtures import validate_django_db

    marker = item.get_closest_marker("django_db")
    if marker:
        transaction, reset_sequences, *_ = validate_django_db(marker)
        if transaction or reset_sequences:
            return True
    return bool(
        {"transactional_db", "live_server", "django_db_reset_sequences"}
        & set(getattr(item, "fixturenames", ()))
    )


@pytest.fixture(autouse=True, scope="session")
def copy_back_instead_of_flushing():
    """On SQLite, a test that would end with a flush (Django's TransactionTestCase: the browser
    tests) ends instead with the seeded copy put back over the whole database. That is where
    the flush and the reload after it would leave it, without the flush's post_migrate work
    (content types and permissions for every app, about half a second a test)."""
    from django.test import TransactionTestCase

    original = TransactionTestCase._fixture_teardown

    def fixture_teardown(self):
        if _SEEDED.get("snapshot") is None:
            original(self)
        else:
            restore_seeded_database()

    TransactionTestCase._fixture_teardown = fixture_teardown
    yield
    TransactionTestCase._fixture_teardown = original


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    result = yield
    # After the test's fixtures (and so the flush); not after the last test, whose teardown
    # removed the test database. (On SQLite the copy was put back instead of the flush.)
    if _SEEDED and _SEEDED["snapshot"] is None and nextitem is not None and flushes_database(item):
        restore_seeded_database()
    return result


def uses_database(item):
    """Whether a test touches the database (for scripts/test's PostgreSQL pass). The fuzz
    tests (marked fuzz) are left to the SQLite pass: what they send that a database could
    refuse (NUL bytes, long values) is tested on PostgreSQL by the forms' and models' own
    tests."""
    if item.get_closest_marker("fuzz") is not None:
        return False
    return (
        item.get_closest_marker("django_db") is not None
        or item.get_closest_marker("postgres") is not None
        or bool(DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())))
    )


def pytest_addoption(parser):
    group = parser.getgroup("pain guide")
    group.addoption(
        "--database-tests-only",
        action="store_true",
        help="run only the tests that touch the database (scripts/test's PostgreSQL pass)",
    )
    group.addoption(
        "--screenshots",
        action="store_true",
        default=os.environ.get("SCREENSHOTS", "") not in ("", "0"),
        help="save screenshots of every page type in test-artifacts/screenshots/ "
        "(or SCREENSHOTS=1)",
    )


# Files that take long (a browser, servers started, many fuzzed cases): run first, so that
# with --dist loadfile no worker is left finishing one of them while the other is idle.
SLOW_FIRST = ("tests/browser/", "tests/fuzz/", "tests/deploy/", "tests/core/test_several_servers")


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    # pytest-randomly has shuffled the files already; a stable sort keeps its order within
    # the slow files and within the rest (scripts/test passes --no-loadscope-reorder).
    items.sort(key=lambda item: not item.nodeid.startswith(SLOW_FIRST))
    for item in items:
        # Two gunicorn servers on the PostgreSQL pass's database, and Redis database numbers
        # of its own: one xdist worker runs the whole file (scripts/test: --dist loadfile).
        if item.nodeid.startswith("tests/core/test_several_servers.py"):
            item.add_marker(pytest.mark.postgres)
    if config.getoption("database_tests_only"):
        kept = [item for item in items if uses_database(item)]
        deselected = [item for item in items if not uses_database(item)]
        if deselected:
            config.hook.pytest_deselected(items=deselected)
            items[:] = kept


@pytest.fixture(autouse=True)
def english_between_tests():
    """A request to /es/... leaves Spanish active in the thread that served it (the test's
    own, with Django's test client): each test starts, and ends, in English."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: cached pages and rate-limit counters do not leak."""
    from django.core.cache import caches

    from pain_guide.core import pagecache

    pagecache.clear()
    caches["ratelimits"].clear()
    yield
    pagecache.clear()
    caches["ratelimits"].clear()


@contextmanager
def cache_down():
    """Point the default cache at a Redis server that is not there."""
    from django.core.cache import caches
    from django.test import override_settings

    broken = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    with override_settings(CACHES=broken):
        caches._settings = caches.settings = broken  # the handler caches its settings
        try:
            yield
        finally:
            del caches._settings
            caches.settings = caches.configure_settings(None)


@pytest.fixture(autouse=True, scope="session")
def forms_posted_as_browsers_post_them():
    """Browsers post this site's forms (none takes a file) as application/x-www-form-urlencoded,
    and the site refuses multipart bodies with 415 (pain_guide.core.limits). Django's test
    client posts multipart by default: make it post a form as a browser does, unless a test
    sends a file, a body it encoded itself or another content type."""
    from urllib.parse import urlencode

    from django.test.client import MULTIPART_CONTENT, RequestFactory

    original = RequestFactory.post

    def post(self, path, data=None, content_type=MULTIPART_CONTENT, *args, **kwargs):
        form = {} if data is None else data
        if (
            content_type == MULTIPART_CONTENT
            and hasattr(form, "items")
            and not any(hasattr(value, "read") for value in form.values())
        ):
            data = urlencode(list(getattr(form, "lists", form.items)()), doseq=True)
            content_type = "application/x-www-form-urlencoded"
        return original(self, path, data, content_type, *args, **kwargs)

    RequestFactory.post = post
    yield
    RequestFactory.post = original
