"""The customer portal's lists and dashboard through the access policy (SPEC §3.3, §5), on
SQLite and PostgreSQL."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlmodel import Session, select

from portal.models import CartLine, CatalogItem, InboxItem, ShopOrder
from portal.models.enums import InboxKind, InboxState, ShopOrderKind
from portal.services import customer_portal, dashboard
from portal.services.access import AccessDenied, CustomerArea, Principal, load_principal
from tests import factories as f
from tests.services import customer_world

A = CustomerArea


@pytest.fixture
def cw(db_session: Session, tmp_path: Path) -> SimpleNamespace:
    return customer_world.build(db_session, tmp_path)


def principal(cw: SimpleNamespace, user) -> Principal:  # type: ignore[no-untyped-def]
    found = load_principal(cw.s, user.id)
    assert found is not None
    return found


def test_switcher_offers_own_company_first_then_the_grants_customers(cw) -> None:
    choices = customer_portal.customer_choices(cw.s, principal(cw, cw.main))
    assert [c.name for c in choices] == ["Firma", "Privat"]
    assert [c.name for c in customer_portal.customer_choices(cw.s, principal(cw, cw.normal))] == [
        "Firma"
    ]


@pytest.mark.parametrize(
    ("raw", "expected"), [("private", "private"), ("stranger", None), ("abc", None), (None, None)]
)
def test_a_chosen_customer_must_be_in_scope(cw, raw, expected) -> None:
    value = str(getattr(cw, raw).id) if raw in ("private", "stranger") else raw
    chosen = customer_portal.chosen_customer(cw.s, principal(cw, cw.main), value)
    assert chosen == (getattr(cw, expected).id if expected else None)


def test_main_users_dashboard_counts_and_what_waits(cw) -> None:
    board = dashboard.customer_dashboard(cw.s, principal(cw, cw.main), None, customer_world.TODAY)
    assert set(board.areas) == set(A)
    assert board.counts == {
        "contracts": 2,
        "documents": 3,
        "quotes": 1,
        "orders": 2,
        "invoices": 3,
        "tickets": 3,
        "claims": 1,
    }
    assert board.actions == {
        "approvals_waiting": 1,
        "invoices_open": 2,
        "invoices_overdue": 1,
        "tickets_waiting": 2,
        "postbox_unread": 3,  # the three visible documents "to you", none read yet
    }
    assert board.advisor is not None
    assert (board.advisor.name, board.advisor.phone) == ("Thomas Berger", "+49 30 5550142")


def test_dashboard_of_a_grant_customer_shows_the_grants_view_type_only(cw) -> None:
    board = dashboard.customer_dashboard(
        cw.s, principal(cw, cw.main), cw.private.id, customer_world.TODAY
    )
    assert set(board.areas) == {A.CONTRACTS, A.DOCUMENTS, A.POSTBOX}  # view type "private"
    assert board.counts == {"contracts": 1, "documents": 2}
    assert board.actions == {"postbox_unread": 3}  # the user's own postbox, whoever is chosen
    assert board.advisor is None  # the private customer has no advisor


def test_normal_users_dashboard_has_only_own_records(cw) -> None:
    board = dashboard.customer_dashboard(cw.s, principal(cw, cw.normal), None, customer_world.TODAY)
    assert set(board.areas) == {A.TICKETS, A.CLAIMS, A.POSTBOX}
    assert board.counts == {"tickets": 2, "claims": 1}
    assert board.actions == {"tickets_waiting": 1, "postbox_unread": 0}


def _shop_order(cw, user, number: str, kind: InboxKind, state: InboxState) -> ShopOrder:  # type: ignore[no-untyped-def]
    order = f.add(
        cw.s,
        ShopOrder(number=number, customer_id=cw.firm.id, user_id=user.id, kind=ShopOrderKind.ORDER),
    )
    f.add(cw.s, InboxItem(kind=kind, ref_id=order.id, title=number, state=state))
    return order


def test_shop_tile_counts_cart_pieces_and_the_shop_orders_staff_still_work_on(cw) -> None:
    toner = f.add(
        cw.s, CatalogItem(article_number="T-1", name="Toner", price=Decimal("9.90"), category="T")
    )
    for user, quantity in ((cw.main, 2), (cw.main, 1), (cw.normal, 5)):
        f.add(
            cw.s,
            CartLine(user_id=user.id, customer_id=cw.firm.id, item_id=toner.id, quantity=quantity),
        )
    _shop_order(cw, cw.main, "S-1", InboxKind.ORDER, InboxState.OPEN)
    _shop_order(cw, cw.normal, "S-2", InboxKind.QUOTE_REQUEST, InboxState.IN_PROGRESS)
    _shop_order(cw, cw.normal, "S-3", InboxKind.ORDER, InboxState.DONE)
    other_kind = _shop_order(cw, cw.normal, "S-4", InboxKind.ORDER, InboxState.DONE)
    # an open item of another kind whose ref_id happens to match a shop order's id
    f.add(cw.s, InboxItem(kind=InboxKind.TICKET, ref_id=other_kind.id, title="Ticket"))
    cw.s.commit()

    main_board = dashboard.customer_dashboard(
        cw.s, principal(cw, cw.main), cw.private.id, customer_world.TODAY
    )
    # the own cart; the company's orders (MAIN), whichever customer is chosen
    assert main_board.shop == dashboard.ShopTile(cart_pieces=3, orders_in_progress=2)
    normal = dashboard.shop_tile(cw.s, principal(cw, cw.normal))
    assert normal == dashboard.ShopTile(cart_pieces=5, orders_in_progress=1)  # own orders only


def test_contract_list_is_scoped_filtered_and_paged(cw, monkeypatch) -> None:
    main = principal(cw, cw.main)
    page = customer_portal.contract_page(cw.s, main, None, 0)
    assert {r.id for r in page.rows} == {cw.firm_contract.id, cw.house.id}
    only_private = customer_portal.contract_page(cw.s, main, cw.private.id, 0)
    assert [r.id for r in only_private.rows] == [cw.house.id]
    monkeypatch.setattr(customer_portal, "PAGE_SIZE", 1)
    last = customer_portal.contract_page(cw.s, main, None, 99)
    assert (last.page, last.pages, last.total, len(last.rows)) == (1, 2, 2, 1)
    assert customer_portal.contract_page(cw.s, main, None, -5).page == 0


def test_contract_detail_shows_the_reference_address_only_where_shared(cw) -> None:
    main = principal(cw, cw.main)
    house = customer_portal.contract_detail(cw.s, main, cw.house.id)
    assert house.reference_address == customer_portal.ReferenceAddress(
        "Lindenallee 3", "14052", "Berlin"
    )
    assert [d.id for d in house.documents] == [cw.policy_doc.id]
    cw.grant.show_reference_addresses = False
    cw.s.add(cw.grant)
    cw.s.commit()
    assert (
        customer_portal.contract_detail(cw.s, principal(cw, cw.main), cw.house.id).reference_address
        is None
    )
    # the own company's contract: MAIN sees everything of it
    own = customer_portal.contract_detail(cw.s, main, cw.firm_contract.id)
    assert own.reference_address is not None and own.reference_address.city == "Berlin"


@pytest.mark.parametrize(
    ("who", "contract"),
    [("main", "stranger_contract"), ("main", "private_offer"), ("normal", "firm_contract")],
)
def test_contracts_out_of_scope_are_not_found(cw, who: str, contract: str) -> None:
    with pytest.raises(AccessDenied) as denied:
        customer_portal.contract_detail(
            cw.s, principal(cw, getattr(cw, who)), getattr(cw, contract).id
        )
    assert denied.value.message_key == "error.not_found"


def test_documents_by_keyword_of_the_visible_ones(cw) -> None:
    main = principal(cw, cw.main)
    assert customer_portal.document_keywords(cw.s, main, None) == ["Police", "Rechnung"]
    assert customer_portal.document_keywords(cw.s, main, cw.private.id) == ["Police", "Rechnung"]
    everything = customer_portal.document_page(cw.s, main, None, None, 0)
    assert {d.id for d in everything.rows} == {
        cw.firm_doc.id,
        cw.policy_doc.id,
        cw.without_file.id,
    }
    police = customer_portal.document_page(cw.s, main, None, "Police", 0)
    assert [(d.id, d.keywords, d.contract_number, d.customer_name) for d in police.rows] == [
        (cw.policy_doc.id, ("Police",), cw.house.number, "Privat")
    ]
    # a keyword the user has no document with filters to nothing, not to someone else's
    assert customer_portal.document_page(cw.s, main, None, "Korrespondenz", 0).rows == []
    assert not next(d for d in everything.rows if d.id == cw.without_file.id).has_file


def test_demo_seed_shows_the_grants_right_after_the_run_command(
    db_session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Hanna (MAIN) sees her firm and Doris Dietrich privately; Max (NORMAL) the firm's
    building insurance only; every seeded document has a real file."""
    from portal.config import get_settings
    from portal.models import Document, User
    from portal.services.seed import seed_demo

    monkeypatch.setenv("PORTAL_DATA_DIR", str(tmp_path))
    get_settings.cache_clear()
    try:
        seed_demo(db_session)
        db_session.commit()
    finally:
        get_settings.cache_clear()
    users = {u.login: u for u in db_session.exec(select(User)).all()}
    hanna = load_principal(db_session, users["haupt@druckhaus-dietrich.example"].id)
    max_ = load_principal(db_session, users["mitarbeiter@druckhaus-dietrich.example"].id)
    assert hanna is not None and max_ is not None
    names = [c.name for c in customer_portal.customer_choices(db_session, hanna)]
    assert names == ["Druckhaus Dietrich GmbH", "Doris Dietrich"]
    doris = customer_portal.customer_choices(db_session, hanna)[1].id
    assert customer_portal.contract_page(db_session, hanna, doris, 0).total == 2
    contracts = customer_portal.contract_page(db_session, max_, None, 0).rows
    assert [c.line_of_business for c in contracts] == ["Gebäude"]
    assert customer_portal.document_keywords(db_session, max_, None) == ["Police"]
    for document in db_session.exec(select(Document)).all():
        stored = tmp_path / document.file_path
        assert stored.read_bytes()[:5] == b"%PDF-" and document.size_bytes == stored.stat().st_size
