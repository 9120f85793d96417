"""The site's own pages: what they say, and the region setting."""

import pytest
from django.core.checks import run_checks

from tests.conftest import text_of


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("/", ["Muscle relaxers and nerve-pain medicines, explained", "Start the guide"]),
        (
            "/about/",
            [
                "What it is",
                "Who writes the content",
                "NICE",
                "never tells you to start, stop or change",
            ],
        ),
        (
            "/privacy/",
            [
                "We do not store them",
                "never put in web addresses",
                "do not use analytics",
                "sessionid",
            ],
        ),
        ("/accessibility/", ["WCAG) 2.2", "JavaScript turned off", "keyboard"]),
    ],
)
def test_site_pages_say_what_they_are_for(client, url, words):
    response = client.get(url)
    assert response.status_code == 200
    text = text_of(response)
    for word in words:
        assert word.lower() in text.lower(), word


def test_every_page_has_the_footer_disclaimer_and_links(client):
    for url in ("/", "/about/", "/guide/", "/guide/age/"):
        html = client.get(url).content.decode()
        assert "gives general information, not medical advice" in html
        for link in ('href="/about/"', 'href="/privacy/"', 'href="/accessibility/"'):
            assert link in html
        assert 'class="skip-link" href="#main"' in html


def test_guide_pages_carry_the_emergency_box_and_site_pages_too(client):
    for url in ("/", "/guide/", "/guide/age/"):
        assert "Emergency?" in text_of(client.get(url))


def test_a_missing_page_is_friendly(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "Page not found" in text_of(response)


@pytest.mark.django_db
def test_unknown_region_fails_the_system_check(settings):
    settings.PAIN_GUIDE_REGION = "mars"
    errors = [message for message in run_checks() if message.id == "pain_guide.E001"]
    assert errors
    assert "us" in errors[0].hint


@pytest.mark.django_db
def test_known_region_passes_the_system_check(settings):
    settings.PAIN_GUIDE_REGION = "uk"
    assert not [message for message in run_checks() if message.id == "pain_guide.E001"]


def test_the_server_error_page_renders_without_a_request():
    from django.template import loader

    html = loader.get_template("500.html").render()
    assert "Sorry, something went wrong" in html
    assert "<script" not in html


def test_settings_refuse_to_start_without_a_secret_key_unless_debug(monkeypatch):
    import importlib

    from django.core.exceptions import ImproperlyConfigured

    import pain_guide.settings as real_settings

    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("DEBUG", "false")
    with pytest.raises(ImproperlyConfigured):
        importlib.reload(real_settings)
    monkeypatch.setenv("DEBUG", "true")
    reloaded = importlib.reload(real_settings)
    assert reloaded.DEBUG is True
    monkeypatch.setenv("SECRET_KEY", "x")
    monkeypatch.delenv("DEBUG")
    assert importlib.reload(real_settings).DEBUG is False


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_site_pages_refuse_other_methods_kindly(client, method):
    response = getattr(client, method)("/about/")
    assert response.status_code == 405
    assert "That did not work" in text_of(response)
    assert response["Allow"] == "GET, HEAD"
