"""Library pages on a small made-up library: content, links, search, query counts."""

from pathlib import Path

import pytest

from pain_guide.library import search as library_search
from pain_guide.library.models import Medicine
from pain_guide.library.seed import load_seed
from tests.conftest import text_of

FIXTURE = Path(__file__).with_name("seed_fixture")
HTMX = {"HX-Request": "true"}
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def library():
    load_seed(seed_dir=FIXTURE, extra_reference_files=())


@pytest.mark.parametrize(
    ("url", "words", "queries"),
    [
        ("/library/", ["Medicine library", "Medicines A to Z", "side by side"], 0),
        ("/library/medicines/", ["Medicines A to Z", "Relaxol", "(Calmo)"], 1),
        (
            "/library/medicines/relaxol/",
            [
                "Relaxol",
                "In the US",
                "Brand names: Calmo",
                "Calmo",
                "Key facts",
                "It is made up.",
                "Stopping it",
                "Little or no evidence",
                "Helps some people",
                "Sources",
                "A first source",
                "Last reviewed",
            ],
            3,
        ),
        ("/library/groups/", ["Medicine groups", "Relaxers", "Muscle relaxers"], 2),
        ("/library/groups/relaxers/", ["Relaxers", "What they are", "Relaxol"], 4),
        ("/library/conditions/", ["Conditions", "Aches"], 1),
        ("/library/conditions/aches/", ["Aches are made up.", "Read more", "Relaxol"], 4),
        ("/library/questions/", ["Is Relaxol real?", "No, it is made up for tests."], 1),
        (
            "/library/questions/is-relaxol-real/",
            ["Is Relaxol real?", "No, it is made up for tests."],
            4,
        ),
        ("/library/compare/", ["What is it for?", "Short bouts of spasm.", "A first source"], 4),
    ],
)
def test_each_page_type(client, django_assert_max_num_queries, url, words, queries):
    with django_assert_max_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200
    text = text_of(response)
    for word in words:
        assert word in text, word
    # Every library page links back into the guide.
    assert 'href="/guide/"' in response.content.decode()


def test_unknown_and_unpublished_pages_are_friendly_404s(client):
    Medicine.objects.filter(slug="relaxol").update(published=False)
    for url in ("/library/medicines/relaxol/", "/library/medicines/nope/", "/library/groups/x/"):
        response = client.get(url)
        assert response.status_code == 404
        assert "Page not found" in text_of(response)
    assert "Relaxol" not in text_of(client.get("/library/medicines/"))


@pytest.mark.parametrize(
    ("query", "found", "matched"),
    [
        ("relaxol", "Relaxol", None),
        ("RELAXOL", "Relaxol", None),
        ("calmo", "Relaxol", "Calmo"),
        ("relaxoll", "Relaxol", "relaxoll"),
        ("relaxxol", "Relaxol", None),  # a close spelling nobody listed
        ("aches", "Aches", None),
        ("relaxol real", "Is Relaxol real?", None),
    ],
)
def test_search_finds_names_brands_and_misspellings(client, query, found, matched):
    response = client.get("/library/search/", {"q": query})
    text = text_of(response)
    assert found in text
    if matched:
        assert f"matched “{matched}”" in text


def test_search_with_nothing_found_helps_the_person_on(client):
    text = text_of(client.get("/library/search/", {"q": "zzzz"}))
    assert "No results for “zzzz”" in text
    assert "Medicines A to Z" in text
    assert "a pharmacist can tell you" in text.lower()


def test_search_suggests_a_close_name(client):
    """A misspelt name still finds the medicine; when nothing matched at all, the page would
    offer the closest name instead."""
    response = client.get("/library/search/", {"q": "Relaxo"})
    assert 'href="/library/medicines/relaxol/"' in response.content.decode()
    assert library_search.suggest("Relaxo") == "Relaxol"


def test_search_as_a_full_page_and_as_a_partial(client):
    full = client.get("/library/search/", {"q": "calmo"})
    assert full.content.decode().lstrip().startswith("<!doctype html>")
    assert 'id="search-results"' in full.content.decode()
    partial = client.get("/library/search/", {"q": "calmo"}, headers=HTMX)
    html = partial.content.decode()
    assert "<!doctype html>" not in html
    assert "<form" not in html
    assert "Relaxol" in html
    assert "HX-Request" in partial["Vary"]


def test_search_input_is_escaped_and_bounded(client):
    response = client.get("/library/search/", {"q": "<script>alert(1)</script>" + "x" * 500})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert(1)" not in html
    assert "x" * 101 not in html


def test_empty_search_shows_the_form(client):
    response = client.get("/library/search/")
    assert "Search by medicine, brand or condition" in text_of(response)


def test_every_library_page_is_within_two_clicks_of_the_home_page(client):
    """Home, then an index page, then the item: nothing is buried deeper."""
    from pain_guide.library.models import Condition, Group, Medicine, Question

    def links(url):
        import re

        return set(re.findall(r'href="(/[^"#?]*)"', client.get(url).content.decode()))

    reachable = links("/")
    for url in list(reachable):
        if url.startswith("/library/"):
            reachable |= links(url)
    pages = [
        item.get_absolute_url()
        for model in (Group, Medicine, Condition, Question)
        for item in model.objects.published()
    ]
    assert set(pages) <= reachable
    assert "/library/compare/" in reachable


def test_search_reads_the_library_once_then_from_the_shared_cache(
    client, django_assert_num_queries
):
    assert "Relaxol" in text_of(client.get("/library/search/", {"q": "relaxol"}))
    with django_assert_num_queries(0):
        assert "Relaxol" in text_of(client.get("/library/search/", {"q": "relaxl"}))


def test_search_follows_an_editors_change_at_once(client):
    def medicine_links():
        html = client.get("/library/search/", {"q": "relaxol"}).content.decode()
        return html.count('href="/library/medicines/relaxol/"')

    assert medicine_links() == 1
    medicine = Medicine.objects.get(slug="relaxol")
    medicine.published = False
    medicine.save()
    assert medicine_links() == 0


def test_brands_and_availability_follow_the_region(client, settings):
    """A UK reader is not shown a US-only brand as if they could get it, and the other way
    round: their country comes first, the other country's brands are labelled as such."""
    from pain_guide.core import pagecache

    page = text_of(client.get("/library/medicines/relaxol/"))
    assert "In the US Brand names: Calmo" in " ".join(page.split())
    assert "not sold" not in page

    settings.PAIN_GUIDE_REGION = "uk"
    pagecache.clear()
    page = " ".join(text_of(client.get("/library/medicines/relaxol/")).split())
    assert "In the UK Not sold in the UK." in page
    assert "Brand names in the US only Calmo (not sold under this name in the UK)" in page
    assert "Brand names: Calmo" not in page
    for listing in ("/library/medicines/", "/library/groups/relaxers/"):
        text = " ".join(text_of(client.get(listing)).split())
        assert "Relaxol (not sold in the UK)" in text, listing
        assert "Calmo" not in text, listing
