"""The menus: what each audience sees, by permission, team action and customer area."""

from __future__ import annotations

from portal.models.enums import (
    CustomerRole,
    GrantViewType,
    PartnerAction,
    StaffPermission,
    UserKind,
)
from portal.services.access import GrantScope, Principal
from portal.services.navigation import nav_entries, navigation_for


def _customer(role: CustomerRole, *grants: GrantScope) -> Principal:
    return Principal(
        user_id=7,
        kind=UserKind.CUSTOMER,
        login="c@example.org",
        display_name="C",
        customer_id=3,
        customer_role=role,
        grants=grants,
    )


def _grant(view_type: GrantViewType, *, claims: bool = False) -> GrantScope:
    return GrantScope(
        grant_id=1,
        view_type=view_type,
        customer_ids=frozenset({3, 4}),
        member_ids=frozenset({7}),
        share_statuses=frozenset(),
        lines_of_business=frozenset(),
        contract_ids=frozenset(),
        include_claims=claims,
        share_tickets=False,
        show_reference_addresses=False,
        document_keywords=frozenset(),
    )


def _paths(principal: Principal) -> list[str]:
    return [item.path for item in navigation_for(principal)]


def test_main_user_sees_every_customer_area_and_the_shop() -> None:
    assert _paths(_customer(CustomerRole.MAIN)) == [
        "/customer",
        "/customer/contracts",
        "/customer/documents",
        "/customer/postbox",
        "/customer/quotes",
        "/customer/orders",
        "/customer/approvals",
        "/customer/invoices",
        "/customer/tickets",
        "/customer/claims",
        "/customer/shop",
        "/customer/printers",
        "/customer/cart",
        "/customer/shop-orders",
    ]


def test_normal_user_without_grants_gets_no_sales_or_contract_entries() -> None:
    paths = _paths(_customer(CustomerRole.NORMAL))
    assert paths == [
        "/customer",
        "/customer/postbox",
        "/customer/tickets",
        "/customer/claims",
        "/customer/shop",
        "/customer/printers",
        "/customer/cart",
        "/customer/shop-orders",
    ]


def test_a_private_grant_adds_contracts_and_documents_but_no_sales() -> None:
    paths = _paths(_customer(CustomerRole.NORMAL, _grant(GrantViewType.PRIVATE)))
    assert "/customer/contracts" in paths
    assert "/customer/documents" in paths
    assert not {"/customer/quotes", "/customer/orders", "/customer/invoices"} & set(paths)


def test_staff_entries_follow_permissions() -> None:
    staff = Principal(
        user_id=1,
        kind=UserKind.STAFF,
        login="s@example.org",
        display_name="S",
        staff_permissions=frozenset({StaffPermission.CATALOG}),
    )
    assert _paths(staff) == ["/staff", "/staff/catalog", "/staff/inventory"]


def test_partner_people_entry_needs_the_team_action() -> None:
    partner = Principal(user_id=2, kind=UserKind.PARTNER, login="p", display_name="P")
    assert "/partner/people" not in _paths(partner)
    allowed = Principal(
        user_id=2,
        kind=UserKind.PARTNER,
        login="p",
        display_name="P",
        partner_actions=frozenset({PartnerAction.MANAGE_PEOPLE}),
    )
    assert "/partner/people" in _paths(allowed)


def test_entries_open_their_section_once_and_carry_counts() -> None:
    staff = Principal(
        user_id=1,
        kind=UserKind.STAFF,
        login="s@example.org",
        display_name="S",
        staff_permissions=frozenset(StaffPermission),
    )
    entries = nav_entries(navigation_for(staff), {"/staff/inbox": "4"})
    headings = [entry["heading"] for entry in entries if entry["heading"]]
    assert headings == ["nav.group.work", "nav.group.people", "nav.group.shop", "nav.group.admin"]
    by_path = {entry["path"]: entry for entry in entries}
    assert by_path["/staff/inbox"]["count"] == "4"
    assert by_path["/staff/orders"]["count"] == ""
    assert by_path["/staff"]["nested"] == ""  # the home page does not light up below it
    assert by_path["/staff/accounts"]["nested"] == "1"
