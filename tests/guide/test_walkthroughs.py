"""Whole walks through the guide for contrasting people, checking the words each one sees."""

import pytest

from tests.conftest import answer_steps, text_of

# The result page looks up library links: these tests may touch the database.
pytestmark = pytest.mark.django_db


def section(words, start, end):
    """The text between two headings of the result page's detail (after the summary and the
    contents list, which name the same sections)."""
    contents = words.index("On this page")
    detail = min(
        words.find(heading, contents)
        for heading in (MEDICINES, "No usual medicine has good evidence for pain like yours")
        if heading in words[contents:]
    )
    begin = words.index(start, detail)
    return words[begin : words.index(end, begin + len(start))]


MEDICINES = "Medicines doctors may consider for this kind of pain"
LABEL_KEY = "What the labels mean"
UNSUPPORTED = "Medicines with little or no evidence for this kind of pain"
CAUTIONS = "Things to know for you"
ELSE = "What else helps"
QUESTIONS = "Questions to ask your doctor"
WHY = "Why we say this"


def test_burning_feet_with_diabetes_aged_70_on_sertraline(walk):
    words = text_of(
        walk(
            {
                "areas": ["feet-hands"],
                "feelings": ["burning", "tingling", "numbness"],
                "duration": "over-3-months",
                "history": ["diabetes"],
                "age_group": "65-plus",
                "medicines": ["antidepressants"],
            }
        )
    )
    assert "Your answers point mostly to nerve-type pain" in words
    assert (
        "You said it is burning, it feels like pins and needles or tingling, it feels numb and it is in both feet or both hands."
        in words
    )
    medicines = section(words, MEDICINES, CAUTIONS)
    # NICE CG173 first-line choices, each "helps some people".
    for name in ("amitriptyline", "duloxetine", "gabapentin", "pregabalin"):
        assert name in medicines
    assert "CG173" in medicines
    assert (
        "capsaicin 8% patch is approved for painful nerve damage in the feet caused by diabetes"
        in medicines
    )
    assert "Muscle relaxers do not treat nerve pain itself." in medicines
    cautions = section(words, CAUTIONS, QUESTIONS)
    assert "You are 65 or over" in cautions
    assert "Beers Criteria" in cautions
    assert "serotonin syndrome" in cautions
    assert "You take ciprofloxacin or fluvoxamine" not in cautions
    assert "You drive or use machines" not in cautions
    questions = section(words, QUESTIONS, ELSE)
    assert "Is this medicine safe for someone my age" in questions
    assert "Is this medicine safe with the antidepressant I take?" in questions


def test_sudden_low_back_spasm_after_lifting_aged_30(walk):
    words = text_of(
        walk(
            {
                "areas": ["lower-back"],
                "feelings": ["spasms", "stiff", "movement"],
                "duration": "under-6-weeks",
                "history": ["injury"],
            }
        )
    )
    assert "Your answers point mostly to muscle-type pain" in words
    assert "it started after a strain or injury" in words
    medicines = section(words, MEDICINES, CAUTIONS)
    assert "adding one to ibuprofen or naproxen gave no extra help" in medicines
    assert "American College of Physicians (2017)" in medicines
    # What may help comes first; what the evidence does not support is set apart.
    may_help = section(words, MEDICINES, LABEL_KEY)
    assert "Painkillers that calm swelling (NSAIDs)" in may_help
    assert "Evidence says it does not help" not in may_help
    unsupported = section(words, UNSUPPORTED, CAUTIONS)
    # Muscle relaxers: a small, uncertain effect (Cashin 2021) and null add-on trials.
    assert "Muscle relaxers (for short bouts of muscle spasm)" in unsupported
    assert "Calming medicines such as diazepam" in unsupported
    assert "Helps some people" not in unsupported
    assert "Nothing in your answers called for a special warning." in words
    assert "Keep moving and carry on with your normal day" in section(words, ELSE, WHY)
    assert "If I take a muscle relaxer, for how many days should I take it?" in words


def test_leg_pain_below_the_knee(walk):
    words = text_of(
        walk(
            {
                "areas": ["lower-back", "leg"],
                "feelings": ["shooting", "tingling"],
                "duration": "6-to-12-weeks",
            }
        )
    )
    assert "it goes from your buttock down one leg, below the knee" in words
    medicines = section(words, "No usual medicine has good evidence for pain like yours", CAUTIONS)
    assert (
        "UK guidance for sciatica (NICE, 2020; NG59) says do not offer gabapentin or pregabalin"
        in medicines
    )
    assert "do not offer diazepam" in medicines
    assert "It did not advise against them." in medicines  # antidepressants: no evidence either way
    cards = section(words, "People often ask about these", LABEL_KEY)
    assert "Helps some people" not in cards  # nothing is oversold for sciatica
    assert "Works for many people" not in cards
    assert "No usual medicine has good evidence for pain like yours" in words
    assert "do not offer steroid tablets" in medicines
    assert "Why are gabapentin and pregabalin not advised for sciatica" in words
    assert "Most sciatica gets better by itself." in words


def test_pain_after_shingles(walk):
    words = text_of(
        walk(
            {
                "areas": ["upper-back"],
                "feelings": ["burning", "light-touch"],
                "duration": "over-3-months",
                "history": ["shingles"],
            }
        )
    )
    assert "it started after shingles in the same place" in words
    medicines = section(words, MEDICINES, CAUTIONS)
    assert (
        "For pain that stays after shingles, lidocaine plasters and capsaicin 8% patches help some people."
        in medicines
    )
    assert "CG173" in medicines


def test_stiffness_from_ms(walk):
    words = text_of(
        walk(
            {
                "areas": ["leg"],
                "feelings": ["stiff", "spasms"],
                "duration": "over-3-months",
                "history": ["spasticity"],
                "medicines": ["muscle-relaxer"],
            }
        )
    )
    assert "Your answers suggest stiffness from a nerve condition" in words
    assert "you have MS, a spinal cord injury, a stroke or cerebral palsy" in words
    medicines = section(words, MEDICINES, CAUTIONS)
    # NICE NG220 (2022): baclofen or gabapentin first; diazepam only later.
    assert "lists baclofen, along with gabapentin, as a first choice" in medicines
    assert "lists gabapentin as a first choice for this stiffness" in medicines
    assert "Not a first choice" in medicines
    assert "sciatica" not in medicines
    assert "Stopping baclofen or tizanidine suddenly can be dangerous." in medicines
    cautions = section(words, CAUTIONS, QUESTIONS)
    assert "Stopping baclofen all at once can cause" in cautions
    assert "Ask to see a physiotherapist who knows your condition." in words


def test_an_emergency_red_flag(client):
    answer_steps(client, {}, until="age")
    response = client.post(
        "/guide/red-flags/", {"red_flags": ["saddle-numbness", "fever"]}, follow=True
    )
    words = text_of(response)
    assert "Get emergency help now" in words
    assert "Call 911 now, or go to the nearest emergency room." in words
    assert "New numbness or pins and needles between your legs, around your genitals" in words
    assert "high temperature" not in words  # the emergency page lists only emergency signs
    assert "Tell them which signs you have, when they began, and every medicine you take." in words
    assert MEDICINES not in words


def test_electric_shocks_in_the_face(walk):
    words = text_of(
        walk({"areas": ["face"], "feelings": ["shooting"], "duration": "6-to-12-weeks"})
    )
    medicines = section(words, MEDICINES, CAUTIONS)
    assert "carbamazepine is the first medicine to try for this face pain" in medicines
    assert "Works for many people" in section(words, MEDICINES, LABEL_KEY)
    assert "Should I see a specialist about this face pain" in words


def test_long_term_low_back_pain_hears_that_guidelines_disagree(walk):
    words = text_of(
        walk(
            {"areas": ["lower-back"], "feelings": ["aching", "stiff"], "duration": "over-3-months"}
        )
    )
    medicines = section(words, MEDICINES, CAUTIONS)
    assert "Guidelines disagree." in medicines
    assert "they worked no better than a dummy pill" in medicines


def test_not_sure_gets_an_honest_unclear_result(walk):
    words = text_of(walk({"areas": ["all-over"], "feelings": ["not-sure"], "duration": "not-sure"}))
    assert "Your answers do not point clearly one way" in words
    assert "Can you examine me to find out what kind of pain this is?" in words


@pytest.mark.parametrize(
    ("answers", "heading"),
    [
        ({"medicines": ["cipro-fluvoxamine"]}, "You take ciprofloxacin or fluvoxamine"),
        ({"medicines": ["opioids"]}, "You take opioids, or sleeping or anxiety pills"),
        ({"health": ["kidney"]}, "You have kidney problems"),
        ({"health": ["pregnancy"]}, "You are pregnant or trying for a baby"),
        ({"health": ["breastfeeding"]}, "You are breastfeeding"),
        ({"health": ["driving"]}, "You drive or use machines"),
        ({"medicines": ["alcohol"]}, "You drink alcohol most days"),
    ],
)
def test_each_caution_shows_on_the_result_only_when_called_for(client, answers, heading):
    answer_steps(client, answers)
    assert heading in text_of(client.get("/guide/result/"))
    answer_steps(client, {})
    assert heading not in text_of(client.get("/guide/result/"))


def test_the_result_lists_its_sources_and_review_date(walk):
    response = walk({})
    words = text_of(response)
    assert "Sources" in words
    assert "Last reviewed: 21 November 2026" in words
    html = response.content.decode()
    assert 'rel="noopener noreferrer"' in html
    assert "https://www.nhs.uk/" in html


def test_the_result_links_groups_and_medicines_to_the_library(walk):
    html = walk({"areas": ["feet-hands"], "feelings": ["burning", "tingling"]}).content.decode()
    assert 'href="/library/groups/gabapentinoids/"' in html
    assert 'href="/library/medicines/gabapentin/"' in html
    assert 'href="/library/medicines/amitriptyline/"' in html


def test_cancer_treatment_with_back_pain_is_checked_within_24_hours(client):
    """NICE NG234: worked out from the answers, even with no sign ticked (walk-through 10b)."""
    response = answer_steps(
        client,
        {"areas": ["lower-back"], "history": ["cancer-treatment"], "age_group": "65-plus"},
        until="how-long",
    )
    assert response["Location"] == "/guide/see-a-doctor-today/"
    words = text_of(client.get("/guide/see-a-doctor-today/"))
    assert "should be checked within 24 hours" in words
    assert "Continue with the guide" in words
