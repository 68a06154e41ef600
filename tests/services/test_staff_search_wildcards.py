"""Staff searches take `%`, `_` and `\\` literally (grids.contains): a lone wildcard finds
nothing instead of every row, and a name that holds one is found by it. SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from portal.models.enums import StaffPermission
from portal.services import catalog, inventory, settings_admin
from portal.services.access import load_principal
from tests import factories as f
from tests.services.catalog_world import build

WILDCARDS = ("%%", "__", "%_", "\\%")


@pytest.fixture
def w(db_session: Session):  # type: ignore[no-untyped-def]
    world = build(db_session)
    world.odd = f.customer(db_session, "Druck_100% AG")
    admin = f.staff(db_session, "settings@portal.example", [StaffPermission.SETTINGS])
    db_session.commit()
    world.admin = load_principal(db_session, admin.id)
    return world


def _inventory(s: Session, w, term: str) -> list[int]:  # type: ignore[no-untyped-def]
    return [c.id for c in inventory.search_customers(s, w.who(w.clerk), term)]


def _prices(s: Session, w, term: str) -> list[int]:  # type: ignore[no-untyped-def]
    return [c.id for c in settings_admin.find_customers(s, w.admin, term)]


@pytest.mark.parametrize("search", [_inventory, _prices])
def test_customer_searches_take_wildcards_literally(db_session: Session, w, search) -> None:  # type: ignore[no-untyped-def]
    for term in WILDCARDS:
        assert search(db_session, w, term) == [], term
    assert search(db_session, w, "_100%") == [w.odd.id]


def test_article_search_takes_wildcards_literally(db_session: Session, w) -> None:  # type: ignore[no-untyped-def]
    clerk = w.who(w.clerk)
    for term in WILDCARDS:
        assert catalog.list_items(db_session, clerk, search=term) == [], term
    assert catalog.list_items(db_session, clerk, search="trommel")
