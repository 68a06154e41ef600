"""The partner world of the detail-page tests (SPEC §3.1 employees plus a foreign partner):
customers A (contact E2), B (E1), C (E3) at Muster, D at Nordlicht, X at the foreign partner,
and a few contracts."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

from sqlmodel import Session

from portal.models.enums import PartnerAction, Visibility
from portal.services.access import Principal, load_principal
from tests import factories as f

MANAGEMENT = [
    PartnerAction.CHANGE_PARTNER_CONTACT,
    PartnerAction.MANAGE_PEOPLE,
    PartnerAction.EXPORT,
    PartnerAction.DOWNLOAD_LICENSE,
]


def build(session: Session) -> SimpleNamespace:
    s = session
    w = SimpleNamespace(session=s)
    w.muster = f.company(s, "Muster IT GmbH")
    w.nord = f.company(s, "Nordlicht Systemhaus GmbH")
    w.other = f.company(s, "Fremdfirma AG")
    management = f.team(s, "Management", MANAGEMENT)
    administration = f.team(s, "Administration", list(PartnerAction))
    sales = f.team(s, "Vertrieb", [PartnerAction.EXPORT])
    w.e1 = f.partner(s, "e1@muster.example", Visibility.ALL, [w.muster, w.nord], [management])
    w.e2 = f.partner(s, "e2@muster.example", Visibility.NONE, [w.muster], [administration])
    w.e3 = f.partner(s, "e3@muster.example", Visibility.OWN, [w.muster], [sales])
    w.x1 = f.partner(s, "x1@fremd.example", Visibility.ALL, [w.other], [management])
    for user, name in ((w.e1, "Eva Engel"), (w.e2, "Emil Ernst"), (w.e3, "Erik Esser")):
        user.display_name = name
    w.x1.display_name = "Xaver Fremd"
    w.a = f.customer_with(s, "Alpha Bau GmbH", w.muster, w.e2, postcode="10115")
    w.b = f.customer_with(s, "Bäckerei Brandt", w.muster, w.e1, postcode="10117")
    w.c = f.customer_with(s, "Café Central KG", w.muster, w.e3, postcode="10119")
    w.d = f.customer_with(s, "Dörte Dahl", w.nord, None, postcode="20095")
    w.x = f.customer_with(s, "Xenia Fremd GmbH", w.other, w.x1, postcode="80331")
    w.a_contract = f.subscription(
        s, w.a, retail_price=Decimal("59.00"), monthly_price=Decimal("45.00")
    )
    w.c_contract = f.subscription(s, w.c, retail_price=Decimal("12.00"))
    w.x_contract = f.subscription(s, w.x)
    s.commit()
    return w


def principal(session: Session, user) -> Principal:  # type: ignore[no-untyped-def]
    loaded = load_principal(session, user.id)
    assert loaded is not None
    return loaded
