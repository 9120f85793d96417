"""Deterministic performance budgets: bytes on the wire. (Timings live in bench/, never here.)"""

import gzip
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

from pain_guide.guide.steps import STEPS
from tests.conftest import answer_steps

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


def gz(data):
    return len(gzip.compress(data))


def test_a_first_visit_is_under_60_kb_compressed(client):
    """The start page and everything it loads (CSS, JS, icon), gzipped."""
    html = client.get("/guide/").content
    total = gz(html)
    assets = re.findall(rb'(?:href|src)="/static/([^"]+)"', html)
    assert assets
    for asset in assets:
        total += gz(Path(finders.find(asset.decode())).read_bytes())
    assert total < 60 * 1024


@pytest.mark.parametrize("index", range(len(STEPS)))
def test_an_htmx_step_swap_is_under_6_kb(client, index):
    if index:
        answer_steps(client, {}, until=STEPS[index - 1].slug)
    partial = client.get(f"/guide/{STEPS[index].slug}/", headers=HTMX).content
    assert gz(partial) < 6 * 1024


def test_htmx_swaps_of_check_and_result_are_under_6_kb(client):
    answer_steps(client, {})
    for url in ("/guide/check-your-answers/", "/guide/result/"):
        assert gz(client.get(url, headers=HTMX).content) < 6 * 1024, url
