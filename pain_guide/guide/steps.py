"""The guide's question pages, in order.

A step may apply only to some people (``applies`` looks at the rules' Answers so far):
the extra warning signs are asked only of people whose answers make them relevant.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from . import forms, rules


class PageForm(Protocol):
    """What the steps and answers.py use of a page's form class (forms.StepForm)."""

    base_fields: Mapping[str, Any]

    @classmethod
    def clean_stored(cls, values: object) -> dict[str, Any] | None: ...


@dataclass(frozen=True)
class Step:
    slug: str
    title: str
    form_class: type[PageForm]
    # ((field, short name), ...): what "Check your answers" calls each question on the page,
    # in words that make sense away from the page ("Warning signs", not "Do any of these apply?")
    names: tuple[tuple[str, str], ...] = ()
    hint: str = ""
    applies: Callable[[rules.Answers], bool] | None = None  # None: asked of everyone

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(self.form_class.base_fields)

    def name_of(self, field: str) -> str:
        """The short name of one of this page's questions."""
        return dict(self.names)[field]

    def applies_to(self, answers: rules.Answers) -> bool:
        return self.applies is None or self.applies(answers)


STEPS = (
    Step(
        "age",
        "How old are you?",
        forms.AgeForm,
        names=(("age_group", "Your age"),),
        hint="This guide is for adults. We ask first so that nobody answers questions for nothing.",
    ),
    Step(
        "red-flags",
        "Do any of these apply to you now?",
        forms.RedFlagsForm,
        names=(("red_flags", "Warning signs"),),
        hint="Some signs mean you need help quickly. We ask about these first. Tick all that apply.",
    ),
    Step(
        "where",
        "Where is your pain?",
        forms.WhereForm,
        names=(("areas", "Where the pain is"),),
        hint="Tick all that apply.",
    ),
    Step(
        "feel",
        "What does the pain feel like?",
        forms.FeelForm,
        names=(("feelings", "What the pain feels like"),),
        hint="Tick all the words that fit. Pick 'I'm not sure' if none of them do.",
    ),
    Step(
        "how-long",
        "How long, and how did it start?",
        forms.HowLongForm,
        names=(
            ("duration", "How long you have had the pain"),
            ("history", "How it started, and other conditions"),
        ),
    ),
    Step(
        "more-signs",
        "A few more signs to check",
        forms.MoreSignsForm,
        names=(("more_signs", "More warning signs"),),
        hint="Because of your answers, we need to ask about these signs too. "
        "Tick any that apply to you now.",
        applies=lambda answers: bool(rules.area_sign_groups(answers)),
    ),
    Step(
        "about-you",
        "Do any of these apply to you?",
        forms.AboutYouForm,
        names=(("health", "About your health"),),
        hint="Some medicines are not safe with some health problems. Tick all that apply.",
    ),
    Step(
        "medicines",
        "Medicines and alcohol",
        forms.MedicinesForm,
        names=(("medicines", "Your medicines and alcohol"),),
        hint="Tick all that apply.",
    ),
)
STEP_BY_SLUG = {step.slug: step for step in STEPS}
FIRST_QUESTIONS = (STEP_BY_SLUG["age"], STEP_BY_SLUG["red-flags"])


def step_number(step: Step) -> int:
    return STEPS.index(step) + 1
