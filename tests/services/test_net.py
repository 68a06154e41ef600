"""Client addresses behind reverse proxies: forwarded addresses only from trusted proxies."""

from __future__ import annotations

import pytest

from portal.services.net import client_ip

PROXIES = frozenset({"10.0.0.0/8", "192.168.1.5"})


@pytest.mark.parametrize(
    ("peer", "forwarded", "expected"),
    [
        ("203.0.113.7", "", "203.0.113.7"),  # no proxy
        ("203.0.113.7", "1.2.3.4", "203.0.113.7"),  # an untrusted peer cannot claim an address
        ("10.1.2.3", "198.51.100.9", "198.51.100.9"),  # one trusted proxy
        ("10.1.2.3", "6.6.6.6, 198.51.100.9, 192.168.1.5", "198.51.100.9"),  # forged left part
        ("10.1.2.3", "", "10.1.2.3"),
        ("10.1.2.3", "junk, 198.51.100.9", "198.51.100.9"),
    ],
)
def test_client_ip_believes_forwarded_addresses_only_from_trusted_proxies(
    peer: str, forwarded: str, expected: str
) -> None:
    assert client_ip(peer, forwarded, PROXIES) == expected
