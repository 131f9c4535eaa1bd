"""The client's network address, the same for every throttle (login, password reset, public forms).

Without a proxy (`TRUSTED_PROXY_COUNT` = 0) it is REMOTE_ADDR; any X-Forwarded-For header is the
client's own words and ignored. Behind n trusted proxies each of them appends the address it saw, so
the client is the n-th entry from the right; entries further left were written by the client and may be
forged. A missing, too short or malformed header falls back to REMOTE_ADDR (the nearest proxy): that is
one shared bucket, never a fresh one chosen by the client.

Addresses are returned in canonical form (`2001:DB8:0::1` and `2001:db8::1` are one client).
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _canonical(value: str) -> str | None:
    try:
        address = ipaddress.ip_address(value.strip())
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped  # ::ffff:192.0.2.1 is the IPv4 client 192.0.2.1
    return str(address)


def client_address(request: HttpRequest) -> str | None:
    """The client's address, canonical; None when the request carries no usable address at all."""
    remote = _canonical(request.META.get("REMOTE_ADDR") or "")
    hops = getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0
    if hops <= 0:
        return remote
    entries = [part.strip() for part in (request.META.get("HTTP_X_FORWARDED_FOR") or "").split(",")]
    entries = [part for part in entries if part]
    if len(entries) < hops:
        return remote
    return _canonical(entries[-hops]) or remote
