"""Numbers people understand: out-of-100 figures next to a dummy pill, drawn as pictures.

Each figure lives in the seed with its reference; the picture shows exactly the numbers the
words beside it say, and the page cites the review the figure comes from.
"""

import re

import pytest

from pain_guide.core.templatetags.icon_array import icon_array_svg
from pain_guide.library.models import Group, Medicine

pytestmark = pytest.mark.django_db


def filled(svg):
    """How many dots the picture fills."""
    group = re.search(r'<g class="icon-array__filled">(.*?)</g>', svg, re.S).group(1)
    return group.count("<circle")


@pytest.mark.parametrize("count", [0, 1, 17, 32, 99, 100])
def test_an_icon_array_fills_exactly_its_count_of_100(count):
    svg = icon_array_svg(count)
    assert svg.count("<circle") == 100
    assert filled(svg) == count
    assert 'aria-hidden="true"' in svg


def items_with_figures():
    return [
        *Medicine.objects.with_texts().exclude(figures=[]),
        *Group.objects.with_texts().exclude(figures=[]),
    ]


def test_the_key_nerve_pain_medicines_have_figures():
    slugs = {item.slug for item in items_with_figures()}
    assert {"gabapentin", "duloxetine", "gabapentinoids", "snris"} <= slugs


def test_every_picture_shows_the_numbers_in_the_words_beside_it(client):
    checked = 0
    for item in items_with_figures():
        html = client.get(item.get_absolute_url()).content.decode()
        shown = re.findall(r'<figure class="figure-pair">(.*?)</figure>', html, re.S)
        assert len(shown) == len(item.figures), item
        for figure, block in zip(item.figures, shown, strict=True):
            counts = [filled(svg) for svg in re.findall(r"<svg.*?</svg>", block, re.S)]
            assert counts == [figure["treated"], figure["placebo"]], item
            caption = re.search(r"<figcaption>(.*?)</figcaption>", block, re.S).group(1)
            said = [int(n) for n in re.findall(r"about (\d+)", caption)]
            assert said == [figure["treated"], figure["placebo"]], item
            assert "Out of 100" in caption
            assert f"with {figure.get('control', 'a dummy pill')}" in caption
            checked += 1
    assert checked >= 3


def test_each_figure_comes_from_a_reference_the_page_cites():
    for item in items_with_figures():
        cited = {reference.key for reference in item.references}
        for figure in item.figures:
            assert figure["ref"] in cited, (item, figure["ref"])
