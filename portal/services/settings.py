"""Installation settings staff edit in the back office, read through typed getters.

Each setting is one row of the `setting` table (key → JSON). Getters never fail: a missing or
malformed row yields the safe default, so a fresh installation works without any row.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from portal.models import Customer, Setting
from portal.models.clock import utcnow
from portal.services.passwords import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, PasswordPolicy

SHOP_SETTING = "shop"
PASSWORD_POLICY_SETTING = "password_policy"


def read(session: Session, key: str) -> dict[str, Any]:
    row = session.get(Setting, key)
    return dict(row.value) if row is not None and isinstance(row.value, dict) else {}


def write(session: Session, key: str, value: dict[str, Any]) -> None:
    """Replace one setting in the caller's transaction (the caller authorizes and audits)."""
    row = session.get(Setting, key)
    if row is None:
        row = Setting(key=key, value=value)
    else:
        row.value = value
        row.updated_at = utcnow()
    session.add(row)


def installation_shows_prices(session: Session) -> bool:
    return bool(read(session, SHOP_SETTING).get("show_prices", True))


def shows_prices(session: Session, customer: Customer) -> bool:
    """The customer's override wins; without one the installation setting applies (SPEC §6)."""
    if customer.show_prices is not None:
        return bool(customer.show_prices)
    return installation_shows_prices(session)


def password_policy(session: Session) -> PasswordPolicy:
    raw = read(session, PASSWORD_POLICY_SETTING)
    length = raw.get("min_length", MIN_PASSWORD_LENGTH)
    if not isinstance(length, int) or isinstance(length, bool):
        length = MIN_PASSWORD_LENGTH
    return PasswordPolicy(
        min_length=min(max(length, MIN_PASSWORD_LENGTH), MAX_PASSWORD_LENGTH),
        check_common=bool(raw.get("check_common", True)),
    )
