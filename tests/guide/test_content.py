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
    "ema.europa.eu",
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
    "card-warnings",
)


@pytest.fixture(scope="module")
def content():
    return result_content()


def all_rows():
    for rows in (*rules.GROUPS_BY_SITUATION.values(), *rules.LOW_BACK_ROWS.values()):
        yield from rows
    yield rules.DIABETES_TOPICAL
    yield rules.SHINGLES_FACE_ROW


def note_keys():
    return {row.note for row in all_rows()}


def question_keys():
    keys = set(rules.GENERAL_QUESTIONS) | {
        "emergency-tell",
        "urgent-tell",
        "urgent-24h",
        "guidelines-disagree",
    }
    return keys | {q for qs in rules.SITUATION_QUESTIONS.values() for q in qs}


def test_every_code_the_rules_use_has_words(content):
    """No key the rules can produce is missing, and nothing is left unused."""
    assert {row.group for row in all_rows()} == set(rules.GROUPS)
    assert set(content["groups"]) == set(rules.GROUPS)
    assert set(content["notes"]) == note_keys()
    assert set(content["cautions"]) == set(rules.CAUTION_CODES)
    assert set(content["card-warnings"]) == rules.card_warning_keys()
    flags = rules.RED_FLAGS | rules.DERIVED_EMERGENCY_FLAGS | rules.DERIVED_URGENT_FLAGS
    assert set(content["red-flags"]) == flags
    # Muscle-type pain for over 3 months has its own summary (the pattern is the same).
    assert set(content["patterns"]) == {pattern.value for pattern in rules.Pattern} | {
        "muscle-long"
    }
    assert set(content["situations"]) == {situation.value for situation in rules.Situation}
    assert set(content["non-drug"]) == {situation.value for situation in rules.Situation}
    assert set(content["evidence-labels"]) == {label.value for label in rules.Evidence}
    assert set(content["questions"]) == question_keys()
    assert set(content["outcomes"]) == {"emergency", "urgent", "urgent-24h"}


def test_red_flag_groups_hold_every_sign_that_can_be_ticked_once(content):
    """The screens show every sign under one heading; worked-out signs are never ticked;
    the second page's groups are exactly the rules' groups of area signs."""
    grouped = [code for block in content["red-flag-groups"].values() for code in block["flags"]]
    assert sorted(grouped) == sorted(rules.RED_FLAGS)
    for group, signs in rules.AREA_SIGNS.items():
        assert tuple(content["red-flag-groups"][group]["flags"]) == signs


def test_group_examples_follow_the_region(content):
    """UK readers are not offered medicines that are not sold there, nor US brands; the
    other way round too."""
    for code, group in content["groups"].items():
        assert group["examples-us"], code
        assert group["examples-uk"], code
    uk = " ".join(
        example for group in content["groups"].values() for example in group["examples-uk"]
    )
    for not_in_uk in (
        "carisoprodol",
        "Soma",
        "cyclobenzaprine",
        "Flexeril",
        "Amrix",
        "metaxalone",
        "Skelaxin",
        "chlorzoxazone",
        "Parafon",
        "Valium",
        "Advil",
        "Motrin",
        "Pamelor",
        "prednisone",
        "Lidoderm",
    ):
        assert not_in_uk not in uk, not_in_uk
    us = " ".join(
        example for group in content["groups"].values() for example in group["examples-us"]
    )
    for not_in_us in ("Nurofen", "Efexor", "Versatis", "prednisolone"):
        assert not_in_us not in us, not_in_us


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
    """Each guide reference is cited by a guide text or by the library, which shares them."""
    from pain_guide.library.seed import SEED_DIR

    cited = {ref for _, block in blocks(content) for ref in block["refs"]}
    for path in SEED_DIR.rglob("*.toml"):
        cited |= set(re.findall(r'"([a-z0-9-]+)"', path.read_text()))
    assert set(content["references"]) - cited == set()


# Answers that are lists of names a person must recognise (medicines, conditions): no
# plainer word replaces "fluvoxamine" or "cerebral palsy", and a grade formula counts
# syllables, so these are left out of the grade (their questions and phrases are not).
LISTS_OF_NAMES = {
    "asks.history.spasticity.label",
    "asks.medicines.sedatives.label",
    "asks.medicines.antidepressants.label",
    "asks.medicines.blood-thinner.label",
    "asks.medicines.cipro-fluvoxamine.hint",
    "asks.medicines.muscle-relaxer.label",
}


def patient_texts(content):
    """Every sentence a patient reads (brand-name lists excepted)."""
    for section in SECTIONS_WITH_REFS + ("situations", "red-flag-groups"):
        for key, block in content[section].items():
            for field, value in block.items():
                if field in ("refs", "flags") or field.startswith("examples"):
                    continue
                for text in value if isinstance(value, list) else [value]:
                    if text:
                        yield f"{section}.{key}.{field}", text
    for key, block in content["questions"].items():
        yield f"questions.{key}", block["text"]
    for key, block in content["evidence-labels"].items():
        yield f"evidence-labels.{key}", block["explain"]
    # The questions (questions.toml), page titles and notices (pages.toml), and the words
    # around the person's answers ([phrases]).
    for slug, block in content["steps"].items():
        yield f"steps.{slug}.title", block["title"]
        if "hint" in block:
            yield f"steps.{slug}.hint", block["hint"]
    for name, block in content["asks"].items():
        for field in ("question", "required", "both"):
            if field in block:
                yield f"asks.{name}.{field}", block[field]
        for item in block.get("choices", ()):
            for field in ("label", "phrase", "hint"):
                named = f"asks.{name}.{item['code']}.{field}"
                if item.get(field) and named not in LISTS_OF_NAMES:
                    yield named, item[field]
    for section in ("titles", "notices", "phrases"):
        for key, text in content[section].items():
            yield f"{section}.{key}", text


def reading_grades(named_texts):
    """The Flesch-Kincaid grade of each (name, text) long enough for a meaningful grade."""
    return {
        name: textstat.flesch_kincaid_grade(text)
        for name, text in named_texts
        if len(text.split()) >= 8  # headings and labels: too short for a meaningful grade
    }


def too_hard(grades):
    return {name: grade for name, grade in grades.items() if grade > MAX_GRADE}


def test_every_text_is_plain_english(content):
    """Flesch-Kincaid grade 8 or below for every text, and a median at grade 6 or below."""
    grades = reading_grades(patient_texts(content))
    assert not too_hard(grades)
    ordered = sorted(grades.values())
    assert ordered[len(ordered) // 2] <= 6


def test_the_plain_english_check_can_fail():
    """The same check rejects a sentence of clinical jargon and accepts a plain one."""
    hard = (
        "Pharmacological interventions targeting neuropathic nociception demonstrate "
        "heterogeneous efficacy, necessitating individualised therapeutic considerations "
        "regarding comorbidities, contraindications and concomitant medications."
    )
    plain = "Take it with food. Do not drive if it makes you sleepy."
    grades = reading_grades([("hard", hard), ("plain", plain)])
    assert set(grades) == {"hard", "plain"}
    assert too_hard(grades) == {"hard": grades["hard"]}


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
