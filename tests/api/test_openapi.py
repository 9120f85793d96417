"""Every answer of the API is what its OpenAPI document says, and the document states the
terms of reuse."""

import pytest

from .conftest import every_url
from .openapi import Invalid, operation_schema, validate

pytestmark = pytest.mark.django_db


def check(client, openapi, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    assert response["Content-Type"].startswith("application/json"), url
    path = url.split("?")[0]
    validate(openapi, operation_schema(openapi, path, status), response.json(), url)


def test_every_answer_matches_the_document(client, openapi):
    """Every list and every published item, in both languages."""
    for url in every_url():
        check(client, openapi, url)


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/api/v1/medicines/no-such-medicine/", 404),
        ("/api/v1/questions/no-such-question/?lang=es", 404),
        ("/api/v1/medicines/?lang=fr", 400),
        ("/api/v1/medicines/gabapentin/?lang=", 400),
    ],
)
def test_errors_match_the_document(client, openapi, url, status):
    check(client, openapi, url, status)


def test_the_check_fails_on_a_wrong_answer(openapi):
    """The check itself catches a missing field, an undeclared one and a wrong type."""
    schema = operation_schema(openapi, "/api/v1/medicines/gabapentin/", 200)
    with pytest.raises(Invalid):
        validate(openapi, schema, {"slug": "gabapentin"})
    item = {"detail": "x", "extra": 1}
    with pytest.raises(Invalid):
        validate(openapi, operation_schema(openapi, "/api/v1/medicines/x/", 404), item)
    with pytest.raises(Invalid):
        validate(openapi, operation_schema(openapi, "/api/v1/medicines/x/", 404), {"detail": 3})


def test_the_document_states_the_terms_of_reuse(openapi):
    description = openapi["info"]["description"]
    for words in (
        "draft awaiting clinical review",
        "not medical advice",
        "references",
        "review date",
        "link back to its page",
        "sets no\ncookies",
        "never accepts anyone's answers",
        "`?lang=es`",
    ):
        assert words in description, words
    assert openapi["info"]["version"] == "1"


def test_no_docs_page_that_loads_from_a_cdn(client):
    """There is no interactive docs page (it would load scripts from a CDN)."""
    response = client.get("/api/v1/docs")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert b"cdn" not in client.get("/api/v1/openapi.json").content.lower()
