"""pain_guide/library/sections.py: each kind of page's section keys and titles, defined once
(seed/en/sections.toml), used by the seed loader and by the pages."""

import pytest

from pain_guide.library import seed
from pain_guide.library.sections import KINDS, section_keys, section_titles


def test_every_kind_has_its_sections_with_titles():
    for kind in KINDS:
        titles = section_titles(kind)
        assert titles, kind
        assert all(title.strip() and title[0].isupper() for title in titles.values()), kind


def test_the_seed_loader_accepts_exactly_the_keys_the_pages_show():
    assert section_keys("medicine") == seed.MEDICINE_SECTIONS
    assert section_keys("group") == seed.GROUP_SECTIONS
    assert section_keys("condition") == seed.CONDITION_SECTIONS
    assert section_keys("question") == seed.QUESTION_SECTIONS


@pytest.mark.django_db
def test_a_medicine_page_shows_each_section_under_its_title_in_order(client):
    page = client.get("/library/medicines/baclofen/").content.decode()
    positions = [page.find(f">{title}<") for title in section_titles("medicine").values()]
    shown = [position for position in positions if position != -1]
    assert len(shown) >= 10  # baclofen's page has most sections
    assert shown == sorted(shown)
