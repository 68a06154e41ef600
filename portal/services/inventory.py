"""Customers' printers (SPEC §6 inventory), maintained by staff with the CATALOG permission.

The printer shop offers accessories per printer, so each printer's model must match the model
names of the catalog's compatibility rows; staff pick from the known models or type a new one.
A serial number identifies one device of a model, so the pair (model, serial) is unique across
all customers. A printer that already appears on shop orders is kept (the order remembers it);
open cart lines for a removed printer go with it, since that toner has no printer any more.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_
from sqlmodel import Session, col, delete, select

from portal.models import (
    Asset,
    CartLine,
    Customer,
    PrinterCompatibility,
    ShopOrderLine,
)
from portal.models.enums import StaffPermission
from portal.services import access, audit
from portal.services.access import AccessDenied, Principal
from portal.services.grids import contains

MODEL_MAX, SERIAL_MAX, LOCATION_MAX = 120, 60, 200
CUSTOMER_RESULTS = 20


class InventoryRefused(Exception):
    """Input that cannot be accepted; `errors` maps field -> i18n message key."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(errors)
        self.errors = errors


@dataclass(frozen=True)
class CustomerChoice:
    id: int
    number: str
    name: str
    city: str


@dataclass(frozen=True)
class PrinterInput:
    model: str
    serial_number: str
    location: str = ""


def search_customers(session: Session, principal: Principal, term: str) -> list[CustomerChoice]:
    """Customers by name or number (case-insensitive part), for picking whose printers to edit."""
    access.ensure(principal, StaffPermission.CATALOG)
    cleaned = " ".join(term.split())[:100].lower()
    if not cleaned:
        return []
    rows = session.exec(
        select(Customer)
        .where(or_(contains(Customer.name, cleaned), contains(Customer.number, cleaned)))
        .order_by(Customer.name, Customer.id)
        .limit(CUSTOMER_RESULTS)
    ).all()
    return [CustomerChoice(c.id, c.number, c.name, c.city) for c in rows if c.id is not None]


def customer(session: Session, principal: Principal, customer_id: int) -> CustomerChoice:
    access.ensure(principal, StaffPermission.CATALOG)
    row = session.get(Customer, customer_id)
    if row is None or row.id is None:
        raise AccessDenied("error.not_found")
    return CustomerChoice(row.id, row.number, row.name, row.city)


def printers(session: Session, principal: Principal, customer_id: int) -> list[Asset]:
    customer(session, principal, customer_id)
    return list(
        session.exec(
            select(Asset)
            .where(Asset.customer_id == customer_id)
            .order_by(Asset.location, Asset.model, Asset.id)
        ).all()
    )


def known_models(session: Session, principal: Principal) -> list[str]:
    """Printer models the catalog has accessories for, and those already in use."""
    access.ensure(principal, StaffPermission.CATALOG)
    accessories = session.exec(select(PrinterCompatibility.printer_model).distinct()).all()
    in_use = session.exec(select(Asset.model).distinct()).all()
    return sorted({model for model in (*accessories, *in_use) if model}, key=str.casefold)


def _checked(session: Session, data: PrinterInput, asset_id: int | None) -> PrinterInput:
    model = " ".join(data.model.split())
    serial = "".join(data.serial_number.split())
    location = " ".join(data.location.split())
    errors: dict[str, str] = {}
    if not model:
        errors["model"] = "inventory.error.model_required"
    elif len(model) > MODEL_MAX:
        errors["model"] = "inventory.error.model_long"
    if not serial:
        errors["serial_number"] = "inventory.error.serial_required"
    elif len(serial) > SERIAL_MAX:
        errors["serial_number"] = "inventory.error.serial_long"
    if len(location) > LOCATION_MAX:
        errors["location"] = "inventory.error.location_long"
    if not errors:
        twin = session.exec(
            select(Asset.id).where(
                func.lower(Asset.model) == model.lower(),
                func.lower(Asset.serial_number) == serial.lower(),
            )
        ).first()
        if twin is not None and twin != asset_id:
            errors["serial_number"] = "inventory.error.serial_taken"
    if errors:
        raise InventoryRefused(errors)
    return PrinterInput(model, serial, location)


def _audit(session: Session, principal: Principal, action: str, asset: Asset) -> None:
    audit.record_by(
        session,
        principal,
        action,
        target_type="asset",
        target_id=asset.id,
        detail={
            "customer_id": asset.customer_id,
            "model": asset.model,
            "serial_number": asset.serial_number,
            "location": asset.location,
        },
    )


def add_printer(
    session: Session, principal: Principal, customer_id: int, data: PrinterInput
) -> Asset:
    customer(session, principal, customer_id)
    values = _checked(session, data, None)
    asset = Asset(
        customer_id=customer_id,
        model=values.model,
        serial_number=values.serial_number,
        location=values.location,
    )
    session.add(asset)
    session.flush()
    _audit(session, principal, "inventory.printer_added", asset)
    return asset


def _asset(session: Session, principal: Principal, asset_id: int) -> Asset:
    access.ensure(principal, StaffPermission.CATALOG)
    asset = session.get(Asset, asset_id)
    if asset is None:
        raise AccessDenied("error.not_found")
    return asset


def update_printer(
    session: Session, principal: Principal, asset_id: int, data: PrinterInput
) -> Asset:
    asset = _asset(session, principal, asset_id)
    values = _checked(session, data, asset_id)
    asset.model, asset.serial_number, asset.location = (
        values.model,
        values.serial_number,
        values.location,
    )
    session.add(asset)
    session.flush()
    _audit(session, principal, "inventory.printer_updated", asset)
    return asset


def remove_printer(session: Session, principal: Principal, asset_id: int) -> None:
    asset = _asset(session, principal, asset_id)
    ordered = session.exec(
        select(ShopOrderLine.id).where(ShopOrderLine.asset_id == asset_id)
    ).first()
    if ordered is not None:
        raise InventoryRefused({"asset": "inventory.error.ordered"})
    _audit(session, principal, "inventory.printer_removed", asset)
    session.exec(delete(CartLine).where(col(CartLine.asset_id) == asset_id))
    session.delete(asset)
    session.flush()
