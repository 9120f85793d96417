"""One form per question page. Each validates codes against the rules' vocabulary."""

from functools import cache

from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.html import format_html

from pain_guide.core.forms import lean_helper

from . import choices, rules
from .content import current_language, result_content, words


def labelled(code, label, hint=""):
    """One form choice; a hint shows under its label."""
    if hint:
        return (code, format_html('{}<span class="choice-hint">{}</span>', label, hint))
    return (code, label)


def choice_list(items):
    """Form choices from guide Choices, in the page's language."""
    return [labelled(item.code, item.label, item.hint) for item in items]


def red_flag_groups(codes):
    """[(heading, [codes in order])] for the red-flag groups holding any of ``codes``."""
    content = result_content()
    groups = []
    for block in content["red-flag-groups"].values():
        flags = [code for code in block["flags"] if code in codes]
        if flags:
            groups.append((block["heading"], flags))
    return groups


def sign_choices(codes):
    """Choices for a list of warning signs, grouped as the content groups them, with the
    heading that opens each group; then "None of these"."""
    flags = result_content()["red-flags"]
    signs, headings = [], {}
    for heading, group in red_flag_groups(codes):
        headings[group[0]] = heading
        signs += [
            labelled(code, flags[code]["label"], flags[code].get("hint", "")) for code in group
        ]
    return signs + [(choices.NONE, words("phrases", "none-of-these"))], headings


def red_flag_choices():
    """The first screen's signs, in the page's language."""
    return _sign_choices(frozenset(rules.SCREEN_FLAGS), current_language())


def area_sign_choices(groups=tuple(rules.AREA_SIGNS)):
    """The second page's signs for the given groups of AREA_SIGNS."""
    codes = frozenset(code for group in groups for code in rules.AREA_SIGNS[group])
    return _sign_choices(codes, current_language())


@cache
def _sign_choices(codes, language):
    """Read once per process and language, like the content itself."""
    with translation.override(language):
        return sign_choices(codes)


class AnswerCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes where one answer ("None of these", "I'm not sure") cannot be ticked with the
    others: it carries ``data-exclusive``, so that static/js/site.js unticks the others when it
    is ticked (and it when another is). Without JavaScript the form's clean() explains."""

    exclusive = None  # the code of that answer; StepForm sets it from ``exclusive``

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        if self.exclusive is not None and value == self.exclusive:
            option["attrs"]["data-exclusive"] = True
        return option


class StepForm(forms.Form):
    """A question page: crispy renders the fields; the template owns the <form> tag.

    ``exclusive`` maps a field to its "None of these" / "I'm not sure" code,
    which cannot be ticked together with another answer.
    """

    exclusive = {}
    # {first code of a group of answers: the heading shown above the group}
    headings = {}
    # True when the page's <h1> asks the form's only question: the legend then
    # repeats it for screen readers only.
    question_is_heading = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.use_page_language()
        self.helper = lean_helper(
            label_class="visually-hidden" if self.question_is_heading else "fs-5 fw-bold"
        )
        for field in self.fields.values():
            field.widget.headings = self.headings
        for name, code in self.exclusive.items():
            self.fields[name].widget.exclusive = code

    def use_page_language(self):
        """Each question's words in the page's language: the class's fields were made with
        the English, and each form has its own copies of them."""
        for name, field in self.fields.items():
            words = asked(name)
            field.label = words["question"]
            field.error_messages = {
                **field.error_messages,
                "required": words["required"],
                "invalid_choice": words["required"],
            }
            if getattr(field, "answers", None) is not None:
                field.choices = choice_list(field.answers)

    @staticmethod
    def exclusive_message(name):
        """What to say when "None of these" / "I'm not sure" is ticked with another answer."""
        return asked(name)["both"]

    @classmethod
    def for_answers(cls, answers, **kwargs):
        """The form as this person sees it (the rules' Answers so far decide what it asks)."""
        return cls(**kwargs)

    def clean(self):
        cleaned = super().clean()
        for name in self.exclusive_errors(cleaned):
            self.add_error(name, self.exclusive_message(name))
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


def asked(name):
    """The words of one answer's question ([asks.<name>] in content/questions.toml)."""
    return result_content()["asks"][name]


def question_field(field_class, name, choices, widget):
    """One question's field, its words from [asks.<name>]: the question, and what to say when
    it is not answered (or answered with a code it does not offer)."""
    words = asked(name)
    return field_class(
        label=words["question"],
        choices=choices,
        widget=widget,
        error_messages={"required": words["required"], "invalid_choice": words["required"]},
    )


def multiple(name, items):
    field = question_field(forms.MultipleChoiceField, name, choice_list(items), AnswerCheckboxes)
    field.answers = items  # their words are set per page language (StepForm.use_page_language)
    return field


def single(name, items):
    field = question_field(forms.ChoiceField, name, choice_list(items), forms.RadioSelect)
    field.answers = items
    return field


def signs_field(name, choices_callable):
    # A callable: the signs' wording is content, read when the form is used.
    return question_field(forms.MultipleChoiceField, name, choices_callable, AnswerCheckboxes)


class AgeForm(StepForm):
    question_is_heading = True
    age_group = single("age_group", choices.AGE_GROUPS)


class RedFlagsForm(StepForm):
    question_is_heading = True
    exclusive = {"red_flags": choices.NONE}

    red_flags = signs_field("red_flags", lambda: red_flag_choices()[0])

    @property
    def headings(self):
        return red_flag_choices()[1]


class MoreSignsForm(StepForm):
    """Signs that matter only for some people (face pain, diabetes, spinal cord injury),
    asked after the answers that make them relevant: only those groups are shown, while
    stored answers are checked against every sign the page can ask."""

    question_is_heading = True
    exclusive = {"more_signs": choices.NONE}

    more_signs = signs_field("more_signs", lambda: area_sign_choices()[0])

    def __init__(self, *args, groups=tuple(rules.AREA_SIGNS), **kwargs):
        self._choices, self._headings = area_sign_choices(tuple(groups))
        super().__init__(*args, **kwargs)
        self.fields["more_signs"].choices = self._choices

    @property
    def headings(self):
        return self._headings

    @classmethod
    def for_answers(cls, answers, **kwargs):
        return cls(groups=rules.area_sign_groups(answers), **kwargs)


class WhereForm(StepForm):
    question_is_heading = True
    areas = multiple("areas", choices.AREAS)


class FeelForm(StepForm):
    question_is_heading = True
    feelings = multiple("feelings", choices.FEELINGS)
    exclusive = {"feelings": choices.NOT_SURE}


class HowLongForm(StepForm):
    duration = single("duration", choices.DURATIONS)
    history = multiple("history", choices.HISTORY)
    exclusive = {"history": choices.NONE}


class AboutYouForm(StepForm):
    question_is_heading = True
    health = multiple("health", choices.HEALTH)
    exclusive = {"health": choices.NONE}


class MedicinesForm(StepForm):
    medicines = multiple("medicines", choices.MEDICINES)
    exclusive = {"medicines": choices.NONE}
