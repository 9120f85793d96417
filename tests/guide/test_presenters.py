"""What the result page shows: the pain-pattern picture's position and words."""

import pytest

from pain_guide.guide.content import result_content
from pain_guide.guide.presenters import ResultPresenter, reasons_sentence, scale_position
from pain_guide.guide.rules import Answers, Pattern, assess


def person(**kwargs):
    return Answers(**{k: frozenset(v) if isinstance(v, set) else v for k, v in kwargs.items()})


@pytest.mark.parametrize(
    ("answers", "low", "high"),
    [
        (person(feelings={"burning", "tingling"}, areas={"feet-hands"}), 80, 95),
        (person(feelings={"aching", "stiff"}, history={"injury"}), 5, 20),
        (person(feelings={"burning", "tingling", "aching", "stiff"}), 45, 55),
        (person(feelings={"burning", "tingling", "shooting", "aching", "stiff"}), 50, 70),
    ],
)
def test_the_picture_places_the_answers_between_muscle_and_nerve(answers, low, high):
    assert low <= scale_position(assess(answers)) <= high


@pytest.mark.parametrize(
    "answers",
    [person(feelings={"not-sure"}), person(feelings={"stiff"}, history={"spasticity"})],
)
def test_patterns_off_the_line_have_no_marker_but_still_have_words(answers):
    outcome = assess(answers)
    assert scale_position(outcome) is None
    assert ResultPresenter(outcome).pattern()["scale_words"]


def test_every_pattern_has_words_in_the_content():
    patterns = result_content()["patterns"]
    assert {pattern.value for pattern in Pattern} <= set(patterns)
    assert all(block["scale"].strip() for block in patterns.values())


def test_reasons_sentence_joins_clauses_plainly():
    outcome = assess(person(feelings={"burning", "tingling"}, areas={"leg"}))
    assert reasons_sentence(outcome.reasons) == (
        "You said it is burning, it feels like pins and needles or tingling and "
        "it goes from your buttock down one leg, below the knee."
    )
