"""Managing partner colleagues: visibility and teams (SPEC §3.1), always audited."""

from __future__ import annotations

from sqlmodel import Session, select

from portal.models import User, UserPartnerCompany
from portal.models.enums import UserKind, Visibility
from portal.services import audit
from portal.services.access import AccessDenied, Principal, can_manage_person


def set_visibility(
    session: Session, principal: Principal, person_id: int, visibility: Visibility | str
) -> None:
    """Change a partner user's visibility; refused unless the policy allows it for this person."""
    try:
        visibility = Visibility(visibility)
    except ValueError as error:
        raise AccessDenied("error.invalid_value") from error
    person = session.get(User, person_id)
    if person is None or person.kind != UserKind.PARTNER:
        raise AccessDenied("error.not_found")
    companies = session.exec(
        select(UserPartnerCompany.partner_company_id).where(UserPartnerCompany.user_id == person_id)
    ).all()
    if not can_manage_person(principal, companies, person_id=person_id):
        raise AccessDenied()
    previous = person.visibility
    person.visibility = visibility
    session.add(person)
    audit.record(
        session,
        "partner.visibility_changed",
        actor_id=principal.actor_id or principal.user_id,
        acting_as_id=principal.user_id if principal.actor_id else None,
        target_type="user",
        target_id=person_id,
        detail={"from": previous, "to": visibility.value},
    )
