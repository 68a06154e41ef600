"""The partner grids: customers & prospects, and subscriptions (SPEC §4)."""

from __future__ import annotations

from typing import ClassVar

from portal.state.grid import GridMixin
from portal.state.session import SessionState


class CustomerGridState(GridMixin, SessionState):
    _grid: ClassVar[str] = "customers"
    _detail_path: ClassVar[str] = "/partner/customers/{id}"


class SubscriptionGridState(GridMixin, SessionState):
    _grid: ClassVar[str] = "subscriptions"
    _detail_path: ClassVar[str] = "/partner/subscriptions/{id}"
