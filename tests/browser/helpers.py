"""What every browser test shares: pages watched for the Content Security Policy, one way of
walking the guide, and one way of running axe."""

import json

from axe_playwright_python.base import AxeResults
from axe_playwright_python.sync_playwright import DEFAULT_OPTIONS as AXE_OPTIONS
from axe_playwright_python.sync_playwright import Axe
from django.test import Client
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from tests.conftest import answer_steps

PHONE = {"width": 390, "height": 844}
AXE = Axe()


# --- Pages ---------------------------------------------------------------------------------


def open_page(browser, *, javascript=True, viewport=PHONE, font_size=None):
    """A new browser context and its page (10 s timeouts). ``page.blocked`` lists what the
    Content Security Policy blocked (assert_nothing_blocked). ``font_size`` sets Chromium's
    default font size, as a reader does in its settings."""
    context = browser.new_context(java_script_enabled=javascript, viewport=viewport)
    page = context.new_page()
    page.set_default_timeout(10_000)
    if font_size is not None:
        session = context.new_cdp_session(page)
        session.send(
            "Page.setFontSizes", {"fontSizes": {"standard": font_size, "fixed": font_size}}
        )
    page.blocked = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and page.blocked.append(message.text)
        ),
    )
    return context, page


def assert_nothing_blocked(page):
    assert not page.blocked, f"the Content Security Policy blocked something: {page.blocked}"


class PagePool:
    """The ``page`` fixture's pages: one phone-sized page per JavaScript setting, kept for the
    session and wiped after each test to what a new browser context gives (no cookies,
    storage, cache, permissions, routes, listeners or other tabs; phone size, screen media,
    light colours, 10 s timeouts), instead of a new browser context for every test. The page of
    a test that failed is closed, not kept."""

    def __init__(self, browser):
        self.browser = browser
        self.idle = {}

    def take(self, javascript):
        page = self.idle.pop(javascript, None)
        if page is None:
            page = open_page(self.browser, javascript=javascript)[1]
            page.added_listeners = []
            for name in ("on", "once"):
                add = getattr(page, name)
                setattr(page, name, self._recording(page, add))
        return page

    @staticmethod
    def _recording(page, add):
        def add_and_record(event, handler):
            page.added_listeners.append((event, handler))
            return add(event, handler)

        return add_and_record

    def give_back(self, page, javascript, origin, *, keep):
        if keep and not page.is_closed():
            try:
                wipe(page, origin)
            except PlaywrightError:
                pass
            else:
                self.idle[javascript] = page
                return
        page.context.close()

    def close(self):
        for page in self.idle.values():
            page.context.close()
        self.idle.clear()


def leave_for_a_blank_page(page):
    """Go to about:blank as the page itself would (a link, not the address bar). The site sends
    Cross-Origin-Opener-Policy: same-origin, so a browser-started navigation from it to
    about:blank, and from there back to the site, each starts a new renderer process (twice a
    test). The page's own navigation keeps the process; the next test's first page then opens
    in it, as in a tab that was already open."""
    if page.url.startswith(("http://", "https://")):
        try:
            with page.expect_navigation():
                page.evaluate("location.replace('about:blank')")
        except PlaywrightError:
            pass
        else:
            return
    page.goto("about:blank")


def wipe(page, origin):
    """Put ``page`` (and its context) back as open_page made it (PagePool)."""
    page.set_default_timeout(10_000)
    context = page.context
    for other in context.pages:
        if other != page:
            other.close()
    for event, handler in page.added_listeners:
        page.remove_listener(event, handler)
    page.added_listeners.clear()
    page.unroute_all()
    context.unroute_all()
    leave_for_a_blank_page(page)
    context.clear_cookies()  # every site's; the origin's storage, its cookies too, below
    context.clear_permissions()
    session = context.new_cdp_session(page)
    try:
        session.send("Network.clearBrowserCache")
        session.send("Storage.clearDataForOrigin", {"origin": origin, "storageTypes": "all"})
    finally:
        session.detach()
    page.set_viewport_size(PHONE)
    page.emulate_media(
        media="null", color_scheme="light", forced_colors="none", reduced_motion="no-preference"
    )
    page.blocked.clear()


# --- Walking the guide ---------------------------------------------------------------------


def heading(page):
    return page.get_by_role("heading", level=1)


def tick(page, *labels):
    for label in labels:
        page.get_by_label(label, exact=True).check()


def continue_to(page, next_heading=None):
    """Press Continue; the next page has ``next_heading`` (or, if None, any other heading)."""
    before = None if next_heading else heading(page).inner_text()
    page.get_by_role("button", name="Continue").click()
    if next_heading:
        expect(heading(page)).to_have_text(next_heading)
    else:
        expect(heading(page)).not_to_have_text(before)


def walk(page, steps):
    """Answer page after page: ``steps`` are (labels to tick, heading of the page Continue
    leads to, or None for any other page)."""
    for labels, next_heading in steps:
        tick(page, *labels)
        continue_to(page, next_heading)


def start_adult(page, base):
    """From the age question to the warning signs, as an adult."""
    page.goto(base + "/guide/age/")
    expect(heading(page)).to_have_text("How old are you?")
    walk(page, [(("18 to 64",), "Do any of these apply to you now?")])


def see_result(page):
    """From "Check your answers" to the result."""
    expect(heading(page)).to_have_text("Check your answers")
    page.get_by_role("link", name="See your result").click()
    expect(heading(page)).to_have_text("Your result")


def open_with_answers(browser, base, person, *, path="/guide/result/", **page_options):
    """A page opened with ``person``'s answers (tests/conftest.py's DEFAULT_PERSON for the
    rest) already given: answered with Django's test client, whose signed session cookie is
    copied into the browser. The questions themselves are walked in test_guide_browser.py."""
    client = Client()
    answer_steps(client, person)
    context, page = open_page(browser, **page_options)
    context.add_cookies(
        [
            {"name": name, "value": morsel.value, "url": base}
            for name, morsel in client.cookies.items()
        ]
    )
    page.goto(base + path)
    return context, page


# --- axe -----------------------------------------------------------------------------------

# axe defers its work with setTimeout. In a page seen with JavaScript off no timer ever fires,
# in the page's own world or in one of its own, so there they run as soon as the current work
# is done (axe waits for nothing else, and these pages have no frames to time out on).
TIMERS_WITHOUT_JAVASCRIPT = """
window.setTimeout = (run, delay, ...values) => { Promise.resolve().then(() => run(...values)); return 0 };
window.clearTimeout = () => {};
"""


def check_accessibility(page, name, *, javascript=True):
    """Runs axe on the page as it is now; fails with axe's own report on any violation.

    With JavaScript on, axe runs in the page, as axe-playwright-python does. With it off, the
    page's own scripts never ran and must not: axe runs in a world of its own (as Playwright's
    own checks do), which sees the same document, styles and layout."""
    if javascript:
        results = AXE.run(page)
    else:
        session = page.context.new_cdp_session(page)
        try:
            frame = session.send("Page.getFrameTree")["frameTree"]["frame"]["id"]
            world = session.send(
                "Page.createIsolatedWorld",
                {"frameId": frame, "worldName": "axe", "grantUniveralAccess": True},
            )["executionContextId"]

            def run(expression):
                answer = session.send(
                    "Runtime.evaluate",
                    {
                        "expression": expression,
                        "contextId": world,
                        "awaitPromise": True,
                        "returnByValue": True,
                    },
                )
                assert "exceptionDetails" not in answer, f"{name}: {answer['exceptionDetails']}"
                return answer["result"].get("value")

            run(TIMERS_WITHOUT_JAVASCRIPT)
            run(AXE.axe_script)
            results = AxeResults(run(f"axe.run(document, {json.dumps(AXE_OPTIONS)})"))
        finally:
            session.detach()
    assert results.violations_count == 0, f"{name}:\n{results.generate_report()}"
