"""The API says what the library's pages say: the same sections, sources, review dates,
evidence labels and names, in English and in Spanish, and only for published items."""

from types import SimpleNamespace

import pytest

from pain_guide.api.content import codes_of
from pain_guide.library.models import Condition, Medicine

from .conftest import DETAILS

pytestmark = pytest.mark.django_db


def api_and_page(client, kind, slug, lang="en"):
    suffix = "" if lang == "en" else f"?lang={lang}"
    item = client.get(f"/api/v1/{kind}/{slug}/{suffix}").json()
    page = client.get(item["url"])
    assert page.status_code == 200, item["url"]
    return item, page.content.decode()


def test_gabapentin_as_its_page_shows_it(client):
    """Gabapentin's sections, evidence labels, sources and review come through as on its page."""
    item, page = api_and_page(client, "medicines", "gabapentin")
    medicine = Medicine.objects.get(slug="gabapentin")
    assert item["name"] == "Gabapentin"
    assert item["url"] == "/library/medicines/gabapentin/"
    assert item["group"]["slug"] == "gabapentinoids"
    assert [s["key"] for s in item["sections"]][:2] == ["key-facts", "used-for"]
    assert len(item["sections"]) == medicine.texts.filter(language="en").count()
    for section in item["sections"]:
        assert f">{section['title']}</h2>" in page
        assert section["html"] in page
    assert len(item["references"]) >= 3
    for reference in item["references"]:
        assert reference["url"].replace("&", "&amp;") in page
    assert item["evidence"]["nerve_pain"] == {
        "code": medicine.evidence_nerve_pain,
        "label": medicine.get_evidence_nerve_pain_display(),
    }
    assert item["evidence"]["nerve_pain"]["label"] in page
    assert item["review"] == {
        "reviewed_on": medicine.reviewed_on.isoformat(),
        "next_review_due": medicine.next_review_due.isoformat(),
        "reviewed_by": medicine.reviewed_by,
    }


def test_spanish_with_lang_es(client):
    """?lang=es gives the Spanish names, sections, titles and page address, as /es/ shows them."""
    item, page = api_and_page(client, "medicines", "gabapentin", lang="es")
    assert item["language"] == "es"
    assert item["name"] == "Gabapentina"
    assert item["url"] == "/es/library/medicines/gabapentin/"
    assert item["api_url"] == "/api/v1/medicines/gabapentin/?lang=es"
    assert item["group"]["url"].startswith("/es/")
    english = client.get("/api/v1/medicines/gabapentin/").json()
    assert item["sections"][0]["title"] != english["sections"][0]["title"]
    for section in item["sections"]:
        assert f">{section['title']}</h2>" in page
        assert section["html"] in page
    assert client.get("/api/v1/medicines/gabapentin/?lang=es")["Content-Language"] == "es"


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("kind", DETAILS)
def test_every_item_as_its_page_shows_it(client, kind, lang):
    """Every published item of every kind: its name, sections and sources are on its page."""
    suffix = "" if lang == "en" else "?lang=es"
    listed = client.get(f"/api/v1/{kind}/{suffix}").json()["items"]
    published = DETAILS[kind].objects.published()
    assert sorted(i["slug"] for i in listed) == sorted(published.values_list("slug", flat=True))
    for summary in listed:
        item, page = api_and_page(client, kind, summary["slug"], lang)
        assert item["language"] == lang
        assert item["url"].startswith("/es/" if lang == "es" else "/library/")
        assert item["name"] == summary["name"]
        assert item["sections"], summary["slug"]
        for section in item["sections"]:
            assert section["html"] in page, (summary["slug"], section["key"])
        for reference in item["references"]:
            assert reference["url"].replace("&", "&amp;") in page, summary["slug"]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_comparison_as_its_page_shows_it(client, lang):
    """The side-by-side table: its columns in the page's order, every cell's words, its sources."""
    table = client.get("/api/v1/comparison/" + ("?lang=es" if lang == "es" else "")).json()
    page = client.get(table["url"]).content.decode()
    assert table["url"] == ("/library/compare/" if lang == "en" else "/es/library/compare/")
    assert table["columns"][0]["slug"] == "antispasmodic-muscle-relaxers"
    assert {row["key"] for row in table["rows"]} >= {"nerve-pain", "muscle-pain", "how-soon"}
    for row in table["rows"]:
        assert row["question"] in page
        for cell in row["cells"]:
            assert cell["html"] in page
            if cell["evidence"]:
                assert cell["evidence"]["label"] in page
    for reference in table["references"]:
        assert reference["url"].replace("&", "&amp;") in page


def test_only_published_items(client):
    """An unpublished medicine is in no list and its address answers 404."""
    Medicine.objects.filter(slug="baclofen").update(published=False)
    listed = client.get("/api/v1/medicines/").json()["items"]
    assert "baclofen" not in {item["slug"] for item in listed}
    assert client.get("/api/v1/medicines/baclofen/").status_code == 404
    group = client.get("/api/v1/groups/antispasticity-medicines/").json()
    assert "baclofen" not in {m["slug"] for m in group["medicines"]}


def code(checked_on, number="25480"):
    return SimpleNamespace(
        system="rxnorm",
        oid="2.16.840.1.113883.6.88",
        code=number,
        display="gabapentin",
        checked_on=checked_on,
    )


def test_codes_of_lists_only_confirmed_codes():
    """The codes hook: nothing without a codes relation, and only codes with checked_on."""
    assert codes_of(SimpleNamespace()) == []
    codes = SimpleNamespace(all=lambda: [code("2026-12-01"), code(None, "999")])
    assert codes_of(SimpleNamespace(codes=codes)) == [
        {
            "system": "rxnorm",
            "oid": "2.16.840.1.113883.6.88",
            "code": "25480",
            "display": "gabapentin",
        }
    ]


def test_codes_of_items_come_through(client):
    """An item's confirmed codes, as the library holds them, are in its answer and its list."""
    condition = Condition.objects.get(slug="sciatica")
    item = client.get("/api/v1/conditions/sciatica/").json()
    assert item["codes"] == codes_of(condition)
    listed = {i["slug"]: i for i in client.get("/api/v1/conditions/").json()["items"]}
    assert listed["sciatica"]["codes"] == item["codes"]
