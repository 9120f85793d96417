import pytest

from pain_guide.library.models import Condition, Group, Medicine, Question

DETAILS = {
    "medicines": Medicine,
    "groups": Group,
    "conditions": Condition,
    "questions": Question,
}


@pytest.fixture
def openapi(client):
    """The OpenAPI document, as the API serves it."""
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def every_url():
    """Every address of the API with the published library, in both languages."""
    urls = ["/api/v1/", "/api/v1/comparison/", "/api/v1/comparison/?lang=es"]
    for kind, model in DETAILS.items():
        urls += [f"/api/v1/{kind}/", f"/api/v1/{kind}/?lang=es"]
        for slug in model.objects.published().values_list("slug", flat=True):
            urls += [f"/api/v1/{kind}/{slug}/", f"/api/v1/{kind}/{slug}/?lang=es"]
    return urls
