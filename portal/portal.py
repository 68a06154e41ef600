"""The Reflex app: pages with their on_load guards, API routes, access middleware."""

from __future__ import annotations

import reflex as rx

from portal.api import build_api
from portal.api.catalog_routes import CATALOG_PATH, IMPORT_PATH
from portal.api.totp_routes import CODE_PAGE
from portal.models.enums import SalesDocumentKind
from portal.pages.accounts import account_page, accounts_page
from portal.pages.audit import audit_page
from portal.pages.catalog import (
    INVENTORY_PATH,
    catalog_import_page,
    catalog_page,
    inventory_page,
)
from portal.pages.customer_portal import (
    contract_detail_page,
    contracts_page,
    customer_home,
    documents_page,
)
from portal.pages.errors import forbidden_page, not_found_page
from portal.pages.grants_admin import grants_admin_page
from portal.pages.homes import partner_home, staff_home
from portal.pages.identity import forgot_password_page, register_page, set_password_page
from portal.pages.inbox import inbox_item_page, inbox_page
from portal.pages.invitation import invitation_page
from portal.pages.login import login_page
from portal.pages.outbox import outbox_page
from portal.pages.partner_detail import (
    customer_detail_page,
    new_prospect_page,
    subscription_detail_page,
)
from portal.pages.partner_grids import customers_page, subscriptions_page
from portal.pages.people import people_page
from portal.pages.registrations import registration_review_page
from portal.pages.sales import (
    approval_detail_page,
    approvals_page,
    sales_detail_page,
    sales_list_page,
    staff_orders_page,
)
from portal.pages.settings import permission_groups_page, settings_page
from portal.pages.shop import (
    article_page,
    cart_page,
    printers_page,
    shop_order_page,
    shop_orders_page,
    shop_page,
)
from portal.pages.staff_customers import staff_customer_page, staff_customers_page
from portal.pages.support import (
    NEW_CLAIM_PATH,
    NEW_TICKET_PATH,
    claims_page,
    new_claim_page,
    new_ticket_page,
    postbox_page,
    profile_page,
    ticket_detail_page,
    tickets_page,
)
from portal.pages.two_factor import code_page, security_page, staff_two_factor_page
from portal.services.access_links import SET_PASSWORD_PATH
from portal.services.approvals import CUSTOMER_APPROVALS_PATH, STAFF_ORDERS_PATH
from portal.services.claims import CLAIMS_PATH
from portal.services.customer_invitations import STAFF_CUSTOMERS_PATH
from portal.services.invitations import INVITE_PATH
from portal.services.mail import run_sender
from portal.services.navigation import SECURITY_PATH
from portal.services.notifications import run_notifier
from portal.services.postbox import POSTBOX_PATH
from portal.services.profile import PROFILE_PATH
from portal.services.registrations import REGISTER_PATH
from portal.services.registrations import STAFF_PATH as REGISTRATIONS_PATH
from portal.services.shop import CART_PATH, ORDERS_PATH, PRINTERS_PATH, SHOP_PATH
from portal.services.staff_inbox import INBOX_PATH
from portal.services.tickets import TICKETS_PATH
from portal.state.accounts import LIST_PATH as ACCOUNTS_PATH
from portal.state.accounts import AccountDetailState, AccountListState
from portal.state.audit import AuditState
from portal.state.catalog import CatalogImportState, CatalogState, InventoryState
from portal.state.customer_portal import (
    CONTRACTS_PATH,
    DOCUMENTS_PATH,
    CustomerContractDetailState,
    CustomerContractsState,
    CustomerDashboardState,
    CustomerDocumentsState,
)
from portal.state.errors import backend_exception_handler
from portal.state.grants_admin import PATH as GRANTS_PATH
from portal.state.grants_admin import GrantsAdminState
from portal.state.homes import PartnerHomeState, StaffHomeState
from portal.state.identity import ForgotPasswordState, RegisterState, SetPasswordState
from portal.state.inbox import InboxItemState, InboxListState
from portal.state.invitation import InvitationState
from portal.state.login import HomeRouterState, LoginState
from portal.state.middleware import AccessMiddleware
from portal.state.outbox import OutboxState
from portal.state.partner_detail import (
    NEW_PROSPECT_PATH,
    CustomerDetailState,
    NewProspectState,
    SubscriptionDetailState,
)
from portal.state.partner_grids import CustomerGridState, SubscriptionGridState
from portal.state.people import PeopleState
from portal.state.registrations import RegistrationReviewState
from portal.state.sales import (
    ApprovalDetailState,
    ApprovalListState,
    SalesDetailState,
    SalesListState,
    StaffOrdersState,
    list_path,
)
from portal.state.session import SessionState
from portal.state.settings import SETTINGS_LOADERS, PermissionGroupsState
from portal.state.shop import (
    ArticleState,
    CartState,
    PrintersState,
    ShopOrderDetailState,
    ShopOrdersState,
    ShopState,
)
from portal.state.staff_customers import StaffCustomerSearchState, StaffCustomerState
from portal.state.support import (
    ClaimsState,
    NewClaimState,
    NewTicketState,
    PostboxState,
    ProfileState,
    TicketDetailState,
    TicketsState,
)
from portal.state.two_factor import SecurityState, StaffTwoFactorState, TwoFactorCodeState

app = rx.App(
    html_lang="de",  # German first; the shell sets lang per user on its root element
    api_transformer=build_api(),
    toaster=rx.toast.provider(position="top-right"),
    backend_exception_handler=backend_exception_handler,
)
app.add_middleware(AccessMiddleware(), index=0)
# Every worker runs the sender; each mail is claimed by one conditional UPDATE, so none is sent
# twice (see portal.services.mail.send_due).
app.register_lifespan_task(run_sender)
# Likewise the partner notifier: the unique notification_sent row decides who mails a fact.
app.register_lifespan_task(run_notifier)

app.add_page(rx.fragment(), route="/", on_load=HomeRouterState.route, title="Portal")
app.add_page(login_page, route="/login", on_load=LoginState.load, title="Portal – Anmelden")
app.add_page(
    code_page,
    route=CODE_PAGE,
    on_load=[LoginState.load, TwoFactorCodeState.load],
    title="Portal – Anmelden",
)


def add_signed_in_page(component, route: str, load) -> None:  # type: ignore[no-untyped-def]
    """A page of the signed-in area: the shell loads first, then the page's own data."""
    app.add_page(component, route=route, on_load=[SessionState.load_shell, load], title="Portal")


add_signed_in_page(staff_home, "/staff", StaffHomeState.load)
add_signed_in_page(outbox_page, "/staff/mail", OutboxState.load)
app.add_page(
    settings_page,
    route="/staff/settings",
    on_load=[SessionState.load_shell, *SETTINGS_LOADERS],
    title="Portal",
)
add_signed_in_page(permission_groups_page, "/staff/permission-groups", PermissionGroupsState.load)
add_signed_in_page(partner_home, "/partner", PartnerHomeState.load)
add_signed_in_page(customers_page, "/partner/customers", CustomerGridState.load)
add_signed_in_page(subscriptions_page, "/partner/subscriptions", SubscriptionGridState.load)
add_signed_in_page(
    customer_detail_page, "/partner/customers/[customer_id]", CustomerDetailState.load
)
add_signed_in_page(
    subscription_detail_page,
    "/partner/subscriptions/[subscription_id]",
    SubscriptionDetailState.load,
)
add_signed_in_page(new_prospect_page, NEW_PROSPECT_PATH, NewProspectState.load)
add_signed_in_page(people_page, "/partner/people", PeopleState.load)
add_signed_in_page(customer_home, "/customer", CustomerDashboardState.load)
add_signed_in_page(contracts_page, CONTRACTS_PATH, CustomerContractsState.load)
add_signed_in_page(
    contract_detail_page, CONTRACTS_PATH + "/[contract_id]", CustomerContractDetailState.load
)
add_signed_in_page(documents_page, DOCUMENTS_PATH, CustomerDocumentsState.load)
add_signed_in_page(security_page, SECURITY_PATH, SecurityState.load)
add_signed_in_page(staff_two_factor_page, "/staff/two-factor", StaffTwoFactorState.load)
add_signed_in_page(audit_page, "/staff/audit", AuditState.load)
# Quotes, orders, invoices: one list and one detail page, the kind comes from the route.
for _kind in SalesDocumentKind:
    add_signed_in_page(sales_list_page, list_path(_kind), SalesListState.load)
    add_signed_in_page(
        sales_detail_page, list_path(_kind) + "/[document_id]", SalesDetailState.load
    )
add_signed_in_page(approvals_page, CUSTOMER_APPROVALS_PATH, ApprovalListState.load)
add_signed_in_page(
    approval_detail_page, CUSTOMER_APPROVALS_PATH + "/[approval_id]", ApprovalDetailState.load
)
add_signed_in_page(staff_orders_page, STAFF_ORDERS_PATH, StaffOrdersState.load)
add_signed_in_page(catalog_page, CATALOG_PATH, CatalogState.load)
add_signed_in_page(catalog_import_page, IMPORT_PATH, CatalogImportState.load)
add_signed_in_page(inventory_page, INVENTORY_PATH, InventoryState.load)
add_signed_in_page(grants_admin_page, GRANTS_PATH, GrantsAdminState.load)
add_signed_in_page(tickets_page, TICKETS_PATH, TicketsState.load)
add_signed_in_page(new_ticket_page, NEW_TICKET_PATH, NewTicketState.load)
add_signed_in_page(ticket_detail_page, TICKETS_PATH + "/[ticket_id]", TicketDetailState.load)
add_signed_in_page(claims_page, CLAIMS_PATH, ClaimsState.load)
add_signed_in_page(new_claim_page, NEW_CLAIM_PATH, NewClaimState.load)
add_signed_in_page(postbox_page, POSTBOX_PATH, PostboxState.load)
add_signed_in_page(profile_page, PROFILE_PATH, ProfileState.load)
add_signed_in_page(shop_page, SHOP_PATH, ShopState.load)
add_signed_in_page(article_page, SHOP_PATH + "/[item_id]", ArticleState.load)
add_signed_in_page(printers_page, PRINTERS_PATH, PrintersState.load)
add_signed_in_page(cart_page, CART_PATH, CartState.load)
add_signed_in_page(shop_orders_page, ORDERS_PATH, ShopOrdersState.load)
add_signed_in_page(shop_order_page, ORDERS_PATH + "/[order_id]", ShopOrderDetailState.load)
add_signed_in_page(inbox_page, INBOX_PATH, InboxListState.load)
add_signed_in_page(inbox_item_page, INBOX_PATH + "/[item_id]", InboxItemState.load)
app.add_page(
    invitation_page, route=INVITE_PATH, on_load=InvitationState.load, title="Portal – Einladung"
)
add_signed_in_page(
    registration_review_page,
    REGISTRATIONS_PATH + "/[registration_id]",
    RegistrationReviewState.load,
)
add_signed_in_page(staff_customers_page, STAFF_CUSTOMERS_PATH, StaffCustomerSearchState.load)
app.add_page(
    accounts_page,
    route=ACCOUNTS_PATH,
    on_load=[SessionState.load_shell, AccountListState.load, AccountListState.load_options],
    title="Portal",
)
add_signed_in_page(account_page, ACCOUNTS_PATH + "/[user_id]", AccountDetailState.load)
add_signed_in_page(
    staff_customer_page, STAFF_CUSTOMERS_PATH + "/[customer_id]", StaffCustomerState.load
)
app.add_page(
    forgot_password_page,
    route="/forgot-password",
    on_load=ForgotPasswordState.load,
    title="Portal – Passwort vergessen",
)
app.add_page(
    set_password_page,
    route=SET_PASSWORD_PATH,
    on_load=SetPasswordState.load,
    title="Portal – Passwort festlegen",
)
app.add_page(
    register_page, route=REGISTER_PATH, on_load=RegisterState.load, title="Portal – Registrieren"
)
app.add_page(forbidden_page, route="/403", title="Portal – 403")
app.add_page(not_found_page, route="404", title="Portal – 404")
