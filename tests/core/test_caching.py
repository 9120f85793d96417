"""Pages the same for everyone are cached whole; pages about a person never are."""

import pytest

from tests.conftest import answer_steps

pytestmark = pytest.mark.django_db

SHARED = [
    "/",
    "/about/",
    "/privacy/",
    "/library/",
    "/library/medicines/",
    "/library/medicines/baclofen/",
    "/library/compare/",
]


@pytest.mark.parametrize("url", SHARED)
def test_shared_pages_are_cached_whole_and_public(client, django_assert_num_queries, url):
    first = client.get(url)
    assert first.status_code == 200
    control = first["Cache-Control"]
    assert "public" in control
    assert "max-age=300" in control
    assert "Cookie" not in first.get("Vary", "")
    assert not first.cookies
    with django_assert_num_queries(0):
        second = client.get(url)
    assert second.content == first.content


@pytest.mark.parametrize(
    "url", ["/guide/", "/guide/red-flags/", "/guide/result/", "/share/", "/library/search/?q=x"]
)
def test_pages_about_a_person_or_a_query_are_not_cached_publicly(client, url):
    answer_steps(client, {})
    response = client.get(url)
    assert "public" not in response.get("Cache-Control", "")
    if url.startswith("/guide/"):
        assert "no-store" in response["Cache-Control"]
        assert "private" in response["Cache-Control"]


def test_static_files_get_far_future_headers_with_hashed_names(client, settings, tmp_path):
    """With the production storage, names are hashed and WhiteNoise marks them immutable."""
    from django.core.management import call_command
    from django.test import override_settings
    from whitenoise.middleware import WhiteNoiseMiddleware

    storage = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=storage):
        call_command("collectstatic", "--noinput", verbosity=0)
        from django.templatetags.static import static

        url = static("css/site.css")
        assert __import__("re").search(r"site\.[0-9a-f]{12}\.css$", url)
        middleware = WhiteNoiseMiddleware(lambda request: None)
        static_file = middleware.files[url]
        headers = dict(static_file.get_response("GET", {}).headers)
        assert "immutable" in headers["Cache-Control"]
        assert "max-age=315360000" in headers["Cache-Control"]
