"""At most 4 SQL queries on any page a patient or clinician sees, with nothing cached yet.

(The admin is for editors and is left out: Django's changelists count their own queries.)
"""

import pytest

from pain_guide.core import pagecache
from pain_guide.library.models import Condition, Medicine, Question
from pain_guide.sharing.models import ResultLink, ShareLink
from tests.conftest import (
    DEFAULT_PERSON,
    EVERY_PAGE,
    STEP_FIELDS,
    answer_steps,
    content_types_cached,
)

pytestmark = pytest.mark.django_db
BUDGET = 4
MISSING = {"/no-such-page/", "/s/AAAAAAAAAAAAAA/", "/r/AAAAAAAAAAAAAA/"}  # in EVERY_PAGE


@pytest.fixture
def links():
    share = ShareLink.objects.create_with_code(
        include_guide=True, include_comparison=True, region="us"
    )
    share.medicines.set(Medicine.objects.filter(slug__in=["gabapentin", "baclofen"]))
    share.conditions.set(Condition.objects.filter(slug="sciatica"))
    share.questions.set(Question.objects.all()[:2])
    answers = {slug: {name: DEFAULT_PERSON[name] for name in names} for slug, names in STEP_FIELDS}
    result = ResultLink.objects.create_with_code(
        answers=answers, expires_at=ResultLink.expiry_from_now()
    )
    return share, result


def assert_within_budget(client, django_assert_max_num_queries, url, **headers):
    pagecache.clear()
    content_types_cached()
    with django_assert_max_num_queries(BUDGET):
        response = client.get(url, headers=headers)
    return response


@pytest.mark.parametrize("htmx", [False, True])
@pytest.mark.parametrize("url", EVERY_PAGE)
def test_every_page_within_the_query_budget(client, django_assert_max_num_queries, url, htmx):
    answer_steps(client, {})
    headers = {"HX-Request": "true"} if htmx else {}
    response = assert_within_budget(client, django_assert_max_num_queries, url, **headers)
    assert response.status_code == (404 if url in MISSING else 200), url


def test_shared_pages_and_result_links_within_the_query_budget(
    client, django_assert_max_num_queries, links
):
    share, result = links
    for url in (
        f"/s/{share.code}/",
        f"/share/{share.code}/",
        f"/share/{share.code}/handout/",
        f"/r/{result.code}/",
        f"/r/{result.code}/delete/",
    ):
        response = assert_within_budget(client, django_assert_max_num_queries, url)
        # Only the browser that made a result link may open its delete page.
        assert response.status_code == (403 if url.endswith("/delete/") else 200), url
