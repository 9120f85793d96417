"""Every page type on every screen: no sideways scrolling at 320 px or at 200 % zoom,
screenshots at 360 and 1280 px for people to look at, and the guide by keyboard alone."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS
from tests.browser.helpers import open_page, see_result, start_adult, walk

pytestmark = pytest.mark.django_db(transaction=True)

STATIC_PAGES = [
    ("home", "/"),
    ("about", "/about/"),
    ("privacy", "/privacy/"),
    ("accessibility", "/accessibility/"),
    ("guide-start", "/guide/"),
    ("emergency", "/guide/get-help-now/"),
    ("urgent", "/guide/see-a-doctor-today/"),
    ("under-18", "/guide/under-18/"),
    ("library", "/library/"),
    ("medicines", "/library/medicines/"),
    ("medicine", "/library/medicines/gabapentin/"),
    ("groups", "/library/groups/"),
    ("group", "/library/groups/antispasmodic-muscle-relaxers/"),
    ("conditions", "/library/conditions/"),
    ("condition", "/library/conditions/sciatica/"),
    ("questions", "/library/questions/"),
    ("question", "/library/questions/can-baclofen-help-neck-pain/"),
    ("comparison", "/library/compare/"),
    ("search", "/library/search/?q=lyrica"),
    ("share-builder", "/share/"),
    ("not-found", "/no-such-page/"),
]


def walk_to_result(page, base):
    page.goto(base + "/guide/age/")
    steps = [
        ("65 or older",),
        ("None of these",),
        ("Lower back", "Buttock and down one leg, below the knee"),
        (
            "Burning",
            "Electric shocks or shooting pain",
            "Aching or sore",
            "Worse when you move, better when you rest",
        ),
        ("More than 3 months", "None of these, or I'm not sure"),
        ("Kidney problems",),
        ("Opioid painkillers, such as codeine, tramadol, morphine or oxycodone",),
    ]
    walk(page, [(labels, None) for labels in steps])
    see_result(page)


def all_page_urls(page, base):
    """Static pages plus the ones that need answers or a code first."""
    urls = [(name, base + path) for name, path in STATIC_PAGES]
    walk_to_result(page, base)
    urls += [
        ("step-where", base + "/guide/where/"),
        ("check", base + "/guide/check-your-answers/"),
        ("result", base + "/guide/result/"),
    ]
    page.goto(base + "/guide/result/")
    page.get_by_role("button", name="Make a link to these results").click()
    expect(page).to_have_url(re.compile(r"/r/\w+/$"))
    urls.append(("result-link", page.url))
    page.goto(base + "/share/")
    page.get_by_label("The guide: questions about their pain, and what fits it").check()
    page.get_by_role("button", name="Make the link").click()
    share_url = page.locator("#share-url").input_value()
    code = share_url.rstrip("/").rsplit("/", 1)[1]
    urls += [
        ("share-created", page.url),
        ("handout", base + f"/share/{code}/handout/"),
        ("share-page", base + f"/s/{code}/"),
    ]
    return urls


def overflow(page):
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.fixture
def wide_page(browser):
    context, page = open_page(browser, viewport={"width": 1280, "height": 900})
    yield page
    context.close()


def test_every_page_type_fits_every_screen(live_server, wide_page, library, pytestconfig):
    """No sideways scrolling at 320 px (phones) or 640 px (1280 px at 200 % zoom); with
    --screenshots (or SCREENSHOTS=1), screenshots at 360 and 1280 px for people to look at."""
    page = wide_page
    urls = all_page_urls(page, live_server.url)
    screenshots = pytestconfig.getoption("screenshots")
    shots = ARTIFACTS / "screenshots"
    if screenshots:
        shots.mkdir(parents=True, exist_ok=True)
        for old in shots.glob("*.png"):
            old.unlink()
    problems = []
    # Each page is loaded once and laid out again at each width (the media queries apply
    # as the window changes size, as when a phone turns or a reader zooms).
    for name, url in urls:
        page.goto(url)
        for width in (320, 360, 640, 1280) if screenshots else (320, 640):
            page.set_viewport_size({"width": width, "height": 900})
            if width in (320, 640) and overflow(page) > 0:
                problems.append(f"{name} scrolls sideways by {overflow(page)} px at {width} px")
            if width in (360, 1280):
                page.screenshot(path=str(shots / f"{name}-{width}.png"), full_page=True)
    assert not problems
    if screenshots:
        assert len(list(shots.glob("*-360.png"))) == len(urls)


FOCUS_VISIBLE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return true;
  const style = getComputedStyle(el);
  return (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
}"""


def press_tab_until(page, matches, limit=80):
    """Tab forward until the focused element satisfies ``matches``; every stop must show focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        assert page.evaluate(FOCUS_VISIBLE), page.evaluate(
            "document.activeElement.outerHTML.slice(0, 120)"
        )
        if page.evaluate(matches):
            return
    raise AssertionError(f"never reached {matches}")


def tick_by_keyboard(page, label):
    """Checkboxes: Tab to the box, Space. Radios: Tab into the group, arrows to the choice."""
    is_label = f"() => document.activeElement.labels && [...document.activeElement.labels].some(l => l.innerText.trim().startsWith({label!r}))"
    target = page.get_by_label(label, exact=False).first
    if target.get_attribute("type") == "radio":
        name = target.get_attribute("name")
        press_tab_until(page, f"() => document.activeElement.name === {name!r}")
        for _ in range(10):
            if page.evaluate(is_label):
                break
            page.keyboard.press("ArrowDown")
        assert page.evaluate(is_label)
        page.keyboard.press("Space")
        return
    press_tab_until(page, is_label)
    page.keyboard.press("Space")


def continue_by_keyboard(page, heading):
    press_tab_until(page, "() => document.activeElement.innerText === 'Continue'")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)


def test_the_whole_guide_by_keyboard_alone(live_server, page, javascript, library):
    page.goto(live_server.url + "/guide/")
    press_tab_until(page, "() => document.activeElement.innerText === 'Start now'")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("How old are you?")
    tick_by_keyboard(page, "18 to 64")
    continue_by_keyboard(page, "Do any of these apply to you now?")
    tick_by_keyboard(page, "None of these")
    continue_by_keyboard(page, "Where is your pain?")
    tick_by_keyboard(page, "Neck")
    continue_by_keyboard(page, "What does the pain feel like?")
    tick_by_keyboard(page, "Aching or sore")
    tick_by_keyboard(page, "Tight or stiff")
    continue_by_keyboard(page, "How long, and how did it start?")
    tick_by_keyboard(page, "Less than 6 weeks")
    tick_by_keyboard(page, "None of these, or I")
    continue_by_keyboard(page, "Do any of these apply to you?")
    tick_by_keyboard(page, "None of these")
    continue_by_keyboard(page, "Medicines and alcohol")
    tick_by_keyboard(page, "None of these")
    continue_by_keyboard(page, "Check your answers")
    press_tab_until(page, "() => document.activeElement.innerText === 'See your result'")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your result")
    expect(page.locator("main")).to_contain_text("mostly to muscle-type pain")


def test_the_skip_link_is_the_first_stop_and_visible(live_server, page):
    page.goto(live_server.url + "/guide/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()


TAP_TARGETS = """() => [...document.querySelectorAll(
  'button:not([hidden]), .btn, .form-check, .site-nav a, .back-link, .site-footer__links a, .breadcrumbs a, summary'
)].filter(el => el.offsetParent !== null)
 .map(el => ({html: el.outerHTML.slice(0, 80), height: el.getBoundingClientRect().height}))
 .filter(t => t.height < 44)"""


@pytest.mark.parametrize(
    "path",
    [
        "/guide/red-flags/",
        "/guide/how-long/",
        "/library/medicines/gabapentin/",
        "/library/compare/",
        "/share/",
    ],
)
def test_phones_get_large_tap_targets_and_18px_text(live_server, page, library, path):
    if path == "/guide/how-long/":
        start_adult(page, live_server.url)
        walk(
            page,
            [
                (("None of these",), "Where is your pain?"),
                (("Neck",), "What does the pain feel like?"),
                (("Aching or sore",), "How long, and how did it start?"),
            ],
        )
    else:
        page.goto(live_server.url + path)
    page.set_viewport_size({"width": 360, "height": 800})
    assert page.evaluate(TAP_TARGETS) == []
    body_size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert body_size >= 18
