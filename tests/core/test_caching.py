"""Pages the same for everyone are cached whole; pages about a person never are."""

import pytest
from django.core.cache import caches
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import path, resolve

from pain_guide.core import pagecache
from pain_guide.core.decorators import same_for_everyone
from pain_guide.core.middleware import SharedPageCacheMiddleware
from pain_guide.library.models import Medicine, Text
from pain_guide.sharing.models import ShareLink
from tests.collected_static import collected_static
from tests.conftest import answer_steps, cache_down

pytestmark = pytest.mark.django_db

SHARED = [
    "/",
    "/about/",
    "/privacy/",
    "/library/",
    "/library/medicines/",
    "/library/medicines/baclofen/",
    "/library/compare/",
]


@pytest.mark.parametrize("url", SHARED)
def test_shared_pages_are_cached_whole_and_public(client, django_assert_num_queries, url):
    first = client.get(url)
    assert first.status_code == 200
    control = first["Cache-Control"]
    assert "public" in control
    assert "max-age=300" in control
    assert "Cookie" not in first.get("Vary", "")
    assert not first.cookies
    with django_assert_num_queries(0):
        second = client.get(url)
    assert second.content == first.content
    # The stored copy carries every header the site adds, security headers included.
    for header in ("Content-Security-Policy", "Permissions-Policy", "X-Frame-Options"):
        assert second[header] == first[header], header


class Counting:
    """A view counting how often it really runs; it may set or vary on a cookie."""

    def __init__(self, cookie=False, vary_cookie=False):
        self.calls, self.cookie, self.vary_cookie = 0, cookie, vary_cookie

    def __call__(self, request):
        self.calls += 1
        response = HttpResponse(f"call {self.calls}")
        if self.cookie:
            response.set_cookie("sessionid", "answers")
        if self.vary_cookie:
            response["Vary"] = "Cookie"
        return response


PLAIN, SETS_COOKIE, VARIES_ON_COOKIE, UNMARKED = (
    Counting(),
    Counting(cookie=True),
    Counting(vary_cookie=True),
    Counting(),
)
urlpatterns = [
    path("plain/", same_for_everyone(PLAIN), name="plain"),
    path("other/", same_for_everyone(PLAIN), name="other"),
    path("sets-cookie/", same_for_everyone(SETS_COOKIE)),
    path("varies-on-cookie/", same_for_everyone(VARIES_ON_COOKIE)),
    path("unmarked/", UNMARKED),
]


def serve(url):
    view = resolve(url).func
    return SharedPageCacheMiddleware(view)(RequestFactory().get(url))


@pytest.fixture
def counting():
    for view in (PLAIN, SETS_COOKIE, VARIES_ON_COOKIE, UNMARKED):
        view.calls = 0


@pytest.mark.urls(__name__)
def test_the_middleware_answers_from_the_cache_without_running_the_view(counting):
    assert serve("/plain/").content == b"call 1"
    assert serve("/plain/").content == b"call 1"
    assert PLAIN.calls == 1
    assert serve("/other/").content == b"call 2"


@pytest.mark.urls(__name__)
@pytest.mark.parametrize(
    ("url", "view"), [("/sets-cookie/", SETS_COOKIE), ("/varies-on-cookie/", VARIES_ON_COOKIE)]
)
def test_a_response_that_sets_or_varies_on_a_cookie_is_never_shared(counting, url, view):
    """A page that touched the session (where the guide's answers live) must never be stored."""
    serve(url)
    assert serve(url).content == b"call 2"
    assert view.calls == 2


@pytest.mark.urls(__name__)
def test_only_pages_marked_the_same_for_everyone_are_stored(counting):
    serve("/unmarked/")
    serve("/unmarked/")
    assert UNMARKED.calls == 2


def test_an_editors_change_shows_at_once(client):
    url = "/library/medicines/baclofen/"
    assert "Baclofen" in client.get(url).content.decode()
    medicine = Medicine.objects.get(slug="baclofen")
    medicine.name = "Baclofen (edited)"
    medicine.save()
    assert "Baclofen (edited)" in client.get(url).content.decode()
    text = Text.objects.filter(object_id=medicine.pk, key="key-facts").first()
    text.body = text.body + "\n\nA sentence an editor added."
    text.save()
    assert "A sentence an editor added." in client.get(url).content.decode()


def test_making_a_share_link_does_not_retire_cached_pages(client, django_assert_num_queries):
    client.get("/library/compare/")
    baclofen = Medicine.objects.get(slug="baclofen")
    client.post("/share/", {"region": "us", "medicines": [baclofen.pk]})
    assert ShareLink.objects.get().medicines.get() == baclofen
    with django_assert_num_queries(0):
        client.get("/library/compare/")


@pytest.mark.parametrize("url", [*SHARED, "/guide/", "/library/conditions/sciatica/"])
def test_pages_still_work_when_the_cache_is_down(client, url):
    with cache_down():
        first, second = client.get(url), client.get(url)
    assert first.status_code == second.status_code == 200
    assert first.content == second.content


def test_the_result_still_works_when_the_cache_is_down(client):
    answer_steps(client, {})
    with cache_down():
        response = client.get("/guide/result/")
    assert response.status_code == 200
    assert "/library/groups/" in response.content.decode()


@pytest.mark.parametrize(
    "url", ["/guide/", "/guide/red-flags/", "/guide/result/", "/share/", "/library/search/?q=x"]
)
def test_pages_about_a_person_or_a_query_are_not_cached_publicly(client, url):
    answer_steps(client, {})
    response = client.get(url)
    assert "public" not in response.get("Cache-Control", "")
    if url.startswith("/guide/"):
        assert "no-store" in response["Cache-Control"]
        assert "private" in response["Cache-Control"]


def test_static_files_get_far_future_headers_with_hashed_names(client, settings, tmp_path):
    """With the production storage, names are hashed and WhiteNoise marks them immutable."""
    from django.test import override_settings
    from whitenoise.middleware import WhiteNoiseMiddleware

    storage = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with override_settings(STATIC_ROOT=collected_static(), STORAGES=storage):
        from django.templatetags.static import static

        url = static("css/site.css")
        assert __import__("re").search(r"site\.[0-9a-f]{12}\.css$", url)
        middleware = WhiteNoiseMiddleware(lambda request: None)
        static_file = middleware.files[url]
        headers = dict(static_file.get_response("GET", {}).headers)
        assert "immutable" in headers["Cache-Control"]
        assert "max-age=315360000" in headers["Cache-Control"]


@pytest.mark.parametrize(
    ("url", "looked_up"),
    [
        ("/library/medicines/baclofen/", True),
        ("/library/compare/", True),
        ("/", True),
        ("/guide/where/", False),
        ("/guide/result/", False),
        ("/library/search/", False),
        ("/s/AAAAAAAAAAAAAA/", False),
        ("/no-such-page/", False),
        ("/library/medicines/" + "x" * 300 + "/", True),  # too long to remember, still right
    ],
)
def test_only_pages_of_views_marked_the_same_for_everyone_are_looked_up(url, looked_up):
    """The guide's pages never cost a cache round trip, and are never answered from it."""
    request = RequestFactory().get(url)
    assert SharedPageCacheMiddleware.may_be_shared(request) is looked_up


def test_a_change_retires_every_cached_page_at_once_and_a_lost_generation_brings_none_back():
    """Every entry is kept under the content's generation (Django's cache version): moving it
    on retires everything, with no process remembering an old one; a generation that is lost
    (an emptied cache) starts a new one, never an old one that would revive old pages."""
    assert pagecache.get_or_build("page", lambda: "first") == "first"
    assert pagecache.get_or_build("page", lambda: "second") == "first"
    pagecache.bump()
    assert pagecache.get_or_build("page", lambda: "second") == "second"
    before = pagecache.generation()
    caches["default"].delete(pagecache.GENERATION_KEY)  # lost, with the pages still there
    assert pagecache.generation() > before
    assert pagecache.get_or_build("page", lambda: "third") == "third"


def test_a_page_built_while_the_content_changed_is_not_kept_as_new():
    """The generation read before building is the one the page is stored under."""
    value, generation = pagecache.get("page")
    assert value is None
    pagecache.bump()  # an editor saves while the page is being built
    pagecache.set("page", "built from the old content", generation)
    assert pagecache.get_or_build("page", lambda: "built from the new") == "built from the new"


def test_the_cache_key_never_holds_header_text_a_client_chose():
    """Only whether htmx asked (HX-Request is "true") goes into the key, so odd header values
    neither reach the cache backend nor fill it with copies."""
    factory = RequestFactory()
    plain = SharedPageCacheMiddleware.key(factory.get("/library/"))
    htmx = SharedPageCacheMiddleware.key(factory.get("/library/", headers={"HX-Request": "true"}))
    odd = SharedPageCacheMiddleware.key(
        factory.get("/library/", headers={"HX-Request": '"><img src=x onerror=alert(1)>'})
    )
    assert plain != htmx
    assert odd == plain
    assert "<" not in odd
