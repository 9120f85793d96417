"""The client's address behind a proxy (issue 14, finding 7): the entry the trusted proxy
appended, never one the client wrote; IPv6 per /64; used by the rate limits and django-axes."""

import runpy

import pytest
from axes.helpers import get_client_ip_address
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, RequestFactory

from pain_guide.core import ratelimit
from pain_guide.core.clientip import client_ip
from pain_guide.sharing.models import ShareLink
from tests.core.test_ratelimit import SETTINGS_FILE, own_counters  # noqa: F401 - autouse

PROXY = "10.0.0.5"  # the proxy in front: every request reaches the app from here


def request(remote=PROXY, forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


@pytest.fixture
def proxies(settings):
    """How many proxies the site trusts; 1 unless a test says otherwise."""
    settings.TRUSTED_PROXY_COUNT = 1

    def trust(count):
        settings.TRUSTED_PROXY_COUNT = count

    return trust


def test_without_a_trusted_proxy_the_header_is_ignored(proxies):
    proxies(0)
    assert client_ip(request("198.51.100.7", "203.0.113.9")) == "198.51.100.7"
    assert client_ip(request("198.51.100.7", "nonsense")) == "198.51.100.7"
    assert client_ip(request("198.51.100.7")) == "198.51.100.7"


def test_the_entry_the_proxy_appended_is_the_client(proxies):
    assert client_ip(request(forwarded="203.0.113.9")) == "203.0.113.9"
    # Whatever the client wrote itself sits to the left and changes nothing.
    assert client_ip(request(forwarded="1.2.3.4, 203.0.113.9")) == "203.0.113.9"
    assert client_ip(request(forwarded="6.6.6.6,7.7.7.7 , 203.0.113.9")) == "203.0.113.9"


def test_with_two_proxies_the_second_entry_from_the_right(proxies):
    """A load balancer, then nginx: the load balancer appended the client's address, and
    nginx appended the load balancer's."""
    proxies(2)
    assert client_ip(request(forwarded="6.6.6.6, 203.0.113.9, 10.0.0.2")) == "203.0.113.9"
    assert client_ip(request(forwarded="203.0.113.9, 10.0.0.2")) == "203.0.113.9"


@pytest.mark.parametrize("forwarded", ["", " , ", "not-an-address", "203.0.113.9, 999.1.1.1"])
def test_a_missing_short_or_invalid_header_means_the_direct_address(proxies, forwarded):
    assert client_ip(request("198.51.100.7", forwarded)) == "198.51.100.7"


def test_fewer_entries_than_proxies_means_the_direct_address(proxies):
    proxies(2)
    assert client_ip(request("198.51.100.7", "203.0.113.9")) == "198.51.100.7"


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ("203.0.113.9:51234", "203.0.113.9"),
        ("[2001:db8:1:2::7]:443", "2001:db8:1:2::"),
        ("[2001:db8:1:2::7]", "2001:db8:1:2::"),
        ("::ffff:203.0.113.9", "203.0.113.9"),
        ("fe80::1%eth0", "fe80::"),
    ],
)
def test_ports_brackets_and_mapped_addresses_are_understood(proxies, entry, expected):
    assert client_ip(request(forwarded=entry)) == expected


def test_ipv6_clients_are_counted_per_64(proxies):
    proxies(0)
    one = client_ip(request("2001:db8:1:2::1"))
    same_network = client_ip(request("2001:db8:1:2:ffff:ffff:ffff:fffe"))
    next_network = client_ip(request("2001:db8:1:3::1"))
    assert one == same_network == "2001:db8:1:2::"
    assert next_network == "2001:db8:1:3::"


def test_no_usable_address_at_all_is_none(proxies):
    assert client_ip(request("", "")) is None


# --- The rate limits count on it ---------------------------------------------------------


def limited(requests, limit=5):
    return [ratelimit.allow(r, "share-link", limit=limit, window=600) for r in requests]


@pytest.mark.django_db
def test_spoofed_left_most_entries_do_not_make_new_buckets(proxies):
    """The attack run: 40 of 40 requests with a made-up left-most entry got through."""
    spoofed = [request(forwarded=f"192.0.2.{n}, 203.0.113.9") for n in range(40)]
    assert sum(limited(spoofed)) == 5


@pytest.mark.django_db
def test_clients_behind_the_proxy_each_have_their_own_bucket(proxies):
    """Without the header every reader shared the proxy's one bucket."""
    first = [request(forwarded="203.0.113.9")] * 6
    second = [request(forwarded="198.51.100.20")] * 6
    assert limited(first) == [True] * 5 + [False]
    assert limited(second) == [True] * 5 + [False]


@pytest.mark.django_db
def test_without_a_trusted_proxy_a_made_up_header_cannot_dodge_the_limit(proxies):
    """With no proxy in front the client writes X-Forwarded-For itself: a fresh address in it
    with every request must not make a fresh bucket; REMOTE_ADDR is counted."""
    proxies(0)
    spoofed = [request("198.51.100.7", f"192.0.2.{n}") for n in range(40)]
    assert sum(limited(spoofed)) == 5
    assert limited([request("198.51.100.8", "192.0.2.1")]) == [True]


@pytest.mark.django_db
def test_without_a_trusted_proxy_share_links_count_per_direct_address(settings, proxies):
    proxies(0)
    settings.RATELIMITS = {**settings.RATELIMITS, "share-link": (2, 600)}
    data = {"include_guide": "on", "region": "us"}
    statuses = [
        Client(REMOTE_ADDR="198.51.100.7")
        .post("/share/", data, headers={"X-Forwarded-For": f"192.0.2.{n}"})
        .status_code
        for n in range(4)
    ]
    assert statuses == [303, 303, 429, 429]
    assert ShareLink.objects.count() == 2


@pytest.mark.django_db
def test_two_ipv6_addresses_in_one_64_share_a_bucket(proxies):
    proxies(0)
    first = [request("2001:db8:1:2::1")] * 3
    second = [request("2001:db8:1:2::abcd")] * 3
    elsewhere = [request("2001:db8:1:3::1")]
    assert limited(first + second) == [True] * 5 + [False]
    assert limited(elsewhere) == [True]


@pytest.mark.django_db
def test_share_links_through_the_proxy_count_per_client(settings, proxies):
    settings.RATELIMITS = {**settings.RATELIMITS, "share-link": (2, 600)}
    data = {"include_guide": "on", "region": "us"}
    statuses = [
        Client(REMOTE_ADDR=PROXY)
        .post("/share/", data, headers={"X-Forwarded-For": f"192.0.2.{n}, 203.0.113.9"})
        .status_code
        for n in range(4)
    ]
    assert statuses == [303, 303, 429, 429]
    other = Client(REMOTE_ADDR=PROXY).post(
        "/share/", data, headers={"X-Forwarded-For": "198.51.100.20"}
    )
    assert other.status_code == 303
    assert ShareLink.objects.count() == 3


# --- django-axes counts on it ------------------------------------------------------------


def test_axes_uses_the_same_address(proxies):
    assert get_client_ip_address(request(forwarded="6.6.6.6, 203.0.113.9")) == "203.0.113.9"
    assert get_client_ip_address(request("2001:db8:1:2::9")) == "2001:db8:1:2::"


@pytest.mark.django_db
def test_failed_logins_from_one_client_do_not_lock_an_editor_out_for_everyone(settings, proxies):
    """Behind the proxy, every request comes from its address: locking out "editor at the
    proxy's address" locked the editor out for everyone."""
    get_user_model().objects.create_superuser("editor", "ed@example.com", "right-password")
    login = "/" + settings.ADMIN_URL + "login/"
    attacker = Client(REMOTE_ADDR=PROXY, headers={"X-Forwarded-For": "192.0.2.66"})
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attacker.post(login, {"username": "editor", "password": "wrong"})
    response = attacker.post(login, {"username": "editor", "password": "right-password"})
    assert response.status_code == 429  # the attacker's address is locked out
    editor = Client(REMOTE_ADDR=PROXY, headers={"X-Forwarded-For": "203.0.113.9"})
    response = editor.post(login, {"username": "editor", "password": "right-password"})
    assert response.status_code == 302  # the editor, from their own address, gets in


# --- The settings module sets the count from the environment ------------------------------

PROXY_ENVIRONMENT = ("TRUSTED_PROXY_COUNT", "BEHIND_TLS_PROXY", "RATELIMIT_TRUST_X_FORWARDED_FOR")


def project_proxy_count(monkeypatch, **environment):
    """TRUSTED_PROXY_COUNT as pain_guide/settings.py sets it with this environment."""
    for name in PROXY_ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS_FILE))["TRUSTED_PROXY_COUNT"]


@pytest.mark.parametrize(
    ("environment", "count"),
    [
        ({}, 0),
        ({"RATELIMIT_TRUST_X_FORWARDED_FOR": ""}, 0),
        ({"RATELIMIT_TRUST_X_FORWARDED_FOR": "false"}, 0),
        ({"RATELIMIT_TRUST_X_FORWARDED_FOR": "true"}, 1),
        ({"BEHIND_TLS_PROXY": "false"}, 0),
        ({"BEHIND_TLS_PROXY": "true"}, 1),
        ({"BEHIND_TLS_PROXY": "true", "RATELIMIT_TRUST_X_FORWARDED_FOR": "false"}, 1),
        ({"BEHIND_TLS_PROXY": "false", "RATELIMIT_TRUST_X_FORWARDED_FOR": "true"}, 1),
        ({"TRUSTED_PROXY_COUNT": "2"}, 2),
        ({"TRUSTED_PROXY_COUNT": "0", "BEHIND_TLS_PROXY": "true"}, 0),
        ({"TRUSTED_PROXY_COUNT": "0", "RATELIMIT_TRUST_X_FORWARDED_FOR": "true"}, 0),
        ({"TRUSTED_PROXY_COUNT": "2", "BEHIND_TLS_PROXY": "true"}, 2),
    ],
)
def test_the_environment_sets_how_many_proxies_are_trusted(monkeypatch, environment, count):
    assert project_proxy_count(monkeypatch, **environment) == count


def test_a_negative_proxy_count_is_refused(monkeypatch):
    with pytest.raises(ImproperlyConfigured):
        project_proxy_count(monkeypatch, TRUSTED_PROXY_COUNT="-1")
