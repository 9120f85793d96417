"""Share pages, the handout and feedback in real Chromium, with axe, on screen and in print."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import see_result, start_adult, walk

pytestmark = pytest.mark.django_db(transaction=True)


def make_link(page, live_server):
    page.goto(live_server.url + "/share/")
    page.get_by_label("The guide: questions about their pain, and what fits it").check()
    page.get_by_label("Sciatica", exact=True).check()
    page.get_by_label("Gabapentin", exact=True).check()
    page.get_by_role("button", name="Make the link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your link is ready")
    return page.locator("#share-url").input_value()


def test_builder_created_share_and_handout(live_server, page, javascript, library, check_a11y):
    page.goto(live_server.url + "/share/")
    check_a11y(page, "builder")
    page.get_by_role("button", name="Make the link").click()
    expect(page.get_by_text("Tick at least one topic to share.").first).to_be_visible()
    check_a11y(page, "builder with an error")

    # Codes from the record tick their pages (Enter in the box asks for them).
    page.get_by_label("Codes or names from the record (optional)").fill("M54.2, Lyrica")
    page.get_by_label("Codes or names from the record (optional)").press("Enter")
    expect(page).to_have_url(re.compile(r"/share/#share-finder$"))  # the results in view
    expect(page.get_by_label("Neck pain", exact=True)).to_be_checked()
    expect(page.get_by_label("Pregabalin", exact=True)).to_be_checked()
    expect(page.get_by_role("status").first).to_contain_text("M54.2: ticked Neck pain")
    check_a11y(page, "builder with codes found")

    url = make_link(page, live_server)
    assert re.fullmatch(r"http://localhost:\d+/s/[2-9A-HJKMNP-TV-Z]{14}/", url), url
    check_a11y(page, "created")
    copy = page.get_by_role("button", name="Copy link")
    if javascript:
        expect(copy).to_be_visible()
    else:
        expect(copy).to_be_hidden()

    # The note for the record: edited, then copied as edited.
    note = page.get_by_label("Note for the record")
    expect(note).to_have_value(
        re.compile(
            r"\d{4}-\d\d-\d\d: Gave the patient Pain Guide information on the guide \(questions "
            r"about their pain\); Sciatica; Gabapentin \(in English\)\. Link: "
            + re.escape(url)
            + r" \(code [2-9A-HJKMNP-TV-Z-]+\)\. QR handout printed\."
        )
    )
    copy_note = page.get_by_role("button", name="Copy note")
    if javascript:
        page.context.grant_permissions(["clipboard-read", "clipboard-write"])
        note.fill(note.input_value().replace("QR handout printed.", "Link sent by text message."))
        copy_note.click()
        expect(page.locator("#record-note-status")).to_have_text("Note copied.")
        copied = page.evaluate("navigator.clipboard.readText()")
        assert f"Link: {url} (code " in copied
        assert copied.endswith("Link sent by text message.")
    else:
        expect(copy_note).to_be_hidden()

    page.get_by_role("link", name="Print a handout").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your pain medicines, explained")
    check_a11y(page, "handout")
    page.emulate_media(media="print")
    expect(page.locator(".handout .qr svg")).to_be_visible()
    expect(page.locator(".handout__url")).to_have_text(url)
    expect(page.locator(".site-nav")).to_be_hidden()
    expect(page.locator(".site-footer")).to_be_hidden()
    page.emulate_media(media="screen")

    page.goto(url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Pages your clinician chose for you")
    expect(page.locator("main")).to_contain_text("Sciatica")
    expect(page.locator("main")).to_contain_text("Gabapentin")
    expect(page.locator("main")).not_to_contain_text("Pregabalin")
    check_a11y(page, "share page")


def test_unknown_code(live_server, page, check_a11y):
    page.goto(live_server.url + "/s/NOTAREALCODE22/")
    expect(page.get_by_role("heading", level=1)).to_have_text("We could not find that link")
    check_a11y(page, "unknown code")


def test_result_link_and_feedback(live_server, page, javascript, library, check_a11y):
    start_adult(page, live_server.url)
    walk(
        page,
        [
            (("None of these",), "Where is your pain?"),
            (("Neck",), "What does the pain feel like?"),
            (("Aching or sore", "Tight or stiff"), "How long, and how did it start?"),
            (
                ("Less than 6 weeks", "None of these, or I'm not sure"),
                "Do any of these apply to you?",
            ),
            (("None of these",), "Medicines and alcohol"),
            (("None of these",), "Check your answers"),
        ],
    )
    see_result(page)

    # Feedback: loaded and thanked in place with htmx; its own page without JavaScript.
    if javascript:
        page.get_by_label("Yes", exact=True).check()
        page.get_by_role("button", name="Send feedback").click()
        expect(page.get_by_text("Thank you for your feedback.").first).to_be_visible()
        check_a11y(page, "result after feedback")
    else:
        page.get_by_role("link", name="Tell us if this page helped you").click()
        check_a11y(page, "feedback page")
        page.get_by_label("No", exact=True).check()
        page.get_by_label("What was unclear? (optional)").fill("The words were long.")
        page.get_by_role("button", name="Send feedback").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
        check_a11y(page, "feedback thanks")
        page.get_by_role("link", name="Go back to the page").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Your result")

    page.get_by_role("button", name="Make a link to these results").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Results shared with a link")
    expect(page).to_have_url(re.compile(r"/r/[2-9A-HJKMNP-TV-Z]{14}/$"))
    expect(page.get_by_role("link", name="Start your own")).to_be_visible()
    check_a11y(page, "shared result")
    page.get_by_role("link", name="Delete this link").click()
    check_a11y(page, "delete confirmation")
    page.get_by_role("button", name="Delete the link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("This link has been deleted")
