"""The share builder's "codes or names" box (pain_guide/sharing/finder.py, issue 17): codes
and names from the record tick the matching pages, for the clinician to check; only codes
confirmed at their source match; nothing typed is stored."""

import re

import pytest

from pain_guide.library.models import Code, CodeSystem, Condition, Medicine
from pain_guide.sharing import finder
from pain_guide.sharing.models import ShareLink
from tests.conftest import text_of

pytestmark = pytest.mark.django_db


def ticked(response, field):
    """The ids ticked in one of the builder's lists."""
    html = response.content.decode()
    return {
        int(value) for value in re.findall(rf'name="{field}" value="(\d+)"[^>]*\bchecked\b', html)
    }


def pk(model, slug):
    return model.objects.get(slug=slug).pk


def find(client, text, prefix="", **posted):
    return client.post(f"{prefix}/share/", {"action": "find", "find": text, **posted})


def test_icd_codes_and_names_tick_their_pages_and_say_so(client):
    response = find(client, "M54.2, e11.42; gabapentin\nLyrica")
    assert response.status_code == 200
    assert ticked(response, "conditions") == {
        pk(Condition, "neck-pain"),
        pk(Condition, "diabetic-nerve-pain"),
    }
    assert ticked(response, "medicines") == {pk(Medicine, "gabapentin"), pk(Medicine, "pregabalin")}
    words = text_of(response)
    assert "M54.2: ticked Neck pain" in words
    assert "e11.42: ticked Diabetic nerve pain" in words
    assert "Lyrica: ticked Pregabalin" in words
    assert "There is a problem" not in words
    assert not ShareLink.objects.exists()


def test_a_detailed_icd_code_ticks_what_its_parent_names(client):
    response = find(client, "M54.16, M54.50")
    assert ticked(response, "conditions") == {pk(Condition, "low-back-pain")}
    assert "M54.16: no page found" in text_of(response)
    # Once an editor confirms M54.1 (radiculopathy) for sciatica, M54.16 finds it.
    sciatica = Condition.objects.get(slug="sciatica")
    sciatica.codes.create(
        system=CodeSystem.ICD10CM,
        code="M54.1",
        display="Radiculopathy",
        source_url="https://www.cdc.gov/nchs/icd/icd-10-cm/files.html",
        checked_on="2026-12-01",
    )
    assert ticked(find(client, "M54.16"), "conditions") == {sciatica.pk}


def test_a_candidate_code_ticks_nothing_until_an_editor_confirms_it(client):
    gabapentin = Medicine.objects.get(slug="gabapentin")
    code = gabapentin.codes.get(system=CodeSystem.RXNORM)
    assert code.checked_on is None
    response = find(client, code.code)
    assert ticked(response, "medicines") == set()
    assert f"{code.code}: no page found" in text_of(response)
    code.checked_on = "2026-12-01"
    code.save()
    assert ticked(find(client, code.code), "medicines") == {gabapentin.pk}


def test_what_was_already_chosen_is_kept(client):
    baclofen = pk(Medicine, "baclofen")
    response = find(
        client,
        "sciatica",
        medicines=[str(baclofen)],
        include_guide="on",
        language="es",
        region="us",
    )
    assert ticked(response, "medicines") == {baclofen}
    assert ticked(response, "conditions") == {pk(Condition, "sciatica")}
    html = response.content.decode()
    assert re.search(r'name="include_guide"[^>]*\bchecked\b', html)
    assert re.search(r'name="language" value="es"[^>]*\bchecked\b', html)
    assert re.search(r'<input id="share-find"[^>]*value="sciatica"', html)


def test_then_the_link_is_made_as_usual(client):
    response = find(client, "M54.2")
    chosen = ticked(response, "conditions")
    made = client.post("/share/", {"conditions": [str(p) for p in chosen], "region": "us"})
    assert made.status_code == 303
    assert list(ShareLink.objects.get().conditions.values_list("slug", flat=True)) == ["neck-pain"]


def test_in_spanish_the_names_are_spanish(client):
    response = find(client, "M54.2, gabapentina", prefix="/es")
    words = text_of(response)
    assert "M54.2: se marcó Dolor de cuello" in words
    assert "gabapentina: se marcó Gabapentina" in words


@pytest.mark.parametrize(
    "text",
    ["", "   ", "x" * 5000, "\x00", "M54.2\x00", "9" * 40, "-1", "<script>", ",,,;;;", "é" * 600],
)
def test_odd_text_is_answered_plainly(client, text):
    response = find(client, text)
    assert response.status_code == 200
    assert not ShareLink.objects.exists()
    if text == "<script>":
        html = response.content.decode()
        assert 'value="&lt;script&gt;"' in html
        assert "<script>:" not in html


def test_terms_are_split_trimmed_and_counted_once():
    assert finder.terms(" M54.2 ,m54.2; gabapentin\n\n Neck  pain ") == [
        "M54.2",
        "gabapentin",
        "Neck pain",
    ]
    assert len(finder.terms(",".join(str(n) for n in range(100)))) == finder.MAX_TERMS


def test_nothing_but_confirmed_codes_are_read():
    Code.objects.filter(system=CodeSystem.ICD10CM).update(checked_on=None)
    assert finder.find("M54.2")[0].names == []
