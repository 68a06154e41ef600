"""A small world for the support services: a firm with a MAIN and a NORMAL user, a stranger
company with its own MAIN user, a staff member working the inbox, contracts of each."""

from __future__ import annotations

from types import SimpleNamespace

from sqlmodel import Session

from portal.models.enums import ContractStatus, CustomerRole, StaffPermission
from portal.services.access import load_principal
from tests import factories as f

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def build(session: Session) -> SimpleNamespace:
    s = session
    firm, stranger = f.customer(s, "Firma"), f.customer(s, "Fremd")
    main = f.customer_user(s, "main", firm, CustomerRole.MAIN)
    normal = f.customer_user(s, "normal", firm, CustomerRole.NORMAL)
    other = f.customer_user(s, "other", stranger, CustomerRole.MAIN)
    clerk = f.staff(s, "clerk", [StaffPermission.INBOX])
    building = f.subscription(
        s,
        firm,
        ContractStatus.OWN,
        line_of_business="Gebäude",
        risk_street="Gutenbergstraße 7",
        risk_postcode="04103",
        risk_city="Leipzig",
    )
    foreign = f.subscription(s, stranger, ContractStatus.OWN)
    s.commit()

    def who(user):  # type: ignore[no-untyped-def]
        return load_principal(s, user.id)

    return SimpleNamespace(
        firm=firm,
        stranger=stranger,
        main=main,
        normal=normal,
        other=other,
        clerk=clerk,
        building=building,
        foreign=foreign,
        who=who,
    )
