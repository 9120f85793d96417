"""The client's address, as the rate limits and django-axes should count it.

Without a proxy in front (``TRUSTED_PROXY_COUNT = 0``) it is ``REMOTE_ADDR``, and
``X-Forwarded-For`` is ignored: anyone can send that header.

Behind ``N`` proxies that each append the address they received the request from to
``X-Forwarded-For`` (nginx's ``$proxy_add_x_forwarded_for``, most load balancers), the
client's address is the N-th entry from the right: the one the outermost trusted proxy
appended. Entries to its left were sent by the client and prove nothing; counting on the
left-most one let anyone pick a fresh bucket with every request. With fewer entries than
proxies (a request that reached the app without passing them all) ``REMOTE_ADDR`` is used.

An IPv6 client usually holds a whole /64 network, so IPv6 addresses are reduced to their
/64 (its first address, e.g. ``2001:db8:1:2::``, still a valid address for axes to store).
Anything that is not an address counts as ``REMOTE_ADDR``.
"""

import ipaddress

from django.conf import settings

IPV6_PREFIX = 64


def parse(value):
    """``value`` as an address, or None. Accepts ``1.2.3.4``, ``1.2.3.4:5678``, ``2001:db8::1``,
    ``[2001:db8::1]`` and ``[2001:db8::1]:443`` (some proxies add the client's port)."""
    text = (value or "").strip()
    if text.startswith("["):
        text = text[1:].partition("]")[0]
    elif text.count(":") == 1:  # an IPv4 address with a port
        text = text.partition(":")[0]
    text = text.partition("%")[0]  # an IPv6 zone (fe80::1%eth0) names a local interface
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def counted(address):
    """The address as the limits count it: IPv4 as it is, IPv6 as its /64."""
    if address.version == 6:
        if address.ipv4_mapped is not None:
            return address.ipv4_mapped
        network = ipaddress.IPv6Network((address, IPV6_PREFIX), strict=False)
        return network.network_address
    return address


def forwarded_address(request, proxies):
    """The entry of ``X-Forwarded-For`` the outermost of ``proxies`` trusted proxies appended,
    or None when the header has fewer entries (or that entry is not an address)."""
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    entries = [entry for entry in header.split(",") if entry.strip()]
    if len(entries) < proxies:
        return None
    return parse(entries[-proxies])


def client_ip(request):
    """The client's address as a string (IPv6 as its /64's first address), or None when even
    ``REMOTE_ADDR`` is missing or not an address. Used by the rate limits and by django-axes
    (``AXES_CLIENT_IP_CALLABLE``)."""
    address = None
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies > 0:
        address = forwarded_address(request, proxies)
    if address is None:
        address = parse(request.META.get("REMOTE_ADDR", ""))
    if address is None:
        return None
    return str(counted(address))
