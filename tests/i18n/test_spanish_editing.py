"""Editors and Spanish: each language's own review dates and reviewer, the English a
translation was made from, the Spanish pages listed for review when the English changes
(showing their reviewed Spanish meanwhile), and Spanish search and regions."""

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings

from pain_guide.library.models import Medicine, Text
from pain_guide.library.seed import load_seed
from tests.conftest import answer_steps, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = get_user_model().objects.create_superuser("editor", "e@example.com", "a-long-password")
    client.force_login(user)
    return client


def test_each_language_has_its_own_review_dates_and_reviewer():
    medicine = Medicine.objects.get(slug="baclofen")
    assert medicine.reviewed_on_en
    assert medicine.reviewed_on_es
    assert "clínico bilingüe" in medicine.reviewed_by_es
    assert "clínico bilingüe" not in medicine.reviewed_by_en


def test_a_translation_records_the_english_it_was_made_from():
    medicine = Medicine.objects.get(slug="baclofen")
    assert medicine.translated_from["es"]["english"] == medicine.english_version()
    assert not medicine.needs_review("es")


def test_when_the_english_changes_the_spanish_is_listed_for_review(client, editor):
    medicine = Medicine.objects.get(slug="baclofen")
    spanish_before = client.get("/es/library/medicines/baclofen/").content.decode()
    english = Text.objects.get(
        object_id=medicine.pk, language="en", key="key-facts", content_type__model="medicine"
    )
    english.body += "\n- A new sentence in English."
    english.save()
    medicine.refresh_from_db()
    assert medicine.needs_review("es")

    listed = editor.get("/admin/library/medicine/", {"spanish": "review"}).content.decode()
    assert ">Baclofen<" in listed
    assert ">Gabapentin<" not in listed
    assert (
        "Needs review: the English changed"
        in editor.get(f"/admin/library/medicine/{medicine.pk}/change/").content.decode()
    )
    # Meanwhile the Spanish page shows its reviewed Spanish, unchanged and whole.
    spanish_now = client.get("/es/library/medicines/baclofen/")
    assert spanish_now.status_code == 200
    assert "A new sentence in English" not in spanish_now.content.decode()
    assert "Nunca deje de tomar el baclofeno de golpe" in text_of(spanish_now)
    assert spanish_before.count("<section") == spanish_now.content.decode().count("<section")

    # A bilingual reviewer compares them, then marks the Spanish checked.
    response = editor.post(
        "/admin/library/medicine/",
        {"action": "mark_spanish_reviewed", "_selected_action": [medicine.pk]},
    )
    assert response.status_code == 302
    medicine.refresh_from_db()
    assert not medicine.needs_review("es")
    listed = editor.get("/admin/library/medicine/", {"spanish": "review"}).content.decode()
    assert ">Baclofen<" not in listed


def test_a_changed_review_date_alone_does_not_ask_for_a_new_translation():
    medicine = Medicine.objects.get(slug="gabapentin")
    medicine.reviewed_by_en = "Dr A. Smith, GP"
    medicine.save()
    assert not medicine.needs_review("es")


def test_the_admin_scores_spanish_with_inflesz(editor):
    medicine = Medicine.objects.get(slug="baclofen")
    html = editor.get(f"/admin/library/medicine/{medicine.pk}/change/").content.decode()
    assert "INFLESZ" in html
    assert "Reading grade" in html
    assert 'name="name_es"' in html
    assert 'name="reviewed_on_es"' in html


def test_an_editors_spanish_is_kept_when_the_seed_is_loaded_again():
    medicine = Medicine.objects.get(slug="baclofen")
    medicine.summary_es = "Un resumen que escribió un editor."
    medicine.save()
    report = load_seed()
    medicine.refresh_from_db()
    assert medicine.summary_es == "Un resumen que escribió un editor."
    assert any("baclofen (es)" in line for line in report.kept)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("baclofeno", "/es/library/medicines/baclofen/"),
        ("lidocaina", "/es/library/medicines/lidocaine-plasters/"),
        ("lidocaína", "/es/library/medicines/lidocaine-plasters/"),
        ("gavapentina", "/es/library/medicines/gabapentin/"),
        ("ardor en los pies", "/es/library/conditions/diabetic-nerve-pain/"),
        ("dolor de ciática", "/es/library/conditions/sciatica/"),
        ("neurontin", "/es/library/medicines/gabapentin/"),
        ("relajantes musculares", "/es/library/"),
    ],
)
def test_search_in_spanish(client, query, expected):
    html = client.get("/es/library/search/", {"q": query}).content.decode()
    results = html[html.index('id="search-results"') :]
    assert expected in results, query


@override_settings(PAIN_GUIDE_REGION="uk")
def test_the_uk_in_spanish_names_999_and_nhs_111(client):
    answer_steps(client, {"red_flags": ["chest-pain"]}, prefix="/es", until="red-flags")
    assert "Llame al 999" in text_of(client.get("/es/guide/get-help-now/"))
    client.cookies.clear()
    answer_steps(client, {"red_flags": ["fever"]}, prefix="/es", until="red-flags")
    words = text_of(client.get("/es/guide/see-a-doctor-today/"))
    assert "NHS 111" in words
    assert "911" not in words


def test_each_language_is_cached_apart(client):
    assert '<html lang="es"' in client.get("/es/library/").content.decode()
    english = client.get("/library/").content.decode()
    assert '<html lang="en"' in english
    assert "Medicine library" in english
