"""The guide's question pages, in order."""

from dataclasses import dataclass

from . import forms


@dataclass(frozen=True)
class Step:
    slug: str
    title: str
    form_class: type
    hint: str = ""

    @property
    def fields(self):
        return tuple(self.form_class.base_fields)


STEPS = (
    Step(
        "red-flags",
        "Do any of these apply to you now?",
        forms.RedFlagsForm,
        hint="Some signs mean you need help quickly. We ask about these first. Tick all that apply.",
    ),
    Step("where", "Where is your pain?", forms.WhereForm, hint="Tick all that apply."),
    Step(
        "feel",
        "What does the pain feel like?",
        forms.FeelForm,
        hint="Tick all the words that fit. Pick 'I'm not sure' if none of them do.",
    ),
    Step("how-long", "How long, and how did it start?", forms.HowLongForm),
    Step("about-you", "About you", forms.AboutYouForm),
    Step("medicines", "Medicines and alcohol", forms.MedicinesForm, hint="Tick all that apply."),
)
STEP_BY_SLUG = {step.slug: step for step in STEPS}


def step_number(step):
    return STEPS.index(step) + 1


def previous_step(step):
    index = STEPS.index(step)
    return STEPS[index - 1] if index else None


def next_step(step):
    index = STEPS.index(step)
    return STEPS[index + 1] if index + 1 < len(STEPS) else None
