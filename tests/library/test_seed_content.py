"""The real library content: complete, sourced, readable, and saying the safety facts."""

import re
import statistics
import tomllib
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pain_guide.core import pagecache
from pain_guide.guide import rules
from pain_guide.guide.content import CONTENT_DIR, result_content
from pain_guide.library.models import ComparisonCell, Condition, Group, Medicine, Question, Text
from pain_guide.library.readability import plain_text, reading_grade, rendered_grade
from pain_guide.library.seed import SEED_DIR, load_seed
from tests.conftest import content_types_cached, text_of
from tests.guide.test_content import CANONICAL_HOSTS, SECTIONS_WITH_REFS

pytestmark = pytest.mark.django_db

MEDICINES = [
    "baclofen",
    "tizanidine",
    "cyclobenzaprine",
    "methocarbamol",
    "carisoprodol",
    "metaxalone",
    "orphenadrine",
    "chlorzoxazone",
    "dantrolene",
    "diazepam",
    "gabapentin",
    "pregabalin",
    "amitriptyline",
    "nortriptyline",
    "duloxetine",
    "venlafaxine",
    "carbamazepine",
    "oxcarbazepine",
    "lidocaine-plasters",
    "capsaicin",
    "tramadol",
]
CONDITIONS = [
    "sciatica",
    "neck-pain",
    "low-back-pain",
    "diabetic-nerve-pain",
    "nerve-pain-after-shingles",
    "trigeminal-neuralgia",
    "spasticity",
]
SEED_QUESTIONS = {
    "do-muscle-relaxers-help-nerve-pain": "No",
    "can-baclofen-help-neck-pain": "no good evidence",
    "is-gabapentin-a-muscle-relaxer": "No",
    "why-epilepsy-or-depression-medicine-for-pain": "",
}


def reference_tables():
    for path in sorted(CONTENT_DIR.glob("*.toml")):
        yield path.name, tomllib.loads(path.read_text()).get("references", {})
    for path in sorted((SEED_DIR / "references").glob("*.toml")):
        yield path.name, tomllib.loads(path.read_text())


def test_every_item_the_product_needs_is_there():
    assert sorted(Medicine.objects.values_list("slug", flat=True)) == sorted(MEDICINES)
    assert sorted(Condition.objects.values_list("slug", flat=True)) == sorted(CONDITIONS)
    assert set(SEED_QUESTIONS) <= set(Question.objects.values_list("slug", flat=True))
    assert ComparisonCell.objects.count() >= 8 * 10


def test_every_slug_the_guide_names_exists():
    """Each medicine group the rules can show has a library page."""
    groups = set(rules.GROUPS)
    published = set(Group.objects.published().values_list("slug", flat=True))
    assert groups <= published


def test_every_slug_a_template_names_exists():
    templates = Path(__file__).resolve().parents[2] / "templates"
    named = set()
    for path in templates.rglob("*.html"):
        named |= set(re.findall(r"url 'library:\w+' '([\w-]+)'", path.read_text()))
    slugs = {
        *Medicine.objects.values_list("slug", flat=True),
        *Group.objects.values_list("slug", flat=True),
        *Condition.objects.values_list("slug", flat=True),
        *Question.objects.values_list("slug", flat=True),
    }
    assert named
    assert named <= slugs


def test_every_section_of_every_item_cites_a_reference():
    for model in (Group, Medicine, Condition, Question):
        for item in model.objects.with_texts():
            assert item.sections, f"{item} has no text"
            for text in item.texts.all():
                assert text.references.all(), f"{item} / {text.key} cites nothing"
    for cell in ComparisonCell.objects.prefetch_related("texts__references"):
        assert all(text.references.all() for text in cell.texts.all()), cell


def test_references_are_canonical_and_never_duplicated():
    url_for, id_for = {}, {}
    for source, table in reference_tables():
        for key, ref in table.items():
            host = urlparse(ref["url"]).hostname
            assert any(host == ok or host.endswith("." + ok) for ok in CANONICAL_HOSTS), (
                f"{source}:{key} {host}"
            )
            assert ref["url"].startswith("https://"), key
            url = ref["url"].rstrip("/").lower()
            assert url_for.setdefault(key, url) == url, f"{key} means two URLs"
            assert id_for.setdefault(url, key) == key, f"{url} has two ids"


def test_every_reference_is_used():
    from pain_guide.library.models import Reference

    unused = Reference.objects.filter(texts__isnull=True).values_list("key", flat=True)
    guide = result_content()
    cited_by_guide = {
        ref
        for section in SECTIONS_WITH_REFS
        for block in guide[section].values()
        for ref in block["refs"]
    }
    assert set(unused) - cited_by_guide == set()


MAX_GRADE = 8
HARD = (
    "Pharmacological interventions targeting neuropathic nociception demonstrate "
    "heterogeneous efficacy, necessitating individualised therapeutic considerations "
    "regarding comorbidities, contraindications and concomitant medications."
)
PLAIN = "Take it with food. Do not drive if it makes you sleepy."


def library_grades():
    """The reading grade of every English library section long enough for one, and of every
    summary (Spanish has its own scale: tests/i18n)."""
    grades = {}
    for text in Text.objects.filter(language="en").select_related("content_type"):
        if len(plain_text(text.body).split()) < 8:
            continue
        # Measured on the rendered page text, as a patient reads it.
        grades[f"{text.content_type.model}:{text.object_id}:{text.key}"] = rendered_grade(text.html)
    for model in (Group, Medicine, Condition, Question):
        for item in model.objects.all():
            grades[f"{model.__name__}:{item.slug}:summary"] = reading_grade(item.summary_en)
    return grades


def too_hard(grades):
    return {key: grade for key, grade in grades.items() if grade > MAX_GRADE}


def test_plain_language_limits():
    """Each section at grade 8 or below; the median across the library at 6 or below."""
    grades = library_grades()
    assert not too_hard(grades)
    assert statistics.median(grades.values()) <= 6


def test_the_plain_language_check_can_fail():
    """The same check rejects a section and a summary in clinical jargon, and accepts plain
    words: the limit is not vacuous."""
    text = Text.objects.filter(language="en").select_related("content_type").first()
    text.body = HARD
    text.save()
    medicine = Medicine.objects.get(slug="gabapentin")
    medicine.summary = HARD
    medicine.save()
    section = f"{text.content_type.model}:{text.object_id}:{text.key}"
    rejected = too_hard(library_grades())
    assert set(rejected) >= {section, "Medicine:gabapentin:summary"}
    assert rejected[section] > MAX_GRADE

    text.body = PLAIN
    text.save()
    medicine.summary = PLAIN
    medicine.save()
    grades = library_grades()
    assert section in grades
    assert "Medicine:gabapentin:summary" in grades
    assert {section, "Medicine:gabapentin:summary"}.isdisjoint(too_hard(grades))


@pytest.mark.parametrize(("slug", "start"), SEED_QUESTIONS.items())
def test_seed_questions_are_answered_in_the_first_sentence(client, slug, start):
    question = Question.objects.get(slug=slug)
    first_sentence = re.split(r"(?<=[.!?])\s", question.answer)[0]
    assert start.lower() in first_sentence.lower()
    assert question.answer in text_of(client.get(question.get_absolute_url()))


SAFETY_FACTS = [
    ("/library/medicines/tizanidine/", ["must not be taken with ciprofloxacin or fluvoxamine"]),
    ("/library/medicines/baclofen/", ["never stop taking baclofen all at once", "hallucinations"]),
    ("/library/medicines/baclofen/", ["does not act on the muscle itself"]),
    ("/library/questions/is-gabapentin-a-muscle-relaxer/", ["not a muscle relaxer"]),
    ("/library/medicines/gabapentin/", ["NG59, 2020", "do not offer"]),
    ("/library/medicines/gabapentin/", ["slow your breathing"]),
    ("/library/medicines/pregabalin/", ["MHRA", "birth defects"]),
    ("/library/medicines/cyclobenzaprine/", ["serotonin syndrome", "14 days"]),
    ("/library/medicines/carbamazepine/", ["HLA-B*1502"]),
    ("/library/medicines/carbamazepine/", ["first one to try for trigeminal neuralgia"]),
    ("/library/medicines/dantrolene/", ["inside the muscle itself", "liver"]),
    ("/library/medicines/chlorzoxazone/", ["harms the liver"]),
    ("/library/medicines/diazepam/", ["opioid painkillers or alcohol can slow your breathing"]),
    ("/library/medicines/carisoprodol/", ["Schedule IV"]),
    ("/library/medicines/methocarbamol/", ["pee black, blue or green"]),
    ("/library/medicines/lidocaine-plasters/", ["up to 12 hours in every 24 hours"]),
    ("/library/medicines/capsaicin/", ["put on in a clinic"]),
    ("/library/medicines/duloxetine/", ["guidelines disagree"]),
    ("/library/medicines/amitriptyline/", ["Beers Criteria"]),
    ("/library/medicines/tramadol/", ["fits (seizures)"]),
    ("/library/medicines/oxcarbazepine/", ["salt (sodium) in your blood"]),
    ("/library/medicines/orphenadrine/", ["glaucoma"]),
    ("/library/questions/can-baclofen-help-neck-pain/", ["no good evidence"]),
    ("/library/questions/do-muscle-relaxers-help-nerve-pain/", ["No"]),
    # From the clinical review of December 2026 (issue 12).
    ("/library/medicines/gabapentin/", ["first choice for stiff, tight muscles (spasticity)"]),
    ("/library/medicines/carisoprodol/", ["not available in the UK or the EU"]),
    ("/library/medicines/diazepam/", ["Schedule IV", "Schedule 4 (Part 1)"]),
    ("/library/medicines/gabapentin/", ["controlled drug", "Class C, Schedule 3"]),
    ("/library/medicines/pregabalin/", ["Schedule V controlled drug"]),
    ("/library/medicines/dantrolene/", ["One small trial in 1988"]),
    ("/library/medicines/tizanidine/", ["Do not stop tizanidine suddenly"]),
    ("/library/medicines/carbamazepine/", ["HLA-B*1502 before they start"]),
    ("/library/medicines/lidocaine-plasters/", ["sticky sides stick together"]),
    ("/library/medicines/tramadol/", ["Naloxone"]),
    ("/library/medicines/amitriptyline/", ["St John's wort"]),
    ("/library/medicines/baclofen/", ["fluid around the spinal cord"]),
    ("/library/conditions/neck-pain/", ["A stiff neck with a high temperature"]),
    ("/library/conditions/spasticity/", ["sudden, pounding headache"]),
    ("/library/groups/tricyclic-antidepressants/", ["out of sight and reach of children"]),
    ("/library/conditions/trigeminal-neuralgia/", ["See a doctor today"]),
]

# Medicines with a controlled-drug status: the page gives it for both regions.
CONTROLLED = ("carisoprodol", "diazepam", "gabapentin", "pregabalin", "tramadol")


def test_every_medicine_page_has_the_sections_patients_expect(client, settings):
    """NHS and MedlinePlus pages have these; "If you take too much" ends with the reader's
    region's route (poison help or NHS 111, and the emergency number)."""
    for region, words in (("us", "Poison Control"), ("uk", "NHS 111")):
        settings.PAIN_GUIDE_REGION = region
        for medicine in Medicine.objects.all():
            pagecache.clear()
            page = text_of(client.get(medicine.get_absolute_url()))
            for title in (
                "Where it is used",
                "If you forget a dose",
                "If you take too much",
                "How to store it safely",
            ):
                assert title in page, (medicine.slug, title)
            too_much = page[page.index("If you take too much") :]
            assert words in too_much[: too_much.index("How to store it safely")], medicine.slug


@pytest.mark.parametrize("slug", CONTROLLED)
def test_controlled_status_is_given_for_both_regions(slug):
    where = Medicine.objects.with_texts().get(slug=slug).sections["where-used"].body
    assert "US" in where, slug
    assert "UK" in where, slug
    assert "controlled" in where.lower() or "not available" in where.lower(), slug


@pytest.mark.parametrize(("url", "phrases"), SAFETY_FACTS)
def test_safety_facts_are_on_their_pages(client, url, phrases):
    response = client.get(url)
    assert response.status_code == 200
    words = text_of(response).lower()
    for phrase in phrases:
        assert phrase.lower() in words, (url, phrase)


def test_loading_the_real_seed_again_changes_nothing():
    """Nothing is written, so the admin's history gets no new entry either."""
    with CaptureQueriesContext(connection) as queries:
        report = load_seed()
    assert report.counts["created"] == 0
    assert report.counts["updated"] == 0
    assert report.counts["kept"] == 0
    writes = [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].split()[0] in ("INSERT", "UPDATE", "DELETE")
    ]
    assert writes == []


def test_loading_the_seed_again_reads_an_item_at_a_time_not_a_row_at_a_time():
    """A deploy loads the seed again (loadlibrary). It reads what is stored a table, or an
    item's sections and codes, at a time: not a query or two for each of the library's
    thousand-odd sections (it took 1906 queries)."""
    sections = Text.objects.count()
    with CaptureQueriesContext(connection) as queries:
        load_seed()
    assert sections > 1000
    assert len(queries) < sections / 2


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("baclophen", "Baclofen"),
        ("neurontin", "Gabapentin"),
        ("lyrica", "Pregabalin"),
        ("flexiril", "Cyclobenzaprine"),
        ("Zanaflex", "Tizanidine"),
        ("sciatica", "Sciatica"),
    ],
)
def test_search_tolerates_brands_and_misspellings(client, query, expected):
    words = text_of(client.get("/library/search/", {"q": query}))
    results = words[words.index("result") :]
    assert expected in results


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        ("/library/medicines/", 1),
        ("/library/medicines/gabapentin/", 3),
        ("/library/groups/", 2),
        ("/library/groups/gabapentinoids/", 4),
        ("/library/conditions/sciatica/", 4),
        ("/library/questions/is-gabapentin-a-muscle-relaxer/", 4),
        ("/library/compare/", 4),
        ("/library/search/?q=lyrica", 4),
    ],
)
def test_query_counts_do_not_grow_with_content(client, django_assert_max_num_queries, url, queries):
    """A fixed, small number of queries per page, however many sections or items there are.
    Measured as a running site serves them: Django's content-type cache, filled once per
    process, is filled here too (a test that empties the database empties it)."""
    content_types_cached()
    with django_assert_max_num_queries(queries):
        assert client.get(url).status_code == 200


def test_every_medicine_has_every_section_patients_look_for():
    from pain_guide.library.seed import MEDICINE_SECTIONS

    for medicine in Medicine.objects.with_texts():
        assert tuple(medicine.sections) == MEDICINE_SECTIONS, medicine.slug


def test_every_group_condition_and_question_is_complete():
    from pain_guide.library.seed import CONDITION_SECTIONS, GROUP_SECTIONS, QUESTION_SECTIONS

    for model, sections in (
        (Group, GROUP_SECTIONS),
        (Condition, CONDITION_SECTIONS),
        (Question, QUESTION_SECTIONS),
    ):
        for item in model.objects.with_texts():
            assert set(item.sections) == set(sections), item.slug


def test_the_comparison_can_be_scanned_at_a_glance(client):
    words = text_of(client.get("/library/compare/"))
    glance = words[words.index("At a glance") : words.index("Question by question")]
    for group in ("Gabapentinoids", "Benzodiazepines", "Antispasmodic muscle relaxers"):
        assert group in glance
    assert glance.count("Nerve pain") == 8
    assert "Risk of dependence" in glance
    assert "High" in glance
    assert "Works for many people" in glance
    assert "Evidence says it does not help" in glance


def test_no_page_tells_anyone_to_start_stop_or_change_a_medicine():
    """Stopping or changing a dose is only mentioned as 'do not', or as the doctor's call."""
    risky = re.compile(
        r"\b(stop taking|start taking|increase the dose|lower the dose|double the dose)\b", re.I
    )
    allowed = re.compile(
        r"\b(not|never|before you|talk to|ask|doctor|specialist|pharmacist)\b", re.I
    )
    for text in Text.objects.all():
        sentences = [s for s in re.split(r"(?<=[.!?])\s+|\n", text.body) if s.strip()]
        for index, sentence in enumerate(sentences):
            if not risky.search(sentence) or sentence.rstrip().endswith("?"):
                continue  # questions to ask the doctor are fine
            context = " ".join(sentences[max(0, index - 1) : index + 1])
            assert allowed.search(context), sentence
