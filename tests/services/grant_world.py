"""A small world for the grant administration: a grant manager, a clerk without the permission,
two customers with a MAIN and a NORMAL user, a partner user, and contracts of several statuses.
Shared by the service and route tests of the grant administration."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from sqlmodel import Session

from portal.models.enums import ContractStatus, CustomerRole, StaffPermission, Visibility
from portal.services.access import Principal, load_principal
from tests import factories as f


def build(session: Session) -> SimpleNamespace:
    s = session
    manager = f.staff(s, "manager", [StaffPermission.MANAGE_GRANTS])
    clerk = f.staff(s, "clerk", [StaffPermission.INBOX])
    firm = f.customer(s, "Firma Müller")
    family = f.customer(s, "Familie Müller")
    other = f.customer(s, "Andere GmbH")
    main = f.customer_user(s, "main@mueller.example", firm, CustomerRole.MAIN)
    main.display_name = "Hans Müller"
    normal = f.customer_user(s, "normal@mueller.example", firm, CustomerRole.NORMAL)
    normal.display_name = "Nina Normal"
    company = f.company(s, "Vertrieb AG")
    partner = f.partner(s, "partner@vertrieb.example", Visibility.ALL, [company])
    offer = f.subscription(s, family, ContractStatus.OFFER, line_of_business="Kfz")
    policy = f.subscription(
        s, family, ContractStatus.OWN, line_of_business="Hausrat", document_date=date(2025, 2, 1)
    )
    foreign = f.subscription(s, other, ContractStatus.FOREIGN, line_of_business="Kfz")
    grant = f.grant(s, [normal], [family])
    grant.name = "Familie Müller"
    s.add(grant)
    s.commit()
    return SimpleNamespace(**locals())


def principal(session: Session, user) -> Principal:  # type: ignore[no-untyped-def]
    found = load_principal(session, user.id)
    assert found is not None
    return found
