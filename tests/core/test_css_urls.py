"""Every url(...) in the stylesheets the pages load points at a file the server serves.

A browser resolves a url() against the stylesheet it is written in, except inside a custom
property (``--name: url(...)``): there it is resolved where ``var(--name)`` is used, which may
be another stylesheet in another folder (Bootstrap's, in vendor/). The ticks of checkboxes were
lost that way. So a url() in a custom property is checked against every stylesheet that uses
the property, and against its own.
"""

import re
from urllib.parse import urljoin, urlsplit

import pytest
from django.test import Client, override_settings

from pain_guide.core.context_processors import frame_urls
from tests.collected_static import collected_static
from tests.conftest import EVERY_PAGE, answer_steps

pytestmark = pytest.mark.django_db

ORIGIN = "http://testserver"
STYLESHEET = re.compile(r'<link rel="stylesheet" href="([^"]+)"')
COMMENT = re.compile(r"/\*.*?\*/", re.S)
URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)"'\s]*))\s*\)""")
# A custom property's declaration, up to the end of its value (a url() may hold a ";").
CUSTOM_PROPERTY = re.compile(r"(--[\w-]+)\s*:((?:url\([^)]*\)|[^;{}])*)")
VAR = re.compile(r"var\(\s*(--[\w-]+)")


def urls_in(text):
    return [
        next(group for group in match.groups() if group is not None) for match in URL.finditer(text)
    ]


def references(sheets):
    """(stylesheet, url, the stylesheet it resolves against) for every url() in ``sheets``
    ({stylesheet URL: its text})."""
    found = []
    for sheet, text in sheets.items():
        text = COMMENT.sub("", text)
        for match in CUSTOM_PROPERTY.finditer(text):
            name, value = match.groups()
            users = [
                other for other, css in sheets.items() if f"var({name}" in css.replace(" ", "")
            ]
            for url in urls_in(value):
                found += [(sheet, url, base) for base in {sheet, *users}]
        for url in urls_in(CUSTOM_PROPERTY.sub("", text)):
            found.append((sheet, url, sheet))
    return found


def stylesheets_of_every_page(client):
    """{stylesheet URL: its text} for every stylesheet any page type links to."""
    answer_steps(client, {"areas": ["face"], "history": ["diabetes"]})
    hrefs = set()
    for page in EVERY_PAGE:
        hrefs.update(STYLESHEET.findall(client.get(page).content.decode()))
    assert hrefs
    sheets = {}
    for href in sorted(hrefs):
        response = client.get(href)
        assert response.status_code == 200, href
        sheets[urljoin(ORIGIN, href)] = b"".join(response.streaming_content).decode()
    return sheets


def broken_urls(client, sheets):
    broken = []
    for sheet, url, base in references(sheets):
        if url.startswith(("data:", "#")):
            continue  # pictures in the text itself (the CSP decides), or a fragment
        target = urlsplit(urljoin(base, url))
        if f"{target.scheme}://{target.netloc}" != ORIGIN:
            broken.append((sheet, url, "another site: no third-party requests"))
            continue
        status = client.get(target.path).status_code
        if status != 200:
            broken.append((sheet, url, f"{target.path} (resolved against {base}): {status}"))
    return broken


@override_settings(WHITENOISE_USE_FINDERS=True)
def test_every_url_in_the_served_stylesheets_resolves():
    """WhiteNoise serves the static files (from the finders, as in development)."""
    client = Client()
    sheets = stylesheets_of_every_page(client)
    assert any("var(--" in text for text in sheets.values())  # the case that matters is seen
    assert not broken_urls(client, sheets)


@override_settings(WHITENOISE_USE_FINDERS=True)
def test_no_stylesheet_holds_an_image_the_csp_would_block():
    """img-src 'self': a data: image in a stylesheet is blocked (Chromium loaded Bootstrap's
    radio tick while a radio changed, and the browser tests saw the CSP report)."""
    sheets = stylesheets_of_every_page(Client())
    assert sheets
    data_image = re.compile(r"url\(\s*['\"]?data:", re.I)
    assert [name for name, text in sheets.items() if data_image.search(text)] == []


def test_every_url_resolves_with_the_hashed_names_of_production(tmp_path):
    """The same with the production storage: collectstatic with hashed, compressed names,
    served by WhiteNoise from STATIC_ROOT."""
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with override_settings(STATIC_ROOT=collected_static(), STORAGES=storages):
        frame_urls.cache_clear()  # the page frame's asset URLs are worked out once
        try:
            client = Client()
            sheets = stylesheets_of_every_page(client)
            assert all(re.search(r"\.[0-9a-f]{12}\.css$", sheet) for sheet in sheets)
            assert not broken_urls(client, sheets)
        finally:
            frame_urls.cache_clear()


def test_a_url_in_a_custom_property_is_checked_where_it_is_used():
    """The check itself: a relative url() in a custom property that another folder's
    stylesheet uses resolves there, as browsers do."""
    sheets = {
        "http://testserver/static/css/site.css": '.a { --tick: url("../img/check.svg"); }',
        "http://testserver/static/vendor/x/x.css": ".a { background-image: var(--tick); }",
    }
    assert sorted(base for _, _, base in references(sheets)) == sorted(sheets)
