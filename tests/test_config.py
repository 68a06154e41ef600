"""Configuration that security depends on."""

from __future__ import annotations

import pytest

from portal.config import get_settings, mail_link_base


@pytest.fixture(autouse=True)
def _fresh_settings():  # type: ignore[no-untyped-def]
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_mail_links_use_the_configured_public_address(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PORTAL_PUBLIC_URL", "https://portal.example.com/")
    assert mail_link_base() == "https://portal.example.com"


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("", "http://127.0.0.1:3456"),
        ("0.0.0.0", "http://localhost:3456"),
        ("portal.lan", "http://portal.lan:3456"),
    ],
)
def test_without_a_public_address_mail_links_point_at_this_server(
    monkeypatch: pytest.MonkeyPatch, host: str, expected: str
) -> None:
    """Not at whatever Origin a client sent (a reset link to the client's site)."""
    monkeypatch.delenv("PORTAL_PUBLIC_URL", raising=False)
    monkeypatch.setenv("PORTAL_HOST", host)
    monkeypatch.setenv("PORTAL_PORT", "3456")
    assert mail_link_base() == expected
