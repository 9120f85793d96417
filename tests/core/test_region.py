"""The reader's region for a visit (docs/adr/0009): a share link's, or the reader's own choice,
kept in a plain cookie that holds only a region code. Every page follows it, bad values count
for nothing, the choice goes back only to a page on this site, and a cached page never
crosses from one region's readers to another's."""

import pytest
from django.core import checks
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import path, resolve

from pain_guide.core import regions, views
from pain_guide.core.decorators import same_for_everyone
from pain_guide.core.middleware import RegionMiddleware, SharedPageCacheMiddleware
from pain_guide.sharing.models import ShareLink
from tests.conftest import answer_steps, text_of

pytestmark = pytest.mark.django_db

US_CALL = '<a class="tel-link" href="tel:911">911</a>'
UK_CALL = '<a class="tel-link" href="tel:999">999</a>'
BAD_CODES = [
    "",
    "UK",
    "uk ",
    " uk",
    "gb",
    "us;uk",
    "uk,us",
    "../uk",
    "<script>alert(1)</script>",
    "x" * 5000,
    "uk\x00",
    "None",
]


@pytest.fixture
def two_regions(settings):
    """A US site that also serves the UK, as in the issue."""
    settings.PAIN_GUIDE_REGION = "us"
    settings.PAIN_GUIDE_SHARE_REGIONS = ["uk", "us"]


@pytest.fixture
def uk_reader(client, two_regions):
    client.cookies[regions.COOKIE_NAME] = "uk"
    return client


def region_of(cookie=None):
    factory = RequestFactory()
    if cookie is not None:
        factory.cookies[regions.COOKIE_NAME] = cookie
    request = factory.get("/")
    RegionMiddleware(lambda request: HttpResponse())(request)
    return request.region


# --- Which region a request has ----------------------------------------------------


def test_a_cookie_naming_a_served_region_picks_it(two_regions):
    assert region_of("uk").code == "uk"
    assert region_of("us").code == "us"
    assert region_of().code == "us"


@pytest.mark.parametrize("value", BAD_CODES)
def test_any_other_cookie_value_means_the_default(two_regions, value):
    assert region_of(value).code == "us"


def test_with_one_region_served_the_cookie_counts_for_nothing(settings):
    settings.PAIN_GUIDE_SHARE_REGIONS = ["us"]
    assert region_of("uk").code == "us"
    assert not regions.several_served()


def test_the_default_is_always_served_and_unknown_codes_never(settings):
    settings.PAIN_GUIDE_SHARE_REGIONS = ["uk", "xx"]
    assert regions.served_codes() == ("us", "uk")
    assert region_of("xx").code == "us"


def test_unknown_share_regions_fail_the_system_check(settings):
    settings.PAIN_GUIDE_SHARE_REGIONS = ["us", "UK"]
    errors = [error.id for error in checks.run_checks()]
    assert "pain_guide.E002" in errors
    settings.PAIN_GUIDE_SHARE_REGIONS = ["us", "uk"]
    assert "pain_guide.E002" not in [error.id for error in checks.run_checks()]


@pytest.mark.parametrize("region", regions.REGIONS.values(), ids=lambda region: region.code)
def test_each_emergency_action_holds_its_number_once(region):
    """The number becomes the tap-to-call link; it must be there to find."""
    assert region.emergency_action.count(region.emergency_number) == 1
    before, after = region.emergency_action_around_number
    assert f"{before}{region.emergency_number}{after}" == region.emergency_action


# --- Every page follows the reader's region ----------------------------------------


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("/", "Call 999 now, or go to A&E."),
        ("/about/", "Call 999 now, or go to A&E."),
        ("/guide/", "Call 999 now, or go to A&E."),
        ("/guide/get-help-now/", "Call 999 now, or go to A&E."),
        ("/guide/see-a-doctor-today/", "NHS 111"),
        ("/library/", "Call 999 now, or go to A&E."),
        ("/library/medicines/baclofen/", "In the UK"),
        ("/no-such-page/", "Showing advice for the UK"),
    ],
)
def test_every_page_follows_the_readers_region(uk_reader, url, words):
    response = uk_reader.get(url)
    text = text_of(response)
    assert words in text
    assert "911" not in text
    assert "Showing advice for the UK" in text


def examples_on(client, url):
    """The medicine examples a result page names for its groups."""
    response = client.get(url)
    assert response.status_code == 200
    shown = set()
    for value in response.context[-1].flatten().values():
        for item in value if isinstance(value, list | tuple) else ():
            shown.update(getattr(item, "examples", ()))
    return shown


def test_the_result_follows_the_readers_region(client, two_regions):
    """The result's examples name medicines as they are sold in the reader's country."""
    answer_steps(client, {})
    assert "cyclobenzaprine (Amrix)" in examples_on(client, "/guide/result/")
    client.cookies[regions.COOKIE_NAME] = "uk"
    uk = examples_on(client, "/guide/result/")
    assert "cyclobenzaprine (Amrix)" not in uk
    assert "methocarbamol" in uk


def test_a_result_link_follows_its_readers_region(client, two_regions):
    answer_steps(client, {})
    url = client.post("/r/new/")["Location"]
    assert "cyclobenzaprine (Amrix)" in examples_on(client, url)
    client.cookies[regions.COOKIE_NAME] = "uk"
    assert "cyclobenzaprine (Amrix)" not in examples_on(client, url)


def test_the_emergency_number_is_a_tap_to_call_link(client):
    for url in ("/", "/about/", "/guide/", "/guide/get-help-now/", "/guide/see-a-doctor-today/"):
        assert US_CALL in client.get(url).content.decode(), url


def test_the_emergency_page_says_its_own_message_before_the_general_box(client):
    html = client.get("/guide/get-help-now/").content.decode()
    main = html.index('<main id="main"')
    assert html.index("outcome--emergency") > main
    assert html.index('class="emergency-box"') > html.index("</main>")
    assert html.count('class="emergency-box"') == 1


def test_the_error_page_names_the_readers_number_when_it_can(two_regions):
    factory = RequestFactory()
    factory.cookies[regions.COOKIE_NAME] = "uk"
    assert 'href="tel:999"' in views.server_error(factory.get("/")).content.decode()
    # Whatever went wrong, the error page itself still renders.
    assert "your local emergency number" in views.server_error(None).content.decode()


# --- Seeing and changing it ----------------------------------------------------------


def test_the_footer_shows_the_region_and_a_way_to_change_it(uk_reader):
    html = uk_reader.get("/about/").content.decode()
    assert "Showing advice for <strong>the UK</strong>" in html
    assert 'href="/region/?next=/about/"' in html


def test_with_one_region_nothing_shows_and_no_cookie_is_set(client):
    html = client.get("/about/").content.decode()
    assert "Showing advice for" not in html
    assert "/region/" not in html
    assert client.get("/region/").status_code == 404
    link = ShareLink.objects.create_with_code(include_guide=True, region="us")
    assert regions.COOKIE_NAME not in client.get(link.get_absolute_url()).cookies


def test_the_region_page_offers_the_served_regions(uk_reader):
    response = uk_reader.get("/region/?next=/library/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="uk"' in html
    assert 'value="us"' in html
    assert 'name="next" value="/library/"' in html
    assert 'class="back-link" href="/library/"' in html
    assert "no-store" in response["Cache-Control"]
    assert response.context["form"]["region"].value() == "uk"


def test_choosing_a_region_keeps_it_for_the_visit_and_goes_back(client, two_regions):
    response = client.post("/region/", {"region": "uk", "next": "/library/?q=back%20pain"})
    assert response.status_code == 303
    assert response["Location"] == "/library/?q=back%20pain"
    cookie = response.cookies[regions.COOKIE_NAME]
    assert cookie.value == "uk"
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    # Gone when the browser closes.
    assert not cookie["max-age"]
    assert not cookie["expires"]
    assert "999" in text_of(client.get("/guide/get-help-now/"))


@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.example/",
        "//evil.example/",
        "///evil.example/",
        "/\\evil.example/",
        "\\\\evil.example/",
        "http:/evil.example/",
        "javascript:alert(1)",
        " //evil.example/",
        "library/",
        "/library/\r\nSet-Cookie: region=us",
        "/library/\x00",
        "/" + "a" * 3000,
        "",
    ],
)
def test_it_goes_back_only_to_a_page_on_this_site(client, two_regions, next_url):
    response = client.post("/region/", {"region": "uk", "next": next_url})
    assert response.status_code == 303
    assert response["Location"] == "/"
    page = client.get("/region/", {"next": next_url})
    assert page.status_code == 200
    assert page.context["next"] == "/"


@pytest.mark.parametrize("value", BAD_CODES)
def test_a_region_the_site_does_not_serve_is_refused_with_a_message(client, two_regions, value):
    response = client.post("/region/", {"region": value, "next": "/about/"})
    assert response.status_code == 200
    assert regions.COOKIE_NAME not in response.cookies
    assert response.context["title"].startswith("Error: ")
    assert "There is a problem" in text_of(response)


def test_changing_the_region_needs_the_forms_csrf_token(two_regions):
    """Another site cannot switch a reader's emergency number behind their back."""
    client = Client(enforce_csrf_checks=True)
    response = client.post("/region/", {"region": "uk", "next": "/"})
    assert response.status_code == 403
    assert regions.COOKIE_NAME not in response.cookies


# --- A share link's region holds for the visit ------------------------------------------


def test_a_share_links_region_holds_for_the_whole_visit(client, two_regions):
    link = ShareLink.objects.create_with_code(include_guide=True, region="uk")
    landing = client.get(link.get_absolute_url())
    assert landing.cookies[regions.COOKIE_NAME].value == "uk"
    assert UK_CALL in landing.content.decode()
    for url in ("/guide/", "/guide/get-help-now/", "/library/compare/"):
        text = text_of(client.get(url))
        assert "999" in text, url
        assert "911" not in text, url
    assert "NHS 111" in text_of(client.get("/guide/see-a-doctor-today/"))


def test_a_link_for_a_region_no_longer_served_keeps_the_readers(client, settings):
    settings.PAIN_GUIDE_SHARE_REGIONS = ["us"]
    link = ShareLink.objects.create_with_code(include_guide=True, region="uk")
    landing = client.get(link.get_absolute_url())
    assert landing.status_code == 200
    assert regions.COOKIE_NAME not in landing.cookies
    assert "911" in text_of(landing)


def test_the_handout_is_printed_for_the_links_region(client, two_regions):
    link = ShareLink.objects.create_with_code(include_guide=True, region="uk")
    html = client.get(f"/share/{link.code}/handout/").content.decode()
    assert UK_CALL in html
    assert "Showing advice for" not in html  # the reader's choice cannot move a handout


# --- The page cache never crosses regions -------------------------------------------------


class RegionPage:
    """A page the same for everyone in one region: it names that region's number."""

    calls = 0

    def __call__(self, request):
        RegionPage.calls += 1
        return HttpResponse(request.region.emergency_number)


urlpatterns = [path("page/", same_for_everyone(RegionPage()))]


def serve(cookie=None):
    """One request through the cache-first middleware, then the region middleware, as in
    settings.MIDDLEWARE."""
    factory = RequestFactory()
    if cookie is not None:
        factory.cookies[regions.COOKIE_NAME] = cookie
    view = resolve("/page/").func
    return SharedPageCacheMiddleware(RegionMiddleware(view))(factory.get("/page/"))


@pytest.mark.urls(__name__)
def test_the_page_cache_never_serves_one_regions_page_to_another(two_regions):
    RegionPage.calls = 0
    assert serve().content == b"911"
    assert serve("uk").content == b"999"
    assert RegionPage.calls == 2
    # Each region's copy is served from the cache to that region's readers only.
    assert serve("us").content == b"911"
    assert serve("uk").content == b"999"
    assert RegionPage.calls == 2


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("value", BAD_CODES)
def test_a_bad_cookie_gets_the_default_regions_copy_and_makes_no_new_one(two_regions, value):
    RegionPage.calls = 0
    serve()
    assert serve(value).content == b"911"
    assert RegionPage.calls == 1


@pytest.mark.urls(__name__)
def test_what_leaves_the_cache_says_vary_cookie_only_with_several_regions(settings, two_regions):
    """Browsers must not keep one region's copy for a reader who changes theirs; the shared
    cache itself keys on the region, so it still stores the page."""
    RegionPage.calls = 0
    assert "Cookie" in serve()["Vary"]
    assert "Cookie" in serve()["Vary"]
    assert RegionPage.calls == 1
    settings.PAIN_GUIDE_SHARE_REGIONS = ["us"]
    assert "Cookie" not in serve().get("Vary", "")


def test_real_pages_from_the_cache_follow_the_region(client, two_regions):
    for _ in range(2):  # the second round comes from the cache
        assert US_CALL in client.get("/library/").content.decode()
        client.cookies[regions.COOKIE_NAME] = "uk"
        assert UK_CALL in client.get("/library/").content.decode()
        del client.cookies[regions.COOKIE_NAME]
