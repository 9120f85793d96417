"""Standard codes on medicines and conditions (issue 17): loaded from the English seed,
confirmed or candidates, never in the Spanish files, editable in the admin with history."""

import tomllib
from datetime import date, datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from pain_guide.core.translation import compare
from pain_guide.library.models import Code, Condition, Medicine
from pain_guide.library.seed import Loader, codes, load_seed
from tests.connect.codes import SEED, seed_codes

pytestmark = pytest.mark.django_db
CDC = "https://www.cdc.gov/nchs/icd/icd-10-cm/files.html"
HL7_IPS = (
    "https://github.com/HL7/fhir-ips/blob/5f8b4e615e0271b32b9b5e515d47abbde46832fd/"
    "input/fsh/valuesets/ProblemsSnomedCtIpsFreeSet.fsh"
)


def stored():
    return {
        (code.item.slug, code.system, code.code, code.checked_on)
        for code in Code.objects.prefetch_related("item")
    }


def test_the_seed_codes_are_loaded_as_confirmed_or_candidates():
    expected = {
        (slug, entry["system"], entry["code"], entry.get("checked"))
        for _kind, slug, entry in seed_codes()
    }
    assert stored() == expected
    assert len(expected) > 30


def test_only_codes_the_research_confirmed_carry_a_date():
    confirmed = Code.objects.filter(checked_on__isnull=False)
    # ICD-10-CM codes seen in CDC's April 2026 tabular; SNOMED CT concepts seen in HL7's
    # International Patient Summary value set (SNOMED CT International 2022-07-31); no RxNorm
    # code was seen at a canonical source: every one is a candidate.
    assert set(confirmed.values_list("system", flat=True)) == {"icd10cm", "snomedct"}
    assert set(confirmed.values_list("source_url", flat=True)) == {CDC, HL7_IPS}
    assert not Code.objects.filter(system="rxnorm", checked_on__isnull=False).exists()
    assert set(confirmed.values_list("checked_on", flat=True)) == {date(2026, 12, 1)}
    for code in Code.objects.filter(system="rxnorm"):
        assert (
            code.source_url == f"https://rxnav.nlm.nih.gov/REST/rxcui/{code.code}/properties.json"
        )
    assert set(Code.objects.filter(system="snomedct").values_list("source_url", flat=True)) == {
        HL7_IPS
    }
    # Judgements left to an editor: B02.29 for all post-shingles pain is a candidate.
    assert Code.objects.get(code="B02.29").checked_on is None


@pytest.mark.parametrize("slug", ["metaxalone", "orphenadrine", "chlorzoxazone", "capsaicin"])
def test_no_code_is_stored_for_medicines_the_research_could_not_find(slug):
    assert not Medicine.objects.get(slug=slug).codes.exists()


def test_no_code_is_stored_where_the_research_found_none_or_only_a_judgement():
    # Diabetic nerve pain: several SNOMED CT concepts could stand for it; a clinician chooses.
    assert (
        not Condition.objects.get(slug="diabetic-nerve-pain")
        .codes.filter(system="snomedct")
        .exists()
    )
    assert not Condition.objects.get(slug="spasticity").codes.filter(system="icd10cm").exists()
    assert not Code.objects.filter(code__in=["M54.16", "M54.17", "R25.2", "R29.898"]).exists()


def test_codes_live_in_the_english_seed_only():
    for path in sorted((SEED.parent / "es").rglob("*.toml")):
        assert "codes" not in tomllib.loads(path.read_text()), path
    english = tomllib.loads((SEED / "conditions" / "neck-pain.toml").read_text())
    assert english["codes"]
    spanish = {key: value for key, value in english.items() if key != "codes"}
    assert compare(english, spanish) == []
    assert compare(english, english) == ["codes: only in the English file"]


def snapshot():
    return list(Code.objects.order_by("pk").values()), Code.history.count()


def test_reloading_the_seed_changes_no_code():
    before = snapshot()
    report = load_seed()
    assert report.counts["created"] == report.counts["updated"] == 0
    assert snapshot() == before


def test_an_editors_confirmation_or_correction_survives_a_reload():
    candidate = Code.objects.get(system="rxnorm", code="25480")
    candidate.checked_on = date(2026, 12, 2)
    candidate.save()
    confirmed = Code.objects.get(code="M54.2")
    confirmed.display = "Cervicalgia (edited)"
    confirmed.save()
    report = load_seed()
    assert Code.objects.get(pk=candidate.pk).checked_on == date(2026, 12, 2)
    assert Code.objects.get(pk=confirmed.pk).display == "Cervicalgia (edited)"
    assert report.counts["kept"] == 2


def test_a_code_dropped_from_the_seed_goes_unless_an_editor_changed_or_added_it():
    item = Condition.objects.get(slug="sciatica")
    edited = item.codes.get(code="M54.31")
    edited.display = "Edited"
    edited.save()
    Code.objects.create(item=item, system="icd10cm", code="M54.39", display="x", source_url=CDC)
    first = next(entry for _kind, slug, entry in seed_codes() if slug == "sciatica")
    assert first["code"] == "M54.30"
    loader = Loader()
    loader.codes(item, codes({"slug": "sciatica", "codes": [first]}))
    assert set(item.codes.values_list("code", flat=True)) == {"M54.30", "M54.31", "M54.39"}
    assert loader.report.counts["deleted"] > 0


@pytest.mark.parametrize(
    "entry",
    [
        {"system": "loinc", "code": "1", "display": "x", "source": "https://a.example/"},
        {"system": "icd10cm", "code": "54.2", "display": "x", "source": "https://a.example/"},
        {"system": "rxnorm", "code": "R25480", "display": "x", "source": "https://a.example/"},
        {"system": "icd10cm", "code": "M54.2", "display": "x", "source": "http://a.example/"},
        {"system": "icd10cm", "code": "M54.2", "display": " ", "source": "https://a.example/"},
        {
            "system": "icd10cm",
            "code": "M54.2",
            "display": "x",
            "source": "https://a",
            "checked": 2026,
        },
        {
            "system": "icd10cm",
            "code": "M54.2",
            "display": "x",
            "source": "https://a",
            "checked": "soon",
        },
        {
            "system": "icd10cm",
            "code": "M54.2",
            "display": "x",
            "source": "https://a",
            "checked": datetime(2026, 1, 1),
        },
        {
            "system": "icd10cm",
            "code": "M54.2",
            "display": "x",
            "source": "https://a",
            "confirmed": True,
        },
        {"system": "icd10cm", "code": "M54.2", "display": "x"},
    ],
)
def test_a_bad_code_in_a_seed_file_is_refused(entry):
    with pytest.raises(ValueError, match="x: "):
        codes({"slug": "x", "codes": [entry]})


def test_a_seed_date_may_be_a_toml_date_or_a_string():
    entry = {"system": "icd10cm", "code": "M54.2", "display": "x", "source": "https://a"}
    assert codes({"slug": "x", "codes": [{**entry, "checked": "2026-12-01"}]})[0][
        "checked_on"
    ] == date(2026, 12, 1)
    assert codes({"slug": "x", "codes": [{**entry, "checked": date(2026, 12, 1)}]})[0][
        "checked_on"
    ] == date(2026, 12, 1)
    assert codes({"slug": "x", "codes": [entry]})[0]["checked_on"] is None


def test_a_code_must_have_its_systems_shape_and_icd_codes_are_kept_in_capitals():
    item = Condition.objects.get(slug="neck-pain")
    with pytest.raises(ValidationError):
        Code(item=item, system="snomedct", code="M54.2", display="x", source_url=CDC).full_clean()
    code = Code.objects.create(
        item=item, system="icd10cm", code=" m54.9 ", display="x", source_url=CDC
    )
    assert code.code == "M54.9"


@pytest.fixture
def editor(client):
    user = get_user_model().objects.create_superuser("editor", "editor@example.com", "pw-for-tests")
    client.force_login(user)
    return client


def test_every_code_field_an_editor_sees_is_explained():
    for field in Code._meta.get_fields():
        if (
            field.concrete
            and getattr(field, "editable", False)
            and field.name not in {"id", "content_type", "object_id"}
        ):
            assert str(field.help_text).strip(), field.name


def test_the_admin_shows_codes_inline_with_whether_they_are_confirmed(editor):
    medicine = Medicine.objects.get(slug="gabapentin")
    html = editor.get(f"/admin/library/medicine/{medicine.pk}/change/").content.decode()
    assert "library-code-content_type-object_id-TOTAL_FORMS" in html
    assert 'value="25480"' in html
    assert "Not yet confirmed: check at" in html
    assert "https://rxnav.nlm.nih.gov/REST/rxcui/25480/properties.json" in html
    condition = Condition.objects.get(slug="neck-pain")
    html = editor.get(f"/admin/library/condition/{condition.pk}/change/").content.decode()
    assert 'value="M54.2"' in html
    assert "Confirmed on" in html
    candidates = editor.get("/admin/library/code/", {"confirmed": "no"}).content.decode()
    assert "25480" in candidates
    assert "M54.2<" not in candidates


def test_an_editors_change_to_a_code_is_kept_in_its_history(editor):
    code = Code.objects.get(system="rxnorm", code="25480")
    before = code.history.count()
    response = editor.post(
        f"/admin/library/code/{code.pk}/change/",
        {
            "system": "rxnorm",
            "code": "25480",
            "display": "gabapentin",
            "source_url": code.source_url,
            "checked_on": "2026-12-02",
            "_save": "Save",
        },
    )
    assert response.status_code == 302
    assert code.history.count() == before + 1
    latest = code.history.first()
    assert latest.checked_on == date(2026, 12, 2)
    assert latest.history_user.username == "editor"
    history = editor.get(f"/admin/library/code/{code.pk}/history/")
    assert history.status_code == 200
    assert "editor" in history.content.decode()
