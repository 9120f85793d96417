"""/connect/, the HL7 Infobutton endpoint: every confirmed code finds its page in HTML, JSON and
XML; candidates never match; language; parent codes; no match; hostile parameters."""

import json
import re
import xml.etree.ElementTree as ET
from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType

from pain_guide.library.models import Code, Condition, Group, Medicine
from tests.conftest import content_types_cached, text_of

from .codes import CANDIDATES, CONFIRMED, OIDS, PAGES_BY_CODE, page_path

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def parse_xml(content):
    """The site's own feed, parsed with the standard library (its own output: trusted)."""
    return ET.fromstring(content)  # noqa: S314


XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")
ICD, RXNORM, SNOMED = OIDS["icd10cm"], OIDS["rxnorm"], OIDS["snomedct"]


def ask(client, code=None, oid=ICD, response_type=None, language=None, name=None, **extra):
    query = {"mainSearchCriteria.v.cs": oid, **extra}
    if code is not None:
        query["mainSearchCriteria.v.c"] = code
    if response_type:
        query["knowledgeResponseType"] = response_type
    if language:
        query["informationRecipient.languageCode.c"] = language
    if name is not None:
        query["mainSearchCriteria.v.dn"] = name
    return client.get("/connect/", query)


def json_links(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    feed = json.loads(response.content)["feed"]
    return [entry["link"][0]["href"] for entry in feed["entry"]]


def atom_links(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/xml")
    feed = parse_xml(response.content)
    return [entry.find(f"{ATOM}link").get("href") for entry in feed.findall(f"{ATOM}entry")]


def paths(links):
    return {re.sub(r"^https?://[^/]+", "", link) for link in links}


def confirm(item, system, code, display="Test code"):
    return Code.objects.create(
        item=item,
        system=system,
        code=code,
        display=display,
        source_url="https://www.cdc.gov/nchs/icd/icd-10-cm/files.html",
        checked_on=date(2026, 12, 1),
    )


@pytest.mark.parametrize(("kind", "slug", "system", "code"), CONFIRMED)
def test_every_confirmed_code_finds_its_page_in_html_json_and_xml(client, kind, slug, system, code):
    expected = PAGES_BY_CODE[system, code]
    assert page_path(kind, slug) in expected
    html = ask(client, code, OIDS[system])
    if len(expected) == 1:
        assert html.status_code == 303
        assert html["Location"] == page_path(kind, slug)
    else:
        assert html.status_code == 200
        assert expected <= set(re.findall(r'href="([^"]+)"', html.content.decode()))
    assert paths(json_links(ask(client, code, OIDS[system], "application/json"))) == expected
    assert paths(atom_links(ask(client, code, OIDS[system], "text/xml"))) == expected


def test_the_seed_has_confirmed_codes_of_each_condition_that_has_an_icd_code():
    assert {slug for _kind, slug, system, _code in CONFIRMED if system == "icd10cm"} == {
        "low-back-pain",
        "neck-pain",
        "sciatica",
        "nerve-pain-after-shingles",
        "trigeminal-neuralgia",
        "diabetic-nerve-pain",
    }


@pytest.mark.parametrize("spelling", ["m54.2", "M542", " M54.2 ", "M54.2"])
def test_icd_codes_match_in_any_case_with_or_without_the_dot(client, spelling):
    response = ask(client, spelling)
    assert response.status_code == 303
    assert response["Location"] == "/library/conditions/neck-pain/"


def test_the_redirect_leads_to_a_page_that_names_the_condition(client):
    response = client.get(ask(client, "G50.0")["Location"])
    assert response.status_code == 200
    assert "Trigeminal neuralgia" in text_of(response)


@pytest.mark.parametrize(("kind", "slug", "system", "code"), CANDIDATES)
def test_a_candidate_code_never_matches(client, kind, slug, system, code):
    assert not ask(client, code, OIDS[system]).has_header("Location")
    assert json_links(ask(client, code, OIDS[system], "application/json")) == []
    assert atom_links(ask(client, code, OIDS[system], "text/xml")) == []


def test_a_candidate_matches_once_an_editor_confirms_it(client):
    gabapentin = Code.objects.get(system="rxnorm", code="25480")
    assert gabapentin.checked_on is None
    assert ask(client, "25480", RXNORM).status_code == 200  # the "no page" page
    gabapentin.checked_on = date(2026, 12, 2)
    gabapentin.save()  # shows at once: the cached index is retired
    response = ask(client, "25480", RXNORM)
    assert response.status_code == 303
    assert response["Location"] == "/library/medicines/gabapentin/"


def test_an_unpublished_page_is_never_matched(client):
    Condition.objects.filter(slug="neck-pain").update(published=False)
    assert ask(client, "M54.2").status_code == 200
    assert json_links(ask(client, "M54.2", response_type="application/json")) == []


def test_spanish_requests_lead_to_spanish_pages(client):
    html = ask(client, "M54.2", language="es")
    assert html.status_code == 303
    assert html["Location"] == "/es/library/conditions/neck-pain/"
    assert ask(client, "M54.2", language="es-US")["Location"] == html["Location"]
    spanish_name = Condition.objects.get(slug="neck-pain").name_es
    assert spanish_name
    assert spanish_name != "Neck pain"
    feed = json.loads(ask(client, "M54.2", response_type="application/json", language="es").content)
    assert feed["feed"]["lang"] == "es"
    (entry,) = feed["feed"]["entry"]
    assert entry["title"]["_value"] == spanish_name
    assert entry["link"][0]["href"].endswith("/es/library/conditions/neck-pain/")
    atom = parse_xml(ask(client, "M54.2", response_type="text/xml", language="es").content)
    assert atom.get(XML_LANG) == "es"
    assert atom.find(f"{ATOM}entry/{ATOM}title").text == spanish_name


@pytest.mark.parametrize("language", [None, "", "en", "EN", "fr", "en-GB"])
def test_english_is_the_default_language(client, language):
    response = ask(client, "M54.2", language=language)
    assert response["Location"] == "/library/conditions/neck-pain/"


def test_the_no_match_page_is_in_the_requests_language(client):
    english = ask(client, "Z99.89")
    spanish = ask(client, "Z99.89", language="es")
    assert english.status_code == spanish.status_code == 200
    assert '<html lang="en"' in english.content.decode()
    assert '<html lang="es"' in spanish.content.decode()
    assert spanish["Content-Language"] == "es"
    assert "We have no page for this code" in text_of(english)
    assert "No tenemos una página para este código" in text_of(spanish)
    # The language switch goes to the same request in the other language.
    assert "informationRecipient.languageCode.c=en" in spanish.content.decode()


@pytest.fixture
def parents():
    """M54.1 names sciatica and M54 low back pain (test data: the seed maps neither)."""
    sciatica = Condition.objects.get(slug="sciatica")
    back = Condition.objects.get(slug="low-back-pain")
    confirm(sciatica, "icd10cm", "M54.1", "Radiculopathy")
    confirm(back, "icd10cm", "M54", "Dorsalgia")


@pytest.mark.parametrize(
    ("code", "page"),
    [
        ("M54.16", "sciatica"),
        ("m5416", "sciatica"),
        ("M54.1", "sciatica"),
        ("M54.17", "sciatica"),
        ("M54.9", "low-back-pain"),
        ("M54", "low-back-pain"),
        ("M54.2", "neck-pain"),  # its own code first: never its parent's
        ("M54.50", "low-back-pain"),
    ],
)
def test_an_icd_code_finds_what_its_nearest_parent_names(client, parents, code, page):
    assert ask(client, code)["Location"] == f"/library/conditions/{page}/"
    assert paths(json_links(ask(client, code, response_type="application/json"))) == {
        f"/library/conditions/{page}/"
    }


def test_parents_are_never_looked_for_above_the_category_or_in_other_systems(client):
    Code.objects.filter(system="rxnorm", code="25480").update(checked_on=date(2026, 12, 1))
    assert ask(client, "254801", RXNORM).status_code == 200  # no match: not a "parent"
    assert ask(client, "25480", RXNORM).status_code == 303
    confirm(Condition.objects.get(slug="sciatica"), "icd10cm", "M54.1")
    assert ask(client, "M55.16").status_code == 200  # another category


def test_several_pages_for_one_code_are_listed_to_choose_from(client):
    confirm(Condition.objects.get(slug="low-back-pain"), "icd10cm", "M54.41")
    response = ask(client, "M54.41")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="/library/conditions/sciatica/"' in html
    assert 'href="/library/conditions/low-back-pain/"' in html
    assert "Choose a page" in text_of(response)
    assert paths(json_links(ask(client, "M54.41", response_type="application/json"))) == {
        "/library/conditions/sciatica/",
        "/library/conditions/low-back-pain/",
    }


@pytest.mark.parametrize(
    ("code", "oid"),
    [
        ("Z99.89", ICD),  # a code we have no page for
        ("123", "2.16.840.1.113883.6.1"),  # LOINC: a system we do not cover
        ("M54.2", SNOMED),  # a code of another system
        ("ABC", RXNORM),  # no possible RxCUI
        (None, ICD),  # no code at all
    ],
)
def test_a_code_that_names_nothing_gets_an_empty_feed_or_a_page_with_search(client, code, oid):
    html = ask(client, code, oid)
    assert html.status_code == 200
    assert 'action="/library/search/"' in html.content.decode()
    assert json_links(ask(client, code, oid, "application/json")) == []
    assert atom_links(ask(client, code, oid, "text/xml")) == []


def test_the_display_name_is_only_a_fallback_search_never_a_match(client):
    # A code that matches wins over any name.
    assert ask(client, "M54.2", name="Gabapentin")["Location"] == "/library/conditions/neck-pain/"
    # A name alone, or with a code that matches nothing, is a search: never a redirect.
    for code in (None, "Z99.89"):
        response = ask(client, code, name="Gabapentin")
        assert response.status_code == 200
        assert 'href="/library/medicines/gabapentin/"' in response.content.decode()
        assert "found by name, not by the code" in text_of(response)
        assert json_links(ask(client, code, response_type="application/json", name="x")) == []


def test_the_json_has_medlineplus_connects_shape(client):
    response = ask(client, "G50.0", response_type="application/json", name="Tic douloureux")
    feed = json.loads(response.content)["feed"]
    assert feed["lang"] == "en"
    assert feed["base"] == "http://testserver/"
    assert feed["title"] == {"type": "text", "_value": "Pain Guide"}
    assert TIMESTAMP.fullmatch(feed["updated"]["_value"])
    assert feed["author"]["name"]["_value"] == "Pain Guide"
    assert feed["subtitle"]["_value"] == "Pain Guide results for ICD-10-CM G50.0"
    assert feed["category"] == [
        {"scheme": "mainSearchCriteria.v.c", "term": "G50.0"},
        {"scheme": "mainSearchCriteria.v.cs", "term": "ICD10CM"},
        {"scheme": "mainSearchCriteria.v.dn", "term": "Tic douloureux"},
        {"scheme": "informationRecipient", "term": "PAT"},
    ]
    (entry,) = feed["entry"]
    condition = Condition.objects.get(slug="trigeminal-neuralgia")
    assert entry == {
        "title": {"type": "text", "_value": condition.name},
        "link": [
            {
                "href": "http://testserver/library/conditions/trigeminal-neuralgia/",
                "rel": "alternate",
            }
        ],
        "id": {"_value": "http://testserver/library/conditions/trigeminal-neuralgia/"},
        "summary": {"type": "text", "_value": condition.summary},
        "updated": {"_value": f"{condition.reviewed_on.isoformat()}T00:00:00Z"},
    }


def test_the_xml_is_an_atom_feed_of_the_same_entries(client):
    response = ask(client, "G50.0", response_type="text/xml")
    assert response.content.startswith(b"<?xml")
    feed = parse_xml(response.content)
    assert feed.tag == f"{ATOM}feed"
    assert feed.get(XML_LANG) == "en"
    assert feed.find(f"{ATOM}title").text == "Pain Guide"
    assert TIMESTAMP.fullmatch(feed.find(f"{ATOM}updated").text)
    assert feed.find(f"{ATOM}id").text
    assert feed.find(f"{ATOM}author/{ATOM}name").text == "Pain Guide"
    categories = {c.get("scheme"): c.get("term") for c in feed.findall(f"{ATOM}category")}
    assert categories["mainSearchCriteria.v.c"] == "G50.0"
    assert categories["mainSearchCriteria.v.cs"] == "ICD10CM"
    (entry,) = feed.findall(f"{ATOM}entry")
    condition = Condition.objects.get(slug="trigeminal-neuralgia")
    assert entry.find(f"{ATOM}title").text == condition.name
    link = entry.find(f"{ATOM}link")
    assert link.get("href") == "http://testserver/library/conditions/trigeminal-neuralgia/"
    assert link.get("rel") == "alternate"
    assert entry.find(f"{ATOM}summary").text == condition.summary
    assert entry.find(f"{ATOM}updated").text == f"{condition.reviewed_on.isoformat()}T00:00:00Z"
    assert entry.find(f"{ATOM}id").text == link.get("href")


LONG = "M" + "5" * 40
BAD_REQUESTS = [
    {"mainSearchCriteria.v.c": ["M54.2", "G50.0"], "mainSearchCriteria.v.cs": ICD},
    {"mainSearchCriteria.v.c": "M54.2", "mainSearchCriteria.v.cs": [ICD, ICD]},
    {"mainSearchCriteria.v.c": LONG, "mainSearchCriteria.v.cs": ICD},
    {"mainSearchCriteria.v.c": "M54\x002", "mainSearchCriteria.v.cs": ICD},
    {"mainSearchCriteria.v.c": "<script>", "mainSearchCriteria.v.cs": ICD},
    {"mainSearchCriteria.v.c": "M54.2"},
    {"mainSearchCriteria.v.c": "M54.2", "mainSearchCriteria.v.cs": "icd-10"},
    {"mainSearchCriteria.v.c": "M54.2", "mainSearchCriteria.v.cs": "2." + "1." * 40 + "1"},
    {
        "mainSearchCriteria.v.c": "M54.2",
        "mainSearchCriteria.v.cs": ICD,
        "knowledgeResponseType": "application/javascript",
    },
    {
        "mainSearchCriteria.v.c": "M54.2",
        "mainSearchCriteria.v.cs": ICD,
        "knowledgeResponseType": "text/plain",
    },
    {
        "mainSearchCriteria.v.c": "M54.2",
        "mainSearchCriteria.v.cs": ICD,
        "mainSearchCriteria.v.dn": "a\x00b",
    },
    {
        "mainSearchCriteria.v.c": "M54.2",
        "mainSearchCriteria.v.cs": ICD,
        "mainSearchCriteria.v.dn": "x" * 201,
    },
    {
        "mainSearchCriteria.v.c": "M54.2",
        "mainSearchCriteria.v.cs": ICD,
        "informationRecipient.languageCode.c": "e\x00s",
    },
    {
        "mainSearchCriteria.v.c": "M54.2",
        "mainSearchCriteria.v.cs": ICD,
        "informationRecipient.languageCode.c": ["en", "es"],
    },
]


@pytest.mark.parametrize("query", BAD_REQUESTS)
def test_malformed_requests_get_a_clear_400_that_never_echoes_the_value(client, query):
    response = client.get("/connect/", query)
    assert response.status_code == 400
    html = response.content.decode()
    assert "This link is not complete" in text_of(response)
    assert "<script>" not in html
    assert "\x00" not in html
    as_json = client.get("/connect/", {**query, "knowledgeResponseType": "application/json"})
    if "knowledgeResponseType" not in query:
        assert as_json.status_code == 400
        assert json.loads(as_json.content)["error"]["message"]


def test_other_infobutton_parameters_are_ignored(client):
    response = ask(
        client,
        "M54.2",
        **{"age.v.v": "67", "taskContext.c.c": "PROBLISTREV", "performer": "PROV"},
    )
    assert response["Location"] == "/library/conditions/neck-pain/"


def test_connect_is_cacheable_rate_limited_and_cheap(
    client, settings, django_assert_max_num_queries
):
    content_types_cached()
    with django_assert_max_num_queries(4):
        first = ask(client, "M54.2", response_type="application/json")
    assert "public" in first["Cache-Control"]
    assert "public" in ask(client, "M54.2")["Cache-Control"]  # the redirect
    # A page naming the reader's region (its emergency number) is never public.
    assert "public" not in ask(client, "Z99.89").get("Cache-Control", "")
    with django_assert_max_num_queries(0):  # the code index comes from the shared cache
        ask(client, "G50.0", response_type="text/xml")
    settings.RATELIMITS = {**settings.RATELIMITS, "page-build": (6, 60)}
    statuses = [ask(client, "M54.2").status_code for _ in range(3)]
    assert statuses == [303, 303, 429]
    assert client.get("/connect/").status_code == 429


def test_a_bare_connect_address_is_a_friendly_page(client):
    response = client.get("/connect/")
    assert response.status_code == 200
    assert "Search the library" in text_of(response)


def test_only_get_and_head(client):
    assert client.post("/connect/").status_code == 405


def test_codes_on_other_kinds_of_page_never_match(client):
    group = Group.objects.get(slug="gabapentinoids")
    Code.objects.create(
        content_type=ContentType.objects.get_for_model(Group),
        object_id=group.pk,
        system="icd10cm",
        code="Q99.9",
        display="x",
        source_url="https://www.cdc.gov/",
        checked_on=date(2026, 12, 1),
    )
    assert ask(client, "Q99.9").status_code == 200


def test_every_page_for_patients_speaks_spanish_when_asked(client):
    name = Medicine.objects.get(slug="gabapentin").name_es
    found_by_name = text_of(ask(client, "Z99.89", language="es", name=name))
    assert "Páginas que pueden tratar de" in found_by_name
    assert "Las encontramos por el nombre, no por el código" in found_by_name
    assert "Puede buscar en la biblioteca" in found_by_name
    assert "Su historia clínica no envió un código" in text_of(ask(client, language="es"))
    confirm(Condition.objects.get(slug="low-back-pain"), "icd10cm", "M54.41")
    several = ask(client, "M54.41", language="es")
    assert "Elija una página" in text_of(several)
    assert 'href="/es/library/conditions/sciatica/"' in several.content.decode()
    refused = client.get(
        "/connect/",
        {"mainSearchCriteria.v.c": "<x>", "informationRecipient.languageCode.c": "es"},
    )
    assert refused.status_code == 400
    assert "Este enlace no está completo" in text_of(refused)
    assert "Para quien preparó el enlace" in text_of(refused)


def test_the_json_feed_echoes_the_display_name_without_markup(client):
    """The feed repeats the name the record sent (as MedlinePlus Connect does): <, > and & are
    JSON escapes, so a consumer that puts it into a page gets no markup."""
    response = client.get(
        "/connect/",
        {
            "mainSearchCriteria.v.cs": ICD,
            "mainSearchCriteria.v.c": "M54.2",
            "mainSearchCriteria.v.dn": "<b>neck</b> & back",
            "knowledgeResponseType": "application/json",
        },
    )
    assert b"<b>" not in response.content
    assert b"&" not in response.content
    terms = [c["term"] for c in json.loads(response.content)["feed"]["category"]]
    assert "<b>neck</b> & back" in terms
