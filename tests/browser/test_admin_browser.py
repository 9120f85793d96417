"""The editors' admin works under the strict Content Security Policy, and locks out guessers."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def javascript():
    return True  # the admin is for editors; one run with JavaScript is enough


def log_in(page, base, password):
    page.goto(base + "/admin/login/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def test_editing_a_medicine(live_server, page, library):
    get_user_model().objects.create_superuser("editor", "e@example.com", "a-long-test-password")
    log_in(page, live_server.url, "a-long-test-password")
    page.goto(live_server.url + "/admin/library/medicine/?review=due")
    page.goto(live_server.url + "/admin/library/medicine/")
    page.get_by_role("link", name="Baclofen").click()
    expect(page.locator("body")).to_contain_text("Reading grade")
    # Each language's words side by side; the Spanish scored on its own scale.
    expect(page.get_by_label("Summary [es]:")).to_have_value(re.compile("baclofeno", re.I))
    expect(page.locator("body")).to_contain_text("INFLESZ")
    page.get_by_label("Summary [en]:").fill(
        "Baclofen eases stiff muscles caused by nerve conditions like MS."
    )
    page.get_by_role("button", name="Save", exact=True).first.click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    page.goto(live_server.url + "/admin/library/medicine/")
    page.get_by_role("link", name="Baclofen").click()
    page.get_by_role("link", name="History").click()
    expect(page.locator("body")).to_contain_text("Changed")


def test_repeated_wrong_passwords_lock_the_account(live_server, page, settings):
    get_user_model().objects.create_superuser("editor", "e@example.com", "a-long-test-password")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(page, live_server.url, "wrong")
    log_in(page, live_server.url, "a-long-test-password")
    expect(page.get_by_role("heading", level=1)).to_have_text("Too many attempts")
