"""Deny by default: every event handler the app registers is declared public (allowlist) or
guarded by audience, and the middleware's decision follows the declaration."""

from __future__ import annotations

import asyncio

import pytest
from reflex_base.event import Event
from reflex_base.registry import RegistrationContext

import portal.portal  # noqa: F401  (registers every state and handler of the app)
from portal.models.enums import StaffPermission, UserKind
from portal.services.access import Principal
from portal.state.guard import PUBLIC, Guard, guarded
from portal.state.middleware import AccessMiddleware, handler_guard, refusal, session_token

# The explicit allowlist: everything a signed-out browser may call.
PUBLIC_HANDLERS = {
    "login_state.load",
    "login_state.choose_language",
    "home_router_state.route",
    "two_factor_code_state.load",
    "two_factor_code_state.use_recovery",
    "invitation_state.load",  # shows the company name of a valid invitation link, nothing else
    # identity pages: the same answer for every input (reset), the login of a valid link only
    "forgot_password_state.load",
    "forgot_password_state.submit",
    "set_password_state.load",
    "register_state.load",
    "register_state.submit",  # rate-limited per address, duplicates answered like new ones
}


def portal_handlers() -> dict[str, Guard | None]:
    handlers = {}
    for name in RegistrationContext.get().event_handlers:
        framework, guard = handler_guard(name)
        if not framework:
            handlers[name] = guard
    return handlers


def short(name: str) -> str:
    state, handler = name.rsplit(".", 1)
    return f"{state.rsplit('____', 1)[-1]}.{handler}"


def test_the_app_registers_portal_handlers() -> None:
    assert len(portal_handlers()) >= 8


def test_every_portal_handler_is_declared_except_reflexs_generic_setvar() -> None:
    """`setvar` is added by Reflex to every state and would let a browser set any var; it is
    undeclared on purpose, so the middleware refuses it (next test)."""
    undeclared = {short(n).split(".")[1] for n, guard in portal_handlers().items() if not guard}
    assert undeclared == {"setvar"}


def test_middleware_refuses_undeclared_handlers_before_touching_state() -> None:
    undeclared = [n for n, guard in portal_handlers().items() if guard is None]
    for name in undeclared:
        event = Event(name=name, payload={"var_name": "audience", "value": "staff"})
        update = asyncio.run(AccessMiddleware().preprocess(app=None, state=None, event=event))
        assert update is not None, name
        assert [e.payload.get("path") for e in update.events] == ["/403"]


def test_only_the_allowlist_is_public() -> None:
    public = {short(n) for n, guard in portal_handlers().items() if guard == PUBLIC}
    assert public == PUBLIC_HANDLERS


def test_framework_handlers_are_only_reflex_internals() -> None:
    for name in RegistrationContext.get().event_handlers:
        framework, _ = handler_guard(name)
        if framework:
            assert name.startswith("reflex___state"), name


def principal(kind: UserKind, permissions: frozenset[StaffPermission] = frozenset()) -> Principal:
    return Principal(
        user_id=1, kind=kind, login="x", display_name="X", staff_permissions=permissions
    )


@pytest.mark.parametrize(
    ("guard", "caller", "expected"),
    [
        (PUBLIC, None, None),
        (Guard(frozenset({UserKind.PARTNER})), None, "/login"),
        (Guard(frozenset({UserKind.PARTNER})), principal(UserKind.CUSTOMER), "/403"),
        (Guard(frozenset({UserKind.PARTNER})), principal(UserKind.PARTNER), None),
        (
            Guard(frozenset({UserKind.STAFF}), StaffPermission.SETTINGS),
            principal(UserKind.STAFF, frozenset({StaffPermission.INBOX})),
            "/403",
        ),
        (
            Guard(frozenset({UserKind.STAFF}), StaffPermission.SETTINGS),
            principal(UserKind.STAFF, frozenset({StaffPermission.SETTINGS})),
            None,
        ),
    ],
)
def test_refusal_follows_the_declaration(guard, caller, expected) -> None:
    assert refusal(guard, caller) == expected


def test_guarded_needs_an_audience_and_permissions_only_for_staff() -> None:
    with pytest.raises(ValueError):
        guarded()
    with pytest.raises(ValueError):
        guarded(UserKind.PARTNER, permission=StaffPermission.SETTINGS)


def test_session_token_is_read_from_the_cookie_header_only_by_name() -> None:
    assert session_token("a=1; portal_session=tok-123; b=2") == "tok-123"
    assert session_token("portal_session_x=nope") is None
    assert session_token("") is None


def test_handler_errors_become_plain_toasts_without_internals() -> None:
    from portal.services.access import AccessDenied
    from portal.state.errors import backend_exception_handler

    denied = str(backend_exception_handler(AccessDenied()))
    assert "Dafür fehlt Ihnen die Berechtigung." in denied
    crashed = str(backend_exception_handler(RuntimeError("secret table xyz")))
    assert "Ein unerwarteter Fehler ist aufgetreten" in crashed
    assert "secret table xyz" not in crashed


class _Tab:
    """A browser tab's state tree as the middleware sees it: SessionState plus its children."""

    def __init__(self, bound: str) -> None:
        self.loaded: list[type] = []
        self.resets = 0
        tab = self

        class Session:
            _bound_session = bound
            _principal = "someone"

            def reset(self) -> None:
                tab.resets += 1

        self.session_state = Session()

    async def get_state(self, cls: type):  # type: ignore[no-untyped-def]
        self.loaded.append(cls)
        return self.session_state


def test_state_is_reset_when_the_tabs_session_changes() -> None:
    from portal.services.auth import hash_token
    from portal.state.middleware import bind_to_session
    from portal.state.two_factor import SecurityState

    tab = _Tab(bound=hash_token("old"))
    asyncio.run(bind_to_session(tab, "new"))  # type: ignore[arg-type]
    assert tab.resets == 1 and tab.session_state._bound_session == hash_token("new")
    assert SecurityState in tab.loaded  # every child is loaded, so the reset reaches it
    asyncio.run(bind_to_session(tab, "new"))  # type: ignore[arg-type]
    assert tab.resets == 1  # same session: nothing is reset
    asyncio.run(bind_to_session(tab, None))  # type: ignore[arg-type]
    assert tab.resets == 2 and tab.session_state._bound_session == ""
