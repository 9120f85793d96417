"""Browser tests: Playwright driving Debian's Chromium against live_server, with axe."""

import os
from pathlib import Path

import pytest

from tests.browser.helpers import PagePool, assert_nothing_blocked, check_accessibility

FAILED = pytest.StashKey[bool]()

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


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.failed:
        item.stash[FAILED] = True
    return report


@pytest.fixture(scope="session")
def pages(browser):
    pool = PagePool(browser)
    yield pool
    pool.close()


@pytest.fixture
def page(pages, javascript, live_server, request):
    """A phone-sized page, JavaScript on and off, as a new browser context gives it (reused and
    wiped between tests: helpers.PagePool); fails if the Content Security Policy blocked
    anything."""
    page = pages.take(javascript)
    yield page
    try:
        assert_nothing_blocked(page)
    except AssertionError:
        pages.give_back(page, javascript, live_server.url, keep=False)
        raise
    pages.give_back(
        page, javascript, live_server.url, keep=not request.node.stash.get(FAILED, False)
    )


@pytest.fixture
def check_a11y(javascript):
    """check_a11y(page, name): axe on the current page (helpers.check_accessibility), as it is
    with this test's JavaScript setting."""
    return lambda page, name: check_accessibility(page, name, javascript=javascript)


@pytest.fixture
def library(transactional_db):
    """The seeded library, as live_server serves it. Browser tests flush the database after
    each test; tests/conftest.py puts the seeded library back at once (loaded once a session)."""
    from pain_guide.library.models import Medicine

    assert Medicine.objects.exists(), "the seeded library is missing"
