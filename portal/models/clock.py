"""Time helpers shared by models and services: timestamps are naive UTC everywhere in the DB."""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    """Naive UTC, because SQLite drops time zones and mixed aware/naive values do not compare."""
    return datetime.now(UTC).replace(tzinfo=None)
