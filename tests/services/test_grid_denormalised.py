"""The customer name and number copied onto each subscription (migration 0005) stay in sync
whoever writes, because the database keeps them (triggers). SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

from sqlalchemy import text, update
from sqlmodel import Session

from portal.models import Customer, Subscription
from portal.models.enums import Visibility
from portal.services import grids
from portal.services.access import load_principal
from tests import factories as f


def _copies(session: Session, subscription_id: int) -> tuple[str, str]:
    row = session.connection().execute(
        text("SELECT customer_name, customer_number FROM subscription WHERE id = :id"),
        {"id": subscription_id},
    )
    name, number = row.one()
    return name, number


def test_a_new_contract_carries_its_customers_name_and_number(db_session: Session) -> None:
    north = f.company(db_session, "North")
    alpha = f.customer(db_session, "Alpha Bau", north)
    contract = f.subscription(db_session, alpha, customer_name="wrong", customer_number="X")
    assert _copies(db_session, contract.id) == ("Alpha Bau", alpha.number)


def test_renaming_a_customer_renames_it_on_its_contracts(db_session: Session) -> None:
    alpha = f.customer(db_session, "Alpha Bau")
    beta = f.customer(db_session, "Beta")
    contracts = [f.subscription(db_session, alpha) for _ in range(2)]
    other = f.subscription(db_session, beta)
    alpha.name, alpha.number = "Alpha Bau AG", "K-NEU"
    db_session.add(alpha)
    db_session.flush()
    assert [_copies(db_session, c.id) for c in contracts] == [("Alpha Bau AG", "K-NEU")] * 2
    assert _copies(db_session, other.id) == ("Beta", beta.number)


def test_moving_a_contract_to_another_customer_and_direct_writes_are_corrected(
    db_session: Session,
) -> None:
    alpha = f.customer(db_session, "Alpha Bau")
    beta = f.customer(db_session, "Beta")
    contract = f.subscription(db_session, alpha)
    connection = db_session.connection()
    connection.execute(
        update(Subscription).where(Subscription.id == contract.id).values(customer_id=beta.id)
    )
    assert _copies(db_session, contract.id) == ("Beta", beta.number)
    connection.execute(
        update(Subscription).where(Subscription.id == contract.id).values(customer_name="Evil")
    )
    assert _copies(db_session, contract.id) == ("Beta", beta.number)
    connection.execute(update(Customer).where(Customer.id == beta.id).values(number="K-B2"))
    assert _copies(db_session, contract.id) == ("Beta", "K-B2")


def test_the_grid_sorts_and_finds_contracts_by_the_current_customer_name(
    db_session: Session,
) -> None:
    north = f.company(db_session, "North")
    e1 = f.partner(db_session, "e1", Visibility.ALL, [north])
    zulu, alpha = f.customer(db_session, "Zulu", north), f.customer(db_session, "Alpha", north)
    f.subscription(db_session, zulu)
    f.subscription(db_session, alpha)
    zulu.name = "Aaron"
    db_session.add(zulu)
    db_session.commit()
    principal = load_principal(db_session, e1.id)
    assert principal is not None
    raw = {"sort": [{"colId": "customer_name", "sort": "asc"}], "search": "aaron"}
    request = grids.parse_request("subscriptions", principal, raw)
    page = grids.fetch_page(db_session, "subscriptions", principal, request, date(2026, 3, 1))
    assert [row["customer_name"] for row in page.rows] == ["Aaron"]
    request = grids.parse_request("subscriptions", principal, {"sort": raw["sort"]})
    page = grids.fetch_page(db_session, "subscriptions", principal, request, date(2026, 3, 1))
    assert [row["customer_name"] for row in page.rows] == ["Aaron", "Alpha"]
