"""Pages load a subset of Bootstrap (scripts/build-bootstrap-subset): every Bootstrap class a
page uses must still be styled by the subset, or a rebuild is due."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from tests.conftest import EVERY_PAGE, answer_steps

pytestmark = pytest.mark.django_db

VENDOR = Path(settings.BASE_DIR) / "static" / "vendor" / "bootstrap"
CLASS_IN_SELECTOR = re.compile(r"\.(-?[_a-zA-Z][_a-zA-Z0-9-]*)")


def classes_styled_by(path):
    css = path.read_text()
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    # Class names appear only in selectors, before each "{".
    selectors = re.findall(r"([^{}]+)\{", css)
    return {name for selector in selectors for name in CLASS_IN_SELECTOR.findall(selector)}


def classes_used_on(html):
    return {
        name
        for attribute in re.findall(r'class="([^"]*)"', html)
        for name in attribute.split()
        if "{" not in name
    }


def test_every_bootstrap_class_a_page_uses_is_in_the_subset(client):
    full = classes_styled_by(VENDOR / "bootstrap.min.css")
    subset = classes_styled_by(VENDOR / "bootstrap.subset.min.css")
    assert len(subset) < len(full) / 3  # it is a real subset
    answer_steps(client, {})
    used = set()
    for url in EVERY_PAGE:
        for headers in ({}, {"HX-Request": "true"}):
            used |= classes_used_on(client.get(url, headers=headers).content.decode())
    # An error on a step shows Bootstrap's invalid-state classes.
    used |= classes_used_on(client.post("/guide/where/", {}).content.decode())
    missing = sorted((used & full) - subset)
    assert not missing, f"run scripts/build-bootstrap-subset: {missing}"


def test_the_pages_load_the_subset_not_the_whole_of_bootstrap(client):
    html = client.get("/guide/").content.decode()
    assert "vendor/bootstrap/bootstrap.subset.min.css" in html
    assert "vendor/bootstrap/bootstrap.min.css" not in html
