"""deploy/render_nginx_conf.py: the headers nginx adds to static files are Django's own."""

import importlib.util
import re
from pathlib import Path

import pytest
from django.http import HttpResponse
from django.middleware.security import SecurityMiddleware
from django.test import RequestFactory, override_settings

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location(
    "render_nginx_conf", ROOT / "deploy" / "render_nginx_conf.py"
)
render_nginx_conf = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(render_nginx_conf)

NON_CSP_SECURITY_HEADERS = (
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "X-Frame-Options",
    "Permissions-Policy",
)


@pytest.mark.django_db
def test_the_static_files_headers_are_the_ones_django_puts_on_a_page(client):
    page = client.get("/guide/")
    assert dict(render_nginx_conf.security_headers()) == {
        name: page[name] for name in NON_CSP_SECURITY_HEADERS
    }
    site = render_nginx_conf.render_site(static_root="/srv/static")
    for name in NON_CSP_SECURITY_HEADERS:
        assert f'add_header {name} "{page[name]}" always;' in site


def django_hsts():
    """The Strict-Transport-Security header SecurityMiddleware puts on an HTTPS response."""
    request = RequestFactory().get("/", secure=True)
    return (
        SecurityMiddleware(lambda request: HttpResponse())
        .process_response(request, HttpResponse())
        .get("Strict-Transport-Security")
    )


@pytest.mark.parametrize(
    ("seconds", "subdomains", "preload"),
    [(31536000, True, True), (31536000, False, False), (3600, True, False), (0, True, True)],
)
def test_hsts_is_djangos_and_only_on_https(seconds, subdomains, preload):
    with override_settings(
        SECURE_HSTS_SECONDS=seconds,
        SECURE_HSTS_INCLUDE_SUBDOMAINS=subdomains,
        SECURE_HSTS_PRELOAD=preload,
    ):
        expected = django_hsts() or ""
        site = render_nginx_conf.render_site(static_root="/srv/static")
    hsts_map = site.split("map $pain_guide_scheme $pain_guide_hsts {")[1].split("}")[0]
    assert [line.strip() for line in hsts_map.strip().splitlines()] == [
        'default "";',
        f'https "{expected}";',
    ]


def test_every_place_is_filled_and_proxies_are_trusted_only_when_listed():
    first_hop = render_nginx_conf.render_site(static_root="/srv/static")
    assert "{{" not in first_hop
    assert not re.search(r"^\s*set_real_ip_from", first_hop, re.M)
    assert (
        "geo $realip_remote_addr $pain_guide_from_proxy {\n    default 0;\n    # (none)\n}"
        in first_hop
    )
    behind = render_nginx_conf.render_site(
        static_root="/srv/static",
        upstreams=["10.0.1.5:8000", "10.0.1.6:8000"],
        trusted_proxies=["10.0.0.0/24", "192.0.2.7"],
    )
    assert "    set_real_ip_from 10.0.0.0/24;\n    set_real_ip_from 192.0.2.7;\n" in behind
    assert "    10.0.0.0/24 1;\n    192.0.2.7 1;\n" in behind
    assert "    server 10.0.1.5:8000;\n    server 10.0.1.6:8000;\n" in behind


@pytest.mark.parametrize(
    "option",
    [
        {"listen": "80; include /etc/passwd"},
        {"server_name": "a.example}"},
        {"static_root": "/srv/static files"},
        {"trusted_proxies": ["$remote_addr"]},
    ],
)
def test_a_value_that_would_change_the_configuration_is_refused(option):
    with pytest.raises(ValueError, match="cannot put"):
        render_nginx_conf.render_site(**{"static_root": "/srv/static", **option})
