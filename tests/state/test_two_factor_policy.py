"""The two-factor policy in the middleware: an account that must enrol reaches only the
security page (and the shell around it); everyone else is unaffected."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace
from typing import Any

import pytest
from reflex_base.event import Event, EventHandler
from reflex_base.registry import RegistrationContext

import portal.portal  # noqa: F401  (registers every state and handler of the app)
from portal.models.enums import StaffPermission, UserKind
from portal.services.access import Principal
from portal.services.auth import hash_token
from portal.state import middleware
from portal.state.homes import StaffHomeState
from portal.state.login import LoginState
from portal.state.session import SessionState
from portal.state.two_factor import SecurityState, StaffTwoFactorState

ADMIN = Principal(
    user_id=1,
    kind=UserKind.STAFF,
    login="admin@example.de",
    display_name="Admin",
    staff_permissions=frozenset(StaffPermission),
)


def event_name(handler: EventHandler) -> str:
    (name,) = [
        name
        for name, registered in RegistrationContext.get().event_handlers.items()
        if registered.handler.fn is handler.fn
    ]
    return name


class FakeRoot:
    """Just what the middleware reads of a state: the handshake's cookie and SessionState."""

    router = SimpleNamespace(headers=SimpleNamespace(cookie="portal_session=token"))

    def __init__(self) -> None:
        # already bound to the cookie's session, so the middleware resets nothing
        self.session_state = SimpleNamespace(_principal=None, _bound_session=hash_token("token"))

    def _get_root_state(self) -> FakeRoot:
        return self

    async def get_state(self, _cls: Any) -> Any:
        return self.session_state


def redirect_of(handler: EventHandler, enrol: bool, monkeypatch: pytest.MonkeyPatch) -> str | None:
    monkeypatch.setattr(middleware, "_resolve", lambda token: (ADMIN, enrol))
    event = Event(name=event_name(handler), payload={})
    update = asyncio.run(
        middleware.AccessMiddleware().preprocess(app=None, state=FakeRoot(), event=event)  # type: ignore[arg-type]
    )
    return None if update is None else update.events[0].payload["path"]


@pytest.mark.parametrize(
    "handler",
    [StaffHomeState.load, StaffTwoFactorState.load, StaffTwoFactorState.reset_account],
)
def test_an_account_that_must_enrol_is_sent_to_the_security_page(handler, monkeypatch) -> None:
    assert redirect_of(handler, enrol=True, monkeypatch=monkeypatch) == "/profile/security"
    assert redirect_of(handler, enrol=False, monkeypatch=monkeypatch) is None


@pytest.mark.parametrize(
    "handler",
    [
        SessionState.load_shell,
        SessionState.set_language,
        SecurityState.load,
        SecurityState.start_enrolment,
        SecurityState.confirm,
        LoginState.load,  # public handlers stay as they are
    ],
)
def test_enrolment_and_the_shell_stay_open(handler, monkeypatch) -> None:
    assert redirect_of(handler, enrol=True, monkeypatch=monkeypatch) is None


def test_only_the_security_page_and_the_shell_are_open_while_enrolling() -> None:
    open_states = {
        registered.states[0]
        for name, registered in RegistrationContext.get().event_handlers.items()
        if middleware.allowed_while_enrolling(name)
    }
    assert open_states == {SessionState, SecurityState}
    assert not middleware.allowed_while_enrolling("no_such_state.handler")
