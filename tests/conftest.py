"""Shared fixtures: a person's answers, and walking them through the guide."""

import re
from contextlib import contextmanager
from html import unescape

import pytest

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


def answer_steps(client, person, *, until=None):
    """POST each step's answers in order; returns the last response."""
    data = {**DEFAULT_PERSON, **person}
    response = None
    for slug, fields in STEP_FIELDS:
        response = client.post(f"/guide/{slug}/", {name: data[name] for name in fields})
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


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database starts with the real library, as a fresh install does."""
    from pain_guide.library.seed import load_seed

    with django_db_blocker.unblock():
        load_seed()


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
