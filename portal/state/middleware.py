"""Enforces the handler declarations of `portal.state.guard` before any handler runs, and the
installation's two-factor policy: an account that must enrol reaches only the security page."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

import reflex as rx
from reflex.state import BaseState, StateUpdate
from reflex_base.event import Event
from reflex_base.registry import RegistrationContext
from starlette.requests import cookie_parser

from portal.config import get_settings
from portal.db import session_scope
from portal.services import act_as
from portal.services.access import Principal
from portal.services.auth import COOKIE_NAME, hash_token, principal_for_token
from portal.services.navigation import SECURITY_PATH
from portal.services.totp import must_enrol
from portal.state.guard import Guard, guard_of
from portal.state.session import SessionState
from portal.state.two_factor import SecurityState

if TYPE_CHECKING:
    from reflex.app import App

log = logging.getLogger(__name__)
# The header of every signed-in page, which the security page needs too.
_SHELL_HANDLERS = frozenset({SessionState.load_shell.fn, SessionState.set_language.fn})


def is_framework_state(state_cls: type[BaseState]) -> bool:
    """Reflex's own states (hydration, client storage sync, frontend errors) have no user data."""
    return state_cls.__module__.split(".")[0] in {"reflex", "reflex_base"}


def handler_guard(event_name: str) -> tuple[bool, Guard | None]:
    """(is a framework handler, declared guard) for a registered event name."""
    registered = RegistrationContext.get().event_handlers.get(event_name)
    if registered is None:
        return False, None
    if is_framework_state(registered.states[0]):
        return True, None
    return False, guard_of(registered.handler.fn)


def session_token(cookie_header: str) -> str | None:
    """Parsed as the HTTP routes parse it: one malformed cookie must not hide ours."""
    return cookie_parser(cookie_header or "").get(COOKIE_NAME) or None


def _resolve(token: str | None) -> tuple[Principal | None, bool]:
    """The caller, and whether the installation makes them enrol in two-factor login first
    (the person who signed in: the staff member behind an act-as session)."""
    if not token:
        return None, False
    with session_scope() as session:
        principal = principal_for_token(session, token)
        if principal is None:
            return None, False
        person = principal.actor_id or principal.user_id
        return principal, must_enrol(session, person, get_settings())


def allowed_while_enrolling(event_name: str) -> bool:
    """What an account that must enrol may still do: the security page, and the shell around it."""
    registered = RegistrationContext.get().event_handlers.get(event_name)
    if registered is None:
        return False
    return registered.states[0] is SecurityState or registered.handler.fn in _SHELL_HANDLERS


def handler_label(event_name: str) -> str:
    """`State.handler` of a registered event: readable in the audit log, no arguments."""
    registered = RegistrationContext.get().event_handlers.get(event_name)
    if registered is None:
        return event_name
    return f"{registered.states[0].__name__}.{registered.handler.fn.__name__}"


async def audit_acting(principal: Principal, event_name: str, address: str) -> None:
    """SPEC §3.4: every action while acting as an account is audited with the real actor and
    the account. Every event counts (page loads too) except the header's own load."""
    registered = RegistrationContext.get().event_handlers.get(event_name)
    if registered is not None and registered.handler.fn is SessionState.load_shell.fn:
        return

    def write() -> None:
        with session_scope() as session:
            act_as.record_event(
                session,
                principal,
                act_as.EVENT_ACTION,
                handler_label(event_name),
                client_address=address,
            )

    await asyncio.to_thread(write)


def refusal(guard: Guard, principal: Principal | None) -> str | None:
    """Where to send a caller the guard refuses (login or 403), or None when allowed."""
    if guard.is_public:
        return None
    if principal is None:
        return "/login"
    if principal.kind not in guard.audiences:
        return "/403"
    if guard.permission is not None and guard.permission not in principal.staff_permissions:
        return "/403"
    return None


def _deny(path: str) -> StateUpdate:
    return StateUpdate(events=Event.from_event_type([rx.redirect(path)]))


def _descendants(cls: type[BaseState]) -> list[type[BaseState]]:
    return [d for sub in cls.get_substates() for d in (sub, *_descendants(sub))]


async def bind_to_session(root: BaseState, token: str | None) -> SessionState:
    """Reflex keeps state per browser tab, across logout and login. When the tab's session
    changes (logout, another login), every Portal state goes back to its defaults, so nothing
    of the previous user (recovery codes, lists, names) reaches the next one, not even through
    the hydrate event that sends the whole state tree."""
    bound = hash_token(token) if token else ""
    session_state = await root.get_state(SessionState)
    if session_state._bound_session != bound:
        for cls in _descendants(SessionState):
            await root.get_state(cls)  # loaded, so that reset() reaches it
        session_state.reset()
        session_state._bound_session = bound
    return session_state


class AccessMiddleware(rx.Middleware):
    """Added first, before Reflex's hydrate middleware, so hydration sees the bound state."""

    async def preprocess(self, app: App, state: BaseState, event: Event) -> StateUpdate | None:
        framework, guard = handler_guard(event.name)
        if not framework and guard is None:
            log.warning("refused undeclared event handler %s", event.name)
            return _deny("/403")
        root = state._get_root_state()
        token = session_token(root.router.headers.cookie)
        session_state = await bind_to_session(root, token)
        if framework or guard is None:
            return None
        principal, enrol = await asyncio.to_thread(_resolve, token)
        session_state._principal = principal
        refused = refusal(guard, principal)
        if refused == "/login" and token:
            refused = "/login?error=login.expired"  # a cookie whose session has ended
        if enrol and not guard.is_public and refused is None:
            refused = None if allowed_while_enrolling(event.name) else SECURITY_PATH
        if refused is None and principal is not None and principal.actor_id is not None:
            await audit_acting(principal, event.name, session_state._client_address())
        return _deny(refused) if refused else None
