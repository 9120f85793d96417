"""The ``page`` fixture's pages are reused between tests (helpers.PagePool): a page given back
must come out as a new browser context would give it."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def dirty(page, base):
    """Leave behind everything a test might: state on the site and in the browser."""
    page.goto(base + "/guide/age/")
    page.context.add_cookies([{"name": "left", "value": "behind", "url": base}])
    page.evaluate(
        "() => { localStorage.setItem('left', '1'); sessionStorage.setItem('left', '1') }"
    )
    page.context.grant_permissions(["clipboard-read"])
    page.set_viewport_size({"width": 1000, "height": 500})
    page.emulate_media(media="print", color_scheme="dark", forced_colors="active")
    page.set_default_timeout(1)
    page.route("**/*.css", lambda route: route.abort())
    heard = []
    page.on("console", lambda message: heard.append(message.text))
    page.context.new_page()
    return heard


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_a_page_given_back_is_wiped(live_server, pages, library, javascript):
    base = live_server.url
    page = pages.take(javascript)
    heard = dirty(page, base)
    pages.give_back(page, javascript, base, keep=True)

    again = pages.take(javascript)
    try:
        assert again is page  # the same page, wiped
        assert again.url == "about:blank"
        assert again.context.pages == [again]
        assert again.context.cookies() == []
        assert again.viewport_size == {"width": 390, "height": 844}
        again.goto(base + "/guide/age/")  # a 1 ms timeout, or the CSS route, would fail this
        # (htmx keeps the path it loaded in sessionStorage, as on any first visit.)
        left = "() => [localStorage.getItem('left'), sessionStorage.getItem('left')]"
        assert again.evaluate(left) == [None, None]
        assert again.evaluate("() => matchMedia('print').matches") is False
        assert again.evaluate("() => matchMedia('(prefers-color-scheme: dark)').matches") is False
        assert again.evaluate("() => matchMedia('(forced-colors: active)').matches") is False
        assert again.evaluate("() => getComputedStyle(document.body).fontSize") == "18px"
        permission = (
            again.evaluate(
                "() => navigator.permissions.query({name: 'clipboard-read'}).then(p => p.state)"
            )
            if javascript
            else "prompt"
        )
        assert permission == "prompt"
        again.evaluate("() => console.log('after')")
        assert heard == []  # the old test's listener is gone
        assert again.blocked == []
    finally:
        pages.give_back(again, javascript, base, keep=True)


def test_a_failed_tests_page_is_not_kept(live_server, pages, library):
    page = pages.take(True)
    pages.give_back(page, True, live_server.url, keep=False)
    assert page.is_closed()
    assert pages.take(True) is not page
