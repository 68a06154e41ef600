"""Handlers the browser can call with any argument: values of the wrong type are refused
quietly (or with the usual message), never with an exception; one-time secrets leave the
state when their dialog closes."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace
from typing import Any

import pytest

import portal.portal  # noqa: F401  (registers every state and handler of the app)
from portal.i18n import t
from portal.models.enums import UserKind
from portal.services.access import Principal
from portal.state.accounts import AccountDetailState, AccountListState
from portal.state.audit import AuditState
from portal.state.catalog import _text
from portal.state.grants_admin import GrantsAdminState
from portal.state.inbox import InboxWorkState
from portal.state.session import SessionState

ODD_VALUES = ({"a": 1}, ["member"], 1.5, None)


def _run(handler: Any, fake: object, *args: object) -> None:
    result = handler.fn(fake, *args)
    if asyncio.iscoroutine(result):
        asyncio.run(result)
    elif hasattr(result, "__anext__"):

        async def drain() -> None:
            async for _ in result:
                pass

        asyncio.run(drain())


@pytest.mark.parametrize("state", [AccountListState, AccountDetailState])
def test_one_time_password_leaves_the_state_when_its_dialog_closes_in_any_way(state):
    fake = SimpleNamespace(new_password="Xy7kPq2m", new_login="nina@acme.example")
    _run(state.close_password, fake, True)  # the dialog reporting itself open: kept
    assert fake.new_password == "Xy7kPq2m"
    _run(state.close_password, fake, False)  # Escape, outside click or the close button
    assert fake.new_password == ""


def test_account_list_load_forgets_a_password_shown_before_a_reload():
    async def no_options() -> None:
        return None

    fake = SimpleNamespace(
        new_password="Xy7kPq2m",
        new_login="nina@acme.example",
        _say=lambda *a, **k: None,
        _load_options=no_options,
    )
    _run(AccountListState.load_options, fake)
    assert (fake.new_password, fake.new_login) == ("", "")


def test_catalog_form_fields_of_the_wrong_shape_read_as_empty():
    assert _text({"search": " Toner "}, "search") == " Toner "
    assert _text({"search": "x" * 200}, "search", 100) == "x" * 100
    for form in (["search"], "search", None, 7):
        assert _text(form, "search") == ""
    for value in ({"a": 1}, ["Toner"], None):
        assert _text({"search": value}, "search") == ""


@pytest.mark.parametrize("name", ODD_VALUES)
def test_inbox_step_refuses_an_action_name_that_is_no_text(name):
    fake = SimpleNamespace(notice="", error="", locale="de")
    assert asyncio.run(InboxWorkState._step(fake, name, "1")) is None
    assert fake.error == t("error.not_found", "de")


@pytest.mark.parametrize("kind", ODD_VALUES)
def test_grant_link_refuses_a_kind_that_is_no_text(kind):
    fake = SimpleNamespace(error="", locale="en")
    _run(GrantsAdminState.link, fake, kind, "1", True)
    assert fake.error == t("grants.error.bad_setting", "en")


@pytest.mark.parametrize("page", [float("inf"), float("-inf"), float("nan"), {"a": 1}, None, "x"])
def test_audit_paging_ignores_pages_that_are_no_number(page):
    async def refresh() -> None:
        raise AssertionError("nothing to refresh for a refused page")

    fake = SimpleNamespace(page=2, pages=5, _refresh=refresh)
    _run(AuditState.go, fake, page)
    assert fake.page == 2


@pytest.mark.parametrize("actor_id", [None, 7])
def test_language_is_stored_on_the_account_only_when_not_acting_as_it(actor_id):
    stored: list[bool] = []

    async def in_session(work: Any) -> None:
        stored.append(True)

    principal = Principal(
        user_id=3, kind=UserKind.CUSTOMER, login="k", display_name="K", actor_id=actor_id
    )
    fake = SimpleNamespace(
        locale="de", _require_principal=lambda: principal, _in_session=in_session
    )
    _run(SessionState.set_language, fake, "en")
    assert fake.locale == "en"
    assert stored == ([True] if actor_id is None else [])
