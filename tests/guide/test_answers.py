"""Answers kept in the session are checked again on every request, by the steps' own fields.

``StepForm.clean_stored`` does this without building a bound form each time (it was a large
part of every guide page's render time). These properties pin it to the forms' own verdict.
"""

from django.http import QueryDict
from hypothesis import given, settings
from hypothesis import strategies as st

from pain_guide.guide import answers
from pain_guide.guide.steps import STEPS


def form_verdict(step, values):
    """What a bound form says of the same values, posted as a browser would post them."""
    data = QueryDict(mutable=True)
    for name, value in values.items():
        if isinstance(value, list):
            data.setlist(name, [str(item) for item in value])
        elif isinstance(value, str):
            data[name] = value
    form = step.form_class(data=data)
    return form.cleaned_data if form.is_valid() else None


def codes(step, name):
    return [code for code, _label in step.form_class.base_fields[name].choices]


@st.composite
def well_formed(draw, step):
    """Values shaped as the guide stores them, each code valid or not."""
    values = {}
    for name, field in step.form_class.base_fields.items():
        pool = st.sampled_from([*codes(step, name), "nope", "", "<b>x</b>"])
        if field.widget.allow_multiple_selected:
            values[name] = draw(st.lists(pool, max_size=4))
        elif draw(st.booleans()):
            values[name] = draw(pool)
    return values


ANYTHING = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=6,
)


@settings(max_examples=150)
@given(data=st.data())
def test_stored_answers_of_the_usual_shape_get_exactly_the_forms_verdict(data):
    for step in STEPS:
        values = data.draw(well_formed(step))
        assert step.form_class.clean_stored(values) == form_verdict(step, values), step.slug


@settings(max_examples=150)
@given(data=st.data())
def test_odd_stored_values_are_never_accepted_where_a_form_would_refuse_them(data):
    for step in STEPS:
        names = st.sampled_from([*step.form_class.base_fields, "extra"])
        values = data.draw(st.dictionaries(names, ANYTHING, max_size=3))
        cleaned = step.form_class.clean_stored(values)
        if cleaned is not None:
            assert cleaned == form_verdict(step, values), step.slug


def test_a_full_set_of_stored_answers_is_kept_and_anything_else_dropped():
    stored = {
        "red-flags": {"red_flags": ["none"]},
        "where": {"areas": ["neck"]},
        "feel": {"feelings": ["not-sure", "burning"]},  # contradictory: dropped
        "how-long": {"duration": "forever", "history": ["none"]},  # unknown code: dropped
        "about-you": "not a dict",
        "nonsense": {"x": 1},
    }
    assert answers.valid_answers(stored) == {
        "red-flags": {"red_flags": ["none"]},
        "where": {"areas": ["neck"]},
    }
    assert answers.valid_answers(None) == {}
