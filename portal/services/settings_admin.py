"""Staff changes to the shop and password settings (the getters live in portal.services.settings).

Every change needs the SETTINGS permission and is audited; bad input raises SettingInvalid with
a message key and changes nothing.
"""

from __future__ import annotations

from sqlalchemy import or_
from sqlmodel import Session, col, select

from portal.models import Customer
from portal.models.enums import StaffPermission
from portal.services import access, audit
from portal.services.access import Principal
from portal.services.grids import contains
from portal.services.passwords import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, PasswordPolicy
from portal.services.settings import (
    PASSWORD_POLICY_SETTING,
    SHOP_SETTING,
    installation_shows_prices,
    password_policy,
    read,
    write,
)

_SEARCH_LIMIT = 20
# customer.show_prices as the form names it: None means "as the installation".
PRICE_CHOICES = {"inherit": None, "shown": True, "hidden": False}


class SettingInvalid(ValueError):
    def __init__(self, message_key: str) -> None:
        super().__init__(message_key)
        self.message_key = message_key


def set_shop_prices(session: Session, principal: Principal, show_prices: bool) -> None:
    access.ensure(principal, StaffPermission.SETTINGS)
    write(session, SHOP_SETTING, read(session, SHOP_SETTING) | {"show_prices": bool(show_prices)})
    audit.record_by(
        session,
        principal,
        "settings.shop",
        target_type="setting",
        target_id=SHOP_SETTING,
        detail={"show_prices": bool(show_prices)},
    )


def shop_prices(session: Session, principal: Principal) -> bool:
    access.ensure(principal, StaffPermission.SETTINGS)
    return installation_shows_prices(session)


def set_password_policy(
    session: Session, principal: Principal, *, min_length: int | str, check_common: bool
) -> PasswordPolicy:
    """Minimum length between 8 (SPEC §8) and the maximum a password may have."""
    access.ensure(principal, StaffPermission.SETTINGS)
    try:
        length = int(str(min_length).strip())
    except ValueError:
        raise SettingInvalid("settings.passwords.error.length") from None
    if not MIN_PASSWORD_LENGTH <= length <= MAX_PASSWORD_LENGTH:
        raise SettingInvalid("settings.passwords.error.length")
    value = {"min_length": length, "check_common": bool(check_common)}
    write(session, PASSWORD_POLICY_SETTING, value)
    audit.record_by(
        session,
        principal,
        "settings.password_policy",
        target_type="setting",
        target_id=PASSWORD_POLICY_SETTING,
        detail=value,
    )
    return password_policy(session)


def current_password_policy(session: Session, principal: Principal) -> PasswordPolicy:
    access.ensure(principal, StaffPermission.SETTINGS)
    return password_policy(session)


def find_customers(session: Session, principal: Principal, term: str) -> list[Customer]:
    """Customers by number or name for the price override form (staff see all customers)."""
    access.ensure(principal, StaffPermission.SETTINGS)
    term = term.strip()[:100]
    if len(term) < 2:
        return []
    return list(
        session.exec(
            select(Customer)
            .where(or_(contains(col(Customer.name), term), contains(col(Customer.number), term)))
            .order_by(col(Customer.name), col(Customer.id))
            .limit(_SEARCH_LIMIT)
        )
    )


def set_customer_prices(
    session: Session, principal: Principal, customer_id: int, choice: str
) -> Customer:
    """Prices shown, hidden, or as the installation (`inherit`) for one customer."""
    access.ensure(principal, StaffPermission.SETTINGS)
    if choice not in PRICE_CHOICES:
        raise SettingInvalid("settings.shop.error.choice")
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise SettingInvalid("settings.shop.error.customer")
    customer.show_prices = PRICE_CHOICES[choice]
    session.add(customer)
    audit.record_by(
        session,
        principal,
        "settings.customer_prices",
        target_type="customer",
        target_id=customer_id,
        detail={"show_prices": customer.show_prices},
    )
    session.flush()
    return customer


def price_choice(customer: Customer) -> str:
    return next(k for k, v in PRICE_CHOICES.items() if v is customer.show_prices)
