"""The reader's region in real Chromium: a share link's region holds through the guide and can
be changed; the emergency number is a tap-to-call link; large default fonts neither make the
page scroll sideways nor let the emergency box fill the first screen."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import assert_nothing_blocked, continue_to, open_page, tick

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def two_regions(settings):
    """A US site that also serves the UK (live_server runs in this process: it sees these)."""
    settings.PAIN_GUIDE_REGION = "us"
    settings.PAIN_GUIDE_SHARE_REGIONS = ["uk", "us"]


def message_comes_before_any_box(page):
    """The emergency page's own message is above every emergency box a reader can see."""
    message = page.locator(".outcome--emergency").bounding_box()
    for box in page.locator(".emergency-box").all():
        if box.is_visible():
            assert box.bounding_box()["y"] > message["y"] + message["height"]


def test_a_share_links_region_holds_through_the_guide_and_can_be_changed(
    live_server, page, javascript, two_regions, check_a11y
):
    # A US clinic makes a link for a patient in the UK.
    page.goto(live_server.url + "/share/")
    page.get_by_label("The guide: questions about their pain, and what fits it").check()
    page.get_by_label("United Kingdom", exact=True).check()
    page.get_by_role("button", name="Make the link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your link is ready")
    url = page.locator("#share-url").input_value()

    # The patient opens it in their own browser (the clinician's visit was the US's).
    patient, page = open_page(page.context.browser, javascript=javascript)
    page.goto(url)
    expect(page.locator(".emergency-box")).to_contain_text("Call 999 now, or go to A&E.")
    expect(page.locator(".region-choice")).to_have_text(re.compile(r"Showing advice for the UK\b"))

    # Leaving the landing page does not lose the region: a library page, then the guide to
    # the emergency page.
    page.goto(live_server.url + "/library/")
    expect(page.locator(".emergency-box")).to_contain_text("Call 999 now")
    page.go_back()
    page.get_by_role("link", name="Start the guide").click()
    page.get_by_role("link", name="Start now").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("How old are you?")
    expect(page.locator(".emergency-box")).to_contain_text("999")
    tick(page, "18 to 64")
    continue_to(page, "Do any of these apply to you now?")
    tick(page, "Chest pain")
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(re.compile(r"/guide/get-help-now/$"))
    action = page.locator(".outcome--emergency .outcome__action")
    expect(action).to_have_text("Call 999 now, or go to A&E.")
    expect(action.get_by_role("link", name="999", exact=True)).to_have_attribute("href", "tel:999")
    expect(page.locator("main")).not_to_contain_text("911")
    message_comes_before_any_box(page)
    expect(page.locator(".region-choice")).to_contain_text("Showing advice for the UK")

    # The reader changes it; they come back to the page they were on.
    page.get_by_role("link", name="Change country").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Which country are you in?")
    expect(page.get_by_label("United Kingdom", exact=True)).to_be_checked()
    check_a11y(page, "region")
    page.get_by_label("United States", exact=True).check()
    page.get_by_role("button", name="Save and go back").click()
    expect(page).to_have_url(re.compile(r"/guide/get-help-now/$"))
    expect(action).to_have_text("Call 911 now, or go to the nearest emergency room.")
    expect(page.locator(".region-choice")).to_contain_text("Showing advice for the US")
    # A page seen (and cached, by the site and the browser) while in the UK follows the change.
    page.goto(live_server.url + "/library/")
    expect(page.locator(".emergency-box")).to_contain_text("Call 911 now")
    patient.close()
    assert_nothing_blocked(page)


def test_the_region_page_goes_back_only_to_a_page_on_this_site(live_server, page, two_regions):
    page.goto(live_server.url + "/region/?next=https://evil.example/")
    page.get_by_label("United Kingdom", exact=True).check()
    page.get_by_role("button", name="Save and go back").click()
    expect(page).to_have_url(live_server.url + "/")
    expect(page.locator(".emergency-box")).to_contain_text("Call 999 now")


TAP_TO_CALL_PAGES = [
    "/",
    "/about/",
    "/guide/",
    "/guide/get-help-now/",
    "/guide/see-a-doctor-today/",
    "/library/",
]


def test_the_emergency_number_is_a_tap_to_call_link(live_server, page):
    for path in TAP_TO_CALL_PAGES:
        page.goto(live_server.url + path)
        links = page.locator('a[href="tel:911"]')
        expect(links.first).to_be_visible()
        for link in links.all():
            if link.is_visible():
                expect(link).to_have_text("911")
    # The emergency page: its own message, with the link, comes before the general box.
    page.goto(live_server.url + "/guide/get-help-now/")
    expect(page.locator('main a[href="tel:911"]').first).to_be_visible()
    message_comes_before_any_box(page)


def test_the_handout_number_is_a_tap_to_call_link(live_server, page, two_regions):
    page.goto(live_server.url + "/share/")
    page.get_by_label("The guide: questions about their pain, and what fits it").check()
    page.get_by_label("United Kingdom", exact=True).check()
    page.get_by_role("button", name="Make the link").click()
    page.get_by_role("link", name="Print a handout").click()
    expect(page.locator(".handout__emergency").get_by_role("link", name="999")).to_have_attribute(
        "href", "tel:999"
    )


LARGE_FONT_PAGES = [
    "/",
    "/guide/",
    "/guide/age/",
    "/guide/get-help-now/",
    "/guide/see-a-doctor-today/",
    "/library/",
    "/library/compare/",
    "/library/medicines/gabapentin/",
]


def open_with_default_font(browser, size):
    """A phone-sized page whose default font size is ``size`` px, as a reader sets it in
    Chromium's settings (the CSS uses rem and em, so the page follows it)."""
    return open_page(browser, viewport={"width": 360, "height": 740}, font_size=size)


@pytest.mark.parametrize("size", [24, 32])
def test_large_default_fonts_wrap_and_keep_the_emergency_box_small(
    live_server, browser, library, size
):
    context, page = open_with_default_font(browser, size)
    for path in LARGE_FONT_PAGES:
        page.goto(live_server.url + path)
        assert page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)") == (
            size
        )
        scroll = page.evaluate(
            "[document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]"
        )
        assert scroll[0] <= scroll[1], f"{path} scrolls sideways at {size} px: {scroll}"
        for link in page.locator(".site-nav a").all():
            box = link.bounding_box()
            assert box["x"] >= 0, (path, link.inner_text())
            assert box["x"] + box["width"] <= 360, (path, link.inner_text())
        box = page.locator(".emergency-box")
        height = box.bounding_box()["height"]
        assert height < 740 / 2, f"{path}: the emergency box is {height} px tall at {size} px"
        # The number stays in the box; the signs are one tap away, not lost.
        expect(box.get_by_role("link", name="911")).to_be_visible()
        box.get_by_text("What is an emergency?").click()
        expect(box).to_contain_text("face drooping, arm weakness, slurred speech")
    context.close()
    assert_nothing_blocked(page)


def test_at_the_usual_font_size_the_box_shows_the_signs_in_full(live_server, browser):
    context, page = open_with_default_font(browser, 16)
    page.goto(live_server.url + "/guide/")
    box = page.locator(".emergency-box")
    expect(box).to_contain_text("Chest pain, or sudden signs of a stroke (face drooping")
    expect(box.get_by_text("What is an emergency?")).to_be_hidden()
    context.close()
    assert_nothing_blocked(page)
