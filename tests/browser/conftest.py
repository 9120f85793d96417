"""Browser tests: Playwright driving Debian's Chromium against live_server, with axe."""

import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

# Playwright's sync API runs an event loop; Django must allow ORM calls beside it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: scripts/test installs Debian's chromium.")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(params=[True, False], ids=["js-on", "js-off"])
def javascript(request):
    return request.param


@pytest.fixture
def page(browser, javascript):
    context = browser.new_context(
        java_script_enabled=javascript, viewport={"width": 390, "height": 844}
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    blocked = []
    page.on(
        "console",
        lambda message: "Content Security Policy" in message.text and blocked.append(message.text),
    )
    yield page
    context.close()
    assert not blocked, f"the Content Security Policy blocked something: {blocked}"


@pytest.fixture(scope="session")
def axe():
    return Axe()


@pytest.fixture
def check_a11y(axe, browser, javascript):
    """Run axe on the current page; fail with axe's own report on any violation.

    axe needs JavaScript. For a page seen with JavaScript off, the same HTML is
    loaded at the same URL in a checker page whose own scripts are all blocked,
    so axe sees exactly what a person without JavaScript gets.
    """
    checker_context = None

    def check(page, name):
        nonlocal checker_context
        target = page
        if not javascript:
            if checker_context is None:
                checker_context = browser.new_context(viewport=page.viewport_size)
                checker_context.route("**/*.js", lambda route: route.abort())
            target = checker_context.new_page()
            target.goto(page.url)
            target.set_content(page.content())
        results = axe.run(target)
        if target is not page:
            target.close()
        assert results.violations_count == 0, f"{name}:\n{results.generate_report()}"

    yield check
    if checker_context is not None:
        checker_context.close()


@pytest.fixture
def library(transactional_db):
    """Browser tests flush the database after each test: load the library for each."""
    from pain_guide.library.seed import load_seed

    load_seed()
