"""/connect/ (the HL7 Infobutton endpoint) in real Chromium, JavaScript on and off, with axe:
a code that leads straight to its page, several pages to choose from, none (with the search
the record's display name seeds), and a request the site cannot read; in Spanish too."""

import re
from datetime import date
from urllib.parse import urlencode

import pytest
from playwright.sync_api import expect

from pain_guide.library.models import Code, Condition

pytestmark = pytest.mark.django_db(transaction=True)

ICD = "2.16.840.1.113883.6.90"


def connect(live_server, **parameters):
    query = {f"mainSearchCriteria.v.{key}": value for key, value in parameters.items()}
    query.setdefault("mainSearchCriteria.v.cs", ICD)
    return f"{live_server.url}/connect/?{urlencode(query)}"


def test_a_code_leads_to_its_page(live_server, page, library):
    page.goto(connect(live_server, c="M54.2"))
    expect(page).to_have_url(re.compile(r"/library/conditions/neck-pain/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Neck pain")


def test_several_pages_none_and_a_bad_request(live_server, page, library, check_a11y):
    Code.objects.create(
        item=Condition.objects.get(slug="low-back-pain"),
        system="icd10cm",
        code="M54.41",
        display="Lumbago with sciatica, right side",
        source_url="https://www.cdc.gov/nchs/icd/icd-10-cm/files.html",
        checked_on=date(2026, 12, 1),
    )
    page.goto(connect(live_server, c="M54.41"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose a page")
    expect(page.get_by_role("link", name="Sciatica")).to_be_visible()
    expect(page.get_by_role("link", name="Low back pain")).to_be_visible()
    check_a11y(page, "connect: choose a page")

    page.goto(connect(live_server, c="Z99.9", dn="burning feet"))
    expect(page.get_by_role("heading", level=1)).to_have_text("We have no page for this code")
    expect(page.get_by_role("link", name="Diabetic nerve pain")).to_be_visible()
    check_a11y(page, "connect: no page")

    page.goto(f"{live_server.url}/connect/?mainSearchCriteria.v.c=M54.2")
    expect(page.get_by_role("heading", level=1)).to_have_text("This link is not complete")
    check_a11y(page, "connect: bad request")

    page.goto(connect(live_server, c="Z99.9") + "&informationRecipient.languageCode.c=es")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "No tenemos una página para este código"
    )
    check_a11y(page, "connect: no page (es)")
