"""Deny by default for event handlers.

The browser can call every public handler of every state with any arguments. Each handler of
Portal therefore declares who may call it, with exactly one of these decorators (they also make
it a Reflex event):

- `@public`: the explicit allowlist (login page and its TOTP second step, their language
  switch, routing of `/`);
- `@guarded(UserKind.PARTNER, ...)`: an authenticated principal of one of these audiences,
  optionally with a staff permission.

`portal.state.middleware.AccessMiddleware` enforces the declaration before any handler runs and
refuses handlers that declare nothing. `tests/state/test_guard.py` enumerates every registered
handler and proves each is declared.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import reflex as rx

from portal.models.enums import StaffPermission, UserKind

GUARD_ATTRIBUTE = "__portal_guard__"
F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class Guard:
    audiences: frozenset[UserKind]  # empty: public
    permission: StaffPermission | None = None

    @property
    def is_public(self) -> bool:
        return not self.audiences


PUBLIC = Guard(frozenset())
ALL_AUDIENCES = (UserKind.STAFF, UserKind.PARTNER, UserKind.CUSTOMER)


def public(fn: F) -> F:
    setattr(fn, GUARD_ATTRIBUTE, PUBLIC)
    return rx.event(fn)  # type: ignore[return-value]


def guarded(
    *audiences: UserKind, permission: StaffPermission | None = None, background: bool = False
) -> Callable[[F], F]:
    if not audiences:
        raise ValueError("guarded() needs at least one audience; use @public for the allowlist")
    if permission is not None and audiences != (UserKind.STAFF,):
        raise ValueError("a staff permission only applies to staff-only handlers")

    def decorate(fn: F) -> F:
        setattr(fn, GUARD_ATTRIBUTE, Guard(frozenset(audiences), permission))
        return rx.event(fn, background=True) if background else rx.event(fn)  # type: ignore[return-value]

    return decorate


def guard_of(fn: Callable[..., Any]) -> Guard | None:
    return getattr(fn, GUARD_ATTRIBUTE, None)
