"""Cached pages are keyed on the site's host and the path (issue 14, finding 3).

Junk query strings and Host variants each made a new cache entry and cost a full render
(50 MB a minute into Redis from one client; ``Host: 127.0.0.1:<any port>`` passes
ALLOWED_HOSTS). Now one page is one entry, whatever the Host names; a request with a query
string is built without being stored, and one client can have only so many built.
"""

import inspect
import ipaddress
import secrets

import pytest
from django.core.cache import cache
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver

from pain_guide.core import pagecache
from pain_guide.core.middleware import SharedPageCacheMiddleware

pytestmark = pytest.mark.django_db

PAGE = "/library/medicines/"


def fresh_client(**defaults):
    """A client with an address of its own (counters outlive a test run: they are shared by
    every worker), so its rate limits start from nothing."""
    address = ipaddress.IPv4Address((10 << 24) | secrets.randbits(24))
    return Client(REMOTE_ADDR=str(address), **defaults)


def stored_keys():
    """Every key in the page cache: local memory in the suite, Redis when CACHE_URL says so."""
    if hasattr(cache, "_cache") and isinstance(cache._cache, dict):
        return set(cache._cache)
    return set(cache._cache.get_client().keys("*"))


@pytest.fixture
def warm():
    """The canonical page, stored once; what is stored from here on is new."""
    first = fresh_client().get(PAGE)
    assert first.status_code == 200
    return first, stored_keys()


@pytest.mark.parametrize(("url", "requests"), [("/about/", 60), (PAGE, 30)])
def test_junk_query_strings_add_no_cache_entries_and_still_get_the_page(url, requests):
    canonical = fresh_client().get(url)
    before = stored_keys()
    for number in range(requests):
        junk = {f"utm_{number % 7}": f"x{number}", "fbclid": "A" * (number % 50)}
        response = fresh_client().get(url, junk)
        assert response.status_code == 200
        assert response.content == canonical.content
    assert stored_keys() == before


def test_host_variants_share_one_entry_and_get_the_same_page(warm, django_assert_num_queries):
    canonical, before = warm
    for host in ("127.0.0.1:8000", "127.0.0.1:1", "127.0.0.1:65535", "localhost", "LOCALHOST:9"):
        with django_assert_num_queries(0):
            response = fresh_client(HTTP_HOST=host).get(PAGE)
        assert response.status_code == 200
        assert response.content == canonical.content
    assert stored_keys() == before


def test_a_page_first_built_for_an_odd_host_is_the_one_everyone_gets(
    django_assert_num_queries,
):
    first = fresh_client(HTTP_HOST="127.0.0.1:4321").get(PAGE)
    keys = stored_keys()
    with django_assert_num_queries(0):
        again = fresh_client().get(PAGE)
    assert again.content == first.content
    assert stored_keys() == keys


def test_a_host_that_allowed_hosts_refuses_is_refused_even_when_the_page_is_cached(warm):
    assert fresh_client(HTTP_HOST="evil.example").get(PAGE).status_code == 400


def test_a_request_with_a_query_string_is_neither_answered_from_the_cache_nor_stored(
    warm, two_regions_served
):
    """With several regions the footer's "Change country" link carries the page's own
    address, query string included: that copy must never reach anyone else."""
    junk = fresh_client().get(PAGE, {"utm_source": "zz-marker-zz"})
    assert junk.status_code == 200
    assert "zz-marker-zz" in junk.content.decode()  # built for this request, not the cache's
    assert "zz-marker-zz" not in fresh_client().get(PAGE).content.decode()


@pytest.fixture
def two_regions_served(settings):
    settings.PAIN_GUIDE_SHARE_REGIONS = ["uk"]


def test_one_client_can_have_only_so_many_uncached_pages_built(settings, warm):
    settings.RATELIMITS = {**settings.RATELIMITS, "page-build": (3, 60)}
    client = fresh_client()
    for number in range(3):
        assert client.get(PAGE, {"junk": number}).status_code == 200
    refused = client.get(PAGE, {"junk": "one more"})
    assert refused.status_code == 429
    assert refused["Retry-After"] == "60"
    assert "Please wait a little" in refused.content.decode()
    # The page itself is still answered from the cache, and other readers are not held up.
    assert client.get(PAGE).status_code == 200
    assert fresh_client().get(PAGE, {"junk": "someone else"}).status_code == 200


def test_pages_answered_from_the_cache_do_not_count_against_a_client(settings, warm):
    settings.RATELIMITS = {**settings.RATELIMITS, "page-build": (3, 60)}
    client = fresh_client()
    for _ in range(20):
        assert client.get(PAGE).status_code == 200
    assert client.get(PAGE, {"junk": 1}).status_code == 200


def test_the_key_holds_the_sites_host_and_the_path_never_the_requests_host_or_query(settings):
    factory = RequestFactory()
    plain = SharedPageCacheMiddleware.key(factory.get(PAGE))
    for request in (
        factory.get(PAGE, HTTP_HOST="127.0.0.1:9999"),
        factory.get(PAGE, HTTP_HOST="localhost"),
        factory.get(PAGE, {"q": "anything"}),
    ):
        assert SharedPageCacheMiddleware.key(request) == plain
    assert settings.SITE_HOST in plain
    assert "9999" not in plain
    assert SharedPageCacheMiddleware.key(factory.get("/library/groups/")) != plain


def shared_views(resolver=None, prefix=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            yield from shared_views(pattern, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern) and getattr(
            pattern.callback, "same_for_everyone", False
        ):
            yield prefix + str(pattern.pattern), pattern.callback


def test_no_view_marked_the_same_for_everyone_reads_its_query_string():
    """The cache ignores query strings because these views do: a view that reads one (search,
    feedback, the region form) is not marked, so it is never cached."""
    views = list(shared_views())
    assert len(views) >= 10
    for route, view in views:
        source = inspect.getsource(inspect.unwrap(view))
        for reads_query in ("request.GET", "QUERY_STRING", "get_full_path", "request.build_abs"):
            assert reads_query not in source, (route, reads_query)


def test_search_is_not_page_cached_and_stores_nothing_per_query(django_assert_max_num_queries):
    """Search reads ``q``: its results are built for each query (its index is cached once),
    so distinct queries add no entries."""
    client = fresh_client()
    assert "Gabapentin" in client.get("/library/search/", {"q": "neurontin"}).content.decode()
    before = stored_keys()
    for number in range(50):
        assert client.get("/library/search/", {"q": f"baclofen {number}"}).status_code == 200
    assert "Pregabalin" in client.get("/library/search/", {"q": "lyrica"}).content.decode()
    assert stored_keys() == before
    assert pagecache.get("search-index-en")[0] is not None
