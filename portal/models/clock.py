"""Time helpers shared by models and services: timestamps are timezone-aware UTC everywhere
(SQLModel's UTCDateTime refuses naive values and returns UTC on every database)."""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    return datetime.now(UTC)
