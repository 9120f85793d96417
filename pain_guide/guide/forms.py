"""One form per question page. Each validates codes against the rules' vocabulary."""

from functools import cache

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html

from pain_guide.core.forms import lean_helper

from . import choices
from .content import result_content
from .rules import EMERGENCY_FLAGS, URGENT_FLAGS


def choice_list(items):
    """Form choices from guide Choices; a hint shows under its label."""
    return [
        (item.code, format_html('{}<span class="choice-hint">{}</span>', item.label, item.hint))
        if item.hint
        else (item.code, item.label)
        for item in items
    ]


@cache
def red_flag_choices():
    """Emergency signs, then urgent ones, then "None of these"; wording from the content file
    (read once per process, like the file itself)."""
    flags = result_content()["red-flags"]
    ordered = [code for code in flags if code in EMERGENCY_FLAGS]
    ordered += [code for code in flags if code in URGENT_FLAGS]
    signs = [
        choices.Choice(code, flags[code]["label"], "", flags[code].get("hint", ""))
        for code in ordered
    ]
    return choice_list(signs) + [(choices.NONE, "None of these")]


class StepForm(forms.Form):
    """A question page: crispy renders the fields; the template owns the <form> tag.

    ``exclusive`` maps a field to its "None of these" / "I'm not sure" code,
    which cannot be ticked together with another answer.
    """

    exclusive = {}
    exclusive_messages = {}
    # True when the page's <h1> asks the form's only question: the legend then
    # repeats it for screen readers only.
    question_is_heading = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = lean_helper(
            label_class="visually-hidden" if self.question_is_heading else "fs-5 fw-bold"
        )

    def clean(self):
        cleaned = super().clean()
        for name in self.exclusive_errors(cleaned):
            self.add_error(name, self.exclusive_messages[name])
        return cleaned

    @classmethod
    def exclusive_errors(cls, cleaned):
        """The fields where "None of these" / "I'm not sure" is ticked with another answer."""
        return [
            name
            for name, code in cls.exclusive.items()
            if code in (cleaned.get(name) or ()) and len(cleaned[name]) > 1
        ]

    @classmethod
    def clean_stored(cls, values):
        """Answers kept from an earlier visit, cleaned by this form's own fields and rules,
        or None if they are no longer valid. Cheaper than building a bound form: the
        fields only read their choices, so the class's own can be used."""
        if not isinstance(values, dict):
            return None
        cleaned = {}
        try:
            for name, field in cls.base_fields.items():
                cleaned[name] = field.clean(values.get(name))
        except ValidationError:
            return None
        return None if cls.exclusive_errors(cleaned) else cleaned


def multiple(label, items, required_message):
    return forms.MultipleChoiceField(
        label=label,
        choices=choice_list(items),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": required_message, "invalid_choice": required_message},
    )


def single(label, items, required_message):
    return forms.ChoiceField(
        label=label,
        choices=choice_list(items),
        widget=forms.RadioSelect,
        error_messages={"required": required_message, "invalid_choice": required_message},
    )


class RedFlagsForm(StepForm):
    question_is_heading = True
    exclusive = {"red_flags": choices.NONE}
    exclusive_messages = {
        "red_flags": "You ticked 'None of these' and a warning sign. Tick the signs you have, "
        "or only 'None of these'."
    }

    red_flags = forms.MultipleChoiceField(
        label="Do any of these apply to you now?",
        choices=red_flag_choices,  # a callable: the wording is content, read when used
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Tick any signs that apply to you now, or 'None of these'.",
            "invalid_choice": "Tick any signs that apply to you now, or 'None of these'.",
        },
    )


class WhereForm(StepForm):
    question_is_heading = True
    areas = multiple(
        "Where is your pain?",
        choices.AREAS,
        "Tick where your pain is. If it is in many places, tick 'Many places or all over'.",
    )


class FeelForm(StepForm):
    question_is_heading = True
    feelings = multiple(
        "What does the pain feel like?",
        choices.FEELINGS,
        "Tick the words that fit your pain, or 'I'm not sure'.",
    )
    exclusive = {"feelings": choices.NOT_SURE}
    exclusive_messages = {
        "feelings": "You ticked 'I'm not sure' and another word. Tick the words that fit, "
        "or only 'I'm not sure'."
    }


class HowLongForm(StepForm):
    duration = single(
        "How long have you had this pain?",
        choices.DURATIONS,
        "Choose how long you have had this pain, or 'I'm not sure'.",
    )
    history = multiple(
        "Do any of these apply?",
        choices.HISTORY,
        "Tick any that apply, or 'None of these, or I'm not sure'.",
    )
    exclusive = {"history": choices.NONE}
    exclusive_messages = {
        "history": "You ticked 'None of these, or I'm not sure' and another answer. "
        "Tick the ones that apply, or only 'None of these, or I'm not sure'."
    }


class AboutYouForm(StepForm):
    age_group = single("How old are you?", choices.AGE_GROUPS, "Choose your age group.")
    health = multiple(
        "Do any of these apply to you?",
        choices.HEALTH,
        "Tick any that apply to you, or 'None of these'.",
    )
    exclusive = {"health": choices.NONE}
    exclusive_messages = {
        "health": "You ticked 'None of these' and another answer. Tick the ones that apply, "
        "or only 'None of these'."
    }


class MedicinesForm(StepForm):
    medicines = multiple(
        "Do you take any of these now, or drink alcohol on most days?",
        choices.MEDICINES,
        "Tick the medicines you take, or 'None of these'.",
    )
    exclusive = {"medicines": choices.NONE}
    exclusive_messages = {
        "medicines": "You ticked 'None of these' and another answer. Tick the ones that apply, "
        "or only 'None of these'."
    }
