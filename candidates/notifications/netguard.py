"""Where a webhook may point: http(s) only, and public addresses only unless allowed.

Checked when an endpoint is registered and again on every send, against the addresses
the name resolves to at that moment; the request then connects to the address that
was checked, so a name cannot resolve to a public address for the check and to a
private one for the connection.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings


class UnsafeURL(Exception):
    """A webhook URL this server will not call, with the reason."""


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    port: int
    path: str
    address: str


Address = ipaddress.IPv4Address | ipaddress.IPv6Address

# IPv6 forms that carry an IPv4 address a router or the kernel may deliver to: NAT64
# (the well-known prefix and the local-use one), and the deprecated IPv4-compatible form.
_NAT64 = (ipaddress.IPv6Network("64:ff9b::/96"), ipaddress.IPv6Network("64:ff9b:1::/48"))
_IPV4_COMPATIBLE = ipaddress.IPv6Network("::/96")


def embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address carries (IPv4-mapped, 6to4, Teredo's client,
    NAT64, IPv4-compatible), or None."""
    if address.ipv4_mapped:
        return address.ipv4_mapped
    if address.sixtofour:
        return address.sixtofour
    if address.teredo:
        return address.teredo[1]
    if any(address in network for network in _NAT64) or (
        address in _IPV4_COMPATIBLE and int(address) > 1
    ):
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def _why_not_global(address: Address) -> str | None:
    if address.is_loopback:
        return "a loopback address"
    if address.is_link_local:
        return "a link-local address"
    if address.is_unspecified or address.is_multicast or address.is_reserved:
        # 0.0.0.0 reaches this machine's own services on Linux.
        return "a reserved address"
    if address.is_private:
        return "a private address"
    if not address.is_global:
        # Shared address space (100.64.0.0/10, where cloud metadata services live),
        # documentation, benchmarking and other special-purpose ranges.
        return "an address that is not globally routable"
    return None


def _forbidden(address: Address) -> str | None:
    """Why a webhook may not connect to `address`, or None: only globally routable
    addresses. An IPv6 address that carries an IPv4 one is judged by the IPv4 address,
    where the packets end up (the translation prefixes themselves count as reserved)."""
    if isinstance(address, ipaddress.IPv6Address):
        inner = embedded_ipv4(address)
        if inner is not None:
            why = _why_not_global(inner)
            return f"{why} (carried in {address.compressed})" if why else None
    return _why_not_global(address)


def parse(url: str) -> tuple[str, str, int, str]:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise UnsafeURL("A webhook URL must start with http:// or https://.")
    if not parts.hostname:
        raise UnsafeURL("A webhook URL needs a host name.")
    if parts.username or parts.password:
        raise UnsafeURL("A webhook URL must not carry a user name or password.")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise UnsafeURL("The port of this webhook URL is not valid.") from None
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    return parts.scheme, parts.hostname, port, path


def resolve(url: str, *, allow_private: bool | None = None) -> Target:
    """The URL's parts and the address to connect to; raises UnsafeURL."""
    if allow_private is None:
        allow_private = settings.NOTIFY_WEBHOOK_ALLOW_PRIVATE
    scheme, host, port, path = parse(url)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise UnsafeURL(f"The host {host} does not resolve: {exc}.") from None
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    if not addresses:
        raise UnsafeURL(f"The host {host} does not resolve.")
    if not allow_private:
        # Every address must be public: a name with one private address among public
        # ones could be steered to it.
        for address in addresses:
            why = _forbidden(ipaddress.ip_address(address.split("%", 1)[0]))
            if why:
                raise UnsafeURL(f"The host {host} resolves to {address}, {why}.")
    return Target(scheme, host, port, path, addresses[0])
