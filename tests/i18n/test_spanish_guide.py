"""The guide walked in Spanish by contrasting people: the same decisions as in English, told
in Spanish words from the Spanish content (tests/guide/scenarios.toml holds what a careful
clinician expects of each)."""

import pytest
from django.test import override_settings

from pain_guide.guide.content import result_content
from tests.conftest import answer_steps, text_of
from tests.guide.test_scenarios import PATIENTS, outcome_of

pytestmark = pytest.mark.django_db

# Pregnancy, an MAOI, cancer with nerve signs, face pain, polyneuropathy, spasticity, an older
# person on opioids, sciatica, the UK region, and emergencies and urgent signs.
PEOPLE = [
    "w08-pregnant-neck",
    "w13-maoi-diabetic-feet",
    "w20-cancer-leg-weakness",
    "w06-55y-trigeminal-neuralgia",
    "w10-chemo-neuropathy-feet",
    "w05-ms-spasticity",
    "w09-70y-chronic-back-opioids-copd",
    "w03-acute-sciatica",
    "uk-acute-back-pain",
    "flag-chest-pain",
    "flag-face-numbness",
    "w02-acute-back-spasm-lifting",
]
BY_ID = {patient["id"]: patient for patient in PATIENTS}
SPANISH = result_content("es")
ENGLISH = result_content("en")


def spanish_walk(client, patient):
    with override_settings(PAIN_GUIDE_REGION=patient.get("region", "us")):
        answer_steps(client, patient["answers"], prefix="/es")
        response = client.get("/es/guide/result/", follow=True)
    assert response.status_code == 200
    assert response["Content-Language"] == "es"
    assert '<html lang="es"' in response.content.decode()
    return response


@pytest.mark.parametrize("person", PEOPLE)
def test_each_person_is_told_the_same_things_in_spanish(client, person):
    patient = BY_ID[person]
    outcome = outcome_of(patient)
    words = text_of(spanish_walk(client, patient))
    if outcome.is_emergency:
        region = patient.get("region", "us")
        assert {"us": "Llame al 911", "uk": "Llame al 999"}[region] in words
        for code in outcome.red_flags:
            assert SPANISH["red-flags"][code]["label"] in words
        return
    if outcome.is_urgent:
        for code in outcome.red_flags:
            assert SPANISH["red-flags"][code]["label"] in words
    # The kind of pain, each group with its evidence label, each caution: in Spanish.
    assert outcome.pattern is not None
    code = outcome.pattern.value
    patterns = SPANISH["patterns"]
    assert any(
        patterns[key]["heading"] in words for key in (code, "muscle-long") if key in patterns
    )
    for advice in outcome.medicine_groups:
        assert SPANISH["groups"][advice.group]["name"] in words, advice.group
        for assessment in advice.assessments:
            label = SPANISH["evidence-labels"][assessment.evidence.value]["text"]
            assert label in words, (advice.group, label)
    for caution in outcome.cautions:
        assert SPANISH["cautions"][caution]["heading"] in words, caution
    # And not in English.
    for advice in outcome.medicine_groups:
        english = ENGLISH["groups"][advice.group]["name"]
        if english != SPANISH["groups"][advice.group]["name"]:
            assert english not in words, english
    for caution in outcome.cautions:
        assert ENGLISH["cautions"][caution]["heading"] not in words, caution


def test_the_decisions_do_not_depend_on_the_language(client):
    """The same answers give the same groups, labels and cautions in both languages: the
    rules read codes, never words."""
    for person in PEOPLE:
        patient = BY_ID[person]
        if outcome_of(patient).is_emergency:
            continue
        spanish = text_of(spanish_walk(client, patient))
        client.cookies.clear()
        answer_steps(client, patient["answers"])
        english = text_of(client.get("/guide/result/"))
        client.cookies.clear()
        for advice in outcome_of(patient).medicine_groups:
            for assessment in advice.assessments:
                code = assessment.evidence.value
                assert SPANISH["evidence-labels"][code]["text"] in spanish
                assert ENGLISH["evidence-labels"][code]["text"] in english


def test_the_spanish_question_pages_ask_in_spanish(client):
    for slug, step in SPANISH["steps"].items():
        if slug == "more-signs":
            continue
        response = client.get(f"/es/guide/{slug}/", follow=True)
        words = text_of(response)
        if response.redirect_chain:
            continue  # a later question before the earlier ones: sent back to the first
        assert step["title"] in words, slug
        assert ENGLISH["steps"][slug]["title"] not in words, slug
