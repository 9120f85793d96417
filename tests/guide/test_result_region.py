"""The result's further reading follows the reader's country: a medicine that cannot be had
there (carisoprodol in the UK: withdrawn, EMA 2007) is not offered beside the groups."""

import re

import pytest

from tests.conftest import answer_steps

pytestmark = pytest.mark.django_db

LOW_BACK_SPASM = {
    "areas": ["lower-back"],
    "feelings": ["spasms", "stiff"],
    "duration": "under-6-weeks",
    "history": ["injury"],
}


def further_reading(html):
    return re.findall(r'class="library-links[^"]*">(.*?)</p>', html, re.S)


@pytest.mark.parametrize(("region", "shown"), [("us", True), ("uk", False)])
def test_withdrawn_medicines_are_not_offered_as_further_reading(client, settings, region, shown):
    settings.PAIN_GUIDE_REGION = region
    answer_steps(client, LOW_BACK_SPASM)
    html = client.get("/guide/result/").content.decode()
    links = " ".join(further_reading(html))
    assert "Methocarbamol" in links  # the muscle relaxer group is linked in both countries
    assert ("Carisoprodol" in links) is shown
