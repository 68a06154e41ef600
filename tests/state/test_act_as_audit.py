"""The middleware audits every event handler called while staff act as an account (SPEC §3.4):
real actor and account, the handler's name only; not the shell's own load, not refused calls,
nothing for principals that do not act."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import replace
from types import SimpleNamespace
from typing import Any

import pytest
from reflex_base.event import Event, EventHandler
from sqlmodel import Session, select

import portal.portal  # noqa: F401  (registers every state and handler of the app)
from portal.config import get_settings
from portal.db import get_engine
from portal.models import AuditEvent, User
from portal.models.enums import UserKind
from portal.services.access import Principal
from portal.services.auth import hash_token
from portal.state import middleware
from portal.state.homes import StaffHomeState
from portal.state.session import SessionState
from portal.state.support import NewTicketState, TicketsState
from tests.state.test_two_factor_policy import event_name


class FakeRoot:
    router = SimpleNamespace(headers=SimpleNamespace(cookie="portal_session=token"))

    def __init__(self) -> None:
        self.session_state = SimpleNamespace(
            _principal=None,
            _bound_session=hash_token("token"),
            _client_address=lambda: "192.0.2.7",
        )

    def _get_root_state(self) -> FakeRoot:
        return self

    async def get_state(self, _cls: Any) -> Any:
        return self.session_state


@pytest.fixture
def people(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[SimpleNamespace]:
    from tests.conftest import clear_all_tables

    clear_all_tables(sqlite_url)
    monkeypatch.setenv("PORTAL_DATABASE_URL", sqlite_url)
    get_settings.cache_clear()
    with Session(get_engine(sqlite_url)) as session:
        staff = User(kind=UserKind.STAFF, login="admin@example.de")
        customer = User(kind=UserKind.CUSTOMER, login="kunde@example.de")
        session.add_all([staff, customer])
        session.commit()
        acting = Principal(
            user_id=customer.id,  # type: ignore[arg-type]
            kind=UserKind.CUSTOMER,
            login=customer.login,
            display_name="Kunde",
            actor_id=staff.id,
        )
        yield SimpleNamespace(staff=staff, customer=customer, acting=acting, url=sqlite_url)
    get_settings.cache_clear()


def call(handler: EventHandler, principal: Principal, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setattr(middleware, "_resolve", lambda token: (principal, False))
    event = Event(name=event_name(handler), payload={"form_data": {"password": "geheim"}})
    return asyncio.run(
        middleware.AccessMiddleware().preprocess(app=None, state=FakeRoot(), event=event)  # type: ignore[arg-type]
    )


def audited(url: str) -> list[AuditEvent]:
    with Session(get_engine(url)) as session:
        return list(session.exec(select(AuditEvent).order_by(AuditEvent.id)).all())


def test_each_event_while_acting_is_audited_with_actor_and_account(people, monkeypatch) -> None:
    assert call(TicketsState.load, people.acting, monkeypatch) is None
    assert call(NewTicketState.submit, people.acting, monkeypatch) is None
    rows = audited(people.url)
    assert [(r.action, r.actor_id, r.acting_as_id) for r in rows] == [
        ("act_as.event", people.staff.id, people.customer.id),
        ("act_as.event", people.staff.id, people.customer.id),
    ]
    assert [r.detail for r in rows] == [
        {"what": "TicketsState.load"},
        {"what": "NewTicketState.submit"},
    ]
    assert rows[0].client_address == "192.0.2.7"
    assert "geheim" not in str([r.detail for r in rows])  # arguments are never recorded


def test_the_shell_load_and_refused_calls_are_not_recorded(people, monkeypatch) -> None:
    assert call(SessionState.load_shell, people.acting, monkeypatch) is None
    # The acted-as principal is a customer: staff handlers refuse it (no chaining via them).
    refused = call(StaffHomeState.load, people.acting, monkeypatch)
    assert refused is not None and refused.events[0].payload["path"] == "/403"
    assert audited(people.url) == []


def test_nothing_is_recorded_for_principals_that_do_not_act(people, monkeypatch) -> None:
    own = replace(people.acting, actor_id=None)
    assert call(TicketsState.load, own, monkeypatch) is None
    assert audited(people.url) == []
