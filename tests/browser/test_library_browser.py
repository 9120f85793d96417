"""Every library page type in real Chromium, JavaScript on and off, with axe."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import assert_nothing_blocked, open_page

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = [
    ("/library/", "Medicine library"),
    ("/library/medicines/", "Medicines A to Z"),
    ("/library/medicines/baclofen/", "Baclofen"),
    ("/library/groups/", "Medicine groups"),
    ("/library/groups/gabapentinoids/", None),
    ("/library/conditions/", "Conditions"),
    ("/library/conditions/sciatica/", None),
    ("/library/questions/", "Common questions"),
    ("/library/questions/is-gabapentin-a-muscle-relaxer/", "Is gabapentin a muscle relaxer?"),
    ("/library/compare/", "Muscle relaxers vs nerve-pain medicines, side by side"),
    ("/library/search/?q=neurontin", "Search the library"),
]


def test_every_library_page_type(live_server, page, library, check_a11y):
    for path, heading in PAGES:
        page.goto(live_server.url + path)
        if heading:
            expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        check_a11y(page, path)


def test_search(live_server, page, javascript, library, check_a11y):
    page.goto(live_server.url + "/library/")
    box = page.get_by_label("Search by medicine, brand or condition")
    if javascript:
        # Results arrive as you type, without leaving the page.
        page.goto(live_server.url + "/library/search/")
        page.get_by_label("Search by medicine, brand or condition").press_sequentially("baclophen")
        expect(page.locator("#search-results")).to_contain_text("Baclofen")
    else:
        box.fill("baclophen")
        page.get_by_role("button", name="Search").click()
        expect(page.locator("#search-results")).to_contain_text("Baclofen")
    check_a11y(page, "search results")
    page.get_by_role("link", name="Baclofen").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Baclofen")
    expect(page.locator("main")).to_contain_text("Never stop taking baclofen all at once")


def test_nothing_found(live_server, page, library, check_a11y):
    page.goto(live_server.url + "/library/search/?q=qwertyuiop")
    expect(page.locator("main")).to_contain_text("No results for")
    check_a11y(page, "no results")


@pytest.mark.parametrize("width", [360, 1920])
def test_the_comparison_is_cards_on_a_phone_and_a_whole_table_on_a_wide_screen(
    live_server, browser, library, width
):
    """On a phone each question is a card with every group's answer, named, stacked under it;
    on a wide screen the table shows whole, nothing cut off or scrolled."""
    context, page = open_page(browser, viewport={"width": width, "height": 900})
    page.goto(live_server.url + "/library/compare/")
    sideways = page.evaluate(
        "document.scrollingElement.scrollWidth - document.scrollingElement.clientWidth"
    )
    assert sideways <= 0
    table = page.locator("table.comparison")
    first_answer = table.locator("tbody td").first
    label = first_answer.evaluate("cell => getComputedStyle(cell, '::before').content")
    if width == 360:
        assert table.locator("tbody tr").first.evaluate("row => getComputedStyle(row).display") == (
            "block"
        )
        assert label.strip('"') == first_answer.get_attribute("data-group")
        assert first_answer.bounding_box()["width"] > 300  # answers stacked, full width
    else:
        scroll = page.locator(".table-scroll").evaluate("box => box.scrollWidth - box.clientWidth")
        assert scroll <= 0, f"the table is cut off by {scroll} px"
        assert label == "none"
        expect(table.locator("thead")).to_be_visible()
    # Screen readers still get a table with its headers, whatever the layout.
    assert table.get_attribute("role") == "table"
    assert table.locator("tbody th").first.get_attribute("role") == "rowheader"
    context.close()
    assert_nothing_blocked(page)
