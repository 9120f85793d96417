"""Deterministic performance budgets: bytes on the wire. (Timings live in bench/, never here.)"""

import gzip
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

from pain_guide.guide.steps import STEPS
from pain_guide.library.models import Condition, Medicine
from pain_guide.sharing.models import ShareLink
from tests.conftest import answer_steps

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


def gz(data):
    return len(gzip.compress(data))


def first_visit_bytes(html):
    """A page and everything it loads (CSS, JS, icon), gzipped."""
    total = gz(html)
    assets = re.findall(rb'(?:href|src)="/static/([^"]+)"', html)
    assert assets
    for asset in assets:
        total += gz(Path(finders.find(asset.decode())).read_bytes())
    return total


def test_a_first_visit_is_under_60_kb_compressed(client):
    assert first_visit_bytes(client.get("/guide/").content) < 60 * 1024


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/guide/where/",
        "/guide/result/",
        "/library/",
        "/library/medicines/gabapentin/",
        "/library/compare/",
        "/library/search/?q=lyrica",
        "/library/conditions/sciatica/",
        "/library/questions/is-gabapentin-a-muscle-relaxer/",
        "/share/",
    ],
)
def test_a_first_visit_to_any_page_type_is_under_60_kb(client, url):
    """A patient may arrive anywhere first: from a clinician's link, a QR code or a search."""
    answer_steps(client, {})
    response = client.get(url)
    assert response.status_code == 200
    assert first_visit_bytes(response.content) < 60 * 1024, url


def test_a_first_visit_to_a_clinicians_share_page_is_under_60_kb(client):
    link = ShareLink.objects.create_with_code(include_guide=True, region="us")
    link.medicines.set(Medicine.objects.all())
    link.conditions.set(Condition.objects.all())
    response = client.get(f"/s/{link.code}/")
    assert response.status_code == 200
    assert first_visit_bytes(response.content) < 60 * 1024


@pytest.mark.parametrize("index", range(len(STEPS)))
def test_an_htmx_step_swap_is_under_6_kb(client, index):
    if index:
        answer_steps(client, {}, until=STEPS[index - 1].slug)
    partial = client.get(f"/guide/{STEPS[index].slug}/", headers=HTMX).content
    assert gz(partial) < 6 * 1024


def test_htmx_swaps_of_check_and_result_are_under_6_kb(client):
    """The result alone may reach 7 KB: it carries its full list of sources and each group's
    detail behind a tap (docs/adr/0010-a-result-to-take-in-at-a-glance.md)."""
    answer_steps(client, {})
    for url, budget in (("/guide/check-your-answers/", 6), ("/guide/result/", 7)):
        assert gz(client.get(url, headers=HTMX).content) < budget * 1024, url
