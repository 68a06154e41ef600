"""The partner world the people, invitation and notification tests share: the SPEC §3.1
employees plus a foreign partner company with its own manager and team."""

from __future__ import annotations

from types import SimpleNamespace

from sqlmodel import Session

from portal.models.enums import PartnerAction, Visibility
from portal.services.access import Principal, load_principal
from tests import factories as f
from tests.services.test_access import ADMINISTRATION, MANAGEMENT


def build(session: Session) -> SimpleNamespace:
    s = session
    muster = f.company(s, "Muster IT GmbH")
    nord = f.company(s, "Nordlicht Systemhaus GmbH")
    other = f.company(s, "Fremdfirma AG")
    management = f.team(s, "Management", MANAGEMENT)
    administration = f.team(s, "Administration", ADMINISTRATION)
    sales_here = f.team(s, "Vertrieb Muster", [PartnerAction.EXPORT])
    sales_there = f.team(s, "Vertrieb Fremd", [PartnerAction.EXPORT])
    sales_here.builtin = sales_there.builtin = False
    e1 = f.partner(s, "e1@muster.example", Visibility.ALL, [muster, nord], [management])
    e2 = f.partner(s, "e2@muster.example", Visibility.NONE, [muster], [administration])
    e3 = f.partner(s, "e3@muster.example", Visibility.OWN, [muster], [sales_here])
    x1 = f.partner(s, "x1@fremd.example", Visibility.ALL, [other], [management, sales_there])
    for user, name in ((e1, "Eva Engel"), (e2, "Emil Ernst"), (e3, "Erik Esser"), (x1, "Xaver")):
        user.display_name = name
        user.email = user.login
    s.commit()
    return SimpleNamespace(
        session=s,
        muster=muster,
        nord=nord,
        other=other,
        management=management,
        administration=administration,
        sales_here=sales_here,
        sales_there=sales_there,
        e1=e1,
        e2=e2,
        e3=e3,
        x1=x1,
    )


def principal(session: Session, user) -> Principal:  # type: ignore[no-untyped-def]
    loaded = load_principal(session, user.id)
    assert loaded is not None
    return loaded
