"""How the API answers over HTTP: JSON only, cacheable, no cookies, bad input a clear 4xx,
never a 5xx, rate-limited where the cache cannot help, and within a query budget."""

import re

import pytest
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pain_guide.core import pagecache
from tests.conftest import content_types_cached

from .conftest import every_url

pytestmark = pytest.mark.django_db


def test_no_cookie_and_no_session(client):
    """No answer sets a cookie, varies on one, or starts a session."""
    for url in every_url() + ["/api/v1/medicines/nope/", "/api/v1/groups/?lang=xx"]:
        response = client.get(url)
        assert not response.cookies, url
        assert "Set-Cookie" not in response.headers, url
        assert "cookie" not in response.get("Vary", "").lower(), url
        assert not response.wsgi_request.session.accessed, url
    assert not client.cookies


def test_cacheable_with_an_etag(client):
    """Public for a few minutes, with an ETag that answers 304 when it still matches."""
    response = client.get("/api/v1/medicines/gabapentin/")
    assert response["Cache-Control"] == "public, max-age=300"
    again = client.get("/api/v1/medicines/gabapentin/", headers={"If-None-Match": response["ETag"]})
    assert again.status_code == 304
    assert client.get("/api/v1/medicines/gabapentin/?lang=es")["ETag"] != response["ETag"]


def test_errors_are_not_kept(client):
    assert client.get("/api/v1/medicines/nope/")["Cache-Control"] == "no-store"


def test_a_second_answer_comes_from_the_cache(client, django_assert_num_queries):
    """Junk in the query string does not stop the cached answer being served."""
    client.get("/api/v1/comparison/?lang=es")
    with django_assert_num_queries(0):
        response = client.get("/api/v1/comparison/?lang=es&junk=1&utm_source=x")
    assert response.status_code == 200
    assert response.json()["language"] == "es"


@pytest.mark.parametrize(
    ("url", "budget"),
    [
        ("/api/v1/medicines/", 2),
        ("/api/v1/groups/", 1),
        ("/api/v1/conditions/", 2),
        ("/api/v1/questions/", 1),
        ("/api/v1/medicines/gabapentin/?lang=es", 4),
        ("/api/v1/groups/gabapentinoids/", 4),
        ("/api/v1/conditions/sciatica/", 6),
        ("/api/v1/questions/is-gabapentin-a-muscle-relaxer/", 6),
        ("/api/v1/comparison/", 4),
    ],
)
def test_query_budget(client, django_assert_max_num_queries, url, budget):
    """With nothing cached, each answer costs a fixed number of queries, however big."""
    pagecache.clear()
    content_types_cached()
    with django_assert_max_num_queries(budget):
        response = client.get(url)
    assert response.status_code == 200


HOSTILE = [
    "/api/v1/medicines/%00/",
    "/api/v1/medicines/" + "a" * 3000 + "/",
    "/api/v1/medicines/gabapentin/?lang=%ff%fe",
    "/api/v1/medicines/gabapentin/?lang=" + "e" * 3000,
    "/api/v1/medicines/../../etc/passwd",
    "/api/v1/medicines/gabapentin/%2e%2e/",
    "/api/v1/medicines/<script>/",
    "/api/v1/openapi.json/x",
    "/api/v1/" + "x/" * 1500,
    "/api/v2/medicines/",
    "/api/v1/medicines",
]


@pytest.fixture
def cache_keys(monkeypatch):
    """The keys the API looks up in the page cache."""
    keys = []

    def get(name):
        keys.append(name)
        return original(name)

    original = pagecache.get
    monkeypatch.setattr(pagecache, "get", get)
    return keys


@pytest.mark.parametrize("url", HOSTILE)
def test_hostile_addresses_answer_a_clear_json_4xx(client, cache_keys, url):
    response = client.get(url)
    # A slug that cannot be one never reaches a cache key (memcached refuses some characters).
    assert all(re.fullmatch(r"[-\w:]{1,120}", key, re.ASCII) for key in cache_keys), cache_keys
    assert 400 <= response.status_code < 500, url
    if url.startswith("/api/v1/"):
        assert response["Content-Type"] == "application/json"
        assert response.json()["detail"]


@pytest.mark.parametrize(
    "query", ["lang=es&lang=en", "lang[]=es", "%ZZ=1&=&&=x", "utm_source=" + "x" * 3000]
)
def test_junk_in_the_query_string_is_ignored(client, query):
    """Parameters other than lang are ignored; a repeated lang counts once (the last)."""
    response = client.get(f"/api/v1/medicines/gabapentin/?{query}")
    assert response.status_code == 200
    assert response.json()["language"] in ("en", "es")


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete", "options"])
def test_read_only(client, method):
    response = getattr(client, method)("/api/v1/medicines/gabapentin/")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert response.json()["detail"]


def test_head_answers_like_get(client):
    assert client.head("/api/v1/medicines/gabapentin/").status_code == 200


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    kind=st.sampled_from(["medicines", "groups", "conditions", "questions", "comparison", "x"]),
    slug=st.text(max_size=120),
    query=st.text(max_size=200),
)
def test_fuzzed_requests_never_5xx(client, kind, slug, query):
    from urllib.parse import quote

    response = client.get(f"/api/v1/{kind}/{quote(slug, safe='')}/?{quote(query, safe='=&')}")
    assert response.status_code < 500
    assert response["Content-Type"].startswith("application/json")


@override_settings(RATELIMITS={"page-build": (3, 60)})
def test_unknown_items_are_rate_limited(client):
    """Answers the cache can never keep (no such item) count against the page-build limit;
    known items, which the cache keeps, never do."""
    for number in range(3):
        assert client.get(f"/api/v1/medicines/nope-{number}/").status_code == 404
    refused = client.get("/api/v1/medicines/nope-4/")
    assert refused.status_code == 429
    assert refused["Retry-After"] == "60"
    assert refused.json()["detail"]
    for _ in range(5):
        assert client.get("/api/v1/medicines/gabapentin/").status_code == 200
