"""The whole guide in real Chromium, with JavaScript on (htmx) and off, axe on every page."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import continue_to, see_result, start_adult, tick, walk

pytestmark = pytest.mark.django_db(transaction=True)


def test_whole_guide(live_server, page, javascript, check_a11y):
    """A person with sciatica-type pain walks from the start page to the result."""
    page.goto(live_server.url + "/guide/")
    check_a11y(page, "start")
    page.get_by_role("link", name="Start now").click()
    # Age first, so that a child is not taken through the questions for nothing.
    expect(page.get_by_role("heading", level=1)).to_have_text("How old are you?")
    expect(page).to_have_url(re.compile(r"/guide/age/$"))
    check_a11y(page, "age")
    tick(page, "18 to 64")
    continue_to(page, "Do any of these apply to you now?")
    expect(page).to_have_url(re.compile(r"/guide/red-flags/$"))
    # The signs are grouped under short headings.
    expect(page.get_by_role("heading", name="Sudden illness")).to_be_visible()
    check_a11y(page, "red flags")

    # Submitting nothing shows the error summary and the inline message.
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    expect(page).to_have_title(re.compile(r"^Error: "))
    check_a11y(page, "red flags with an error")
    if javascript:
        expect(page.locator("[data-error-summary]")).to_be_focused()

    tick(page, "None of these")
    continue_to(page, "Where is your pain?")
    expect(page).to_have_url(re.compile(r"/guide/where/$"))
    expect(page).to_have_title("Where is your pain? (step 3 of 7) – Pain Guide")
    check_a11y(page, "where")
    tick(page, "Lower back", "Buttock and down one leg, below the knee")
    continue_to(page, "What does the pain feel like?")
    check_a11y(page, "feel")
    tick(page, "Electric shocks or shooting pain", "Pins and needles or tingling")
    continue_to(page, "How long, and how did it start?")
    check_a11y(page, "how long")
    tick(page, "6 to 12 weeks", "None of these, or I'm not sure")
    continue_to(page, "Do any of these apply to you?")
    check_a11y(page, "about you")
    tick(page, "I drive or use machinery")
    continue_to(page, "Medicines and alcohol")
    check_a11y(page, "medicines")
    tick(page, "None of these")
    continue_to(page, "Check your answers")
    expect(page).to_have_url(re.compile(r"/guide/check-your-answers/$"))
    check_a11y(page, "check your answers")

    # Change an answer and come back.
    page.get_by_role("link", name="Change your answers: About your health").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Do any of these apply to you?")
    page.get_by_label("I drive or use machinery").uncheck()
    tick(page, "None of these")
    continue_to(page, "Check your answers")

    see_result(page)
    expect(page).to_have_url(re.compile(r"/guide/result/$"))
    main = page.locator("main")
    expect(main).to_contain_text("mostly to nerve-type pain")
    expect(main).to_contain_text("below the knee")
    expect(main).to_contain_text("NG59")
    expect(main).to_contain_text("Evidence says it does not help")
    expect(main).to_contain_text("Questions to ask your doctor")
    check_a11y(page, "result")

    # Back link returns to the check page.
    page.get_by_role("link", name="Back", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers")
    if javascript:
        page.go_back()
        expect(page.get_by_role("heading", level=1)).to_have_text("Your result")


def test_emergency_sign_goes_straight_to_help(live_server, page, check_a11y):
    start_adult(page, live_server.url)
    tick(page, "Chest pain")
    page.get_by_role("button", name="Continue").click()
    # The action in the page itself (the small emergency box may also be in
    # the page, hidden here because the page says the same thing in full).
    expect(page.locator("main .outcome__action")).to_have_text(
        "Call 911 now, or go to the nearest emergency room."
    )
    expect(page.locator("main .outcome__action")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/guide/get-help-now/$"))
    expect(page.locator("main")).not_to_contain_text("Medicines doctors may consider")
    check_a11y(page, "emergency")


def test_urgent_sign_then_continue(live_server, page, check_a11y):
    start_adult(page, live_server.url)
    page.get_by_label(
        "A high temperature, or feeling hot and shivery, with back or neck pain"
    ).check()
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(re.compile(r"/guide/see-a-doctor-today/$"))
    check_a11y(page, "urgent")
    page.get_by_role("link", name="Continue with the guide").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Where is your pain?")


def test_under_18(live_server, page, check_a11y):
    page.goto(live_server.url + "/guide/under-18/")
    expect(page.get_by_role("heading", level=1)).to_have_text("This guide is for adults")
    check_a11y(page, "under 18")


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/", "Muscle relaxers and nerve-pain medicines, explained"),
        ("/about/", "About this guide"),
        ("/privacy/", "Privacy"),
        ("/accessibility/", "Accessibility statement"),
        ("/no-such-page/", "Page not found"),
    ],
)
def test_site_pages(live_server, page, check_a11y, path, heading):
    page.goto(live_server.url + path)
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    check_a11y(page, path)


def test_result_prints_cleanly(live_server, page):
    """Print emulation: the questions and sources show; navigation and buttons do not."""
    start_adult(page, live_server.url)
    walk(
        page,
        [
            (("None of these",), "Where is your pain?"),
            (("Lower back",), "What does the pain feel like?"),
            (("Cramps or spasms", "Tight or stiff"), "How long, and how did it start?"),
            (
                ("Less than 6 weeks", "It started after a strain or injury"),
                "Do any of these apply to you?",
            ),
            (("None of these",), "Medicines and alcohol"),
            (("None of these",), "Check your answers"),
        ],
    )
    see_result(page)
    page.emulate_media(media="print")
    expect(page.get_by_role("heading", name="Questions to ask your doctor")).to_be_visible()
    expect(page.get_by_role("heading", name="Sources")).to_be_visible()
    expect(page.locator(".site-nav")).to_be_hidden()
    expect(page.locator(".emergency-box")).to_be_hidden()
    expect(page.get_by_role("button", name="Clear my answers and start again")).to_be_hidden()
    expect(page.locator(".back-link")).to_be_hidden()


def test_face_pain_asks_the_face_signs_on_a_page_of_their_own(live_server, page, check_a11y):
    """Signs that matter only for some people come after the answers that make them
    relevant, and before any medicine content; a ticked one stops the guide."""
    start_adult(page, live_server.url)
    walk(
        page,
        [
            (("None of these",), "Where is your pain?"),
            (("Face",), "What does the pain feel like?"),
            (("Electric shocks or shooting pain",), "How long, and how did it start?"),
            (("6 to 12 weeks", "None of these, or I'm not sure"), "A few more signs to check"),
        ],
    )
    expect(page.get_by_role("heading", name="Face and head")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Spinal cord injury")
    check_a11y(page, "more signs")
    page.get_by_label(re.compile("^Numbness in your face")).check()
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(re.compile(r"/guide/see-a-doctor-today/$"))
    expect(page.locator("main")).to_contain_text("Numbness in your face")
