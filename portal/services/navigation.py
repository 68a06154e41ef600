"""Where each audience lives and what its navigation offers (one place for routes and menus)."""

from __future__ import annotations

from dataclasses import dataclass

from portal.models.enums import PartnerAction, StaffPermission, UserKind

HOME = {UserKind.STAFF: "/staff", UserKind.PARTNER: "/partner", UserKind.CUSTOMER: "/customer"}
# Every audience's own security settings (two-factor login); linked from the user menu.
SECURITY_PATH = "/profile/security"


@dataclass(frozen=True)
class NavItem:
    """A menu entry; shown only to staff with `permission` / partners whose teams allow `action`."""

    path: str
    label_key: str
    permission: StaffPermission | None = None
    action: PartnerAction | None = None


NAVIGATION: dict[UserKind, tuple[NavItem, ...]] = {
    UserKind.STAFF: (
        NavItem("/staff", "nav.staff_home"),
        NavItem("/staff/mail", "nav.mail_outbox", StaffPermission.SETTINGS),
        NavItem("/staff/two-factor", "totp.nav_staff", StaffPermission.MANAGE_ACCOUNTS),
        NavItem("/staff/audit", "audit.nav", StaffPermission.MANAGE_ACCOUNTS),
        NavItem("/staff/orders", "sales.nav.staff_orders", StaffPermission.INBOX),
        NavItem("/staff/catalog", "catalog.nav", StaffPermission.CATALOG),
        NavItem("/staff/inventory", "catalog.nav_inventory", StaffPermission.CATALOG),
        NavItem("/staff/customers", "identity.nav_customers", StaffPermission.MANAGE_ACCOUNTS),
        NavItem("/staff/accounts", "accounts.nav", StaffPermission.MANAGE_ACCOUNTS),
        NavItem("/staff/grants", "grants.nav", StaffPermission.MANAGE_GRANTS),
        NavItem("/staff/inbox", "inbox.nav", StaffPermission.INBOX),
        NavItem("/staff/settings", "settings.nav", StaffPermission.SETTINGS),
        NavItem("/staff/permission-groups", "settings.nav_groups", StaffPermission.SETTINGS),
    ),
    UserKind.PARTNER: (
        NavItem("/partner", "nav.partner_home"),
        NavItem("/partner/customers", "nav.partner_customers"),
        NavItem("/partner/subscriptions", "nav.partner_subscriptions"),
        NavItem("/partner/people", "nav.partner_people", action=PartnerAction.MANAGE_PEOPLE),
    ),
    UserKind.CUSTOMER: (
        NavItem("/customer", "nav.customer_home"),
        NavItem("/customer/contracts", "cp.nav.contracts"),
        NavItem("/customer/documents", "cp.nav.documents"),
        NavItem("/customer/quotes", "sales.nav.quotes"),
        NavItem("/customer/orders", "sales.nav.orders"),
        NavItem("/customer/invoices", "sales.nav.invoices"),
        NavItem("/customer/approvals", "sales.nav.approvals"),
        NavItem("/customer/tickets", "support.nav.tickets"),
        NavItem("/customer/claims", "support.nav.claims"),
        NavItem("/customer/postbox", "support.nav.postbox"),
        NavItem("/customer/shop", "shop.nav.shop"),
        NavItem("/customer/printers", "shop.nav.printers"),
        NavItem("/customer/cart", "shop.nav.cart"),
    ),
}


def home_path(kind: str) -> str:
    try:
        return HOME[UserKind(kind)]
    except ValueError:
        return "/login"


def navigation_for(
    kind: UserKind,
    staff_permissions: frozenset[StaffPermission],
    partner_actions: frozenset[PartnerAction] = frozenset(),
) -> list[NavItem]:
    return [
        item
        for item in NAVIGATION[kind]
        if (item.permission is None or item.permission in staff_permissions)
        and (item.action is None or item.action in partner_actions)
    ]
