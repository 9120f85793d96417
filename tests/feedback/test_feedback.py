"""'Did this page help?': stored with the page and time only; plain form and htmx."""

import pytest

from pain_guide.core import pagecache
from pain_guide.feedback.models import PageFeedback
from tests.conftest import answer_steps, text_of

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


@pytest.fixture(autouse=True)
def fresh_cache():
    pagecache.clear()


@pytest.mark.parametrize(
    "url",
    [
        "/library/medicines/baclofen/",
        "/library/conditions/sciatica/",
        "/library/questions/",
        "/library/compare/",
    ],
)
def test_content_pages_ask_for_feedback(client, url):
    """The page holds a slot: htmx loads the form into it; without JavaScript, a link to it."""
    html = client.get(url).content.decode()
    assert "Did this page help?" in html
    quoted = url  # "/" stays as it is in a query value
    assert f'hx-get="/feedback/form/?page={quoted}"' in html
    assert f'href="/feedback/?page={quoted}"' in html
    assert "csrfmiddlewaretoken" not in html  # so the page can be cached for everyone
    partial = client.get("/feedback/form/", {"page": url}, headers=HTMX).content.decode()
    assert "<!doctype html>" not in partial
    assert f'name="page" value="{url}"' in partial
    assert "csrfmiddlewaretoken" in partial
    assert "Please do not type your name or any personal or health details." in partial


def test_the_result_page_asks_too(client):
    answer_steps(client, {})
    assert "Did this page help?" in text_of(client.get("/guide/result/"))


def test_without_javascript_feedback_has_its_own_page_and_is_thanked(client):
    page = client.get("/feedback/", {"page": "/library/medicines/baclofen/"})
    assert page.status_code == 200
    assert "What was unclear?" in text_of(page)
    assert 'href="/library/medicines/baclofen/"' in page.content.decode()
    response = client.post(
        "/feedback/",
        {"page": "/library/medicines/baclofen/", "helpful": "no", "comment": "Too long."},
    )
    assert response.status_code == 303
    assert response["Location"] == "/feedback/thanks/?page=%2Flibrary%2Fmedicines%2Fbaclofen%2F"
    item = PageFeedback.objects.get()
    assert (item.page, item.helpful, item.comment) == (
        "/library/medicines/baclofen/",
        False,
        "Too long.",
    )
    assert {f.name for f in PageFeedback._meta.fields} == {
        "id",
        "page",
        "helpful",
        "comment",
        "created_at",
    }
    assert "Thank you for your feedback." in text_of(client.get(response["Location"]))


def test_feedback_pages_for_unknown_pages_are_refused(client):
    assert client.get("/feedback/", {"page": "/admin/"}).status_code == 404
    partial = client.get("/feedback/form/", {"page": "https://evil.example/"}, headers=HTMX)
    assert "Feedback is not available for this page." in partial.content.decode()


def test_with_htmx_it_thanks_in_place(client):
    response = client.post(
        "/feedback/", {"page": "/library/compare/", "helpful": "yes"}, headers=HTMX
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<!doctype html>" not in html
    assert 'id="feedback"' in html
    assert "Thank you for your feedback." in html
    assert PageFeedback.objects.get().helpful is True
    assert "HX-Request" in response["Vary"]


@pytest.mark.parametrize(
    "data",
    [
        {"page": "/library/compare/"},  # no answer
        {"page": "/library/compare/", "helpful": "maybe"},
        {"page": "/library/compare/", "helpful": "yes", "comment": "x" * 501},
        {"page": "https://evil.example/", "helpful": "yes"},
        {"page": "//evil.example/", "helpful": "yes"},
        {"page": "/no/such/page/", "helpful": "yes"},
        {"page": "/admin/", "helpful": "yes"},
        {"page": "/r/ABCDEFGHJKMNPQ/", "helpful": "yes"},
        {"page": "/guide/result/?answers=pregnant", "helpful": "yes"},
        {"page": "/library/", "helpful": "yes", "comment": "nul\x00byte"},
    ],
)
def test_bad_feedback_is_refused_and_nothing_is_stored(client, data):
    response = client.post("/feedback/", data)
    assert response.status_code == 400
    assert "Your feedback was not sent" in text_of(response)
    assert not PageFeedback.objects.exists()
    partial = client.post("/feedback/", data, headers=HTMX)
    assert partial.status_code == 200
    assert "There is a problem" in partial.content.decode()
    assert not PageFeedback.objects.exists()


def test_control_characters_are_stripped_from_notes(client):
    client.post("/feedback/", {"page": "/library/", "helpful": "no", "comment": "bad\x07\x1b page"})
    assert PageFeedback.objects.get().comment == "bad page"


def test_feedback_is_rate_limited(client, settings):
    settings.RATELIMITS = {**settings.RATELIMITS, "feedback": (2, 600)}
    for _ in range(2):
        client.post("/feedback/", {"page": "/library/", "helpful": "yes"})
    response = client.post("/feedback/", {"page": "/library/", "helpful": "yes"})
    assert response.status_code == 429
    assert PageFeedback.objects.count() == 2


def test_feedback_is_listed_and_filterable_in_the_admin(client):
    from django.contrib.auth import get_user_model

    PageFeedback.objects.create(page="/library/", helpful=False, comment="Confusing words.")
    PageFeedback.objects.create(page="/library/compare/", helpful=True)
    user = get_user_model().objects.create_superuser("ed", "ed@example.com", "pw-for-tests")
    client.force_login(user)
    response = client.get("/admin/feedback/pagefeedback/", {"helpful__exact": "0"})
    html = response.content.decode()
    assert "Confusing words." in html
    assert "/library/compare/" not in html.split("result_list")[1]


def test_other_methods_are_refused(client):
    assert client.put("/feedback/").status_code == 405
    assert client.post("/feedback/form/").status_code == 405
