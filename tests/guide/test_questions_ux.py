"""The question pages as a person meets them: "Check your answers" names each question in words
that stand on their own, and "None of these" cannot be sent with another answer."""

import re
from html import unescape

import pytest

from pain_guide.guide.content import result_content
from pain_guide.guide.steps import STEPS
from tests.conftest import answer_steps, text_of

pytestmark = pytest.mark.django_db

# Face pain and diabetes: every step is asked, the extra signs page included.
EVERY_STEP_PERSON = {"areas": ["face"], "history": ["diabetes"]}
EXCLUSIVE = [
    (step, name, code) for step in STEPS for name, code in step.form_class.exclusive.items()
]


def test_every_question_has_a_short_name_in_its_steps_words():
    """[steps.<slug>] names in content/questions.toml: one for each question on the page."""
    steps = result_content()["steps"]
    assert set(steps) == {step.slug for step in STEPS}
    for step in STEPS:
        assert list(steps[step.slug]["names"]) == list(step.fields), step.slug


def test_check_your_answers_names_each_question_on_its_own(client):
    """Not several rows of "Do any of these apply?": each row says what it is about."""
    answer_steps(client, EVERY_STEP_PERSON)
    html = client.get("/guide/check-your-answers/").content.decode()
    names = [unescape(name).strip() for name in re.findall(r"<dt>(.*?)</dt>", html, re.S)]
    assert names == [step.name_of(field) for step in STEPS for field in step.fields]
    assert len(set(names)) == len(names) == 9
    for name in names:
        assert not name.endswith("?"), name
        assert "these" not in name.lower(), name  # "Do any of these apply?" needs its page
    # A screen reader's list of links tells the Change links apart by the same names.
    changes = re.findall(r'>Change<span class="visually-hidden">(.*?)</span>', html)
    assert [unescape(change).strip() for change in changes] == [
        f"your answers: {name}" for name in names
    ]


def checkbox_values(html, name):
    return re.findall(rf'<input type="checkbox"[^>]*name="{name}" value="([^"]+)"', html)


@pytest.mark.parametrize(
    ("step", "name", "code"), EXCLUSIVE, ids=[f"{step.slug}-{name}" for step, name, _ in EXCLUSIVE]
)
def test_none_of_these_is_marked_and_the_server_explains_a_clash(client, step, name, code):
    """The "None of these" (or "I'm not sure") box carries data-exclusive for site.js; without
    JavaScript, sending it with another answer shows a clear error and keeps both ticked."""
    index = STEPS.index(step)
    answer_steps(client, EVERY_STEP_PERSON, until=STEPS[index - 1].slug)
    url = f"/guide/{step.slug}/"
    html = client.get(url).content.decode()
    marked = re.findall(rf'name="{name}" value="([^"]+)"[^>]*\bdata-exclusive\b', html)
    assert marked == [code]
    other = next(value for value in checkbox_values(html, name) if value != code)

    data = {field: "under-6-weeks" for field in step.fields if field == "duration"}
    response = client.post(url, {**data, name: [code, other]})
    assert response.status_code == 200
    page = response.content.decode()
    message = str(step.form_class.exclusive_message(name))
    assert text_of(response).count(message) == 2  # in the error summary and beside the question
    assert "There is a problem" in text_of(response)
    ticked = re.findall(rf'name="{name}" value="([^"]+)"[^>]*\bchecked\b', page)
    assert sorted(ticked) == sorted([code, other])
