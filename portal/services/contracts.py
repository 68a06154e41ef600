"""Contract rules outside access: the alarm filter of SPEC §4 (Vertragsalarm)."""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

from sqlalchemy import ColumnElement, and_, case, or_

from portal.models import Subscription

ENDED_WITHIN_DAYS = 60
CANCELLED_WITHIN_DAYS = 60
ENDS_WITHIN_DAYS = 120


class AlarmReason(StrEnum):
    ENDED = "ended"  # reactivation without data loss
    CANCELLED = "cancelled"  # reactivation without fee
    ENDS_SOON = "ends_soon"  # automatic renewal due


def _reason_conditions(today: date) -> dict[AlarmReason, ColumnElement[bool]]:
    s = Subscription
    return {
        AlarmReason.CANCELLED: and_(
            s.cancelled_at >= today - timedelta(days=CANCELLED_WITHIN_DAYS),
            s.cancelled_at <= today,
        ),
        AlarmReason.ENDED: and_(
            s.end_date >= today - timedelta(days=ENDED_WITHIN_DAYS), s.end_date < today
        ),
        AlarmReason.ENDS_SOON: and_(
            s.end_date >= today, s.end_date <= today + timedelta(days=ENDS_WITHIN_DAYS)
        ),
    }


def alarm_condition(today: date) -> ColumnElement[bool]:
    return or_(*_reason_conditions(today).values())


def alarm_reason(today: date) -> ColumnElement[str]:
    """The first reason that applies, as a SQL expression (cancellation wins over the dates)."""
    return case(*((cond, reason.value) for reason, cond in _reason_conditions(today).items()))
