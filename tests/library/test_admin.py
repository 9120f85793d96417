"""The editors' side: every field explained, review filter, reading grades, history."""

import pytest
from django.contrib.auth import get_user_model

from pain_guide.library import models

pytestmark = pytest.mark.django_db

EDITED_MODELS = [
    models.Group,
    models.Medicine,
    models.Condition,
    models.Question,
    models.Reference,
    models.Text,
    models.ComparisonRow,
    models.ComparisonCell,
]
INTERNAL = {"id", "seed_hash", "html", "content_type", "object_id"}


@pytest.mark.parametrize("model", EDITED_MODELS, ids=lambda m: m.__name__)
def test_every_field_an_editor_sees_has_help_text(model):
    missing = [
        field.name
        for field in model._meta.get_fields()
        if getattr(field, "editable", False)
        and not field.auto_created
        and field.name not in INTERNAL
        and field.concrete
        and not str(field.help_text).strip()
    ]
    missing += [
        field.name for field in model._meta.many_to_many if not str(field.help_text).strip()
    ]
    assert not missing


@pytest.fixture
def editor(client):
    user = get_user_model().objects.create_superuser("editor", "editor@example.com", "pw-for-tests")
    client.force_login(user)
    return client


def test_changelist_filters_items_due_for_review(editor):
    models.Medicine.objects.filter(slug="baclofen").update(next_review_due="2020-01-01")
    response = editor.get("/admin/library/medicine/", {"review": "due"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Baclofen" in html
    assert "Tizanidine" not in html
    assert "Due for review" in html


def test_change_form_shows_the_reading_grade_beside_each_text(editor):
    medicine = models.Medicine.objects.get(slug="gabapentin")
    response = editor.get(f"/admin/library/medicine/{medicine.pk}/change/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("Reading grade") >= 15  # the summary and each of 14 sections
    assert "How well it works for nerve pain." in html  # help_text for clinicians


def test_every_change_is_kept_in_the_history(editor):
    medicine = models.Medicine.objects.get(slug="gabapentin")
    before = medicine.history.count()
    medicine.summary = "A clearer summary."
    medicine.save()
    assert medicine.history.count() == before + 1
    response = editor.get(f"/admin/library/medicine/{medicine.pk}/history/")
    assert response.status_code == 200
    assert (
        "A clearer summary." in response.content.decode() or "Changed" in response.content.decode()
    )


def test_search_in_the_admin_finds_brand_names(editor):
    response = editor.get("/admin/library/medicine/", {"q": "Lyrica"})
    assert "Pregabalin" in response.content.decode()
