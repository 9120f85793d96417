"""The clinical scenario table (tests/guide/scenarios.toml), walked through the real pages.

Each row is a patient a clinician can read and edit: their answers, and what a careful
clinician expects the guide to do (urgency, kinds of pain, every group's label, which groups
are "may consider" and which are "not advised" for them, the cautions, the warnings on each
card, and phrases that must and must not appear on the page they are shown). The rows
come from the clinical review's walk-throughs (section 2) and more.
"""

import re
import tomllib
from html import unescape
from pathlib import Path

import pytest
from django.test import override_settings

from pain_guide.guide import answers as guide_answers
from pain_guide.guide import rules
from pain_guide.guide.content import result_content
from tests.conftest import DEFAULT_PERSON, answer_steps, text_of
from tests.guide.page_html import elements

pytestmark = pytest.mark.django_db

TABLE = Path(__file__).with_name("scenarios.toml")
PATIENTS = tomllib.loads(TABLE.read_text())["patient"]
ANSWER_FIELDS = set(DEFAULT_PERSON)
LABELS = {label.value for label in rules.Evidence}


def test_the_table_is_big_enough_and_well_formed():
    assert len(PATIENTS) >= 50
    ids = [patient["id"] for patient in PATIENTS]
    assert len(ids) == len(set(ids))
    groups = set(rules.GROUPS)
    for patient in PATIENTS:
        assert set(patient["answers"]) <= ANSWER_FIELDS, patient["id"]
        assert patient["urgency"] in {u.value for u in rules.Urgency}, patient["id"]
        for group, label in patient.get("groups", {}).items():
            assert group in groups, (patient["id"], group)
            for one in label if isinstance(label, list) else [label]:
                assert one in LABELS, (patient["id"], one)
        if patient["urgency"] != "emergency":
            # Every group's label is stated, so that nothing shown goes unchecked.
            assert "groups" in patient, patient["id"]


def person_of(patient):
    return {**DEFAULT_PERSON, **patient["answers"]}


def outcome_of(patient):
    answered = {}
    person = person_of(patient)
    from tests.conftest import STEP_FIELDS

    for slug, fields in STEP_FIELDS:
        answered[slug] = {name: person[name] for name in fields}
    answered = guide_answers.valid_answers(answered)
    return rules.assess(guide_answers.to_rules_answers(answered))


def cards(html):
    """Each group's card (<article class="medicine-group …" aria-labelledby="group-…">) in
    the HTML, by group, in page order."""
    found = {}
    for article in elements(html, "article"):
        labelled_by = article.attrs.get("aria-labelledby") or ""
        if "medicine-group" in article.classes and labelled_by.startswith("group-"):
            found.setdefault(labelled_by.removeprefix("group-"), article)
    return found


def card(html, group):
    """The HTML of one group's card on the result page."""
    article = cards(html).get(group)
    assert article, f"no card for {group}"
    return unescape(re.sub(r"\s+", " ", article.inner_html))


def section_html(html, heading_id):
    """The HTML of the <section> whose heading has this id ("" if there is none)."""
    heading = [e for e in elements(html) if e.attrs.get("id") == heading_id]
    if not heading:
        return ""
    sections = [e for e in heading[0].ancestors if e.tag == "section"]
    assert sections, f"{heading_id} is not in a section"
    return sections[-1].inner_html


@pytest.mark.parametrize("patient", PATIENTS, ids=[p["id"] for p in PATIENTS])
def test_each_patient_gets_what_a_careful_clinician_expects(client, patient):
    region = patient.get("region", "us")
    outcome = outcome_of(patient)

    # The decision.
    assert outcome.urgency.value == patient["urgency"]
    if "situations" in patient:
        assert [s.value for s in outcome.situations] == patient["situations"]
    shown = {advice.group: advice for advice in outcome.medicine_groups}
    if "groups" in patient:
        assert set(shown) == set(patient["groups"])
        for group, expected in patient["groups"].items():
            labels = [a.evidence.value for a in shown[group].assessments]
            expected = expected if isinstance(expected, list) else [expected] * len(labels)
            assert labels == expected, group
    if "may_consider" in patient:
        assert sorted(g for g, a in shown.items() if a.may_consider) == sorted(
            patient["may_consider"]
        )
    assert sorted(g for g, a in shown.items() if a.supported and a.avoid) == sorted(
        patient.get("not_advised", [])
    )
    if "cautions" in patient:
        assert list(outcome.cautions) == patient["cautions"]
    for group, keys in patient.get("card_warnings", {}).items():
        assert sorted(w.key for w in shown[group].warnings) == sorted(keys), group

    # The pages, as the person sees them.
    with override_settings(PAIN_GUIDE_REGION=region):
        answer_steps(client, patient["answers"])
        url = {"emergency": "/guide/get-help-now/"}.get(patient["urgency"], "/guide/result/")
        if patient["urgency"] == "emergency":
            assert client.get("/guide/result/")["Location"] == "/guide/get-help-now/"
        response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    words = text_of(response)
    for phrase in patient.get("must_show", []):
        assert phrase in words, phrase
    for phrase in patient.get("must_not_show", []):
        assert phrase not in words, phrase
    if patient["urgency"] == "emergency":
        assert "Medicines doctors may consider" not in words
        return
    if patient["urgency"] == "urgent":
        assert words.index("First: see a doctor today") < words.index("In short")

    # Each warning is on the card it applies to, and a group not advised for the person
    # sits under "Not advised for you", never under "may consider".
    content = result_content()
    for advice in outcome.medicine_groups:
        text = card(html, advice.group)
        for warning in advice.warnings:
            assert unescape(content["card-warnings"][warning.key]["text"]) in text
    not_advised = section_html(html, "not-advised-title")
    may_consider = section_html(html, "medicines-title")
    for group in patient.get("not_advised", []):
        assert group in cards(not_advised), group
        assert group not in cards(may_consider), group
    # The short summary at the top names the person's most important warnings.
    summary = unescape(re.sub(r"\s+", " ", section_html(html, "summary-title")))
    for code in list(outcome.cautions)[:3]:
        assert content["cautions"][code]["heading"] in summary
