"""Inventory: staff with CATALOG maintain customers' printers; validation and audit."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from portal.models import Asset, AuditEvent
from portal.services import inventory
from portal.services.access import AccessDenied
from portal.services.inventory import InventoryRefused, PrinterInput
from tests.services.catalog_world import MODEL, build


def test_add_edit_remove_audited(db_session: Session) -> None:
    w = build(db_session)
    clerk = w.who(w.clerk)
    asset = inventory.add_printer(
        db_session, clerk, w.firm.id, PrinterInput(f" {MODEL} ", "VCF 123", "Empfang, EG")
    )
    db_session.commit()
    assert (asset.model, asset.serial_number) == (MODEL, "VCF123")
    inventory.update_printer(
        db_session, clerk, asset.id, PrinterInput(MODEL, "VCF123", "Büro 2. OG")
    )
    db_session.commit()
    assert [a.location for a in inventory.printers(db_session, clerk, w.firm.id)] == ["Büro 2. OG"]
    inventory.remove_printer(db_session, clerk, asset.id)
    db_session.commit()
    assert inventory.printers(db_session, clerk, w.firm.id) == []
    actions = db_session.exec(
        select(AuditEvent.action).where(AuditEvent.target_type == "asset")
    ).all()
    assert sorted(actions) == [
        "inventory.printer_added",
        "inventory.printer_removed",
        "inventory.printer_updated",
    ]


def test_validation(db_session: Session) -> None:
    w = build(db_session)
    clerk = w.who(w.clerk)
    inventory.add_printer(db_session, clerk, w.firm.id, PrinterInput(MODEL, "S1"))
    db_session.commit()
    with pytest.raises(InventoryRefused) as empty:
        inventory.add_printer(db_session, clerk, w.firm.id, PrinterInput(" ", ""))
    assert empty.value.errors == {
        "model": "inventory.error.model_required",
        "serial_number": "inventory.error.serial_required",
    }
    with pytest.raises(InventoryRefused) as twin:  # same device at another customer
        inventory.add_printer(db_session, clerk, w.stranger.id, PrinterInput(MODEL.upper(), "s1"))
    assert twin.value.errors == {"serial_number": "inventory.error.serial_taken"}
    # the same serial of another model is another device
    inventory.add_printer(
        db_session, clerk, w.stranger.id, PrinterInput("HP LaserJet Pro M404dn", "S1")
    )
    with pytest.raises(AccessDenied):
        inventory.add_printer(db_session, clerk, 999_999, PrinterInput(MODEL, "S9"))


def test_staff_without_catalog_and_customers_refused(db_session: Session) -> None:
    w = build(db_session)
    asset = inventory.add_printer(db_session, w.who(w.clerk), w.firm.id, PrinterInput(MODEL, "S1"))
    db_session.commit()
    for user in (w.inbox_only, w.main):
        who = w.who(user)
        with pytest.raises(AccessDenied):
            inventory.search_customers(db_session, who, "Druck")
        with pytest.raises(AccessDenied):
            inventory.printers(db_session, who, w.firm.id)
        with pytest.raises(AccessDenied):
            inventory.add_printer(db_session, who, w.firm.id, PrinterInput(MODEL, "S2"))
        with pytest.raises(AccessDenied):
            inventory.remove_printer(db_session, who, asset.id)
    assert db_session.exec(select(Asset)).all() == [asset]


def test_search_customers_and_known_models(db_session: Session) -> None:
    w = build(db_session)
    clerk = w.who(w.clerk)
    assert [c.id for c in inventory.search_customers(db_session, clerk, "druckH")] == [w.firm.id]
    assert [c.id for c in inventory.search_customers(db_session, clerk, w.stranger.number)] == [
        w.stranger.id
    ]
    assert inventory.search_customers(db_session, clerk, "  ") == []
    assert inventory.known_models(db_session, clerk) == [MODEL]
