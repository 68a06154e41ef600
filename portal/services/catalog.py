"""The article catalog (SPEC §6): staff maintain articles and their printer compatibility.

Staff with the CATALOG permission list, create, edit, deactivate and reactivate articles. Every
field is validated here (one rule set, shared with the CSV/XLSX import in `catalog_import`), so
the form and the import refuse the same things with the same message keys. Articles are never
deleted: order lines keep pointing at them, so "gone" means inactive.

The shop reuses `compatible_with` and `is_compatible`: the compatibility rule (an accessory
fits a printer model when a `PrinterCompatibility` row says so, and only active shop articles
count) lives here once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from sqlalchemy import or_
from sqlmodel import Session, col, delete, select

from portal.models import CatalogItem, PrinterCompatibility
from portal.models.enums import StaffPermission
from portal.services import access, audit, uploads
from portal.services.access import AccessDenied, Principal
from portal.services.grids import contains

ALLOWED_TAX_RATES = (Decimal("0"), Decimal("7"), Decimal("19"))
PRICE_MAX = Decimal("9999999999.99")
NUMBER_MAX, NAME_MAX, CATEGORY_MAX, UNIT_MAX, STOCK_MAX, MODEL_MAX = 40, 200, 60, 20, 60, 120
DESCRIPTION_MAX = 5_000
MODELS_MAX = 50
IMAGE_FOLDER = "catalog-images"
IMAGE_MAX_BYTES = 2 * 1024 * 1024
IMAGE_TYPES = frozenset({uploads.PNG, uploads.JPEG, uploads.WEBP})
IMAGE_ROUTE = "/files/catalog/{item_id}/image"
IMAGE_UPLOAD_ROUTE = "/files/catalog-image/{item_id}"


class CatalogRefused(Exception):
    """Input that cannot be accepted; `errors` maps field -> i18n message key."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(errors)
        self.errors = errors


@dataclass
class ItemInput:
    """An article as typed by staff or read from an import row: all text, checked by `validate`."""

    article_number: str = ""
    name: str = ""
    description: str = ""
    category: str = ""
    unit: str = "Stk"
    price: str = ""
    tax_rate: str = "19"
    stock_hint: str = ""
    in_shop: bool = True
    compatible: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ItemValues:
    """Checked, normalised article values, ready to be written."""

    article_number: str
    name: str
    description: str
    category: str
    unit: str
    price: Decimal
    tax_rate: Decimal
    stock_hint: str
    in_shop: bool
    compatible: tuple[str, ...]


def parse_decimal(text: str) -> Decimal | None:
    """A number as Germans and English speakers type it: "12,50", "12.50", "1.234,50",
    "1,234.50"; None when it is no finite number."""
    raw = text.strip().replace(" ", "").replace("\u00a0", "").replace("€", "")
    if not raw:
        return None
    if "," in raw and "." in raw:
        # The later separator is the decimal one; the other groups thousands.
        decimal_sep = "," if raw.rfind(",") > raw.rfind(".") else "."
        thousands = "." if decimal_sep == "," else ","
        raw = raw.replace(thousands, "").replace(decimal_sep, ".")
    elif "," in raw:
        raw = raw.replace(",", ".")
    try:
        value = Decimal(raw)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _text(value: str, limit: int, key: str, errors: dict[str, str], name: str) -> str:
    cleaned = " ".join(value.split()) if name != "description" else value.strip()
    if len(cleaned) > limit:
        errors[name] = key
    return cleaned


def normalise_models(models: Iterable[str]) -> tuple[str, ...]:
    """Printer model names trimmed, blank ones dropped, duplicates (ignoring case) removed."""
    seen: dict[str, str] = {}
    for model in models:
        cleaned = " ".join(model.split())
        if cleaned and cleaned.casefold() not in seen:
            seen[cleaned.casefold()] = cleaned
    return tuple(seen.values())


def validate(data: ItemInput) -> tuple[ItemValues | None, dict[str, str]]:
    """Check one article; returns the values or the field -> message key errors (never both)."""
    errors: dict[str, str] = {}
    number = _text(
        data.article_number, NUMBER_MAX, "catalog.error.number_long", errors, "article_number"
    )
    if not number:
        errors["article_number"] = "catalog.error.number_required"
    name = _text(data.name, NAME_MAX, "catalog.error.name_long", errors, "name")
    if not name:
        errors["name"] = "catalog.error.name_required"
    description = _text(
        data.description, DESCRIPTION_MAX, "catalog.error.description_long", errors, "description"
    )
    category = _text(data.category, CATEGORY_MAX, "catalog.error.category_long", errors, "category")
    unit = _text(data.unit, UNIT_MAX, "catalog.error.unit_long", errors, "unit") or "Stk"
    stock_hint = _text(data.stock_hint, STOCK_MAX, "catalog.error.stock_long", errors, "stock_hint")
    price = parse_decimal(data.price)
    if not data.price.strip():
        errors["price"] = "catalog.error.price_required"
    elif price is None:
        errors["price"] = "catalog.error.price_number"
    elif price < 0:
        errors["price"] = "catalog.error.price_negative"
    elif price > PRICE_MAX or price != price.quantize(Decimal("0.01")):
        errors["price"] = "catalog.error.price_cents"
    tax_rate = parse_decimal(data.tax_rate.replace("%", ""))
    if tax_rate is None or tax_rate not in ALLOWED_TAX_RATES:
        errors["tax_rate"] = "catalog.error.tax_rate"
    models = normalise_models(data.compatible)
    if len(models) > MODELS_MAX:
        errors["compatible"] = "catalog.error.models_many"
    elif any(len(model) > MODEL_MAX for model in models):
        errors["compatible"] = "catalog.error.model_long"
    if errors:
        return None, errors
    assert price is not None and tax_rate is not None
    return (
        ItemValues(
            article_number=number,
            name=name,
            description=description,
            category=category,
            unit=unit,
            price=price.quantize(Decimal("0.01")),
            tax_rate=tax_rate.quantize(Decimal("0.01")),
            stock_hint=stock_hint,
            in_shop=data.in_shop,
            compatible=models,
        ),
        {},
    )


def list_items(
    session: Session,
    principal: Principal,
    *,
    search: str = "",
    category: str = "",
    active: bool | None = None,
    in_shop: bool | None = None,
    limit: int = 500,
) -> list[CatalogItem]:
    """Articles for the staff list: search over number, name and description (case-insensitive)."""
    access.ensure(principal, StaffPermission.CATALOG)
    query = select(CatalogItem)
    term = search.strip()[:100]
    if term:
        query = query.where(
            or_(
                contains(CatalogItem.article_number, term),
                contains(CatalogItem.name, term),
                contains(CatalogItem.description, term),
            )
        )
    if category:
        query = query.where(CatalogItem.category == category)
    if active is not None:
        query = query.where(CatalogItem.active == active)
    if in_shop is not None:
        query = query.where(CatalogItem.in_shop == in_shop)
    return list(session.exec(query.order_by(CatalogItem.article_number).limit(limit)).all())


def categories(session: Session, principal: Principal) -> list[str]:
    access.ensure(principal, StaffPermission.CATALOG)
    rows = session.exec(
        select(CatalogItem.category).distinct().order_by(CatalogItem.category)
    ).all()
    return [row for row in rows if row]


def get_item(session: Session, principal: Principal, item_id: int) -> CatalogItem:
    access.ensure(principal, StaffPermission.CATALOG)
    item = session.get(CatalogItem, item_id)
    if item is None:
        raise AccessDenied("error.not_found")
    return item


def item_by_number(session: Session, article_number: str) -> CatalogItem | None:
    return session.exec(
        select(CatalogItem).where(CatalogItem.article_number == article_number)
    ).first()


def compatibility(session: Session, item_id: int) -> list[str]:
    """The printer models an article fits, sorted."""
    rows = session.exec(
        select(PrinterCompatibility.printer_model)
        .where(PrinterCompatibility.item_id == item_id)
        .order_by(PrinterCompatibility.printer_model)
    ).all()
    return list(rows)


def write_values(session: Session, item: CatalogItem, values: ItemValues) -> None:
    """Copy checked values onto an article and replace its compatibility rows (no audit, no
    permission check: callers do both; shared by the form and the import)."""
    item.article_number = values.article_number
    item.name = values.name
    item.description = values.description
    item.category = values.category
    item.unit = values.unit
    item.price = values.price
    item.tax_rate = values.tax_rate
    item.stock_hint = values.stock_hint
    item.in_shop = values.in_shop
    session.add(item)
    session.flush()
    assert item.id is not None
    session.exec(delete(PrinterCompatibility).where(col(PrinterCompatibility.item_id) == item.id))
    for model in values.compatible:
        session.add(PrinterCompatibility(item_id=item.id, printer_model=model))
    session.flush()


def _checked(session: Session, data: ItemInput, item_id: int | None) -> ItemValues:
    values, errors = validate(data)
    if values is not None:
        other = item_by_number(session, values.article_number)
        if other is not None and other.id != item_id:
            errors = {"article_number": "catalog.error.number_taken"}
    if errors or values is None:
        raise CatalogRefused(errors)
    return values


def create_item(session: Session, principal: Principal, data: ItemInput) -> CatalogItem:
    access.ensure(principal, StaffPermission.CATALOG)
    values = _checked(session, data, None)
    item = CatalogItem(article_number=values.article_number, name=values.name, price=values.price)
    write_values(session, item, values)
    audit.record_by(
        session,
        principal,
        "catalog.item_created",
        target_type="catalog_item",
        target_id=item.id,
        detail={"article_number": item.article_number},
    )
    return item


def update_item(
    session: Session, principal: Principal, item_id: int, data: ItemInput
) -> CatalogItem:
    item = get_item(session, principal, item_id)
    before = {"price": str(item.price), "in_shop": item.in_shop, "name": item.name}
    values = _checked(session, data, item_id)
    write_values(session, item, values)
    audit.record_by(
        session,
        principal,
        "catalog.item_updated",
        target_type="catalog_item",
        target_id=item.id,
        detail={
            "article_number": item.article_number,
            "before": before,
            "after": {"price": str(item.price), "in_shop": item.in_shop, "name": item.name},
        },
    )
    return item


def set_active(session: Session, principal: Principal, item_id: int, active: bool) -> CatalogItem:
    """Deactivate (hidden from shop and printer shop, kept for past orders) or reactivate."""
    item = get_item(session, principal, item_id)
    if item.active != active:
        item.active = active
        session.add(item)
        audit.record_by(
            session,
            principal,
            "catalog.item_activated" if active else "catalog.item_deactivated",
            target_type="catalog_item",
            target_id=item.id,
            detail={"article_number": item.article_number},
        )
    return item


def set_compatibility(
    session: Session, principal: Principal, item_id: int, models: Iterable[str]
) -> list[str]:
    """Replace the printer models an article fits."""
    item = get_item(session, principal, item_id)
    cleaned = normalise_models(models)
    if len(cleaned) > MODELS_MAX:
        raise CatalogRefused({"compatible": "catalog.error.models_many"})
    if any(len(model) > MODEL_MAX for model in cleaned):
        raise CatalogRefused({"compatible": "catalog.error.model_long"})
    session.exec(delete(PrinterCompatibility).where(col(PrinterCompatibility.item_id) == item_id))
    for model in cleaned:
        session.add(PrinterCompatibility(item_id=item_id, printer_model=model))
    audit.record_by(
        session,
        principal,
        "catalog.compatibility_changed",
        target_type="catalog_item",
        target_id=item.id,
        detail={"models": list(cleaned)},
    )
    session.flush()
    return sorted(cleaned)


@dataclass(frozen=True)
class ImageFile:
    path: Path
    filename: str
    mime_type: str


def attach_image(
    session: Session,
    principal: Principal,
    item_id: int,
    data: bytes,
    filename: str,
    *,
    data_dir: Path,
) -> CatalogItem:
    """Check (type by content, size) and store an article picture, replacing the old one."""
    item = get_item(session, principal, item_id)
    upload = uploads.check_upload(data, filename, allowed=IMAGE_TYPES, max_bytes=IMAGE_MAX_BYTES)
    old = item.image_path
    item.image_path = uploads.store_upload(data_dir, IMAGE_FOLDER, upload)
    session.add(item)
    audit.record_by(
        session,
        principal,
        "catalog.image_changed",
        target_type="catalog_item",
        target_id=item.id,
        detail={"article_number": item.article_number, "size": upload.size},
    )
    session.flush()
    previous = uploads.stored_file(data_dir, IMAGE_FOLDER, old or "")
    if previous is not None:
        previous.unlink(missing_ok=True)
    return item


def image_file(
    session: Session,
    principal: Principal,
    item_id: int,
    *,
    data_dir: Path,
    client_address: str = "",
) -> ImageFile:
    """An article's picture for any signed-in user: catalog staff see every article's, everyone
    else only those of active shop articles (what the shop shows). Not audited: pictures are
    catalog content, not customer data."""
    item = session.get(CatalogItem, item_id)
    visible = item is not None and (
        access.can(principal, StaffPermission.CATALOG) or (item.active and item.in_shop)
    )
    path = (
        uploads.stored_file(data_dir, IMAGE_FOLDER, item.image_path or "")
        if visible and item
        else None
    )
    if item is None or path is None:
        raise AccessDenied("error.not_found")
    extension = path.suffix
    mime = {".png": "image/png", ".jpg": "image/jpeg", ".webp": "image/webp"}.get(extension)
    if mime is None:
        raise AccessDenied("error.not_found")
    return ImageFile(path, f"{item.article_number}{extension}", mime)


def image_url(item: CatalogItem) -> str:
    """Where the browser loads an article's picture ("" without one)."""
    return IMAGE_ROUTE.replace("{item_id}", str(item.id)) if item.image_path else ""


def compatible_with(session: Session, models: list[str]) -> dict[str, list[CatalogItem]]:
    """For each printer model, the active shop articles that fit it (by article number).

    Models without any article map to an empty list, so callers can show "nothing found"
    per printer.
    """
    wanted = [model for model in dict.fromkeys(models) if model]
    result: dict[str, list[CatalogItem]] = {model: [] for model in wanted}
    if not wanted:
        return result
    rows = session.exec(
        select(PrinterCompatibility.printer_model, CatalogItem)
        .join(CatalogItem, CatalogItem.id == PrinterCompatibility.item_id)
        .where(
            col(PrinterCompatibility.printer_model).in_(wanted),
            CatalogItem.active == True,  # noqa: E712
            CatalogItem.in_shop == True,  # noqa: E712
        )
        .order_by(CatalogItem.article_number)
    ).all()
    for model, item in rows:
        result[model].append(item)
    return result


def is_compatible(session: Session, item_id: int, printer_model: str) -> bool:
    """Does this active shop article fit this printer model?"""
    row = session.exec(
        select(PrinterCompatibility.item_id)
        .join(CatalogItem, CatalogItem.id == PrinterCompatibility.item_id)
        .where(
            PrinterCompatibility.item_id == item_id,
            PrinterCompatibility.printer_model == printer_model,
            CatalogItem.active == True,  # noqa: E712
            CatalogItem.in_shop == True,  # noqa: E712
        )
    ).first()
    return row is not None
