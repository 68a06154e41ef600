"""The audit log: who (and acting as whom) did what to which record, and when."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlmodel import Session

from portal.models import AuditEvent

if TYPE_CHECKING:
    from portal.services.access import Principal


def record(
    session: Session,
    action: str,
    *,
    actor_id: int | None = None,
    acting_as_id: int | None = None,
    target_type: str = "",
    target_id: int | str | None = None,
    client_address: str = "",
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Add an audit row to the caller's transaction, so the event and its effect commit together."""
    event = AuditEvent(
        action=action,
        actor_id=actor_id,
        acting_as_id=acting_as_id,
        target_type=target_type,
        target_id="" if target_id is None else str(target_id),
        client_address=client_address[:64],
        detail=detail or {},
    )
    session.add(event)
    return event


def record_by(
    session: Session,
    principal: Principal,
    action: str,
    *,
    target_type: str = "",
    target_id: int | str | None = None,
    client_address: str = "",
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Audit an action of a signed-in principal: the real actor, and the account it acted as."""
    acting = principal.actor_id is not None
    return record(
        session,
        action,
        actor_id=principal.actor_id if acting else principal.user_id,
        acting_as_id=principal.user_id if acting else None,
        target_type=target_type,
        target_id=target_id,
        client_address=client_address,
        detail=detail,
    )
