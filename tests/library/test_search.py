"""Search on the real library: everyday words, names, brands and misspellings, best first."""

import pytest

from pain_guide.library import search
from pain_guide.library.models import Condition, Group, Medicine, Question
from pain_guide.library.seed import fingerprint, load_seed, search_terms
from tests.conftest import text_of

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
CONDITION, GROUP, MEDICINE = "Condition", "Medicine group", "Medicine"
NERVE_PAIN_GROUPS = {"Gabapentinoids", "Tricyclic antidepressants", "SNRIs"}


def found(query):
    return [(result.kind, result.item.name) for result in search.find(query)]


def muscle_relaxer_groups():
    return set(Group.objects.filter(kind=Group.Kind.MUSCLE_RELAXER).values_list("name", flat=True))


@pytest.mark.parametrize(
    ("query", "first"),
    [
        # Symptoms: the condition first, then the groups that treat it.
        ("burning feet", [(CONDITION, "Diabetic nerve pain")]),
        ("numb feet", [(CONDITION, "Diabetic nerve pain")]),
        ("tingling hands", [(CONDITION, "Diabetic nerve pain")]),
        ("my feet are burning", [(CONDITION, "Diabetic nerve pain")]),
        ("burning f", [(CONDITION, "Diabetic nerve pain")]),  # still typing
        (
            "back spasm",
            [(CONDITION, "Low back pain"), (GROUP, "Antispasmodic muscle relaxers")],
        ),
        (
            "spasms in my back",
            [(CONDITION, "Low back pain"), (GROUP, "Antispasmodic muscle relaxers")],
        ),
        (
            "muscle spasm",
            [(CONDITION, "Low back pain"), (GROUP, "Antispasmodic muscle relaxers")],
        ),
        (
            "pulled muscle",
            [(CONDITION, "Low back pain"), (GROUP, "Antispasmodic muscle relaxers")],
        ),
        ("shooting pain down leg", [(CONDITION, "Sciatica")]),
        ("shooting pain down my legs", [(CONDITION, "Sciatica")]),
        ("pain down my leg", [(CONDITION, "Sciatica")]),
        ("sciatic", [(CONDITION, "Sciatica")]),
        (
            "face pain",
            [(CONDITION, "Trigeminal neuralgia"), (GROUP, "Sodium-channel anticonvulsants")],
        ),
        ("electric shock face", [(CONDITION, "Trigeminal neuralgia")]),
        ("shingles pain", [(CONDITION, "Nerve pain after shingles")]),
        (
            "stiff muscles MS",
            [(CONDITION, "Spasticity"), (GROUP, "Antispasticity medicines")],
        ),
        ("spasticity", [(CONDITION, "Spasticity"), (GROUP, "Antispasticity medicines")]),
        ("muscle relaxer", [(GROUP, "Antispasmodic muscle relaxers")]),
        # Names and brands come first for a name query.
        ("lyrica", [(MEDICINE, "Pregabalin")]),
        ("Lyrica tablets", [(MEDICINE, "Pregabalin")]),
        ("neurontin", [(MEDICINE, "Gabapentin")]),
        ("amrix", [(MEDICINE, "Cyclobenzaprine")]),
        ("gabapentin", [(MEDICINE, "Gabapentin")]),
        ("baclofen for back spasm", [(MEDICINE, "Baclofen"), (CONDITION, "Low back pain")]),
        # Misspellings: listed ones, and a close spelling nobody listed.
        ("baclophen", [(MEDICINE, "Baclofen")]),
        ("gabapentine", [(MEDICINE, "Gabapentin")]),
        ("flexiril", [(MEDICINE, "Cyclobenzaprine")]),
        ("tizanidyne", [(MEDICINE, "Tizanidine")]),
    ],
)
def test_the_right_pages_come_first(query, first):
    assert found(query)[: len(first)] == first


@pytest.mark.parametrize("query", ["nerve pain medicine", "nerve pain pills"])
def test_nerve_pain_medicine_finds_the_nerve_pain_groups_then_the_conditions(query):
    results = found(query)
    assert {name for _kind, name in results[:3]} == NERVE_PAIN_GROUPS
    assert (CONDITION, "Diabetic nerve pain") in results
    assert (CONDITION, "Nerve pain after shingles") in results
    assert not muscle_relaxer_groups() & {name for _kind, name in results}


def test_muscle_relaxer_also_finds_the_comparison():
    results = search.find("muscle relaxer")
    assert "/library/compare/" in [result.url for result in results]


@pytest.mark.parametrize("query", ["burning feet", "numb feet", "tingling hands"])
def test_nerve_symptoms_do_not_list_muscle_relaxers(query):
    results = found(query)
    assert {name for kind, name in results if kind == GROUP} <= NERVE_PAIN_GROUPS
    assert not muscle_relaxer_groups() & {name for _kind, name in results}


def test_stiffness_from_ms_is_not_sent_to_the_muscle_relaxers_for_spasm():
    """'muscles' is a word in their names, but no misspelling of it."""
    names = {name for _kind, name in found("stiff muscles MS")}
    assert "Antispasmodic muscle relaxers" not in names


@pytest.mark.parametrize(
    "query",
    ["xyz", "chest pain", "stroke", "face drooping", "the", "my", "pills", "a", "  "],
)
def test_words_that_lead_nowhere_find_nothing(query):
    """Unknown words, warning signs the library must not seem to answer, and small words."""
    assert search.find(query) == []


def test_pain_alone_does_not_match_every_everyday_phrase():
    """Most phrases say 'pain': on its own it finds only pages named for it."""
    results = search.find("pain")
    assert (CONDITION, "Low back pain") in [(result.kind, result.item.name) for result in results]
    assert not [result for result in results if result.matched in result.item.search_terms]
    assert "Sciatica" not in {result.item.name for result in results}


def test_a_phrase_match_says_which_words_matched():
    first = search.find("burning feet")[0]
    assert (first.kind, first.matched) == (CONDITION, "burning feet")
    assert search.find("lyrica")[0].matched == "Lyrica"


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("feet", "foot"),
        ("spasms", "spasm"),
        ("legs", "leg"),
        ("burning", "burn"),
        ("burns", "burn"),
        ("tingling", "tingle"),
        ("muscles", "muscle"),
        ("numbness", "numb"),
        ("painful", "pain"),
        ("stabbing", "stab"),
        ("shingles", "shingle"),
    ],
)
def test_plural_and_ing_forms_count_as_the_same_word(one, other):
    assert search.stem(one) == search.stem(other)


@pytest.mark.parametrize(("one", "other"), [("ms", "m"), ("pulled", "pule"), ("back", "bac")])
def test_different_words_stay_different(one, other):
    assert search.stem(one) != search.stem(other)


def test_every_search_term_in_the_seed_finds_its_own_page():
    """A term that normalises to nothing, or to only 'pain', would silently find nothing."""
    items = [
        *Condition.objects.published(),
        *Group.objects.published(),
        *Medicine.objects.published(),
        *Question.objects.published(),
    ]
    assert sum(len(item.search_terms) for item in items) > 50
    for item in items:
        for term in item.search_terms:
            urls = [result.url for result in search.find(term)]
            assert item.get_absolute_url() in urls, (item.name, term)


def test_conditions_and_groups_carry_everyday_words_from_the_seed():
    condition = Condition.objects.get(slug="diabetic-nerve-pain")
    assert "burning feet" in condition.search_terms
    assert "muscle relaxer" in Group.objects.get(slug="antispasmodic-muscle-relaxers").search_terms


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "partial"])
def test_results_page_says_why_each_item_was_found(client, headers):
    text = text_of(client.get("/library/search/", {"q": "burning feet"}, headers=headers))
    assert "Diabetic nerve pain (Condition, matched “burning feet”)" in text
    assert text.index("Diabetic nerve pain") < text.index("Gabapentinoids")
    text = text_of(client.get("/library/search/", {"q": "muscle relaxer"}, headers=headers))
    assert "(Comparison, matched “muscle relaxer”)" in text


def test_everyday_words_keep_the_query_budget_and_the_cache(client, django_assert_num_queries):
    with django_assert_num_queries(4):
        assert "Sciatica" in text_of(client.get("/library/search/", {"q": "pain down my leg"}))
    with django_assert_num_queries(0):
        assert "Low back pain" in text_of(client.get("/library/search/", {"q": "back spasm"}))


def test_search_terms_loaded_before_the_field_existed_are_brought_in():
    """A row loaded before ``search_terms`` existed gets them, not mistaken for an edit."""
    condition = Condition.objects.get(slug="sciatica")
    names = ("name", "summary", "reviewed_on", "next_review_due", "reviewed_by", "figures")
    values = {name: getattr(condition, name) for name in names}
    values |= {
        "related_groups": sorted(condition.related_groups.values_list("slug", flat=True)),
        "related_medicines": sorted(condition.related_medicines.values_list("slug", flat=True)),
    }
    Condition.objects.filter(pk=condition.pk).update(search_terms=[], seed_hash=fingerprint(values))
    report = load_seed(language="en")
    assert report.kept == []
    assert "shooting pain down leg" in Condition.objects.get(slug="sciatica").search_terms


def test_search_terms_must_be_a_list_of_words():
    assert search_terms({"slug": "x", "search_terms": [" numb feet "]}) == ["numb feet"]
    assert search_terms({"slug": "x"}) == []
    for wrong in ("numb feet", ["numb feet", ""], [3]):
        with pytest.raises(ValueError, match="search_terms"):
            search_terms({"slug": "x", "search_terms": wrong})


def test_editors_see_the_search_words_in_the_admin(admin_client):
    condition = Condition.objects.get(slug="sciatica")
    html = admin_client.get(f"/admin/library/condition/{condition.pk}/change/").content.decode()
    assert 'name="search_terms_en"' in html
    assert "shooting pain down leg" in html
    changelist = admin_client.get("/admin/library/condition/", {"q": "burning feet"})
    assert "Diabetic nerve pain" in text_of(changelist)
    assert "Sciatica" not in text_of(changelist)
