"""May this URL be fetched as an article page? Only http(s) to public addresses.

Article links come from feed content, i.e. from third parties, so a feed could point us at
`http://169.254.169.254/` (cloud metadata), `http://127.0.0.1:8080/` (the Airflow API) or a private
network. The guard resolves the host and refuses if *any* resolved address is not public, unless it lies in
`NEWSMON_FETCH_ALLOW` (e.g. `127.0.0.1/32` for the local sample server). `http_fetch.fetch(guard=...)` calls it
before every redirect hop.

httpx resolves the name again when it connects, so a DNS answer that changes between the check and the
connection (DNS rebinding) would slip through the URL check alone; `check_peer` closes that gap by checking
the address each new connection actually reached (`http_fetch.fetch(peer_guard=...)`).
"""
from __future__ import annotations

import ipaddress
import socket
from typing import Callable, Iterable
from urllib.parse import urlsplit

from extractors.feeds.http_fetch import FetchError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[[str, int], list[str]]

# Not covered (or not reliably covered) by `is_global` in every Python version.
EXTRA_BLOCKED = tuple(
    ipaddress.ip_network(n)
    for n in (
        "0.0.0.0/8", "100.64.0.0/10", "192.0.0.0/24", "198.18.0.0/15", "240.0.0.0/4",
        "64:ff9b:1::/48", "2001:db8::/32", "fc00::/7", "fe80::/10", "fec0::/10",
    )
)


def parse_allow_list(entries: Iterable[str]) -> list[IPNetwork]:
    """`["127.0.0.1/32", "10.0.0.5"]` -> networks; a bad entry raises ValueError naming it."""
    networks: list[IPNetwork] = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError as error:
            raise ValueError(f"NEWSMON_FETCH_ALLOW entry {entry!r} is not an IP address or CIDR range") from error
    return networks


def default_resolver(host: str, port: int) -> list[str]:
    """Every address the system resolver returns for host (IPv4 and IPv6)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return sorted({info[4][0] for info in infos})


def embedded_ipv4(address: IPAddress) -> ipaddress.IPv4Address | None:
    """The IPv4 address hidden in an IPv6 one (v4-mapped, 6to4, Teredo, NAT64), if any."""
    if not isinstance(address, ipaddress.IPv6Address):
        return None
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    if address in ipaddress.ip_network("64:ff9b::/96"):
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def is_public_address(address: IPAddress) -> bool:
    """Globally routable unicast: not loopback, private, link-local, multicast, reserved or unspecified."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return is_public_address(address.ipv4_mapped)  # ::ffff:a.b.c.d is the IPv4 address itself
    inner = embedded_ipv4(address)
    if inner is not None and not is_public_address(inner):
        return False
    if (
        address.is_loopback
        or address.is_private
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
        or not address.is_global
    ):
        return False
    return not any(address.version == net.version and address in net for net in EXTRA_BLOCKED)


def check_peer(address: str, *, allow: Iterable[str] | None = None) -> None:
    """Raise `FetchError("blocked_address")` unless a connection to this IP may be used."""
    if allow is None:
        from extractors.settings import fetch_allow

        allow = fetch_allow()
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError as error:
        raise FetchError("blocked_address", f"blocked: connected to an unknown address {address!r}") from error
    if not _permitted(ip, parse_allow_list(allow)):
        raise FetchError(
            "blocked_address", f"blocked: connection reached non-public address {ip} (allow it with NEWSMON_FETCH_ALLOW)"
        )


def _permitted(address: IPAddress, allowed: list[IPNetwork]) -> bool:
    if is_public_address(address):
        return True
    if any(address.version == net.version and address in net for net in allowed):
        return True
    inner = embedded_ipv4(address)
    return inner is not None and any(net.version == 4 and inner in net for net in allowed)


def check_url(
    url: str,
    *,
    allow: Iterable[str] | None = None,
    resolve: Resolver | None = None,
) -> None:
    """Raise `FetchError` (kind "scheme" or "blocked_address") unless url may be fetched.

    `allow` defaults to `extractors.settings.fetch_allow()`; `resolve` to the system resolver.
    """
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchError("scheme", f"refused URL scheme {scheme or '(none)'!r}: only http and https", url=url)
    host = parts.hostname
    if not host:
        raise FetchError("scheme", f"URL has no host: {url!r}", url=url)
    if allow is None:
        from extractors.settings import fetch_allow

        allow = fetch_allow()
    allowed = parse_allow_list(allow)
    try:
        port = parts.port or (443 if scheme == "https" else 80)
    except ValueError as error:
        raise FetchError("scheme", f"invalid port in {url!r}", url=url) from error

    try:
        literal = ipaddress.ip_address(host)
        addresses = [literal]
    except ValueError:
        try:
            addresses = [ipaddress.ip_address(a.split("%", 1)[0]) for a in (resolve or default_resolver)(host, port)]
        except (OSError, UnicodeError) as error:
            raise FetchError("network", f"cannot resolve host {host!r}: {error}", url=url) from error
        if not addresses:
            raise FetchError("network", f"host {host!r} resolved to no address", url=url)

    for address in addresses:
        if _permitted(address, allowed):
            continue
        raise FetchError(
            "blocked_address",
            f"blocked: {host} resolves to non-public address {address} (allow it with NEWSMON_FETCH_ALLOW)",
            url=url,
        )
