"""The guide's question pages, in order.

A step may apply only to some people (``applies`` looks at the rules' Answers so far):
the extra warning signs are asked only of people whose answers make them relevant.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from . import forms, rules
from .content import result_content


class PageForm(Protocol):
    """What the steps and answers.py use of a page's form class (forms.StepForm)."""

    base_fields: Mapping[str, Any]

    @classmethod
    def clean_stored(cls, values: object) -> dict[str, Any] | None: ...


@dataclass(frozen=True)
class Step:
    """A question page. Its words (title, hint, the short names "Check your answers" gives
    its questions) are content: [steps.<slug>] in content/questions.toml."""

    slug: str
    form_class: type[PageForm]
    applies: Callable[[rules.Answers], bool] | None = None  # None: asked of everyone

    @property
    def _words(self) -> dict[str, Any]:
        words: dict[str, Any] = result_content()["steps"][self.slug]
        return words

    @property
    def title(self) -> str:
        return str(self._words["title"])

    @property
    def hint(self) -> str:
        return str(self._words.get("hint", ""))

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(self.form_class.base_fields)

    def name_of(self, field: str) -> str:
        """The short name of one of this page's questions, which makes sense away from the
        page ("Warning signs", not "Do any of these apply?")."""
        return str(self._words["names"][field])

    def applies_to(self, answers: rules.Answers) -> bool:
        return self.applies is None or self.applies(answers)


STEPS = (
    Step("age", forms.AgeForm),
    Step("red-flags", forms.RedFlagsForm),
    Step("where", forms.WhereForm),
    Step("feel", forms.FeelForm),
    Step("how-long", forms.HowLongForm),
    # The extra warning signs, asked only of people whose answers make them relevant.
    Step(
        "more-signs",
        forms.MoreSignsForm,
        applies=lambda answers: bool(rules.area_sign_groups(answers)),
    ),
    Step("about-you", forms.AboutYouForm),
    Step("medicines", forms.MedicinesForm),
)
STEP_BY_SLUG = {step.slug: step for step in STEPS}
FIRST_QUESTIONS = (STEP_BY_SLUG["age"], STEP_BY_SLUG["red-flags"])


def step_number(step: Step) -> int:
    return STEPS.index(step) + 1
