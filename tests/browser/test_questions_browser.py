"""The question pages in real Chromium: ticks that show in forced colours, a body map whose
every region is big enough and ticks exactly its own answer, and "None of these"."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import continue_to, start_adult, tick, walk

pytestmark = pytest.mark.django_db(transaction=True)
JS_ON = pytest.mark.parametrize("javascript", [True], ids=["js-on"])


def box_picture(page, box):
    """A screenshot of one checkbox or radio button, with no focus ring or hover on it."""
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.mouse.move(0, 0)
    return box.screenshot(animations="disabled", caret="hide")


def assert_ticked_looks_different(page, box, untick):
    """The same box ticked and unticked (so only the tick can differ)."""
    box.check()
    ticked = box_picture(page, box)
    untick()
    expect(box).not_to_be_checked()
    assert box_picture(page, box) != ticked, f"ticked and unticked look the same: {box}"


@JS_ON
def test_ticks_show_in_forced_colours(live_server, page):
    """Windows high contrast: a ticked checkbox and a chosen radio button look different from
    the same box unticked, on a light and a dark system palette; and no tick picture is
    missing (a 404) outside forced colours."""
    missing = []
    page.on("response", lambda response: response.status >= 400 and missing.append(response.url))
    page.goto(live_server.url + "/guide/age/")
    adult, older = page.get_by_label("18 to 64"), page.get_by_label("65 or older")
    for scheme in ("light", "dark"):
        page.emulate_media(forced_colors="active", color_scheme=scheme)
        assert_ticked_looks_different(page, adult, older.check)
    page.emulate_media(forced_colors="none", color_scheme="light")
    adult.check()
    continue_to(page, "Do any of these apply to you now?")
    chest = page.get_by_label("Chest pain")
    for scheme in ("light", "dark"):
        page.emulate_media(forced_colors="active", color_scheme=scheme)
        assert_ticked_looks_different(page, chest, chest.uncheck)
    assert not missing


@JS_ON
def test_body_map_regions_are_big_and_tick_exactly_their_answer(live_server, page):
    """At 360 px every region is at least 44 x 44 px, a tap on its middle ticks the one answer
    its title names (and a second tap unticks it), and the parts with no answer tick nothing."""
    page.set_viewport_size({"width": 360, "height": 740})
    start_adult(page, live_server.url)
    walk(page, [(("None of these",), "Where is your pain?")])
    body_map = page.locator("[data-body-map]")
    expect(body_map).to_be_visible()
    boxes = page.locator("input[name=areas]")
    labels = {
        box.get_attribute("value"): page.locator(
            f"label[for={box.get_attribute('id')}]"
        ).inner_text()
        for box in boxes.all()
    }

    def ticked():
        return [value for value in labels if page.locator(f"input[value={value}]").is_checked()]

    regions = body_map.locator("[data-area]").all()
    areas = {region.get_attribute("data-area") for region in regions}
    assert areas == set(labels) - {"all-over"}  # "many places" is no place on a picture
    for region in regions:
        area, title = region.get_attribute("data-area"), region.locator("title").text_content()
        box = region.bounding_box()
        name = f"{title} at {box['x']:.0f},{box['y']:.0f}"
        assert box["width"] >= 44, name
        assert box["height"] >= 44, name
        assert title == labels[area], name
        if title.startswith("Both"):  # one shape over both feet, not one foot ticking both
            person = region.locator("xpath=ancestor::*[@class='body-map__person']").bounding_box()
            middle = person["x"] + person["width"] / 2
            assert box["x"] + 22 < middle < box["x"] + box["width"] - 22, name
        # Playwright clicks the middle, and fails if anything else is on top there.
        region.click()
        assert ticked() == [area], name
        expect(region).to_have_class(re.compile(r"\bis-selected\b"))
        region.click()
        assert ticked() == [], name

    # The chest, the front of the legs, the back of the head and the heels have no answer.
    for part in body_map.locator(".body-map__body").all():
        box = part.bounding_box()  # a quarter in: the middle of a pair is the gap between
        part.click(position={"x": box["width"] / 4, "y": box["height"] / 2})
        assert ticked() == []


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_none_of_these_and_the_other_answers_untick_each_other(live_server, page, javascript):
    """With JavaScript, ticking "None of these" unticks the signs and the other way round, on
    pages htmx swapped in, for "I'm not sure" too. Without it, the server explains."""
    start_adult(page, live_server.url)
    none = page.get_by_label("None of these", exact=True)
    chest, first_sign = page.get_by_label("Chest pain"), page.locator("input[name=red_flags]").first
    chest.check()
    first_sign.check()
    none.check()
    if not javascript:
        expect(chest).to_be_checked()
        page.get_by_role("button", name="Continue").click()
        expect(page.get_by_text("There is a problem")).to_be_visible()
        expect(page.locator(".error-summary")).to_contain_text(
            "You ticked 'None of these' and a warning sign."
        )
        return
    expect(chest).not_to_be_checked()
    expect(first_sign).not_to_be_checked()
    chest.check()
    expect(none).not_to_be_checked()
    expect(chest).to_be_checked()
    chest.uncheck()
    none.check()
    continue_to(page, "Where is your pain?")
    tick(page, "Lower back")
    continue_to(page, "What does the pain feel like?")
    tick(page, "Burning", "Numbness", "I'm not sure")
    expect(page.get_by_label("Burning")).not_to_be_checked()
    expect(page.get_by_label("Numbness")).not_to_be_checked()
    tick(page, "Aching or sore")
    expect(page.get_by_label("I'm not sure")).not_to_be_checked()
