"""The client's address for throttling and audit, also behind reverse proxies.

Behind a proxy every request comes from the proxy's address; counting failed logins per that
address would let anyone lock everybody out. `X-Forwarded-For` is believed only from the proxies
listed in PORTAL_TRUSTED_PROXIES, read from the right, so a client cannot forge its address.
"""

from __future__ import annotations

import functools
import ipaddress

from portal.config import get_settings

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@functools.cache
def _trusted(spec: frozenset[str]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in sorted(spec))


def _is_trusted(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_ip(peer: str, forwarded_for: str = "", trusted: frozenset[str] | None = None) -> str:
    """The first address, from the right, that is not one of our trusted proxies."""
    networks = _trusted(get_settings().trusted_proxies if trusted is None else trusted)
    if not _is_trusted(peer, networks):
        return peer
    hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _is_trusted(hop, networks):
            return hop
    return hops[0] if hops else peer
