"""The client's address, for login lockouts and rate limits.

Behind a reverse proxy REMOTE_ADDR is the proxy's. With NUM_PROXIES trusted proxies in
front, each appending the address it saw to X-Forwarded-For, the client is the entry
that the outermost of them wrote; entries further left are whatever the client sent
and are never believed.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest

# One IPv6 subscriber holds a whole /64: counting its addresses one by one would give
# it 2**64 budgets.
IPV6_PREFIX = 64


def client_address(request: HttpRequest) -> str | None:
    """The client's IP address, or None when the server was not told one."""
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = settings.NUM_PROXIES
    if proxies:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            written_by_outermost = hops[-min(proxies, len(hops))]
            if _is_address(written_by_outermost):
                return written_by_outermost
    return remote


def client_network(request: HttpRequest) -> str:
    """What one client is counted as: its IPv4 address, or its IPv6 /64."""
    address = client_address(request)
    if address is None or not _is_address(address):
        return "unknown"
    parsed = ipaddress.ip_address(address)
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/{IPV6_PREFIX}", strict=False))
    return str(parsed)


def _is_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True
