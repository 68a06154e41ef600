"""Where each audience lives and what its navigation offers (one place for routes and menus)."""

from __future__ import annotations

from dataclasses import dataclass

from portal.models.enums import PartnerAction, StaffPermission, UserKind
from portal.services.access import CustomerArea, Principal, customer_areas

HOME = {UserKind.STAFF: "/staff", UserKind.PARTNER: "/partner", UserKind.CUSTOMER: "/customer"}
# Every audience's own security settings (two-factor login); linked from the user menu.
SECURITY_PATH = "/profile/security"


@dataclass(frozen=True)
class NavItem:
    """A menu entry under the section `group` (a message key; "" for the top entries).

    Shown only to staff with `permission`, partners whose teams allow `action`, and customer
    users whose role or grants show `area` (the same areas as the dashboard's tiles).
    """

    path: str
    label_key: str
    group: str = ""
    permission: StaffPermission | None = None
    action: PartnerAction | None = None
    area: CustomerArea | None = None


_WORK, _PEOPLE, _SHOP, _ADMIN = (
    "nav.group.work",
    "nav.group.people",
    "nav.group.shop",
    "nav.group.admin",
)
_RECORDS, _SALES, _SERVICE = "nav.group.records", "nav.group.sales", "nav.group.service"

NAVIGATION: dict[UserKind, tuple[NavItem, ...]] = {
    UserKind.STAFF: (
        NavItem("/staff", "nav.staff_home"),
        NavItem("/staff/inbox", "inbox.nav", _WORK, StaffPermission.INBOX),
        NavItem("/staff/orders", "sales.nav.staff_orders", _WORK, StaffPermission.INBOX),
        NavItem(
            "/staff/customers", "identity.nav_customers", _PEOPLE, StaffPermission.MANAGE_ACCOUNTS
        ),
        NavItem("/staff/accounts", "accounts.nav", _PEOPLE, StaffPermission.MANAGE_ACCOUNTS),
        NavItem("/staff/grants", "grants.nav", _PEOPLE, StaffPermission.MANAGE_GRANTS),
        NavItem("/staff/catalog", "catalog.nav", _SHOP, StaffPermission.CATALOG),
        NavItem("/staff/inventory", "catalog.nav_inventory", _SHOP, StaffPermission.CATALOG),
        NavItem("/staff/settings", "settings.nav", _ADMIN, StaffPermission.SETTINGS),
        NavItem(
            "/staff/permission-groups", "settings.nav_groups", _ADMIN, StaffPermission.SETTINGS
        ),
        NavItem("/staff/two-factor", "totp.nav_staff", _ADMIN, StaffPermission.MANAGE_ACCOUNTS),
        NavItem("/staff/mail", "nav.mail_outbox", _ADMIN, StaffPermission.SETTINGS),
        NavItem("/staff/audit", "audit.nav", _ADMIN, StaffPermission.MANAGE_ACCOUNTS),
    ),
    UserKind.PARTNER: (
        NavItem("/partner", "nav.partner_home"),
        NavItem("/partner/customers", "nav.partner_customers"),
        NavItem("/partner/subscriptions", "nav.partner_subscriptions"),
        NavItem("/partner/people", "nav.partner_people", action=PartnerAction.MANAGE_PEOPLE),
    ),
    UserKind.CUSTOMER: (
        NavItem("/customer", "nav.customer_home"),
        NavItem("/customer/contracts", "cp.nav.contracts", _RECORDS, area=CustomerArea.CONTRACTS),
        NavItem("/customer/documents", "cp.nav.documents", _RECORDS, area=CustomerArea.DOCUMENTS),
        NavItem("/customer/postbox", "support.nav.postbox", _RECORDS, area=CustomerArea.POSTBOX),
        NavItem("/customer/quotes", "sales.nav.quotes", _SALES, area=CustomerArea.QUOTES),
        NavItem("/customer/orders", "sales.nav.orders", _SALES, area=CustomerArea.ORDERS),
        # Proofs belong to orders: whoever sees the orders decides on their proofs.
        NavItem("/customer/approvals", "sales.nav.approvals", _SALES, area=CustomerArea.ORDERS),
        NavItem("/customer/invoices", "sales.nav.invoices", _SALES, area=CustomerArea.INVOICES),
        NavItem("/customer/tickets", "support.nav.tickets", _SERVICE, area=CustomerArea.TICKETS),
        NavItem("/customer/claims", "support.nav.claims", _SERVICE, area=CustomerArea.CLAIMS),
        # Every customer user may shop for the own company (SPEC §3.2: NORMAL sees own orders).
        NavItem("/customer/shop", "shop.nav.shop", _SHOP),
        NavItem("/customer/printers", "shop.nav.printers", _SHOP),
        NavItem("/customer/cart", "shop.nav.cart", _SHOP),
        NavItem("/customer/shop-orders", "shop.nav.orders", _SHOP),
    ),
}


def home_path(kind: str) -> str:
    try:
        return HOME[UserKind(kind)]
    except ValueError:
        return "/login"


def navigation_for(principal: Principal) -> list[NavItem]:
    """The menu of the principal's audience, without what its rights would refuse."""
    areas = customer_areas(principal)
    return [
        item
        for item in NAVIGATION[UserKind(principal.kind)]
        if (item.permission is None or item.permission in principal.staff_permissions)
        and (item.action is None or item.action in principal.partner_actions)
        and (item.area is None or item.area in areas)
    ]


def nav_entries(items: list[NavItem], counts: dict[str, str]) -> list[dict[str, str]]:
    """The menu as the shell renders it (flat, strings only): each entry knows its section and
    whether it opens one (`heading` is the section's key then), and its count badge."""
    entries: list[dict[str, str]] = []
    previous_group = ""
    for item in items:
        opens = item.group != previous_group
        entries.append(
            {
                "path": item.path,
                "label_key": item.label_key,
                "heading": item.group if opens else "",
                # Detail pages below an entry light it up, except below the home page.
                "nested": "" if item.path in HOME.values() else "1",
                "count": counts.get(item.path, ""),
            }
        )
        previous_group = item.group
    return entries
