"""Every page type in Spanish: its language said (``<html lang="es">``, Content-Language), a
switch to the same page in English and ``hreflang`` alternates, no English left but names
and cited titles, full pages and htmx partials alike."""

import re
from html import unescape

import pytest

from pain_guide.sharing.models import ShareLink
from tests.conftest import answer_steps

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}

PAGES = [
    "/es/",
    "/es/about/",
    "/es/privacy/",
    "/es/accessibility/",
    "/es/guide/",
    "/es/guide/age/",
    "/es/guide/under-18/",
    "/es/library/",
    "/es/library/medicines/",
    "/es/library/medicines/baclofen/",
    "/es/library/medicines/lidocaine-plasters/",
    "/es/library/groups/",
    "/es/library/groups/gabapentinoids/",
    "/es/library/conditions/",
    "/es/library/conditions/sciatica/",
    "/es/library/questions/",
    "/es/library/questions/is-gabapentin-a-muscle-relaxer/",
    "/es/library/compare/",
    "/es/library/search/?q=ardor+en+los+pies",
    "/es/share/",
    "/es/feedback/?page=/es/library/",
]
# Words a Spanish page never needs. Names (Pain Guide, brands) and the titles of cited English
# sources are allowed: the sources are marked lang="en" and left out of the scan.
ENGLISH_WORDS = re.compile(
    r"\b(the|and|your|you|with|what|this|which|should|about|from|have|help|page|pages|"
    r"medicine|medicines|questions|answers|start|skip|search|share|print|back|next|"
    r"continue|change|source|sources|reviewed|review|evidence|people|doctor's|nurse|"
    r"pharmacist|when|how|who|why|not|only)\b",
    re.I,
)


def spanish_words(html):
    """The page's visible words, without what is marked as English (cited titles) or as
    the other language (the language switch)."""
    html = re.sub(r"<(script|style|title|svg)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r'<(\w+)[^>]*\blang="en"[^>]*>.*?</\1>', " ", html, flags=re.S)
    html = html.replace("Pain Guide", " ")
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def _english_names():
    """The English names of medicines and groups whose Spanish name differs ("gabapentin"
    for "gabapentina"): on a Spanish page only inside something marked as English."""
    import tomllib
    from pathlib import Path

    seed = Path(__file__).resolve().parents[2] / "pain_guide" / "library" / "seed"
    names = set()
    for english in (seed / "en" / "medicines").glob("*.toml"):
        spanish = seed / "es" / "medicines" / english.name
        en_name = tomllib.loads(english.read_text())["name"].lower()
        if en_name != tomllib.loads(spanish.read_text())["name"].lower():
            names.add(en_name.split()[0])
    return names - {"lidocaine"}  # "lidocaine 5% plasters": checked as "plasters" below


ENGLISH_NAMES = re.compile(
    r"\b(" + "|".join(sorted(_english_names())) + r"|plasters?|pill|dummy)\b", re.I
)


def english_left(html):
    words = spanish_words(html)
    return sorted(
        {word.lower() for word in ENGLISH_WORDS.findall(words)}
        | {word.lower() for word in ENGLISH_NAMES.findall(words)}
    )


def assert_spanish_page(response, path):
    html = response.content.decode()
    assert response["Content-Language"] == "es", path
    assert '<html lang="es"' in html, path
    english_path = path.removeprefix("/es")
    # The switch, and the alternates.
    assert re.search(rf'<a [^>]*href="{re.escape(english_path)}"[^>]*\blang="en"', html) or (
        re.search(rf'<a [^>]*\blang="en"[^>]*href="{re.escape(english_path)}"', html)
    ), path
    for code, address in (("en", english_path), ("es", path)):
        alternate = rf'<link rel="alternate"\s+hreflang="{code}"\s+href="{re.escape(address.split("?")[0])}">'
        assert re.search(alternate, html), (path, code)
    assert english_left(html) == [], (path, english_left(html))


@pytest.mark.parametrize("path", PAGES)
def test_every_page_type_is_wholly_spanish(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    assert_spanish_page(response, path)


@pytest.mark.parametrize("path", PAGES)
def test_the_english_page_switches_to_spanish(client, path):
    english_path = path.removeprefix("/es")
    html = client.get(english_path).content.decode()
    assert '<html lang="en"' in html
    assert re.search(rf'href="{re.escape(path)}"[^>]*\blang="es"', html) or re.search(
        rf'\blang="es"[^>]*href="{re.escape(path)}"', html
    ), english_path
    assert "Español" in html


def test_guide_pages_result_and_check_in_spanish(client):
    answer_steps(client, {"areas": ["lower-back", "leg"], "feelings": ["shooting"]}, prefix="/es")
    for path in ("/es/guide/check-your-answers/", "/es/guide/result/", "/es/guide/where/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert_spanish_page(response, path)
        partial = client.get(path, headers=HTMX)
        assert partial.status_code == 200
        assert english_left(partial.content.decode()) == [], path


def test_emergency_and_urgent_pages_in_spanish(client):
    answer_steps(client, {"red_flags": ["chest-pain"]}, prefix="/es", until="red-flags")
    response = client.get("/es/guide/get-help-now/")
    assert_spanish_page(response, "/es/guide/get-help-now/")
    assert "Llame al" in response.content.decode()
    client.cookies.clear()
    answer_steps(client, {"red_flags": ["fever"]}, prefix="/es", until="red-flags")
    response = client.get("/es/guide/see-a-doctor-today/")
    assert_spanish_page(response, "/es/guide/see-a-doctor-today/")


def test_search_partial_in_spanish(client):
    response = client.get("/es/library/search/", {"q": "lidocaina"}, headers=HTMX)
    html = response.content.decode()
    assert "/es/library/medicines/lidocaine-plasters/" in html
    assert english_left(html) == []


def test_not_found_in_spanish(client):
    response = client.get("/es/library/medicines/nothing-like-this/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="es"' in html
    assert english_left(html) == []


def test_a_share_link_made_for_a_spanish_speaker(client):
    """The builder may be in English; the patient's link, handout and pages are Spanish."""
    response = client.post(
        "/share/", {"language": "es", "include_comparison": "on", "region": "us"}
    )
    assert response.status_code == 303
    link = ShareLink.objects.get()
    assert link.language == "es"
    created = client.get(response["Location"]).content.decode()
    assert f"/es/s/{link.code}/" in created
    assert f"/es/share/{link.code}/handout/" in created
    handout = client.get(f"/es/share/{link.code}/handout/")
    assert_spanish_page(handout, f"/es/share/{link.code}/handout/")
    landing = client.get(f"/es/s/{link.code}/")
    assert_spanish_page(landing, f"/es/s/{link.code}/")
    assert "/es/library/compare/" in landing.content.decode()


def test_a_result_link_opens_in_the_language_it_was_made_in(client):
    answer_steps(client, {}, prefix="/es")
    response = client.post("/es/r/new/")
    assert response.status_code == 303
    location = response["Location"]
    assert location.startswith("/es/r/")
    page = client.get(location)
    assert_spanish_page(page, location)
    english = client.get(location.removeprefix("/es"))
    assert english.status_code == 200
    assert '<html lang="en"' in english.content.decode()


SUGGESTION = re.compile(
    r'<div class="language-suggestion no-print"\s+data-language-suggestion="(\w+)"\s+'
    r'lang="(\w+)"\s+hidden>(.*?)</button>',
    re.S,
)


@pytest.mark.parametrize(
    ("path", "offered", "address", "words", "no_thanks"),
    [
        ("/library/", "es", "/es/library/", "Ver en español", "No, gracias"),
        ("/es/library/", "en", "/library/", "Read this page in English", "No, thanks"),
    ],
)
def test_each_page_offers_the_other_language_hidden_in_that_language(
    client, path, offered, address, words, no_thanks
):
    """The one-line offer (shown by site.js to a browser whose first language it is) is
    written in the language it offers, hidden until then, and never a redirect."""
    html = client.get(path).content.decode()
    [(code, lang, block)] = SUGGESTION.findall(html)
    assert (code, lang) == (offered, offered)
    assert f'href="{address}"' in block
    assert words in block
    assert no_thanks in block
    assert client.get(path, headers={"accept-language": offered}).status_code == 200
