"""Spanish in real Chromium, JavaScript on and off, with axe: the guide walked to a result
and to the emergency page, every library page type, live search, the share builder, and the
language switch (which keeps the answers given)."""

import re

import pytest
from playwright.sync_api import expect

from pain_guide.guide.content import result_content
from tests.browser.helpers import check_accessibility, heading

pytestmark = pytest.mark.django_db(transaction=True)

ES = result_content("es")


def label(field, code):
    return next(c["label"] for c in ES["asks"][field]["choices"] if c["code"] == code)


def tick(page, *labels):
    for text in labels:
        page.get_by_label(text, exact=True).check()


def go_on(page, next_heading):
    page.get_by_role("button", name="Continuar").click()
    expect(heading(page)).to_have_text(next_heading)


def test_the_guide_in_spanish(live_server, page, javascript, check_a11y):
    steps = ES["steps"]
    page.goto(live_server.url + "/es/guide/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    check_a11y(page, "start (es)")
    page.goto(live_server.url + "/es/guide/age/")
    expect(heading(page)).to_have_text(steps["age"]["title"])
    tick(page, label("age_group", "18-to-64"))
    go_on(page, steps["red-flags"]["title"])
    check_a11y(page, "red flags (es)")
    tick(page, ES["phrases"]["none-of-these"])
    go_on(page, steps["where"]["title"])
    tick(page, label("areas", "lower-back"), label("areas", "leg"))
    go_on(page, steps["feel"]["title"])
    tick(page, label("feelings", "shooting"), label("feelings", "tingling"))
    go_on(page, steps["how-long"]["title"])
    tick(page, label("duration", "6-to-12-weeks"), label("history", "none"))
    go_on(page, steps["about-you"]["title"])
    tick(page, label("health", "none"))
    go_on(page, steps["medicines"]["title"])
    tick(page, label("medicines", "none"))
    go_on(page, "Revise sus respuestas")
    check_a11y(page, "check your answers (es)")
    page.get_by_role("link", name=re.compile("Ver su resultado")).click()
    expect(heading(page)).to_have_text(ES["titles"]["result"])
    expect(page).to_have_url(re.compile(r"/es/guide/result/$"))
    main = page.locator("main")
    expect(main).to_contain_text(ES["evidence-labels"]["does-not-help"]["text"])
    expect(main).to_contain_text("NG59")
    check_a11y(page, "result (es)")

    # The same result in English, answers kept; and back.
    page.get_by_role("link", name="English", exact=True).click()
    expect(page).to_have_url(re.compile(r"/guide/result/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(heading(page)).to_have_text("Your result")
    page.get_by_role("link", name="Español", exact=True).click()
    expect(heading(page)).to_have_text(ES["titles"]["result"])


def test_an_emergency_sign_in_spanish(live_server, page, javascript, check_a11y):
    page.goto(live_server.url + "/es/guide/age/")
    tick(page, label("age_group", "18-to-64"))
    go_on(page, ES["steps"]["red-flags"]["title"])
    tick(page, ES["red-flags"]["chest-pain"]["label"])
    page.get_by_role("button", name="Continuar").click()
    expect(page).to_have_url(re.compile(r"/es/guide/get-help-now/$"))
    expect(page.locator("main .outcome__action")).to_have_text(
        "Llame al 911 ahora o vaya a la sala de emergencias más cercana."
    )
    expect(page.locator("main a[href='tel:911']")).to_be_visible()
    check_a11y(page, "emergency (es)")


PAGES = [
    "/es/",
    "/es/library/",
    "/es/library/medicines/",
    "/es/library/medicines/baclofen/",
    "/es/library/groups/gabapentinoids/",
    "/es/library/conditions/sciatica/",
    "/es/library/questions/is-gabapentin-a-muscle-relaxer/",
    "/es/library/compare/",
    "/es/library/search/?q=ardor+en+los+pies",
    "/es/share/",
    "/es/about/",
]


def test_every_spanish_page_type(live_server, page, library, check_a11y):
    for path in PAGES:
        page.goto(live_server.url + path)
        expect(page.locator("html")).to_have_attribute("lang", "es")
        check_a11y(page, path)


def test_live_search_in_spanish(live_server, page, javascript, library):
    page.goto(live_server.url + "/es/library/search/")
    box = page.get_by_role("searchbox")
    if javascript:
        box.press_sequentially("lidocaina")
    else:
        box.fill("lidocaina")
        box.press("Enter")
    expect(page.locator("#search-results")).to_contain_text("lidocaína")


@pytest.mark.parametrize(
    ("locale", "path", "offer"),
    [
        ("es-US", "/library/", "Ver en español"),
        ("en-GB", "/es/library/", "Read this page in English"),
    ],
)
def test_a_browser_in_the_other_language_is_offered_it_once(
    live_server, browser, library, locale, path, offer
):
    context = browser.new_context(locale=locale, viewport={"width": 360, "height": 740})
    try:
        page = context.new_page()
        page.goto(live_server.url + path)
        link = page.get_by_role("link", name=offer)
        expect(link).to_be_visible()
        check_accessibility(page, f"{path} with the offer")
        page.get_by_role("button", name=re.compile("^No, (gracias|thanks)$")).click()
        expect(link).to_be_hidden()
        page.reload()
        expect(link).to_be_hidden()
    finally:
        context.close()
    # A browser in the page's own language is offered nothing.
    same = "en-US" if path == "/library/" else "es-MX"
    context = browser.new_context(locale=same)
    try:
        page = context.new_page()
        page.goto(live_server.url + path)
        expect(page.get_by_role("link", name=offer)).to_be_hidden()
    finally:
        context.close()
