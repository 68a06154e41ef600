"""The Reflex app: pages with their on_load guards, API routes, access middleware."""

from __future__ import annotations

import reflex as rx

from portal.api import build_api
from portal.pages.errors import forbidden_page, not_found_page
from portal.pages.homes import customer_home, partner_home, staff_home
from portal.pages.login import login_page
from portal.pages.outbox import outbox_page
from portal.state.homes import CustomerHomeState, PartnerHomeState, StaffHomeState
from portal.state.login import HomeRouterState, LoginState
from portal.state.middleware import AccessMiddleware
from portal.state.outbox import OutboxState
from portal.state.session import SessionState

app = rx.App(
    api_transformer=build_api(),
    toaster=rx.toast.provider(position="top-right"),
)
app.add_middleware(AccessMiddleware())

app.add_page(rx.fragment(), route="/", on_load=HomeRouterState.route, title="Portal")
app.add_page(login_page, route="/login", on_load=LoginState.load, title="Portal – Anmelden")
app.add_page(
    staff_home,
    route="/staff",
    on_load=[SessionState.load_shell, StaffHomeState.load],
    title="Portal",
)
app.add_page(
    outbox_page,
    route="/staff/mail",
    on_load=[SessionState.load_shell, OutboxState.load],
    title="Portal",
)
app.add_page(
    partner_home,
    route="/partner",
    on_load=[SessionState.load_shell, PartnerHomeState.load],
    title="Portal",
)
app.add_page(
    customer_home,
    route="/customer",
    on_load=[SessionState.load_shell, CustomerHomeState.load],
    title="Portal",
)
app.add_page(forbidden_page, route="/403", title="Portal – 403")
app.add_page(not_found_page, route="404", title="Portal – 404")
