"""The result as a tired person on a phone sees it, and as it prints.

Answers are put in place with Django's test client (the signed session cookie is copied into
the browser): the questions themselves are walked in test_guide_browser.py.
"""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import check_accessibility, open_with_answers

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 360, "height": 740}

# Three very different people, with the length each result had before it was reshaped
# (issue 13), in 360 x 740 screens: the page must be at most about half that now (60 %).
PEOPLE = {
    "sciatica": (
        {
            "areas": ["lower-back", "leg"],
            "feelings": ["shooting", "tingling"],
            "duration": "6-to-12-weeks",
        },
        16.8,
    ),
    "new-back-strain": (
        {
            "areas": ["lower-back"],
            "feelings": ["spasms", "stiff"],
            "duration": "under-6-weeks",
            "history": ["injury"],
        },
        16.9,
    ),
    "older-with-many-warnings": (
        {
            "areas": ["neck"],
            "feelings": ["spasms", "stiff"],
            "duration": "under-6-weeks",
            "history": ["injury"],
            "age_group": "65-plus",
            "health": ["fall", "driving"],
            "medicines": ["opioids", "alcohol"],
        },
        19.1,
    ),
}


def open_result(browser, live_server, person, *, javascript=True):
    context, page = open_with_answers(
        browser, live_server.url, person, javascript=javascript, viewport=PHONE
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Your result")
    return context, page


def screens(page, selector=None):
    """Where an element starts (or the page ends), in phone screens from the top."""
    if selector is None:
        return page.evaluate("document.documentElement.scrollHeight") / PHONE["height"]
    top = page.locator(selector).first.evaluate(
        "element => element.getBoundingClientRect().top + window.scrollY"
    )
    return top / PHONE["height"]


@pytest.mark.parametrize("name", PEOPLE)
@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_the_summary_and_first_card_come_first_and_the_page_is_half_as_long(
    browser, live_server, library, name, javascript
):
    person, screens_before = PEOPLE[name]
    context, page = open_result(browser, live_server, person, javascript=javascript)
    try:
        summary = page.locator(".result-summary")
        expect(summary.get_by_role("heading", name="In short")).to_be_visible()
        expect(summary.get_by_role("link", name="Questions to ask your doctor")).to_be_visible()
        # The contents list comes after the summary and before the detail.
        assert screens(page, ".result-summary") < screens(page, ".result-contents")
        assert screens(page, ".result-contents") < screens(page, ".medicine-group")
        # The first card starts within the first two screens.
        assert screens(page, ".medicine-group") < 2, name
        # The whole page is at most about half as long as it was.
        assert screens(page) <= screens_before * 0.6, (name, screens(page))
        # Each card's detail is one tap away, in a native <details>.
        first_more = page.locator(".medicine-group__more").first
        expect(first_more.locator("dl, p").first).to_be_hidden()
        first_more.locator("summary").click()
        expect(first_more.locator("dl, p").first).to_be_visible()
    finally:
        context.close()


def test_sciatica_is_never_told_medicines_may_be_considered(browser, live_server, library):
    context, page = open_result(browser, live_server, PEOPLE["sciatica"][0])
    try:
        main = page.locator("main")
        expect(main).not_to_contain_text("Medicines doctors may consider")
        heading = page.get_by_role("heading", name="No usual medicine has good evidence")
        expect(heading).to_be_visible()
        # The explanation prints too.
        page.emulate_media(media="print")
        expect(heading).to_be_visible()
        expect(page.locator(".result-note")).to_be_visible()
    finally:
        context.close()


@pytest.mark.parametrize("name", PEOPLE)
def test_the_printed_result_fits_two_pages_and_prints_the_detail_open(
    browser, live_server, library, name
):
    """On paper: the summary, each group with its label and detail, the person's warnings
    and the questions for the doctor, on two A4 or Letter pages."""
    from pypdf import PdfReader

    context, page = open_result(browser, live_server, PEOPLE[name][0])
    try:
        page.emulate_media(media="print")
        expect(page.get_by_role("heading", name="In short")).to_be_visible()
        expect(page.get_by_role("heading", name="Things to know for you")).to_be_visible()
        expect(page.get_by_role("heading", name="Questions to ask your doctor")).to_be_visible()
        expect(page.locator(".evidence").first).to_be_visible()
        # A closed <details> prints open.
        more = page.locator(".medicine-group:not(.medicine-group--compact) .medicine-group__more")
        if more.count():
            expect(more.first.get_by_text("Main side effects and safety")).to_be_visible()
        expect(page.locator(".result-contents")).to_be_hidden()
        expect(page.locator(".result-actions")).to_be_hidden()
        for paper in ("A4", "Letter"):
            pdf = page.pdf(format=paper)
            pages = len(PdfReader(__import__("io").BytesIO(pdf)).pages)
            assert pages <= 2, (name, paper, pages)
    finally:
        context.close()


def test_a_result_link_beside_print_copied_and_deleted_only_by_its_maker(
    browser, live_server, library
):
    context, page = open_result(browser, live_server, PEOPLE["new-back-strain"][0])
    try:
        actions = page.locator(".result-summary .result-actions")
        expect(actions.get_by_role("button", name="Print")).to_be_visible()
        actions.get_by_role("button", name="Make a link to these results").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Results shared with a link")
        context.grant_permissions(["clipboard-read", "clipboard-write"])
        page.get_by_role("button", name="Copy the link").click()
        expect(page.locator(".copy-status")).to_have_text("Link copied.")
        assert page.evaluate("navigator.clipboard.readText()") == page.url
        check_accessibility(page, "result link")

        # Someone else who holds the link reads it, but cannot delete it.
        other = browser.new_context(viewport=PHONE)
        reader = other.new_page()
        reader.goto(page.url)
        expect(reader.locator("main")).to_contain_text("the person who made this link")
        expect(reader.get_by_role("link", name="Delete this link")).to_have_count(0)
        other.close()

        # "Start your own" and "Delete this link" are far apart, not touching.
        start = page.get_by_role("link", name="Start your own").bounding_box()
        delete = page.get_by_role("link", name="Delete this link").bounding_box()
        assert delete["y"] - (start["y"] + start["height"]) > 200
        page.get_by_role("link", name="Delete this link").click()
        page.get_by_role("button", name="Delete the link").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("This link has been deleted")
        page.go_back()
        page.reload()
        expect(page.get_by_role("heading", level=1)).to_have_text("This link has been deleted")
    finally:
        context.close()
