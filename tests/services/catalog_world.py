"""A small world for the catalog services: a catalog clerk, a staff member without CATALOG,
a customer with a MAIN user, and two articles (one toner in the shop, one hidden)."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

from sqlmodel import Session

from portal.models import CatalogItem, PrinterCompatibility
from portal.models.enums import CustomerRole, StaffPermission
from portal.services.access import load_principal
from tests import factories as f

MODEL = "Kyocera ECOSYS M2540dn"
OTHER_MODEL = "Brother HL-L5100DN"


def build(session: Session) -> SimpleNamespace:
    s = session
    clerk = f.staff(s, "katalog", [StaffPermission.CATALOG])
    inbox_only = f.staff(s, "postkorb", [StaffPermission.INBOX])
    firm, stranger = f.customer(s, "Druckhaus"), f.customer(s, "Fremd")
    main = f.customer_user(s, "haupt", firm, CustomerRole.MAIN)
    toner = f.add(
        s,
        CatalogItem(
            article_number="TK-1170", name="Toner TK-1170", category="Toner", price=Decimal("89.90")
        ),
    )
    hidden = f.add(
        s,
        CatalogItem(
            article_number="DK-1150",
            name="Trommel DK-1150",
            category="Trommel",
            price=Decimal("120.00"),
            in_shop=False,
        ),
    )
    s.add(PrinterCompatibility(item_id=toner.id, printer_model=MODEL))
    s.add(PrinterCompatibility(item_id=hidden.id, printer_model=MODEL))
    s.commit()

    def who(user):  # type: ignore[no-untyped-def]
        return load_principal(s, user.id)

    return SimpleNamespace(
        clerk=clerk,
        inbox_only=inbox_only,
        firm=firm,
        stranger=stranger,
        main=main,
        toner=toner,
        hidden=hidden,
        who=who,
    )
