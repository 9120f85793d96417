"""The result's words: complete, sourced from canonical hosts, readable."""

import re
from urllib.parse import urlparse

import pytest
import textstat

from pain_guide.guide import rules
from pain_guide.guide.content import result_content

CANONICAL_HOSTS = (
    "pubmed.ncbi.nlm.nih.gov",
    "pmc.ncbi.nlm.nih.gov",
    "doi.org",
    "nice.org.uk",
    "nhs.uk",
    "medlineplus.gov",
    "fda.gov",
    "dailymed.nlm.nih.gov",
    "gov.uk",
    "cochranelibrary.com",
    "americangeriatrics.org",
    # Journals' own sites.
    "acpjournals.org",
    "bmj.com",
    "jamanetwork.com",
    "thelancet.com",
    "nejm.org",
)
MAX_GRADE = 8
SECTIONS_WITH_REFS = (
    "patterns",
    "groups",
    "notes",
    "cautions",
    "non-drug",
    "red-flags",
    "outcomes",
)


@pytest.fixture(scope="module")
def content():
    return result_content()


def note_keys():
    keys = {note for rows in rules.GROUPS_BY_SITUATION.values() for _, _, note in rows}
    keys |= {note for rows in rules.LOW_BACK_ROWS.values() for _, _, note in rows.values()}
    return keys | set(rules.TOPICAL_NOTES.values())


def question_keys():
    keys = set(rules.GENERAL_QUESTIONS) | {"emergency-tell", "urgent-tell", "guidelines-disagree"}
    return keys | {q for qs in rules.SITUATION_QUESTIONS.values() for q in qs}


def test_every_code_the_rules_use_has_words(content):
    """No key the rules can produce is missing, and nothing is left unused."""
    groups = {group for rows in rules.GROUPS_BY_SITUATION.values() for group, _, _ in rows}
    groups |= {group for rows in rules.LOW_BACK_ROWS.values() for group in rows}
    assert set(content["groups"]) == groups
    assert set(content["notes"]) == note_keys()
    assert set(content["cautions"]) == set(rules.CAUTION_CODES)
    assert set(content["red-flags"]) == set(rules.RED_FLAGS)
    assert set(content["patterns"]) == {pattern.value for pattern in rules.Pattern}
    assert set(content["non-drug"]) == {situation.value for situation in rules.Situation}
    assert set(content["evidence-labels"]) == {label.value for label in rules.Evidence}
    assert set(content["questions"]) == question_keys()
    assert set(content["outcomes"]) == {"emergency", "urgent"}


def blocks(content):
    for section in SECTIONS_WITH_REFS:
        for key, block in content[section].items():
            yield f"{section}.{key}", block


def test_every_clinical_block_cites_a_known_reference(content):
    for name, block in blocks(content):
        assert block["refs"], f"{name} has no reference"
        for ref in block["refs"]:
            assert ref in content["references"], f"{name} cites unknown {ref}"


def test_references_are_canonical_complete_and_not_repeated(content):
    urls = []
    for key, ref in content["references"].items():
        host = urlparse(ref["url"]).hostname
        assert ref["url"].startswith("https://"), key
        assert any(
            host == allowed or host.endswith("." + allowed) for allowed in CANONICAL_HOSTS
        ), f"{key}: {host} is not a canonical host"
        assert ref["title"], key
        assert ref["publisher"], key
        assert isinstance(ref["year"], int), key
        if "pmid" in ref:
            assert ref["pmid"].isdigit(), key
            assert ref["url"] == f"https://pubmed.ncbi.nlm.nih.gov/{ref['pmid']}/", key
        urls.append(ref["url"].rstrip("/").lower())
    assert len(urls) == len(set(urls)), "two references share a URL"


def test_every_reference_is_cited(content):
    cited = {ref for _, block in blocks(content) for ref in block["refs"]}
    assert cited == set(content["references"])


def patient_texts(content):
    """Every sentence a patient reads (brand-name lists excepted)."""
    for section in ("patterns", "groups", "notes", "cautions", "non-drug", "red-flags", "outcomes"):
        for key, block in content[section].items():
            for field, value in block.items():
                if field in ("refs", "examples"):
                    continue
                for text in value if isinstance(value, list) else [value]:
                    if text:
                        yield f"{section}.{key}.{field}", text
    for key, block in content["questions"].items():
        yield f"questions.{key}", block["text"]
    for key, block in content["evidence-labels"].items():
        yield f"evidence-labels.{key}", block["explain"]


def test_every_text_is_plain_english(content):
    """Flesch-Kincaid grade 8 or below for every text, and a median at grade 6 or below."""
    grades = {}
    for name, text in patient_texts(content):
        if len(text.split()) < 8:
            continue  # headings and labels: too short for a meaningful grade
        grades[name] = textstat.flesch_kincaid_grade(text)
    too_hard = {name: grade for name, grade in grades.items() if grade > MAX_GRADE}
    assert not too_hard
    ordered = sorted(grades.values())
    assert ordered[len(ordered) // 2] <= 6


def test_texts_leave_region_wording_to_the_templates(content):
    """Emergency numbers come from the region setting, never from content."""
    for name, text in patient_texts(content):
        assert not re.search(r"\b(911|999|111)\b|A&E|emergency room", text), name


def test_texts_never_tell_anyone_to_start_or_stop(content):
    """Explain, then point to the doctor: no instructions to change a medicine."""
    pattern = re.compile(
        r"\b(you should (start|stop|take)|stop taking|start taking|increase your dose|"
        r"reduce your dose)\b",
        re.I,
    )
    for name, text in patient_texts(content):
        assert not pattern.search(text), name


def test_review_dates_are_present_and_in_order(content):
    assert content["reviewed_on"] < content["next_review_due"]
    assert content["reviewed_by"]


@pytest.mark.parametrize(
    ("note", "words"),
    [
        # NICE CG173: the first-line choices for nerve pain.
        ("nerve/tricyclic-antidepressants", ["CG173", "amitriptyline"]),
        ("nerve/snris", ["CG173", "duloxetine"]),
        ("nerve/gabapentinoids", ["CG173", "gabapentin", "pregabalin"]),
        # Carbamazepine first for trigeminal neuralgia.
        ("trigeminal/sodium-channel-anticonvulsants", ["carbamazepine", "first"]),
        # NICE NG59: not gabapentinoids or benzodiazepines for sciatica.
        ("sciatica/gabapentinoids", ["NG59", "do not offer"]),
        ("sciatica/benzodiazepines", ["NG59", "do not offer"]),
        # NG59 did NOT advise against antidepressants for sciatica.
        ("sciatica/snris", ["did not advise against"]),
        # Muscle relaxers do not treat nerve pain itself.
        ("nerve/antispasmodic-muscle-relaxers", ["do not treat nerve pain"]),
        ("muscle-short/antispasmodic-muscle-relaxers", ["small", "week or two"]),
        ("muscle-long/antispasmodic-muscle-relaxers", ["no better than a dummy pill"]),
        ("muscle-short/antispasticity-medicines", ["no trials of baclofen for neck pain"]),
        ("spasticity/antispasticity-medicines", ["Baclofen", "tizanidine"]),
        ("muscle-long/snris-back", ["Guidelines disagree", "2017", "NG59"]),
    ],
)
def test_notes_state_the_key_facts(content, note, words):
    text = content["notes"][note]["text"]
    for word in words:
        assert word.lower() in text.lower(), (note, word)


@pytest.mark.parametrize(
    ("caution", "words"),
    [
        ("age-65-plus", ["Beers", "falls"]),
        ("sedatives-with-gabapentinoids", ["breathing", "2019"]),
        ("serotonin", ["Cyclobenzaprine", "tramadol", "serotonin syndrome"]),
        ("maoi", ["14 days"]),
        ("tizanidine-cipro", ["Tizanidine must not be taken"]),
        ("kidney", ["Baclofen", "Gabapentin"]),
        ("liver", ["Duloxetine", "Tizanidine"]),
        ("breathing", ["COPD"]),
        ("pregnancy", ["pregabalin", "MHRA"]),
        ("driving", ["drive"]),
        ("stopping-muscle-relaxer", ["baclofen all at once", "seizures", "tizanidine"]),
        ("alcohol", ["sleepiness"]),
    ],
)
def test_cautions_state_the_key_facts(content, caution, words):
    text = content["cautions"][caution]["text"]
    for word in words:
        assert word.lower() in text.lower(), (caution, word)
