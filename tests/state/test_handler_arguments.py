"""Handlers the browser can call with any argument: values of the wrong type are refused
quietly (or with the usual message), never with an exception; one-time secrets leave the
state when their dialog closes."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace
from typing import Any

import pytest

import portal.portal  # noqa: F401  (registers every state and handler of the app)
from portal.state.accounts import AccountDetailState, AccountListState


def _run(handler: Any, fake: object, *args: object) -> None:
    result = handler.fn(fake, *args)
    if asyncio.iscoroutine(result):
        asyncio.run(result)


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
